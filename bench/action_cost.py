"""Server CPU per reader action, page by page: what one replica spends on one link, one filter change.

ws_load.py tells whether a replica holds 100 readers; this tells where its CPU goes. One reader at a
time (no queueing, so the figures do not swing with load), speaking Streamlit's websocket protocol as
ws_load.py's readers do, against one `streamlit run app.py` on loopback. For each page it repeats:
  - open a link: a new websocket (a new session) and the page's first run with URL filters;
  - change the Countries filter: a widget state (add a country if one is missing, else take one away).
CPU is the server process's (all threads: script runs, protobuf, compression, the event loop) from
/proc, divided by the number of actions; wall time is from the BackMsg to `script_finished`.

    .venv/bin/python bench/action_cost.py                 # 20 of each per page, ~1 min
    .venv/bin/python bench/action_cost.py --repeat 40 --pages map,quotes

At 100 readers acting every 5 s on average (ws_load.py's mix), a replica runs 20 actions a second, so
the mean CPU per action in ms ÷ 10 is the share of one core it needs (50 ms: all of it).
"""
from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ws_load import LINKS, Reader, Step, cpu_seconds  # noqa: E402

from tests.e2e import helpers  # noqa: E402

# One link per page, with URL filters as readers share them (ws_load's own where it has one).
PAGE_LINKS = {"overview": ("", "country=GNQ&from=2024-01-01&to=2024-12-31"),
              "story": ("story", "country=MLI"),
              "map": LINKS[0],
              "timeline": LINKS[2],
              "quotes": LINKS[3],
              "sources": LINKS[4],
              "search": ("search", "q=kidal"),
              "record": ("record", "id=mli-kidal-africa-corps"),
              # The frame every page shares (sidebar, navigation, data checks) and an almost empty page.
              "shell": ("record", "id=no-such-record")}


async def measure_page(ws_url: str, origin: str, pid: int, link: tuple[str, str], repeat: int) -> dict:
    step = Step(1)
    step.counting = True
    # Another reader stays connected throughout, as under load: when its last session closes, Streamlit
    # drops its compiled scripts, and every link opened alone would pay for compiling them again.
    holder = Reader(1, ws_url, origin, Step(1), 0, random.Random(2))
    await holder.open_link_to(*PAGE_LINKS["shell"])
    reader = Reader(0, ws_url, origin, step, 0, random.Random(1))
    await reader.open_link_to(*link)  # warm the caches for this page and every filter it will see
    for _ in range(repeat):
        await reader.change_filter()
    step.latencies = {a: [] for a in step.latencies}
    figures = {}
    for action, run in (("open link", lambda: reader.open_link_to(*link)),
                        ("change filter", reader.change_filter)):
        cpu0 = cpu_seconds(pid)
        for _ in range(repeat):
            await run()
            await asyncio.sleep(0.05)  # let the event loop finish sending before the next action
        cpu = (cpu_seconds(pid) - cpu0) / repeat * 1000
        wall = step.latencies[action]
        figures[action] = {"cpu_ms": round(cpu, 1),
                           "wall_ms": round(statistics.median(wall) * 1000) if wall else None}
    await reader.close()
    await holder.close()
    if step.errors:
        figures["errors"] = step.errors[:3]
    return figures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="actions of each kind per page")
    parser.add_argument("--pages", help="comma-separated: " + ", ".join(PAGE_LINKS) + " (default: all; the floor's six)")
    parser.add_argument("--floor", action="store_true",
                        help="measure bench/floor_app.py, the least a Streamlit page of each kind costs")
    args = parser.parse_args(argv)
    pages = args.pages or ",".join(list(PAGE_LINKS)[:6] if args.floor else PAGE_LINKS)
    server = helpers.start_server(name="action-cost", script="bench/floor_app.py" if args.floor else "app.py")
    try:
        ws_url = server.url.replace("http://", "ws://") + "/_stcore/stream"
        print(f"server CPU per action, {args.repeat} of each, one at a time (ms; wall ms in brackets)")
        means = []
        for name in pages.split(","):
            figures = asyncio.run(measure_page(ws_url, server.url, server.proc.pid, PAGE_LINKS[name], args.repeat))
            opened, changed = figures["open link"], figures["change filter"]
            means.append((opened["cpu_ms"] + changed["cpu_ms"]) / 2)
            print(f"  {name:9s} open link {opened['cpu_ms']:6.1f} ({opened['wall_ms']})   "
                  f"change filter {changed['cpu_ms']:6.1f} ({changed['wall_ms']})"
                  + (f"   ERRORS {figures['errors']}" if "errors" in figures else ""), flush=True)
        mean = statistics.mean(means)
        print(f"mean {mean:.1f} ms per action: 100 readers (20 actions/s) would need {mean * 20 / 1000:.0%} of a core"
              .replace("%", " %"))
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

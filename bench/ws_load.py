"""Server load test: N readers speaking Streamlit's own websocket protocol through deploy/serve.

No browsers: each reader is an asyncio task with a websocket to /_stcore/stream that sends the
protobuf BackMsgs Streamlit's frontend sends (`rerun_script` with the URL's query string, the page's
name or script hash, and widget states) and reads the ForwardMsgs back until `script_finished`.
So the figures are the server's (the replicas and nginx), not a browser's.

Each reader repeats, waiting a random think time (exponential, mean --think seconds, 5 by default)
before every action:
  1. open a link: a new websocket (a new Streamlit session) and the first run of a page with URL
     filters, e.g. /map?country=MLI&from=2024-01-01&to=2024-12-31;
  2. change a filter: the Countries multiselect, as the browser sends it (a widget state);
  3. switch page: a rerun with another page's script hash, the filters kept.
Latency of an action: from sending the BackMsg (for 1, from opening the websocket) to the
`script_finished` ForwardMsg. Errors: a websocket that fails or closes, a run that does not finish
within 15 s, a run that does not finish successfully, or an exception element in the output.

For each replica count (--replicas), deploy/serve is started on loopback, then reader counts are
stepped up (--readers) with a steady phase of --duration seconds each (after --ramp seconds to
start the readers and --warmup seconds not counted). It stops a replica count early once p95
exceeds --stop-p95 (or errors occur) twice. Reported per step: actions, errors, median and p95
latency (all actions and per action), server CPU per replica (from /proc, % of one core), nginx
CPU, and this client's own CPU. The capacity of a replica count is the largest step with
p95 < 500 ms and no errors.

    .venv/bin/python bench/ws_load.py                        # 1 and 2 replicas, default steps
    .venv/bin/python bench/ws_load.py --replicas 1 --readers 50,100 --duration 30
    .venv/bin/python bench/ws_load.py --url http://127.0.0.1:8080   # a running deploy/serve

Loopback only; bounded by --max-seconds (default 1500) overall.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import secrets
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

from tests.e2e import helpers  # noqa: E402

RUN_TIMEOUT_S = 15
COUNTRY_NAMES = {"MLI": "Mali", "CAF": "Central African Republic", "GNQ": "Equatorial Guinea"}
# Links a reader may open: (page name as in the URL path, query string).
LINKS = [
    ("map", "country=MLI&from=2024-01-01&to=2024-12-31"),
    ("", "country=GNQ&from=2024-01-01&to=2024-12-31"),
    ("timeline", "country=CAF"),
    ("quotes", "country=MLI&country=CAF&from=2023-06-23&to=2025-06-30"),
    ("sources", "country=CAF&from=2024-06-01&to=2025-06-30"),
    ("map", "country=CAF"),
]
PAGES = ["", "map", "timeline", "quotes", "sources"]
ACTIONS = ("open link", "change filter", "switch page")


@dataclass
class Step:
    readers: int
    latencies: dict = field(default_factory=lambda: {a: [] for a in ACTIONS})
    errors: list = field(default_factory=list)
    counting: bool = False


class Reader:
    def __init__(self, number: int, ws_url: str, origin: str, step: Step, think_s: float, rng: random.Random):
        self.number, self.ws_url, self.origin, self.step = number, ws_url, origin, step
        self.think_s, self.rng = think_s, rng
        self.cookie = secrets.token_hex(16)  # the proxy's routing cookie: spreads readers over replicas
        self.ws = None
        self.page_hashes: dict[str, str] = {}
        self.page = ""
        self.page_hash = ""
        self.query = ""
        self.countries_id: str | None = None
        self.countries: list[str] = []
        self.dates_id: str | None = None
        self.dates: list[str] = []

    async def think(self) -> None:
        await asyncio.sleep(min(self.rng.expovariate(1 / self.think_s), 4 * self.think_s))

    def record(self, action: str, seconds: float | None, error: str | None = None) -> None:
        if not self.step.counting:
            return
        if error:
            self.step.errors.append(f"reader {self.number}, {action}: {error}")
        elif seconds is not None:
            self.step.latencies[action].append(seconds)

    async def close(self) -> None:
        if self.ws is not None:
            try:
                await self.ws.close()
            except Exception:
                pass
            self.ws = None

    async def run_until_finished(self) -> str | None:
        """Read ForwardMsgs until script_finished; learn pages, the Countries widget and the URL."""
        deadline = time.monotonic() + RUN_TIMEOUT_S
        problem = None
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return f"no script_finished within {RUN_TIMEOUT_S} s"
            raw = await asyncio.wait_for(self.ws.recv(), remaining)
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                which = element.WhichOneof("type")
                if which == "exception":
                    problem = f"exception on the page: {element.exception.message[:120]}"
                elif which in ("date_input", "date_time_input") and getattr(element, which).label == "Date range":
                    proto = getattr(element, which)
                    self.dates_id = proto.id
                    values = list(proto.value) if proto.set_value else list(proto.default)
                    if values and (proto.set_value or not self.dates):
                        self.dates = values
                elif which == "multiselect" and element.multiselect.label == "Countries":
                    self.countries_id = element.multiselect.id
                    if element.multiselect.set_value or not self.countries:
                        values = list(element.multiselect.raw_values) or [
                            element.multiselect.options[i] for i in element.multiselect.default]
                        if values:
                            self.countries = values
            elif kind == "navigation":
                self.page_hashes = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
                self.page_hash = msg.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query = msg.page_info_changed.query_string
            elif kind == "new_session":
                self.page_hash = msg.new_session.page_script_hash or self.page_hash
            elif kind == "page_not_found":
                problem = "page not found"
            elif kind == "script_finished":
                status = msg.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                if status != ForwardMsg.FINISHED_SUCCESSFULLY:
                    return f"script finished with status {ForwardMsg.ScriptFinishedStatus.Name(status)}"
                return problem

    async def send_rerun(self, page_name: str = "", page_hash: str = "", with_widgets: bool = True,
                         countries: list[str] | None = None) -> None:
        back = BackMsg()
        state = back.rerun_script
        state.query_string = self.query
        state.page_script_hash = page_hash
        state.page_name = page_name
        # As the browser does: the state of every widget the page shows (here the two filters).
        if with_widgets and self.countries_id:
            widget = state.widget_states.widgets.add()
            widget.id = self.countries_id
            widget.string_array_value.data.extend(countries if countries is not None else self.countries)
        if with_widgets and self.dates_id and self.dates:
            widget = state.widget_states.widgets.add()
            widget.id = self.dates_id
            widget.string_array_value.data.extend(self.dates)
        await self.ws.send(back.SerializeToString())

    async def open_link(self) -> None:
        await self.open_link_to(*self.rng.choice(LINKS))

    async def open_link_to(self, page: str, query: str) -> None:
        await self.close()
        self.page, self.query = page, query
        self.countries_id, self.countries, self.dates_id, self.dates = None, [], None, []
        started = time.perf_counter()
        try:
            self.ws = await asyncio.wait_for(connect(
                self.ws_url, subprotocols=["streamlit"], origin=self.origin, max_size=2 ** 26,
                additional_headers={"Cookie": f"presence_route={self.cookie}"}, open_timeout=10,
                ping_interval=None), 10)
            await self.send_rerun(page_name=self.page, with_widgets=False)
            problem = await self.run_until_finished()
        except Exception as exc:  # noqa: BLE001 - every failure is an error to report
            await self.close()
            self.record("open link", None, f"{type(exc).__name__}: {exc}"[:200])
            return
        self.record("open link", time.perf_counter() - started, problem)

    async def change_filter(self) -> None:
        if self.ws is None or not self.countries_id:
            return await self.open_link()
        codes = [c for c in COUNTRY_NAMES.values() if c not in self.countries]
        # Add a country if one is missing, else take one away.
        new = self.countries + [self.rng.choice(codes)] if codes else self.countries[:-1]
        started = time.perf_counter()
        try:
            await self.send_rerun(page_hash=self.page_hash, countries=new)
            self.countries = new
            problem = await self.run_until_finished()
        except Exception as exc:  # noqa: BLE001
            await self.close()
            self.record("change filter", None, f"{type(exc).__name__}: {exc}"[:200])
            return
        self.record("change filter", time.perf_counter() - started, problem)

    async def switch_page(self) -> None:
        if self.ws is None or not self.page_hashes:
            return await self.open_link()
        target = self.rng.choice([p for p in PAGES if p != self.page and p in self.page_hashes])
        started = time.perf_counter()
        try:
            await self.send_rerun(page_name=target, page_hash=self.page_hashes[target])
            self.page = target
            problem = await self.run_until_finished()
        except Exception as exc:  # noqa: BLE001
            await self.close()
            self.record("switch page", None, f"{type(exc).__name__}: {exc}"[:200])
            return
        self.record("switch page", time.perf_counter() - started, problem)

    async def loop(self, stop: asyncio.Event, start_delay: float) -> None:
        await asyncio.sleep(start_delay)
        actions = [self.open_link, self.change_filter, self.switch_page]
        i = 0
        try:
            while not stop.is_set():
                await actions[i % 3]()
                i += 1
                await self.think()
        finally:
            await self.close()


# --- CPU from /proc ----------------------------------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK
    except (OSError, IndexError, ValueError):
        return 0.0


def rss_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024)
    except OSError:
        pass
    return None


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                pass
    return found


def server_pids(run: Path | None) -> tuple[dict[int, int], list[int]]:
    """{replica number: pid}, nginx pids (master and workers) from deploy/serve's state file."""
    if run is None or not (run / "replicas.json").exists():
        return {}, []
    state = json.loads((run / "replicas.json").read_text())
    nginx = state.get("nginx_pid")
    return ({r["number"]: r["pid"] for r in state["replicas"]},
            ([nginx] + children(nginx)) if nginx else [])


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


async def run_step(ws_url: str, origin: str, readers: int, args, run: Path | None, seed: int) -> dict:
    ramp = args.ramp if args.ramp is not None else max(5.0, readers / 10)
    step = Step(readers)
    stop = asyncio.Event()
    rng = random.Random(seed)
    tasks = [asyncio.create_task(Reader(i, ws_url, origin, step, args.think, random.Random(rng.random()))
                                 .loop(stop, rng.uniform(0, ramp))) for i in range(readers)]
    await asyncio.sleep(ramp + args.warmup)
    replicas, nginx = server_pids(run)
    cpu0 = {n: cpu_seconds(p) for n, p in replicas.items()}
    nginx0 = sum(cpu_seconds(p) for p in nginx)
    self0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.monotonic()
    step.counting = True
    await asyncio.sleep(args.duration)
    step.counting = False
    wall = time.monotonic() - t0
    cpu = {n: (cpu_seconds(p) - cpu0[n]) / wall * 100 for n, p in replicas.items()}
    nginx_cpu = (sum(cpu_seconds(p) for p in nginx) - nginx0) / wall * 100
    rss = {n: rss_mib(p) for n, p in replicas.items()}
    self1 = resource.getrusage(resource.RUSAGE_SELF)
    client_cpu = ((self1.ru_utime + self1.ru_stime) - (self0.ru_utime + self0.ru_stime)) / wall * 100
    stop.set()
    await asyncio.wait(tasks, timeout=RUN_TIMEOUT_S + 5)
    for t in tasks:
        t.cancel()
    everything = [x for a in ACTIONS for x in step.latencies[a]]
    result = {
        "readers": readers, "seconds": round(wall, 1), "actions": len(everything),
        "actions_per_s": round(len(everything) / wall, 1), "errors": len(step.errors),
        "error_samples": step.errors[:5],
        "median_ms": round(statistics.median(everything) * 1000) if everything else None,
        "p95_ms": round(pct(everything, 0.95) * 1000) if everything else None,
        "per_action": {a: {"n": len(v), "median_ms": round(statistics.median(v) * 1000) if v else None,
                           "p95_ms": round(pct(v, 0.95) * 1000) if v else None}
                       for a, v in step.latencies.items()},
        "replica_cpu_pct": {str(n): round(c) for n, c in sorted(cpu.items())},
        "replica_rss_mib": {str(n): v for n, v in sorted(rss.items())},
        "nginx_cpu_pct": round(nginx_cpu), "client_cpu_pct": round(client_cpu),
    }
    return result


def fmt_step(r: dict) -> str:
    per = ", ".join(f"{a} {v['median_ms']}/{v['p95_ms']}" for a, v in r["per_action"].items())
    cpu = " ".join(f"r{n} {c}% {r['replica_rss_mib'].get(n)} MiB" for n, c in r["replica_cpu_pct"].items())
    return (f"{r['readers']:4d} readers: {r['actions']:5d} actions ({r['actions_per_s']}/s), "
            f"{r['errors']} errors, median {r['median_ms']} ms, p95 {r['p95_ms']} ms [{per}]; "
            f"CPU {cpu}, nginx {r['nginx_cpu_pct']}%, client {r['client_cpu_pct']}%")


def check_loopback(url: str) -> None:
    host = urlsplit(url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit(f"ws_load: loopback only, not {host}")


async def measure(base: str, readers_list: list[int], args, run: Path | None, deadline: float) -> list[dict]:
    check_loopback(base)
    ws_url = base.replace("http://", "ws://") + "/_stcore/stream"
    results, over = [], 0
    for i, readers in enumerate(readers_list):
        needed = (args.ramp or max(5.0, readers / 10)) + args.warmup + args.duration + 10
        if time.monotonic() + needed > deadline:
            print(f"  (stopping: --max-seconds reached before {readers} readers)", flush=True)
            break
        r = await run_step(ws_url, base, readers, args, run, args.seed + i)
        print("  " + fmt_step(r), flush=True)
        results.append(r)
        if r["errors"]:
            for sample in r["error_samples"]:
                print("     " + sample, flush=True)
        if r["errors"] or (r["p95_ms"] or 0) > args.stop_p95:
            over += 1
            if over >= 2:
                break
        await asyncio.sleep(3)  # let sessions close before the next step
    return results


def capacity(results: list[dict]) -> int:
    ok = [r["readers"] for r in results if not r["errors"] and r["p95_ms"] is not None and r["p95_ms"] < 500]
    return max(ok) if ok else 0


def markdown(report: dict) -> str:
    lines = [f"## Server load (bench/ws_load.py)", "",
             f"Recorded {report['recorded']} on {report['cores']} cores, everything on this machine (loopback): "
             f"readers speaking Streamlit's websocket protocol through nginx, each acting every "
             f"{report['think_s']:g} s on average (open a link with URL filters, change the Countries filter, "
             f"switch page), {report['duration_s']:g} s counted per step after a ramp and a 10 s warm-up. "
             "Latency: BackMsg sent (for a link, websocket opened) to script_finished. CPU: % of one core "
             "from /proc. Target: p95 < 500 ms and no errors.", ""]
    for run in report["runs"]:
        again = f", run {run['run']} of {run['of']} (a fresh deploy/serve each)" if run.get("of", 1) > 1 else ""
        lines += [f"### {run['replicas']} replica{'s' if run['replicas'] != 1 else ''}{again}", "",
                  "| readers | actions/s | errors | median | p95 | p95 open / filter / page | CPU per replica | "
                  "RSS per replica | nginx CPU | client CPU |", "|---|---|---|---|---|---|---|---|---|---|"]
        for r in run["steps"]:
            per = " / ".join(f"{r['per_action'][a]['p95_ms']}" for a in ACTIONS)
            cpu = ", ".join(f"{c}%" for c in r["replica_cpu_pct"].values())
            rss = ", ".join(f"{m} MiB" for m in r["replica_rss_mib"].values())
            ok = not r["errors"] and r["p95_ms"] is not None and r["p95_ms"] < 500
            p95 = f"{r['p95_ms']} ms" if ok else f"**{r['p95_ms']} ms**"
            lines.append(f"| {r['readers']} | {r['actions_per_s']} | {r['errors']} | {r['median_ms']} ms | {p95} | "
                         f"{per} ms | {cpu} | {rss} | {r['nginx_cpu_pct']}% | {r['client_cpu_pct']}% |")
        lines += ["", f"Readers held with p95 < 500 ms and no errors: **{run['capacity']}**.", ""]
    caps = {run["replicas"]: run["capacity"] for run in report["runs"] if run.get("run", 1) == 1}
    if caps.get(1) and caps.get(2):
        lines.append(f"Two replicas hold {caps[2] / caps[1]:.2f}× what one holds ({caps[2]} vs {caps[1]}).")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replicas", default="1,2", help="replica counts to start deploy/serve with")
    parser.add_argument("--readers", default="50,100,150,200,250",
                        help="reader counts per step for 1 replica; scaled by the replica count")
    parser.add_argument("--duration", type=float, default=40, help="counted seconds per step")
    parser.add_argument("--ramp", type=float, default=None,
                        help="seconds over which readers start (default: readers / 10, at least 5)")
    parser.add_argument("--warmup", type=float, default=10, help="seconds after the ramp not counted")
    parser.add_argument("--think", type=float, default=5, help="mean seconds between a reader's actions")
    parser.add_argument("--stop-p95", type=float, default=1000, help="stop stepping after 2 steps over this")
    parser.add_argument("--max-seconds", type=float, default=1500)
    parser.add_argument("--repeat", type=int, default=1,
                        help="measure each replica count this many times, each on a freshly started deploy/serve")
    parser.add_argument("--url", help="an already running deploy/serve (loopback) instead of starting one")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "ws_load.json")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--record", action="store_true", help="write the tables into bench/results.md")
    parser.add_argument("--record-from", type=Path, help="only write the tables of a saved run (its JSON)")
    args = parser.parse_args(argv)
    if args.record_from:
        from record import replace_block

        replace_block("ws_load", markdown(json.loads(args.record_from.read_text())))
        print("recorded in bench/results.md")
        return 0
    deadline = time.monotonic() + args.max_seconds
    base_steps = [int(x) for x in args.readers.split(",")]
    report = {"recorded": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "cores": os.cpu_count(),
              "think_s": args.think, "duration_s": args.duration, "runs": []}
    if args.url:
        print(f"{args.url}:", flush=True)
        results = asyncio.run(measure(args.url.rstrip("/"), base_steps, args, None, deadline))
        report["runs"].append({"replicas": None, "steps": results, "capacity": capacity(results)})
    else:
        if helpers.find_nginx() is None:
            sys.exit(helpers.NO_NGINX)
        plan = [(replicas, run) for replicas in [int(x) for x in args.replicas.split(",")]
                for run in range(1, args.repeat + 1)]
        for replicas, run_number in plan:
            with tempfile.TemporaryDirectory(prefix="ws-load-") as tmp:
                server = helpers.start_deploy(Path(tmp), replicas=replicas, name=f"ws-load-{replicas}")
                try:
                    print(f"{replicas} replica(s) behind nginx, {server.url} (run {run_number} of {args.repeat}):",
                          flush=True)
                    steps = [n * replicas for n in base_steps]
                    results = asyncio.run(measure(server.url, steps, args, server.run, deadline))
                finally:
                    server.stop()
            cap = capacity(results)
            print(f"  capacity with p95 < 500 ms and no errors: {cap} readers", flush=True)
            report["runs"].append({"replicas": replicas, "steps": results, "capacity": cap,
                                   "run": run_number, "of": args.repeat})
    args.out.write_text(json.dumps(report, indent=1))
    print(f"written {args.out}")
    if args.record and not args.url:
        from record import replace_block

        replace_block("ws_load", markdown(report))
        print("recorded in bench/results.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""First and repeat visits on a slow link: `streamlit run` directly vs deploy/serve, side by side.

Chromium's own network emulation (CDP Network.emulateNetworkConditions, through Playwright) on every
tab: 1.6 Mbit/s down, 750 kbit/s up, 150 ms latency (Chromium adds it to every request, as a round
trip would), the 3G-class link of issue 14. For each page, interleaved (direct, then proxy):
  - first visit: a fresh browser context (empty HTTP cache, no cookies), the page opened until it is
    interactive (the same definition as bench/run.py: connected, script finished, no skeleton, the
    page's main element drawn), and the bytes Chromium received (encodedDataLength: compressed
    bodies and headers);
  - repeat visit: a new tab in the same context (HTTP cache warm), the same page again.
Loopback only: both servers run on this machine; one replica behind nginx (REPLICAS=1), so the
proxy's figures are the compression and caching, not more CPU.

    .venv/bin/python bench/slow_network.py                 # 1 run; writes bench/slow_network.json
    .venv/bin/python bench/slow_network.py --runs 3 --pages map,timeline
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from playwright.sync_api import sync_playwright  # noqa: E402

import run as bench_run  # noqa: E402  (the same readiness test and Chromium flags as bench/run.py)
from tests.e2e import helpers  # noqa: E402

LINK = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8,
        "uploadThroughput": 750_000 / 8}
PAGES = {"overview": "/", "story": "/story", "map": "/map", "timeline": "/timeline", "quotes": "/quotes",
         "sources": "/sources"}
TARGETS = {"overview": 0.50, "map": 0.45, "timeline": 0.45, "story": None, "quotes": None, "sources": None}
# Issue 20: KB received on a first visit through deploy/serve (KB = 1,000 bytes).
BUDGETS_KB = {"overview": 1400, "map": 2300, "story": 2300, "timeline": 2500}
# What a first visit loads, by kind of file (Streamlit's lazy chunks are named after their element).
PARTS = ("plotly.js", "deck.gl", "data grid", "Arrow tables", "markdown HTML", "icon font", "text fonts",
         "other JS", "CSS", "other")


def part_of(url: str) -> str:
    path = url.split("?", 1)[0]
    name = path.rsplit("/", 1)[-1]
    if name.startswith("PlotlyChart."):
        return "plotly.js"
    if name.startswith("DeckGlJsonChart."):
        return "deck.gl"
    if name.startswith("DataFrame."):
        return "data grid"
    if name.startswith(("arrowFormatUtils.", "Table.")):  # st.table and st.dataframe both need these
        return "Arrow tables"
    if name.startswith("rehype-raw."):
        return "markdown HTML"
    if name.startswith("MaterialSymbols"):  # the icons of the navigation, buttons and alerts
        return "icon font"
    if name.endswith((".woff2", ".woff", ".ttf")):
        return "text fonts"
    if name.endswith(".js"):
        return "other JS"
    if name.endswith(".css"):
        return "CSS"
    return "other"
REPEAT_TARGET_S = 3.0


def visit(context, url: str, selector: str, timeout_s: float = 240) -> dict:
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    received = {"http": 0, "ws": 0, "requests": 0}
    urls: dict[str, str] = {}
    parts = {p: 0 for p in PARTS}

    def response(event):
        urls[event.get("requestId")] = event.get("response", {}).get("url", "")

    def finished(event):
        received["http"] += event.get("encodedDataLength", 0)
        received["requests"] += 1
        parts[part_of(urls.get(event.get("requestId"), ""))] += event.get("encodedDataLength", 0)

    def frame(event):
        received["ws"] += len(event.get("response", {}).get("payloadData", ""))

    cdp.on("Network.responseReceived", response)
    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.webSocketFrameReceived", frame)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", LINK)
    try:
        page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
        page.wait_for_function(bench_run.READY_JS, arg=selector, timeout=timeout_s * 1000, polling=50)
        tti_ms = page.evaluate("() => window.__tti")
        page.wait_for_timeout(300)
        return {"tti_ms": round(tti_ms), "http_kb": round(received["http"] / 1000, 1),
                "requests": received["requests"], "parts_kb": {k: round(v / 1000, 1) for k, v in parts.items()}}
    finally:
        page.close()


def markdown(report: dict) -> str:
    lines = ["## Slow network (bench/slow_network.py)", "",
             f"Recorded {report['recorded']} ({report['runs']} run{'s' if report['runs'] != 1 else ''}, median), "
             "headless Chromium with its network emulation: 1.6 Mbit/s down, 750 kbit/s up, 150 ms latency. "
             "Time to interactive (bench/run.py's definition) and KB received (compressed bodies and "
             "headers). Direct = `streamlit run`; proxy = `deploy/serve` with one replica. First visit: "
             "empty cache; repeat visit: the same page again in the same browser profile. Targets "
             "(issue 14): proxy first visit ≤ 45% of direct for the Map and Timeline, ≤ 50% for the "
             "Overview; every repeat visit ≤ 3 s.", "",
             "| page | first visit: direct | first visit: deploy/serve | proxy ÷ direct | "
             "repeat: direct | repeat: deploy/serve |", "|---|---|---|---|---|---|"]
    for name, s in report["summary"].items():
        target = TARGETS.get(name)
        verdict = "" if target is None else f" (≤ {target:.2f}: {'PASS' if s['ratio'] <= target else '**FAIL**'})"
        repeat_ok = "" if s["proxy_repeat_ms"] <= REPEAT_TARGET_S * 1000 else " **(> 3 s)**"
        lines.append(
            f"| {name} | {s['direct_first_ms'] / 1000:.1f} s, {s['direct_first_kb']:,.0f} KB | "
            f"{s['proxy_first_ms'] / 1000:.1f} s, {s['proxy_first_kb']:,.0f} KB | {s['ratio']:.2f}{verdict} | "
            f"{s['direct_repeat_ms'] / 1000:.1f} s, {s['direct_repeat_kb']:,.0f} KB | "
            f"{s['proxy_repeat_ms'] / 1000:.1f} s, {s['proxy_repeat_kb']:,.0f} KB{repeat_ok} |")
    lines += ["", "What a first visit through deploy/serve receives, by kind of file (KB, median run; issue 20's "
              "budgets: Overview ≤ 1,400 KB, Map and Story ≤ 2,300 KB, Timeline ≤ 2,500 KB). plotly.js and "
              "deck.gl are Streamlit's lazily loaded chart chunks, \"markdown HTML\" the chunk that renders HTML "
              "inside markdown (the Overview's and Map's presence chart), \"Arrow tables\" the code every table "
              "needs, \"icon font\" Material Symbols (375 KB: counted only where it arrives before the page is "
              "measured; every page uses it), \"other JS\" Streamlit's own code.", "",
              "| page | KB received | budget | " + " | ".join(PARTS) + " |",
              "|---|---|---|" + "---|" * len(PARTS)]
    for name, s in report["summary"].items():
        budget = BUDGETS_KB.get(name)
        verdict = "–" if budget is None else \
            f"{budget:,} KB: {'PASS' if s['proxy_first_kb'] <= budget else '**FAIL**'}"
        parts = s.get("proxy_first_parts") or {}
        lines.append(f"| {name} | {s['proxy_first_kb']:,.0f} | {verdict} | "
                     + " | ".join(f"{parts.get(p, 0):,.0f}" for p in PARTS) + " |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--out", type=Path, default=BENCH / "slow_network.json")
    parser.add_argument("--record", action="store_true", help="write the table into bench/results.md")
    parser.add_argument("--record-from", type=Path, help="only write the table of a saved run (its JSON)")
    args = parser.parse_args(argv)
    if args.record_from:
        from record import replace_block

        replace_block("slow_network", markdown(json.loads(args.record_from.read_text())))
        print("recorded in bench/results.md")
        return 0
    pages = args.pages.split(",")
    if helpers.find_nginx() is None:
        sys.exit(helpers.NO_NGINX)
    started = time.monotonic()
    results: dict = {p: {"direct": {"first": [], "repeat": []}, "proxy": {"first": [], "repeat": []}}
                     for p in pages}
    with tempfile.TemporaryDirectory(prefix="slow-net-") as tmp:
        direct = helpers.start_server(wait=False, name="slow-direct")
        proxy = helpers.start_deploy(Path(tmp), replicas=1, wait=False, name="slow-proxy")
        try:
            direct.wait_ready()
            proxy.wait_ready()
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=bench_run.CHROMIUM, args=bench_run.CHROMIUM_ARGS)
                # Warm both servers up (first script runs, st.navigation set up) on a fast link.
                for server in (direct, proxy):
                    context = browser.new_context(viewport=bench_run.VIEWPORT)
                    for name in pages:
                        pg = context.new_page()
                        helpers.goto(pg, server.url, PAGES[name], settle_ms=0)
                        pg.close()
                    context.close()
                for run in range(args.runs):
                    for name in pages:
                        selector = bench_run.ready_selector("app", name)
                        for label, server in (("direct", direct), ("proxy", proxy)):
                            context = browser.new_context(viewport=bench_run.VIEWPORT)
                            first = visit(context, server.url + PAGES[name], selector)
                            repeat = visit(context, server.url + PAGES[name], selector)
                            context.close()
                            results[name][label]["first"].append(first)
                            results[name][label]["repeat"].append(repeat)
                            print(f"run {run + 1} {name:9s} {label:6s} first {first['tti_ms'] / 1000:6.1f} s "
                                  f"{first['http_kb']:7.0f} KB | repeat {repeat['tti_ms'] / 1000:5.1f} s "
                                  f"{repeat['http_kb']:6.0f} KB", flush=True)
                browser.close()
        finally:
            direct.stop()
            proxy.stop()

    def med(rows, key):
        return statistics.median(r[key] for r in rows)

    summary = {}
    for name in pages:
        d, x = results[name]["direct"], results[name]["proxy"]
        summary[name] = {
            "direct_first_ms": med(d["first"], "tti_ms"), "proxy_first_ms": med(x["first"], "tti_ms"),
            "direct_first_kb": med(d["first"], "http_kb"), "proxy_first_kb": med(x["first"], "http_kb"),
            "direct_repeat_ms": med(d["repeat"], "tti_ms"), "proxy_repeat_ms": med(x["repeat"], "tti_ms"),
            "direct_repeat_kb": med(d["repeat"], "http_kb"), "proxy_repeat_kb": med(x["repeat"], "http_kb"),
        }
        # The breakdown of the median first visit through the proxy.
        ranked = sorted(x["first"], key=lambda r: r["http_kb"])
        summary[name]["proxy_first_parts"] = ranked[len(ranked) // 2].get("parts_kb", {})
        summary[name]["ratio"] = round(summary[name]["proxy_first_ms"] / summary[name]["direct_first_ms"], 2)
    report = {"recorded": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "link": LINK, "runs": args.runs,
              "seconds": round(time.monotonic() - started), "summary": summary, "raw": results}
    args.out.write_text(json.dumps(report, indent=1))
    print(markdown(report))
    if args.record:
        from record import replace_block

        replace_block("slow_network", markdown(report))
        print("recorded in bench/results.md")
    print(f"written {args.out} ({report['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

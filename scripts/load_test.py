"""Load test: many browser sessions at once against a local server, each changing the filters.

Not a unit test (timings depend on the machine); run it by hand and record the result in the README:

    .venv/bin/python scripts/load_test.py --sessions 20

Each session opens a shared link (Equatorial Guinea, 2024), presses "Reset filters" (a filter change:
all countries, default range), then switches to the Timeline and the Map through the sidebar. It reports
errors (Streamlit exceptions on screen, browser console errors, server tracebacks) and the spread of
the time each step took from the action to the finished script run.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

from playwright.async_api import async_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e import helpers  # noqa: E402  (one server and browser set-up for tests and scripts)

STEPS = ("open link", "reset filters", "to Timeline", "to Map")


async def wait_for_run(page) -> None:
    await page.wait_for_timeout(250)
    await page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=120000)
    await page.wait_for_selector("[data-test-script-state='notRunning']", timeout=120000)
    await page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=120000)


async def session(browser, base: str, number: int, timings: dict, errors: list) -> None:
    context = await browser.new_context(viewport=dict(helpers.DESKTOP))
    page = await context.new_page()
    page.on("console", lambda m: m.type == "error" and not helpers.OFFLINE_NOISE.search(m.text)
            and errors.append(f"session {number}: console: {m.text[:200]}"))
    page.on("pageerror", lambda e: errors.append(f"session {number}: page error: {str(e)[:200]}"))

    async def step(name, action, url_part=None):
        started = time.perf_counter()
        await action()
        if url_part:  # the action's own result, so a run that has not started yet is not taken as done
            await page.wait_for_url(lambda url: url_part in url, timeout=120000)
        await wait_for_run(page)
        timings[name].append(time.perf_counter() - started - 0.25)
        if await page.locator("[data-testid='stException']").count():
            errors.append(f"session {number}: exception on screen after '{name}'")

    try:
        await step("open link", lambda: page.goto(f"{base}/?country=GNQ&from=2024-01-01&to=2024-12-31"))
        await step("reset filters", lambda: page.get_by_role("button", name="Reset filters").click(),
                   "country=MLI&country=CAF&country=GNQ&from=2023-06-23&to=2025-06-30")
        await step("to Timeline", lambda: page.locator("[data-testid='stSidebarNav'] a[href$='timeline']").click(),
                   "/timeline?")
        await step("to Map", lambda: page.locator("[data-testid='stSidebarNav'] a[href$='map']").click(), "/map?")
        if "from=2023-06-23" not in page.url:
            errors.append(f"session {number}: filters lost on page switch ({page.url})")
    except Exception as exc:  # a timeout is a result here, not a crash of the load test
        errors.append(f"session {number}: {exc.__class__.__name__}: {str(exc).splitlines()[0][:200]}")
    finally:
        await context.close()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def run(sessions: int) -> int:
    server = helpers.start_server()
    try:
        async with async_playwright() as p:
            browser = await p.chromium.launch(**helpers.launch_kwargs(helpers.find_browser()))
            warm = await browser.new_page()  # the entry point's first run, as after any deployment
            await warm.goto(server.url + "/")
            await wait_for_run(warm)
            await warm.close()

            timings = {name: [] for name in STEPS}
            errors: list[str] = []
            started, cpu_before = time.perf_counter(), cpu_seconds(server.proc.pid)
            await asyncio.gather(*(session(browser, server.url, n, timings, errors) for n in range(sessions)))
            elapsed, server_cpu = time.perf_counter() - started, cpu_seconds(server.proc.pid) - cpu_before
            await browser.close()
        tracebacks = helpers.tracebacks(server)
        if tracebacks:
            errors.append("server traceback(s):\n" + tracebacks)
    finally:
        server.stop()

    print(f"{sessions} concurrent sessions, {elapsed:.1f} s in all, {len(errors)} error(s); the server used "
          f"{server_cpu:.1f} s of CPU ({server_cpu / elapsed:.0%} of one core), the browsers the rest of "
          f"{os.cpu_count()} cores")
    print(f"{'step':<15}{'n':>4}{'median s':>10}{'min s':>8}{'p90 s':>8}{'max s':>8}")
    for name, values in timings.items():
        if values:
            values = sorted(values)
            p90 = values[min(len(values) - 1, int(0.9 * len(values)))]
            print(f"{name:<15}{len(values):>4}{statistics.median(values):>10.2f}{values[0]:>8.2f}{p90:>8.2f}"
                  f"{values[-1]:>8.2f}")
    for error in errors:
        print("ERROR", error)
    return 1 if errors else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    return asyncio.run(run(parser.parse_args().sessions))


if __name__ == "__main__":
    sys.exit(main())

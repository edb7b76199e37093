"""Benchmark the dashboard against Streamlit's own floor (GitHub issue 7). Not part of the test suite.

    .venv/bin/python bench/run.py                     # full run, about 10 minutes on 2 cores
    .venv/bin/python bench/run.py --quick             # smoke run: 3 runs, scales 1 and 100
    .venv/bin/python bench/run.py --runs 7 --scale 1,100 --out /tmp/results.md

What it measures, how the floor is built and what each figure means: bench/README.md. In short, for
every page (Overview, Map, Timeline, Quotes, Sources) and every data scale (1 = the shipped data;
10 and 100 = bench/generate.py's synthetic copies, served through $PRESENCE_DATA_DIR):

- script time per rerun, cold and warm, in-process with streamlit.testing.v1.AppTest (phase 1);
- time to interactive, filter-change latency and websocket bytes per page load in headless Chromium,
  app and floor (bench/floor_app.py) loads interleaved run by run (phase 2);
- server RSS with 1 session and with 20 open sessions (phase 2, on a freshly started server).

It prints a table and writes bench/results.md (and the table into bench/README.md).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import zlib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))

PAGES = ("overview", "story", "map", "timeline", "quotes", "sources")
TITLES = {"overview": "Overview", "story": "Story", "map": "Map", "timeline": "Timeline", "quotes": "Quotes",
          "sources": "Sources"}
URL_PATHS = {"overview": "", "story": "story", "map": "map", "timeline": "timeline", "quotes": "quotes",
             "sources": "sources"}
APP_FILES = {p: f"pages/{p}.py" for p in PAGES}
FLOOR_FILES = {p: f"floor_pages/{p}.py" for p in PAGES}

# What "the page's main element is drawn" means, per page and per app.
READY = {
    ("app", "overview"): "[data-testid='stMain'] [data-testid='stMetric']",
    ("app", "story"): "[data-testid='stDeckGlJsonChart'] canvas",
    ("app", "map"): "[data-testid='stDeckGlJsonChart'] canvas",
    ("app", "timeline"): ".js-plotly-plot .scatterlayer",
    # a statement card (its quoted text, or its sources expander)
    ("app", "quotes"): "[data-testid='stMain'] blockquote, [data-testid='stMain'] [data-testid='stExpander']",
    ("app", "sources"): "[data-testid='stMain'] [data-testid='stDataFrame'] canvas",
    ("floor", "story"): "[data-testid='stDeckGlJsonChart'] canvas",
    ("floor", "map"): "[data-testid='stDeckGlJsonChart'] canvas",
    ("floor", "timeline"): ".js-plotly-plot .scatterlayer",
}
FLOOR_TEXT = "[data-testid='stMain'] [data-testid='stMarkdown']"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic",
                 # Nothing but this machine: the Carto basemap and icon fonts fail at once, for app and floor alike.
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
VIEWPORT = {"width": 1400, "height": 900}

TARGETS = {
    "tti_ratio": 1.3, "filter_ratio": 2.0, "filter_ms": 300, "warm_ms": 50, "ws_bytes": 300_000,
    "rss_ratio": 1.5, "warm_ms_100": 250, "ws_bytes_100": 1_500_000,
}

READY_JS = """(sel) => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (document.querySelector("[data-testid='stSkeleton']")) return false;
  if (!document.querySelector(sel)) return false;
  if (window.__tti === undefined) window.__tti = performance.now();
  return true;
}"""

# Filter-change probe: t0 = the user's pointerdown; done = the script went running -> notRunning and
# two animation frames were painted, or the last DOM change in the main area, whichever is later.
ARM_JS = """() => {
  if (!window.__fc) {
    const B = window.__fc = {};
    const app = document.querySelector("[data-testid='stApp']");
    new MutationObserver((records) => {
      if (!B.armed || B.t0 === null) return;
      const now = performance.now();
      const states = records.map(r => r.oldValue);
      states.push(app.getAttribute('data-test-script-state'));
      if (states.includes('running') && B.runningAt === null) B.runningAt = now;
      if (B.runningAt !== null && states[states.length - 1] === 'notRunning') {
        B.idleAt = now; B.painted = null;
        requestAnimationFrame(() => requestAnimationFrame(() => { B.painted = performance.now(); }));
      }
    }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state'], attributeOldValue: true});
    new MutationObserver(() => { if (B.armed && B.t0 !== null) B.lastMut = performance.now(); })
      .observe(document.querySelector("[data-testid='stMain']"),
               {subtree: true, childList: true, attributes: true, characterData: true});
    document.addEventListener('pointerdown', () => { if (B.armed && B.t0 === null) B.t0 = performance.now(); }, true);
  }
  Object.assign(window.__fc, {armed: true, t0: null, runningAt: null, idleAt: null, lastMut: null, painted: null});
}"""

QUIET_MS = 250


# --- small helpers ---------------------------------------------------------------------------------

def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def stats(values) -> dict | None:
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_bytes(pid: int) -> int:
    try:
        import psutil  # optional
        return psutil.Process(pid).memory_info().rss
    except ImportError:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def data_dir_for(scale: int) -> Path | None:
    return None if scale == 1 else BENCH / "_scale" / f"x{scale}"


# --- machine --------------------------------------------------------------------------------------

def machine() -> dict:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        pass
    osname = platform.platform()
    try:
        osname = next(l for l in Path("/etc/os-release").read_text().splitlines()
                      if l.startswith("PRETTY_NAME")).split("=", 1)[1].strip('"') + f" (kernel {platform.release()})"
    except (OSError, StopIteration):
        pass
    try:
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except OSError:
        chromium = "?"
    from importlib.metadata import version

    import pandas
    import plotly
    import pydeck
    import streamlit
    try:
        head = subprocess.run(["git", "log", "-1", "--format=%h %s"], cwd=ROOT, capture_output=True, text=True,
                              timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "app.py", "pages", "presence", "data"],
                               cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.strip().splitlines()
        code = head + (f" (+ uncommitted changes in {len(dirty)} app/data file(s))" if dirty else "")
    except OSError:
        code = "?"
    return {"code": code, "load average (1, 5, 15 min) at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
            "CPU": cpu, "cores": str(os.cpu_count()), "RAM": ram, "OS": osname,
            "Python": platform.python_version(), "Streamlit": streamlit.__version__,
            "Chromium": chromium, "pandas": pandas.__version__, "plotly": plotly.__version__,
            "pydeck": pydeck.__version__, "Playwright": version("playwright")}


# --- phase 1: script time with AppTest (runs in a child process per scale) -----------------------

def _patch_apptest() -> None:
    """AppTest resets PagesManager.uses_pages_directory before every run, and because the project has a
    pages/ folder Streamlit then runs the old pages-directory mode, which runs pages/x.py without app.py.
    A server leaves that mode once app.py has called st.navigation; here we leave it at once."""
    from streamlit.runtime import pages_manager

    original = pages_manager.PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        pages_manager.PagesManager.uses_pages_directory = False

    pages_manager.PagesManager.__init__ = init


def script_worker(scale: int, runs: int, cold_runs: int, warm_reruns: int, filter_reruns: int, out: Path) -> None:
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    folder = data_dir_for(scale)
    if folder:
        os.environ["PRESENCE_DATA_DIR"] = str(folder)
    os.chdir(ROOT)
    _patch_apptest()
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    def clear():
        st.cache_data.clear()
        st.cache_resource.clear()

    def timed(at) -> float:
        start = time.perf_counter()
        at.run()
        elapsed = (time.perf_counter() - start) * 1000
        if at.exception:
            raise RuntimeError(f"script raised: {at.exception[0].value} {getattr(at.exception[0], 'stack', '')}")
        return elapsed

    results: dict = {"app": defaultdict(lambda: defaultdict(list)), "floor": defaultdict(lambda: defaultdict(list))}
    scripts = {"app": (ROOT / "app.py", APP_FILES), "floor": (BENCH / "floor_app.py", FLOOR_FILES)}
    # Imports and Streamlit's own first-run work happen once, outside the figures.
    for kind, (script, _) in scripts.items():
        AppTest.from_file(str(script), default_timeout=600).run()
    sessions = {}
    for run in range(runs):
        for page in PAGES:
            for kind, (script, files) in scripts.items():
                cold = run < cold_runs
                if cold or (kind, page) not in sessions:
                    if cold:
                        clear()
                    at = AppTest.from_file(str(script), default_timeout=600)
                    at.switch_page(files[page])
                    first = timed(at)
                    if cold:
                        results[kind][page]["cold"].append(first)
                    sessions[(kind, page)] = at
                at = sessions[(kind, page)]
                for _ in range(warm_reruns):
                    results[kind][page]["warm"].append(timed(at))
                # A filter change: Equatorial Guinea out, or back in.
                for _ in range(filter_reruns):
                    widget = at.sidebar.multiselect[0]
                    widget.set_value(["MLI", "CAF"] if "GNQ" in widget.value else ["MLI", "CAF", "GNQ"])
                    results[kind][page]["filter"].append(timed(at))
    out.write_text(json.dumps(results))


def script_times(scale: int, runs: int, cold_runs: int, warm_reruns: int, filter_reruns: int) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    try:
        cmd = [sys.executable, str(Path(__file__).resolve()), "--worker-scripts", str(scale), "--runs", str(runs),
               "--cold-runs", str(cold_runs), "--warm-reruns", str(warm_reruns),
               "--filter-reruns", str(filter_reruns), "--worker-out", str(out)]
        result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"script-time worker failed at scale {scale}:\n{result.stderr[-4000:]}")
        return json.loads(out.read_text())
    finally:
        out.unlink(missing_ok=True)


# --- servers ------------------------------------------------------------------------------------

class Server:
    """A Streamlit server started from the project root (so it reads .streamlit/config.toml)."""

    def __init__(self, script: str, data_dir: Path | None, label: str):
        self.port = free_port()
        self.label = label
        env = dict(os.environ)
        env.pop("PRESENCE_DATA_DIR", None)
        if data_dir:
            env["PRESENCE_DATA_DIR"] = str(data_dir)
        self.log_path = Path(tempfile.gettempdir()) / f"bench-{label}-{self.port}.log"
        self._log = self.log_path.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)
        self.url = f"http://127.0.0.1:{self.port}/"
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"{label} server exited; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url + "_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"{label} server did not start; see {self.log_path}")

    @property
    def rss(self) -> int:
        return rss_bytes(self.proc.pid)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


# --- phase 2: the browser ---------------------------------------------------------------------------

def _classify(payload: bytes) -> tuple[str, str | None]:
    """('element:plotly_chart', None) or ('script_finished', None)... for one websocket frame."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    try:
        msg = ForwardMsg.FromString(payload)
    except Exception:  # noqa: BLE001 - anything not a ForwardMsg is counted as such
        return "undecoded", None
    kind = msg.WhichOneof("type") or "empty"
    if kind == "delta":
        delta = msg.delta.WhichOneof("type")
        if delta == "new_element":
            return "element:" + (msg.delta.new_element.WhichOneof("type") or "?"), None
        return "delta:" + (delta or "?"), None
    return kind, None


class Load:
    """One page opened in a browser context: bytes counted, time to interactive, filter changes."""

    def __init__(self, context, url: str, ready: str, timeout_s: float = 60):
        self.page = context.new_page()
        self.frames: list[tuple[float, int, str]] = []  # (time, size, class)
        self.sent = 0
        self.http = 0
        self.deflated = 0
        # What permessage-deflate (server.enableWebsocketCompression) would send: one compressor per
        # connection, context kept, each message sync-flushed without its 4-byte tail (RFC 7692).
        self._deflater = zlib.compressobj(6, zlib.DEFLATED, -15)
        self.page.on("websocket", self._on_ws)
        cdp = context.new_cdp_session(self.page)
        cdp.send("Network.enable")
        cdp.on("Network.loadingFinished", self._on_http)
        self.ready = ready
        self.page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
        self.page.wait_for_function(READY_JS, arg=ready, polling="raf", timeout=timeout_s * 1000)
        self.tti = self.page.evaluate("window.__tti")
        self.settle()
        self.load_frames = list(self.frames)
        self.load_deflated = self.deflated

    def _on_ws(self, ws) -> None:
        ws.on("framereceived", self._on_frame)
        ws.on("framesent", lambda payload: setattr(self, "sent", self.sent + len(payload)))

    def _on_frame(self, payload) -> None:
        data = payload if isinstance(payload, bytes) else payload.encode()
        self.frames.append((time.monotonic(), len(data), _classify(data)[0]))
        self.deflated += len(self._deflater.compress(data) + self._deflater.flush(zlib.Z_SYNC_FLUSH)) - 4

    def _on_http(self, event) -> None:
        self.http += int(event.get("encodedDataLength", 0))

    def settle(self, quiet_s: float = 0.3, limit_s: float = 10) -> None:
        """Wait until no websocket frame has arrived for quiet_s."""
        end = time.monotonic() + limit_s
        while time.monotonic() < end:
            last = self.frames[-1][0] if self.frames else 0
            if time.monotonic() - last >= quiet_s:
                return
            self.page.wait_for_timeout(50)

    @property
    def ws_bytes(self) -> int:
        return sum(size for _, size, _ in self.load_frames)

    def breakdown(self) -> dict[str, int]:
        parts: dict[str, int] = defaultdict(int)
        for _, size, cls in self.load_frames:
            parts[cls] += size
        return dict(parts)

    def idle(self) -> None:
        """Let the browser finish what it was drawing before the next user action."""
        self.page.evaluate("() => new Promise(r => requestIdleCallback(() => r(), {timeout: 3000}))")

    def _wait_rerun(self, timeout_s: float = 15) -> tuple[float | None, list | None]:
        end = time.monotonic() + timeout_s
        while time.monotonic() < end:
            state = self.page.evaluate("""() => { const B = window.__fc; const now = performance.now();
                return {B, now}; }""")
            b, now = state["B"], state["now"]
            if b["painted"] is not None:
                last = max(b["idleAt"] or 0, b["lastMut"] or 0)
                if now - last >= QUIET_MS:
                    self.page.evaluate("() => { window.__fc.armed = false; }")
                    done = max(b["painted"], b["lastMut"] or 0)
                    # click -> script running (browser + network), running -> idle (server), idle -> drawn
                    parts = [b["runningAt"] - b["t0"], b["idleAt"] - b["runningAt"], done - b["idleAt"]]
                    return done - b["t0"], parts
            self.page.wait_for_timeout(30)
        return None, None

    def change_country(self) -> tuple[float | None, list | None, int]:
        """Remove Equatorial Guinea from the sidebar's country multiselect."""
        self.idle()
        before = len(self.frames)
        self.page.evaluate(ARM_JS)
        self.page.click("[data-testid='stSidebar'] button[aria-label='Remove Equatorial Guinea']")
        latency, parts = self._wait_rerun()
        self.settle(0.1)
        return latency, parts, sum(s for _, s, _ in self.frames[before:])

    def change_dates(self) -> tuple[float | None, list | None, int]:
        """Type 2024 as the range's start year, then click a blank spot: the date field commits on blur.

        The blank spot is the sidebar's header (top left), blank in the app and the floor alike: lower
        down, the date field's calendar, which opens under the field once it has been used, covers
        the app's sidebar (its field sits lower than the floor's) and a click there does not blur it."""
        self.idle()
        self.page.click("[data-testid='stSidebar'] [data-testid='stDateInput'] [data-type='year'] >> nth=0")
        self.page.keyboard.type("2024")
        before = len(self.frames)
        self.page.evaluate(ARM_JS)
        self.page.mouse.click(100, 15)  # the sidebar's blank header
        latency, parts = self._wait_rerun()
        self.settle(0.1)
        return latency, parts, sum(s for _, s, _ in self.frames[before:])

    def close(self) -> None:
        self.page.close()


def describe_failure(context, exc: Exception) -> str:
    """What the page showed when a load failed: an exception box, or the main element missing."""
    text = str(exc).splitlines()[0][:160]
    try:
        page = context.pages[-1]
        shown = page.evaluate("""() => ({exception: document.querySelectorAll("[data-testid='stException']").length,
            state: document.querySelector("[data-testid='stApp']")?.getAttribute('data-test-script-state')})""")
        page.close()
        return f"{text} (exception boxes: {shown['exception']}, script state: {shown['state']})"
    except Exception:  # noqa: BLE001
        return text


def ready_selector(kind: str, page: str) -> str:
    return READY.get((kind, page), FLOOR_TEXT)


def rss_phase(context, server: Server, kind: str, sessions: int = 20) -> dict:
    """RSS with one session that has visited every page, then with `sessions` sessions open."""
    first = Load(context, server.url, ready_selector(kind, "overview"))
    for page in PAGES[1:] + PAGES[:1]:
        first.page.click(f"[data-testid='stSidebarNav'] a[href$='/{URL_PATHS[page]}']")
        first.page.wait_for_url(re.compile(rf"/{URL_PATHS[page]}(\?|$)"), timeout=60_000)
        first.page.wait_for_function(READY_JS.replace("window.__tti === undefined", "true"),
                                     arg=ready_selector(kind, page), polling=100, timeout=120_000)
        first.page.wait_for_timeout(300)
    time.sleep(1.0)
    one = server.rss
    extra = []
    for i in range(sessions - 1):  # one after the other: 2 cores load tabs no faster in parallel
        page = PAGES[(i + 1) % len(PAGES)]
        tab = context.new_page()
        tab.goto(server.url + URL_PATHS[page], wait_until="commit")
        tab.wait_for_function(READY_JS, arg=ready_selector(kind, page), polling=100, timeout=300_000)
        extra.append((tab, page))
    time.sleep(2.0)
    many = server.rss
    for tab, _ in extra:
        tab.close()
    first.close()
    return {"rss1": one, "rss20": many, "sessions": sessions}


def browser_phase(browser, scale: int, runs: int, floor: Server | None, floor_ctx, with_floor: bool,
                  first_visit: bool, rng: random.Random, rss_sessions: int, rss: bool) -> dict:
    app = Server("app.py", data_dir_for(scale), f"app-x{scale}")
    result: dict = {"rss": {}, "loads": {"app": defaultdict(list), "floor": defaultdict(list)}, "first_visit": {},
                    "failures": []}
    try:
        app_ctx = browser.new_context(viewport=VIEWPORT)
        if rss:
            log(f"x{scale}: RSS, 1 and {rss_sessions} sessions (app)")
            try:
                result["rss"]["app"] = rss_phase(app_ctx, app, "app", rss_sessions)
            except Exception as exc:  # noqa: BLE001
                result["failures"].append(f"x{scale} RSS phase: {str(exc).splitlines()[0][:200]}")
                log("RSS phase failed: " + result["failures"][-1])
        else:  # warm the context's HTTP cache and the server's data cache
            for page in PAGES:
                Load(app_ctx, app.url + URL_PATHS[page], ready_selector("app", page)).close()
        servers = {"app": (app, app_ctx)}
        if with_floor:
            servers["floor"] = (floor, floor_ctx)
        # No separate warm-up: the RSS phase has loaded every page in both contexts (HTTP caches) and
        # on both servers (data cache).
        log(f"x{scale}: {runs} runs x {len(PAGES)} pages x {len(servers)} apps")
        for run in range(runs):
            order = list(PAGES)
            rng.shuffle(order)
            for i, page in enumerate(order):
                kinds = list(servers)
                if (run + i) % 2:
                    kinds.reverse()
                for kind in kinds:
                    server, ctx = servers[kind]
                    try:
                        load = Load(ctx, server.url + URL_PATHS[page], ready_selector(kind, page))
                    except Exception as exc:  # noqa: BLE001 - one failed load must not end the run
                        result["failures"].append(f"x{scale} {kind} {page} run {run + 1}: {describe_failure(ctx, exc)}")
                        log("load failed: " + result["failures"][-1])
                        continue
                    try:
                        country, country_parts, country_bytes = load.change_country()
                        dates, dates_parts, dates_bytes = load.change_dates()
                    except Exception as exc:  # noqa: BLE001
                        result["failures"].append(f"x{scale} {kind} {page} run {run + 1} filter change: "
                                                  f"{str(exc).splitlines()[0][:200]}")
                        log("filter change failed: " + result["failures"][-1])
                        country = dates = country_parts = dates_parts = None
                        country_bytes = dates_bytes = 0
                    result["loads"][kind][page].append({
                        "tti": load.tti, "ws": load.ws_bytes, "ws_deflated": load.load_deflated,
                        "ws_sent": load.sent, "http": load.http, "frames": len(load.load_frames),
                        "breakdown": load.breakdown(),
                        "country_ms": country, "country_parts": country_parts, "country_bytes": country_bytes,
                        "dates_ms": dates, "dates_parts": dates_parts, "dates_bytes": dates_bytes})
                    load.close()
            log(f"x{scale}: run {run + 1}/{runs} done")
        if first_visit:
            log(f"x{scale}: first visits (fresh browser context, empty HTTP cache)")
            for page in PAGES:
                for kind, (server, _) in servers.items():
                    ctx = browser.new_context(viewport=VIEWPORT)
                    try:
                        load = Load(ctx, server.url + URL_PATHS[page], ready_selector(kind, page))
                    except Exception as exc:  # noqa: BLE001
                        result["failures"].append(f"first visit {kind} {page}: {describe_failure(ctx, exc)}")
                        ctx.close()
                        continue
                    load.settle(1.0)
                    result["first_visit"][f"{kind}:{page}"] = {"tti": load.tti, "http": load.http, "ws": load.ws_bytes}
                    load.close()
                    ctx.close()
        app_ctx.close()
    finally:
        app.stop()
    return result


# --- report -------------------------------------------------------------------------------------

def fmt_ms(s: dict | None) -> str:
    return "–" if not s else f"{s['median']:.0f} ({s['min']:.0f}–{s['max']:.0f})"


def fmt_kb(s: dict | None) -> str:
    return "–" if not s else f"{s['median'] / 1000:.1f} ({s['min'] / 1000:.1f}–{s['max'] / 1000:.1f})"


def ratio(a: dict | None, b: dict | None) -> float | None:
    if not a or not b or not b["median"]:
        return None
    return a["median"] / b["median"]


def fmt_ratio(r: float | None) -> str:
    return "–" if r is None else f"{r:.2f}×"


def verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("PASS" if ok else "**FAIL**")


def build_report(meta: dict, machine_info: dict, scripts: dict, browser: dict, floor_rss: dict | None) -> tuple[str, list]:
    lines: list[str] = []
    checks: list[tuple[str, str, str, bool | None]] = []  # (target, where, measured, ok)
    add = lines.append
    add("# Benchmark results\n")
    add(f"Recorded {meta['when']} with `{meta['command']}` ({meta['duration']:.0f} s). "
        "Figures are median (min–max) over the runs; ratios are app median ÷ floor median. "
        "See bench/README.md for what each figure means.\n")
    add("## Machine\n")
    add("| | |\n|---|---|")
    for key, value in machine_info.items():
        add(f"| {key} | {value} |")
    add("")

    for scale in meta["scales"]:
        s = scripts.get(str(scale)) or scripts.get(scale)
        b = browser.get(str(scale)) or browser.get(scale)
        label = "shipped data" if scale == 1 else f"{scale}× the shipped data"
        add(f"## Scale {scale}× ({label})\n")
        if s:
            n_cold = len(s["app"][PAGES[0]].get("cold", []))
            n_warm = len(s["app"][PAGES[0]]["warm"])
            add(f"### Server script time per rerun (AppTest, ms; {n_cold} cold and {n_warm} warm samples per page)\n")
            add("| page | cold: app | cold: floor | warm: app | warm: floor | warm ratio | filter rerun: app | filter rerun: floor |")
            add("|---|---|---|---|---|---|---|---|")
            for page in PAGES:
                a, f = s["app"][page], s["floor"][page]
                cold_a, cold_f = stats(a.get("cold", [])), stats(f.get("cold", []))
                warm_a, warm_f = stats(a["warm"]), stats(f["warm"])
                fil_a, fil_f = stats(a["filter"]), stats(f["filter"])
                add(f"| {TITLES[page]} | {fmt_ms(cold_a)} | {fmt_ms(cold_f)} | {fmt_ms(warm_a)} | {fmt_ms(warm_f)} | "
                    f"{fmt_ratio(ratio(warm_a, warm_f))} | {fmt_ms(fil_a)} | {fmt_ms(fil_f)} |")
                if scale == 1:
                    checks.append(("warm script < 50 ms", f"{TITLES[page]}, 1×", f"{warm_a['median']:.0f} ms",
                                   warm_a["median"] < TARGETS["warm_ms"]))
                if scale == 100:
                    checks.append(("warm script < 250 ms at 100×", f"{TITLES[page]}, 100×",
                                   f"{warm_a['median']:.0f} ms", warm_a["median"] < TARGETS["warm_ms_100"]))
            add("")
        if b:
            loads = b["loads"]
            has_floor = any(loads["floor"].values())
            n_runs = max((len(v) for v in loads["app"].values()), default=0)
            add(f"### Browser (headless Chromium, warm HTTP cache; {n_runs} runs)\n")
            add("| page | TTI app (ms) | TTI floor (ms) | TTI ratio | country change app (ms) | floor (ms) | ratio "
                "| dates change app (ms) | floor (ms) | ratio | WS bytes/load app (KB) | floor (KB) |")
            add("|---|---|---|---|---|---|---|---|---|---|---|---|")
            for page in PAGES:
                a, f = loads["app"].get(page, []), loads["floor"].get(page, [])
                tti_a, tti_f = stats([x["tti"] for x in a]), stats([x["tti"] for x in f])
                c_a, c_f = stats([x["country_ms"] for x in a]), stats([x["country_ms"] for x in f])
                d_a, d_f = stats([x["dates_ms"] for x in a]), stats([x["dates_ms"] for x in f])
                w_a, w_f = stats([x["ws"] for x in a]), stats([x["ws"] for x in f])
                add(f"| {TITLES[page]} | {fmt_ms(tti_a)} | {fmt_ms(tti_f)} | {fmt_ratio(ratio(tti_a, tti_f))} | "
                    f"{fmt_ms(c_a)} | {fmt_ms(c_f)} | {fmt_ratio(ratio(c_a, c_f))} | {fmt_ms(d_a)} | {fmt_ms(d_f)} | "
                    f"{fmt_ratio(ratio(d_a, d_f))} | {fmt_kb(w_a)} | {fmt_kb(w_f)} |")
                if scale == 1 and has_floor:
                    r = ratio(tti_a, tti_f)
                    checks.append(("TTI ≤ 1.3× floor", f"{TITLES[page]}, 1×", fmt_ratio(r),
                                   None if r is None else r <= TARGETS["tti_ratio"]))
                    for name, x, y in (("country", c_a, c_f), ("dates", d_a, d_f)):
                        r = ratio(x, y)
                        ok = None if r is None else (r <= TARGETS["filter_ratio"] and x["median"] < TARGETS["filter_ms"])
                        checks.append(("filter change ≤ 2× floor and < 300 ms", f"{TITLES[page]} ({name}), 1×",
                                       f"{x['median']:.0f} ms = {fmt_ratio(r)}" if x else "–", ok))
                if scale == 1 and w_a:
                    checks.append(("≤ 300 KB per page load", f"{TITLES[page]}, 1×", f"{w_a['median'] / 1000:.1f} KB",
                                   w_a["median"] <= TARGETS["ws_bytes"]))
                if scale == 100 and w_a:
                    checks.append(("≤ 1.5 MB per page load at 100×", f"{TITLES[page]}, 100×",
                                   f"{w_a['median'] / 1000:.1f} KB", w_a["median"] <= TARGETS["ws_bytes_100"]))
            if not has_floor:
                add("\n(No floor loads at this scale: the floor does not depend on the data; compare with 1×.)")
            add("")
            add("Websocket bytes of one page load by message (median load; KB):\n")
            add("| page | total | largest parts |")
            add("|---|---|---|")
            for page in PAGES:
                a = loads["app"].get(page, [])
                if not a:
                    continue
                mid = sorted(a, key=lambda x: x["ws"])[len(a) // 2]
                parts = sorted(mid["breakdown"].items(), key=lambda kv: -kv[1])[:5]
                add(f"| {TITLES[page]} | {mid['ws'] / 1000:.1f} (≈{mid['ws_deflated'] / 1000:.1f} deflated) | "
                    + ", ".join(f"{k} {v / 1000:.1f}" for k, v in parts) + " |")
            add("")
            add("Bytes per filter change (app, median KB): " + ", ".join(
                f"{TITLES[p]} country {statistics.median([x['country_bytes'] for x in loads['app'][p]]) / 1000:.1f} / "
                f"dates {statistics.median([x['dates_bytes'] for x in loads['app'][p]]) / 1000:.1f}"
                for p in PAGES if loads["app"].get(p)) + "\n")
            add("Where a filter change's time goes, median ms: click → script running (browser, network, "
                "queue) / running → idle (server script and deltas) / idle → drawn (browser):\n")
            add("| page | country: app | country: floor | dates: app | dates: floor |")
            add("|---|---|---|---|---|")
            for page in PAGES:
                cells = []
                for change in ("country", "dates"):
                    for kind in ("app", "floor"):
                        parts = [x[f"{change}_parts"] for x in loads[kind].get(page, []) if x[f"{change}_parts"]]
                        cells.append(" / ".join(f"{statistics.median(p[i] for p in parts):.0f}" for i in range(3))
                                     if parts else "–")
                add(f"| {TITLES[page]} | " + " | ".join(cells) + " |")
            add("")
            rss = b["rss"].get("app")
            if rss:
                r = rss["rss20"] / rss["rss1"]
                floor_text = ""
                if floor_rss:
                    floor_text = (f"; floor: {floor_rss['rss1'] / 2**20:.0f} MiB → {floor_rss['rss20'] / 2**20:.0f} MiB "
                                  f"({floor_rss['rss20'] / floor_rss['rss1']:.2f}×)")
                add(f"Server RSS: 1 session {rss['rss1'] / 2**20:.0f} MiB, {rss['sessions']} sessions "
                    f"{rss['rss20'] / 2**20:.0f} MiB ({r:.2f}×){floor_text}.\n")
                if scale == 1:
                    checks.append(("RSS(20) ≤ 1.5× RSS(1)", "server, 1×", f"{r:.2f}×", r <= TARGETS["rss_ratio"]))
                elif scale == 100:
                    checks.append(("(info) RSS(20) ÷ RSS(1) at 100×", "server, 100×", f"{r:.2f}×", None))
            for failure in b.get("failures", []):
                add(f"- Failed: {failure}")
            if b.get("failures"):
                add("")
            fv = b.get("first_visit")
            if fv:
                add("First visit (fresh browser context, one load each): TTI ms / HTTP KB transferred / WS KB\n")
                add("| page | app | floor |")
                add("|---|---|---|")
                for page in PAGES:
                    cells = []
                    for kind in ("app", "floor"):
                        x = fv.get(f"{kind}:{page}")
                        cells.append("–" if not x else f"{x['tti']:.0f} / {x['http'] / 1000:.0f} / {x['ws'] / 1000:.1f}")
                    add(f"| {TITLES[page]} | {cells[0]} | {cells[1]} |")
                add("")

    add("## Targets\n")
    add("| target | where | measured | result |")
    add("|---|---|---|---|")
    for target, where, measured, ok in checks:
        add(f"| {target} | {where} | {measured} | {verdict(ok)} |")
    failed = [c for c in checks if c[3] is False]
    add(f"\n{len(checks) - len(failed) - sum(1 for c in checks if c[3] is None)} passed, {len(failed)} failed.\n")
    return "\n".join(lines) + "\n", checks


def update_readme(report: str) -> None:
    readme = BENCH / "README.md"
    if not readme.exists():
        return
    text = readme.read_text()
    start, end = "<!-- results:start -->", "<!-- results:end -->"
    if start not in text or end not in text:
        return
    body = report.split("\n", 1)[1]  # drop the H1
    body = re.sub(r"^(#+) ", r"#\1 ", body, flags=re.M)  # one level down, under "Latest results"
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    readme.write_text(f"{head}{start}\n{body}\n{end}{tail}")


# --- main -----------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the dashboard against Streamlit's floor (issue 7).")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (default 5)")
    parser.add_argument("--scale", default="1,10,100", help="data scales, comma-separated (default 1,10,100)")
    parser.add_argument("--browser-scale", default="1,100",
                        help="scales that also get the browser phase (default 1,100; the others: script time only)")
    parser.add_argument("--quick", action="store_true", help="3 runs, scales 1 and 100, no first visits")
    parser.add_argument("--out", type=Path, default=BENCH / "results.md")
    parser.add_argument("--rss-sessions", type=int, default=20)
    parser.add_argument("--rss-scale", default="1", help="scales that also get the RSS phase (default 1)")
    parser.add_argument("--no-browser", action="store_true", help="script times only")
    parser.add_argument("--no-scripts", action="store_true", help="browser only")
    parser.add_argument("--no-readme", action="store_true", help="do not copy the table into bench/README.md")
    parser.add_argument("--seed", type=int, default=7)
    # internal: the AppTest worker
    parser.add_argument("--worker-scripts", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--worker-out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cold-runs", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--warm-reruns", type=int, default=3, help=argparse.SUPPRESS)
    parser.add_argument("--filter-reruns", type=int, default=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker_scripts:
        script_worker(args.worker_scripts, args.runs, args.cold_runs or args.runs, args.warm_reruns,
                      args.filter_reruns, args.worker_out)
        return 0

    if args.quick:
        args.runs, args.scale = 3, "1,100"
    scales = sorted({int(s) for s in args.scale.split(",") if s.strip()})
    if 1 not in scales:
        scales.insert(0, 1)
    started = time.time()
    command = "bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    info = machine()
    log("machine: " + ", ".join(f"{k} {v}" for k, v in info.items()))

    from bench.generate import SCALE_DIR, generate, validate
    for scale in scales:
        if scale > 1:
            log(f"generating {scale}× data in {SCALE_DIR / f'x{scale}'}")
            validate(generate(scale, SCALE_DIR / f"x{scale}", seed=args.seed))

    scripts: dict = {}
    if not args.no_scripts:
        for scale in scales:
            # Beyond 1x a cold run is mostly the data load, the same for every page: one of them; the
            # other runs rerun the same session (one warm rerun and one filter change per run).
            cold_runs = args.runs if scale == 1 else 1
            warm = args.warm_reruns if scale == 1 else 1
            log(f"x{scale}: script times (AppTest), {args.runs} runs, {cold_runs} cold")
            scripts[scale] = script_times(scale, args.runs, cold_runs, warm, 2 if scale == 1 else 1)

    browser_results: dict = {}
    floor_rss = None
    if not args.no_browser:
        from playwright.sync_api import sync_playwright

        rng = random.Random(args.seed)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            floor = Server("bench/floor_app.py", None, "floor")
            try:
                floor_ctx = browser.new_context(viewport=VIEWPORT)
                log(f"floor: RSS, 1 and {args.rss_sessions} sessions")
                floor_rss = rss_phase(floor_ctx, floor, "floor", args.rss_sessions)
                browser_scales = [s for s in scales if s in {int(x) for x in args.browser_scale.split(",") if x}]
                for scale in browser_scales:
                    browser_results[scale] = browser_phase(
                        browser, scale, args.runs if scale == 1 else min(args.runs, 3), floor, floor_ctx, with_floor=(scale == 1),
                        first_visit=(scale == 1 and not args.quick), rng=rng, rss_sessions=args.rss_sessions,
                        rss=scale in {int(x) for x in args.rss_scale.split(",") if x})
                floor_ctx.close()
            finally:
                floor.stop()
                browser.close()

    info["load average (1, 5, 15 min) at end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    meta = {"when": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "command": command.strip(),
            "duration": time.time() - started, "scales": scales}
    report, checks = build_report(meta, info, scripts, browser_results, floor_rss)
    # The serving figures (bench/ws_load.py, bench/slow_network.py) at the end of the file are kept.
    previous = args.out.read_text() if args.out.exists() else ""
    marker = "<!-- serving:start -->"
    kept = previous[previous.index(marker):] if marker in previous else ""
    args.out.write_text(report.rstrip("\n") + "\n\n" + kept if kept else report)
    raw = args.out.with_suffix(".json")
    raw.write_text(json.dumps({"meta": meta, "machine": info, "scripts": scripts, "browser": browser_results,
                               "floor_rss": floor_rss}, indent=1, default=str))
    if not args.no_readme and args.out == BENCH / "results.md":
        update_readme(report)
    print()
    print(report)
    log(f"wrote {args.out} and {raw} in {time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

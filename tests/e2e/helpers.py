"""Helpers shared by the browser tests (tests/e2e) and scripts/readme_screenshot.py.

Standard library + playwright only (Pillow for pixel checks). Serving and waiting follow
../shared/tools/screenshots.py and Streamlit's own e2e_playwright/conftest.py.
"""
from __future__ import annotations

import datetime as dt
import io
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "screenshots"

# URL path of every page, keyed by a short name (also the screenshot's file name).
PAGES = {"overview": "/", "story": "/story", "map": "/map", "timeline": "/timeline", "quotes": "/quotes",
         "sources": "/sources", "search": "/search", "record": "/record"}
# The sidebar's navigation, in order (the record page is reached by its links, not listed).
NAV_LABELS = {"overview": "Overview", "story": "Story", "map": "Map", "timeline": "Timeline", "quotes": "Quotes",
              "sources": "Sources & data", "search": "Search"}
COUNTRY_NAMES = {"MLI": "Mali", "CAF": "Central African Republic", "GNQ": "Equatorial Guinea"}

DESKTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}
# A phone browser's user agent: the app frames its map and places marker details by it (presence/ui/client.py).
PHONE_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Mobile Safari/537.36")


def phone_context(browser):
    """A 390 x 844 touch screen that says it is a phone."""
    return browser.new_context(viewport=dict(PHONE), is_mobile=True, has_touch=True, user_agent=PHONE_UA)

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
# Basemap tiles and the like cannot load offline: not the app's errors.
OFFLINE_NOISE = re.compile(r"cartocdn|basemaps|mapbox|tiles|net::ERR|favicon|Failed to load resource|"
                           r"Failed to fetch[\s\S]*DeckGlJsonChart", re.I)

NO_BROWSER = ("browser tests skipped: no Chromium found; install Debian's chromium (apt-get install chromium) "
              "or run `python -m playwright install chromium`")


# --- the browser ---------------------------------------------------------------------------------

def find_browser() -> str | None:
    """'system:<path>' for Debian's chromium, 'playwright' for Playwright's own build, else None."""
    system = shutil.which("chromium")
    if system:
        return f"system:{system}"
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            if Path(p.chromium.executable_path).exists():
                return "playwright"
    except Exception:
        pass
    return None


def launch_kwargs(browser: str | None) -> dict:
    """Keyword arguments for ``chromium.launch`` (and pytest-playwright's browser_type_launch_args)."""
    kwargs: dict = {"args": list(CHROMIUM_ARGS)}
    if browser and browser.startswith("system:"):
        kwargs["executable_path"] = browser.split(":", 1)[1]
    return kwargs


# --- the server ----------------------------------------------------------------------------------

_GIVEN_PORTS: set[int] = set()


def free_port() -> int:
    """A free port, never the same twice in this process (servers may start side by side)."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in _GIVEN_PORTS:
            _GIVEN_PORTS.add(port)
            return port


@dataclass
class Server:
    proc: subprocess.Popen
    url: str
    log: Path

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def wait_ready(self, timeout: float = 90) -> "Server":
        """Until /_stcore/health answers ok; stops the server and raises if it does not."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if urllib.request.urlopen(self.url + "/_stcore/health", timeout=1).read() == b"ok":
                    return self
            except Exception:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the app did not start within {timeout:.0f} s; log {self.log}:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


LOGS = ROOT / "artifacts" / "server-logs"


def start_server(data_dir: str | os.PathLike | None = None, wait: bool = True, timeout: float = 90,
                 name: str = "main", script: str = "app.py") -> Server:
    """``streamlit run app.py`` on a free port (cwd = project root, PRESENCE_DATA_DIR=data_dir if
    given); with ``wait``, until /_stcore/health answers ok. No file watcher: the server runs the
    code as it was at its start, even while someone edits the project. Its output goes to
    artifacts/server-logs/<name>.log."""
    port = free_port()
    env = dict(os.environ)
    if data_dir is not None:
        env["PRESENCE_DATA_DIR"] = str(data_dir)
    LOGS.mkdir(parents=True, exist_ok=True)
    log = LOGS / f"{name}.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.runOnSave", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Server(proc, f"http://127.0.0.1:{port}", log)
    if wait:
        server.wait_ready(timeout)
    return server



# --- deploy/serve: nginx in front of replicas --------------------------------------------------------

NO_NGINX = ("deploy tests skipped: nginx not installed (apt-get install nginx "
            "libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static brotli)")


def find_nginx() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


def _free_pair() -> int:
    """A port p with p+1 and p+2 free too (deploy/serve puts replicas on REPLICA_PORT upwards)."""
    while True:
        base = free_port()
        ok = True
        for offset in (1, 2):
            with socket.socket() as s:
                try:
                    s.bind(("127.0.0.1", base + offset))
                except OSError:
                    ok = False
            if not ok:
                break
        if ok:
            _GIVEN_PORTS.update({base + 1, base + 2})
            return base


@dataclass
class Deploy(Server):
    """deploy/serve in a process group of its own; ``log`` is its own output, ``run`` its run folder."""

    run: Path = Path()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM: deploy/serve stops nginx and the replicas
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, 9)
                self.proc.wait(5)

    def wait_ready(self, timeout: float = 90) -> "Deploy":
        """Until deploy/serve says every replica is healthy and the proxy answers."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            if "ready: http" in self.log.read_text(errors="replace"):
                try:
                    if urllib.request.urlopen(self.url + "/_stcore/health", timeout=2).read() == b"ok":
                        return self
                except Exception:
                    pass
            time.sleep(0.2)
        tail = self.log_tail()
        self.stop()
        raise RuntimeError(f"deploy/serve did not become ready within {timeout:.0f} s:\n{tail}")

    def replicas(self) -> list[dict]:
        import json

        return json.loads((self.run / "replicas.json").read_text())["replicas"]

    def replica_logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.run.glob("replica-*.log")))


def start_deploy(run_dir: Path, replicas: int = 2, wait: bool = True, name: str = "deploy",
                 extra_env: dict | None = None) -> Deploy:
    """``deploy/serve`` on a free port with ``replicas`` replicas, its run folder ``run_dir``, an
    X-Served-By header (DEPLOY_SHOW_REPLICA=1) so tests can tell which replica answered."""
    port = _free_pair()
    replica_port = _free_pair()
    env = dict(os.environ, PORT=str(port), REPLICA_PORT=str(replica_port), REPLICAS=str(replicas),
               BIND="127.0.0.1", DEPLOY_RUN_DIR=str(run_dir), DEPLOY_SHOW_REPLICA="1",
               PYTHON=sys.executable, **(extra_env or {}))
    LOGS.mkdir(parents=True, exist_ok=True)
    log = LOGS / f"{name}.log"
    with open(log, "w") as out:
        proc = subprocess.Popen([str(ROOT / "deploy" / "serve")], cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    server = Deploy(proc, f"http://127.0.0.1:{port}", log, run=Path(run_dir))
    if wait:
        server.wait_ready()
    return server


SERVERS: list[Server] = []  # served, for failure reports


def serve(browser, data_dir=None, server: Server | None = None, name: str = "main") -> Server:
    """Start a server (or take one started with wait=False), wait for it, then open / once in
    ``browser``: Streamlit only switches from the pages/ folder (legacy MPA v1) to st.navigation once
    the entry point has run (see test_fresh_server_deep_link)."""
    server = server or start_server(data_dir, wait=False, name=name)
    try:
        server.wait_ready()
        context = browser.new_context(viewport=dict(DESKTOP))
        goto(context.new_page(), server.url, "/", settle_ms=0)
        context.close()
    except Exception:
        server.stop()
        raise
    SERVERS.append(server)
    return server


def tracebacks(server: Server, limit: int = 3, lines: int = 40) -> str:
    """The last ``limit`` tracebacks in a server's log (the app shows none: showErrorDetails = none)."""
    try:
        text = server.replica_logs() if isinstance(server, Deploy) else server.log.read_text(errors="replace")
    except OSError:
        return ""
    chunks = re.split(r"(?m)^(?=\S.*Uncaught app execution)", text)
    found = [c.strip() for c in chunks if "Traceback" in c][-limit:]
    return "\n---\n".join("\n".join(c.splitlines()[-lines:]) for c in found)


# --- waiting and watching ------------------------------------------------------------------------

SETTLE_MS = 300   # after a run, before reading widgets
DRAW_MS = 1000    # after a run, before looking at or clicking a map or chart (as screenshots.py)


def wait_for_run(page, settle_ms: int = SETTLE_MS) -> None:
    """Streamlit has finished the script run and drawn its elements (as in screenshots.py)."""
    page.wait_for_timeout(250)  # pydeck charts debounce for 200 ms
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=60000)
    page.wait_for_selector("[data-test-script-state='notRunning']", timeout=60000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=60000)
    page.wait_for_timeout(settle_ms)


def goto(page, base: str, path: str = "/", query: str = "", settle_ms: int = SETTLE_MS) -> None:
    page.goto(base + path + (("?" + query) if query else ""))
    wait_for_run(page, settle_ms)


@dataclass
class ErrorLog:
    """Browser console errors (offline noise left out) and uncaught page errors."""

    messages: list[str] = field(default_factory=list)

    def console(self, message) -> None:
        if message.type == "error" and not OFFLINE_NOISE.search(message.text):
            self.messages.append(f"console: {message.text.splitlines()[0][:300]}")

    def page_error(self, error) -> None:
        self.messages.append(f"page error: {str(error)[:300]}")

    def clear(self) -> None:
        self.messages.clear()


def watch_errors(page) -> ErrorLog:
    log = ErrorLog()
    page.on("console", log.console)
    page.on("pageerror", log.page_error)
    return log


def exceptions_shown(page) -> list[str]:
    return [t.strip()[:300] for t in page.locator("[data-testid='stException']").all_inner_texts()]


def screenshot(page, name: str, full_page: bool = False, out_dir: Path = ARTIFACTS,
               max_height: int = 8000) -> Path:
    """Save ``<out_dir>/<name>.png``: the viewport, or with ``full_page`` the whole page. Streamlit
    scrolls inside its main section, not the document, so for a full page the viewport is made as
    tall as the content for the shot, then put back."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}.png"
    if not full_page:
        page.screenshot(path=str(path))
        return path
    size = page.viewport_size
    height = page.evaluate("""() => Math.max(document.documentElement.scrollHeight,
        ...[...document.querySelectorAll("[data-testid='stMain'], [data-testid='stAppViewContainer'], "
              + "[data-testid='stSidebarContent']")].map(e => e.scrollHeight))""")
    try:
        page.set_viewport_size({"width": size["width"], "height": min(max(height, size["height"]), max_height)})
        page.wait_for_timeout(400)
        page.screenshot(path=str(path))
    finally:
        page.set_viewport_size(size)
    return path


# --- the sidebar filters and the URL -------------------------------------------------------------

def url_params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def url_path(url: str) -> str:
    return urlsplit(url).path or "/"


def sidebar(page):
    return page.locator("[data-testid='stSidebar']")


def selected_countries(page) -> list[str]:
    """Names on the tags of the sidebar's 'Countries' multiselect, in order."""
    box = sidebar(page).locator("[data-testid='stMultiSelect']").filter(has_text="Countries")
    return box.locator("[data-testid='stMultiSelectTagsContainer'] [data-tag]").evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label'))")


def remove_country(page, name: str) -> None:
    box = sidebar(page).locator("[data-testid='stMultiSelect']").filter(has_text="Countries")
    box.locator(f"button[aria-label='Remove {name}']").click()
    wait_for_run(page)


def date_range(page) -> tuple[str, str]:
    """The sidebar date input's (start, end) as YYYY-MM-DD, read from its year/month/day spinbuttons."""
    field_ = sidebar(page).locator("[data-testid='stDateInput']").filter(has_text="Date range")

    def one(which: str) -> str:
        part = field_.locator(f"[data-range-field='{which}']")
        values = {kind: part.locator(f"[role='spinbutton'][data-type='{kind}']").first.get_attribute(
            "aria-valuenow") for kind in ("year", "month", "day")}
        return dt.date(int(values["year"]), int(values["month"]), int(values["day"])).isoformat()

    return one("start"), one("end")


def nav_link(page, name: str):
    return page.locator("[data-testid='stSidebarNav'] a").filter(has_text=NAV_LABELS[name]).first


# --- the map --------------------------------------------------------------------------------------

def deck_canvas(page):
    """The deck.gl overlay canvas of the (first) pydeck chart."""
    return page.locator("[data-testid='stDeckGlJsonChart'] canvas#deckgl-overlay").first


def distinct_colours(png: bytes, step: int = 4) -> int:
    """How many different colours a PNG holds (sampled every ``step`` pixels)."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    sample = image.resize((max(1, image.width // step), max(1, image.height // step)), Image.NEAREST)
    return len(set(sample.tobytes()[i:i + 3] for i in range(0, sample.width * sample.height * 3, 3)))


def mercator_pixel(lat: float, lon: float, view_lat: float, view_lon: float, zoom: float,
                   width: float, height: float) -> tuple[float, float]:
    """Where deck.gl's WebMercatorViewport (512-pixel world at zoom 0, no pitch or bearing) draws
    (lat, lon) in a canvas of width x height centred on (view_lat, view_lon)."""
    def x(lo):
        return (lo + 180) / 360

    def y(la):
        return (math.pi - math.log(math.tan(math.pi / 4 + math.radians(la) / 2))) / (2 * math.pi)

    scale = 512 * 2 ** zoom
    return width / 2 + (x(lon) - x(view_lon)) * scale, height / 2 + (y(lat) - y(view_lat)) * scale


def details_with_sources(page):
    """Markdown blocks in the main area that start a sources line ('Sources: ...')."""
    return page.locator("[data-testid='stMain'] [data-testid='stMarkdownContainer']").filter(
        has_text=re.compile(r"^\s*Sources:"))


def http_links(locator):
    return locator.locator("a[href^='http://'], a[href^='https://']")


def poll(found, page, timeout_ms: int = 1000, step_ms: int = 100) -> bool:
    """``found()`` within ``timeout_ms``."""
    for _ in range(max(1, timeout_ms // step_ms)):
        if found():
            return True
        page.wait_for_timeout(step_ms)
    return bool(found())


def after_click(page, found) -> bool:
    """Wait for the rerun a click may have started, then for ``found()`` (a slow rerun included)."""
    wait_for_run(page, 300)
    if poll(found, page, 1000):
        return True
    wait_for_run(page, 0)
    return poll(found, page, 500)


def wait_for_canvas(page, min_colours: int = 3, timeout_ms: int = 15000) -> int:
    """Wait until the deck.gl canvas shows at least ``min_colours`` colours; return how many."""
    canvas = deck_canvas(page)
    canvas.wait_for(state="visible", timeout=timeout_ms)
    colours = 0
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        colours = distinct_colours(canvas.screenshot())
        if colours >= min_colours:
            break
        page.wait_for_timeout(250)
    return colours


def click_map(page, targets, found, max_clicks: int = 60) -> int:
    """Click canvas-relative points (from ``targets``, an iterable of (x, y)) until ``found()`` is true.

    Returns the number of clicks made; raises AssertionError if nothing was found.
    """
    canvas = deck_canvas(page)
    clicks = 0
    for x, y in targets:
        if clicks >= max_clicks:
            break
        box = canvas.bounding_box()
        if box is None or not (0 <= x < box["width"] and 0 <= y < box["height"]):
            continue
        page.mouse.move(box["x"] + x, box["y"] + y)
        page.wait_for_timeout(60)
        page.mouse.click(box["x"] + x, box["y"] + y)
        clicks += 1
        if after_click(page, found):
            return clicks
    raise AssertionError(f"no click on the map opened the details panel ({clicks} clicks)")


def spiral(cx: float, cy: float, step: float = 6, rings: int = 3):
    """(cx, cy), then points on square rings around it."""
    yield cx, cy
    for r in range(1, rings + 1):
        for i in range(-r, r + 1):
            for j in range(-r, r + 1):
                if max(abs(i), abs(j)) == r:
                    yield cx + i * step, cy + j * step


def grid(width: float, height: float, n: int = 7):
    for i in range(1, n + 1):
        for j in range(1, n + 1):
            yield width * j / (n + 1), height * i / (n + 1)


def click_site(page, countries, lat: float, lon: float, found=None, max_clicks: int = 60,
               country: str | None = None, client: str = "laptop") -> int:
    """Click the map marker at (lat, lon): first where deck.gl draws it in the map's initial view
    (the app's own frame_for, for a laptop or a phone; ``country`` moves the point into the inset if
    the map draws that country there), then around it, then a bounded grid over the canvas."""
    from presence.figures.map import LAPTOP, drawn_position, frame_for

    found = found or (lambda: details_with_sources(page).count() > 0)
    frame = frame_for(list(countries), client)
    view = frame.view
    if country is not None:  # Equatorial Guinea may be drawn in the inset
        lon, lat = drawn_position(country, lon, lat, frame.inset)
    wait_for_canvas(page)
    box = deck_canvas(page).bounding_box()
    cx, cy = mercator_pixel(lat, lon, view.latitude, view.longitude, view.zoom, box["width"], box["height"])
    targets = list(spiral(cx, cy, step=5, rings=2)) + list(grid(box["width"], box["height"], n=7))
    return click_map(page, targets, found, max_clicks=max_clicks)


def set_start_year(page, year: int) -> None:
    """Type a new year into the sidebar date range's start field; leaving the field commits it."""
    field_ = sidebar(page).locator("[data-testid='stDateInput']").filter(has_text="Date range")
    field_.locator("[data-range-field='start'] [role='spinbutton'][data-type='year']").click()
    page.keyboard.type(str(year))
    sidebar(page).get_by_text("Filters", exact=True).click()
    wait_for_run(page)


# --- the timeline (plotly) ------------------------------------------------------------------------

# Markers of the timeline chart: [scatter trace index, point index, kind, record id] from customdata.
JS_TIMELINE_POINTS = """() => {
  const gd = document.querySelector("[data-testid='stMain'] .js-plotly-plot");
  if (!gd || !gd._fullData) return [];
  const out = [];
  gd._fullData.filter(t => t.type === 'scatter').forEach((t, i) => {
    (t.customdata || []).forEach((c, j) => { if (Array.isArray(c) && c.length === 2) out.push([i, j, c[0], c[1]]); });
  });
  return out;
}"""
JS_POINT_KINDS = "() => (" + JS_TIMELINE_POINTS + ")().reduce((n, p) => (n[p[2]] = (n[p[2]] || 0) + 1, n), {})"


def timeline_points(page) -> list[tuple[int, int, str, str]]:
    return [tuple(p) for p in page.evaluate(JS_TIMELINE_POINTS)]


def click_timeline_event(page, record_id: str | None = None, found=None, tries: int = 8) -> None:
    """Hover and click event markers on the timeline (the given record, else the first few events)
    until ``found()`` (default: a 'Sources:' line is shown)."""
    found = found or (lambda: details_with_sources(page).count() > 0)
    plot = page.locator("[data-testid='stMain'] .js-plotly-plot").first
    plot.locator(".scatterlayer .point").first.wait_for(state="attached")
    candidates = [p for p in timeline_points(page) if p[2] == "event" and record_id in (None, p[3])]
    assert candidates, f"no event marker {record_id or ''} on the timeline"
    for trace, point, _, _ in candidates[:tries]:
        box = plot.locator(".scatterlayer .trace").nth(trace).locator(".point").nth(point).bounding_box()
        if not box:
            continue
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.wait_for_timeout(100)  # plotly clicks the hovered point
        page.mouse.click(x, y)
        if after_click(page, found):
            return
    raise AssertionError(f"no click on a timeline event opened its details ({min(tries, len(candidates))} tries)")


# --- data whose text fields hold markup (tests/e2e/test_injected_text.py) ----------------------------

INJECT_MARK = "zzinjected"
INJECT_BOLD = "<b>bold</b>"
INJECT_SCRIPT = "<script>window.__pwned=1</script>"
INJECT_IMG = '<img src=x onerror="window.__pwned=2">'
INJECT_LINK = "[click](javascript:alert(1))"
INJECT_EVENT_ID = "gnq-e2e-injected-event"
INJECT_QUOTE_ID = "e2e-injected-quote"
INJECT_SITE_ID = "gnq-e2e-injected-site"
INJECT_SITE_LAT, INJECT_SITE_LON = 1.55, 10.55  # inland Rio Muni, away from the real GNQ sites


def _append_row(path: Path, make_row) -> None:
    """Append a copy of an existing row, changed by ``make_row(rows) -> dict``."""
    import csv

    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        header, rows = reader.fieldnames, list(reader)
    with open(path, "a", newline="", encoding="utf-8") as f:
        csv.DictWriter(f, fieldnames=header, lineterminator="\n").writerow(make_row(rows))


def write_injected_data(target: Path) -> Path:
    """Copy data/ to ``target`` and add one event, quote and site (valid rows: an existing row with
    new ids, dates and coordinates) whose text fields hold HTML, a script and a javascript: link."""
    shutil.copytree(ROOT / "data", target, ignore=shutil.ignore_patterns("_*"))
    mark, bold, script, img, link = INJECT_MARK, INJECT_BOLD, INJECT_SCRIPT, INJECT_IMG, INJECT_LINK

    def event(rows):
        row = dict(next(r for r in rows if r["country"] == "GNQ" and r["date"].startswith("2024")))
        row.update(event_id=INJECT_EVENT_ID, date="2024-10-01", date_precision="day",
                   title=f"{bold} {mark} event {script}"[:120],
                   summary=f"{img} {link} {bold} {script} {mark} summary", milestone="", context="")
        return row

    def quote(rows):
        row = dict(rows[0])
        row.update(quote_id=INJECT_QUOTE_ID, statement_id="e2e-injected-statement", date="2025-06-29",
                   country="GNQ", text=f"{script} {img} {link} {bold} {mark} quote", language_note="",
                   event_id="")
        return row

    def site(rows):
        row = dict(next(r for r in rows if r["country"] == "GNQ"))
        row.update(site_id=INJECT_SITE_ID, name=f"{bold} {mark} site {script}"[:120],
                   lat=str(INJECT_SITE_LAT), lon=str(INJECT_SITE_LON), status="active",
                   first_reported="2024-09-08", last_reported="2025-04-18",
                   description=f"{img} {link} {bold} {script} {mark} description")
        return row

    _append_row(target / "events.csv", event)
    _append_row(target / "quotes.csv", quote)
    _append_row(target / "sites.csv", site)
    return target

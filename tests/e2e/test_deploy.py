"""deploy/serve: nginx in front of two Streamlit replicas (deploy/README.md).

Smoke tests of the proxy (compression, caching and security headers, the app in Chromium through it
under its content security policy, websocket included) and a fault test: the replica a reader is on
is killed, and the reader's page must come back on the other one showing the same view.
Skipped with one line without nginx, except under CI=true.
"""
from __future__ import annotations

import os
import re
import signal
import time
import urllib.error
import urllib.request

import pytest

from tests.e2e import helpers as h

MALI_2024 = "/map?country=MLI&from=2024-01-01&to=2024-12-31"
CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def fetch(url: str, encoding: str = "identity", method: str = "GET", data: bytes | None = None):
    request = urllib.request.Request(url, method=method, data=data, headers={"Accept-Encoding": encoding})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def a_bundle(base: str) -> str:
    """The path of the main JavaScript bundle that the app's HTML page loads."""
    status, _, body = fetch(base + "/")
    assert status == 200
    found = re.search(r'src="\./(static/js/index\.[^"]+\.js)"', body.decode())
    assert found, "no index bundle in the HTML page"
    return "/" + found.group(1)


class CspLog:
    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        page.add_init_script(CSP_WATCH)
        page.on("console", lambda m: "Content Security Policy" in m.text and self.console.append(m.text[:300]))

    def all(self) -> list[str]:
        try:
            seen = self.page.evaluate("() => window.__cspViolations || []")
        except Exception:
            seen = []
        return self.console + seen


def served_by(page) -> str:
    """Which replica answers this tab's requests (its cookie decides; X-Served-By, DEPLOY_SHOW_REPLICA)."""
    return page.evaluate("async () => (await fetch('/_stcore/health', {cache: 'no-store'}))"
                         ".headers.get('x-served-by')")


def view_of(page) -> dict:
    return {"path": h.url_path(page.url), "params": h.url_params(page.url),
            "countries": h.selected_countries(page), "dates": h.date_range(page),
            "main": page.locator("[data-testid='stMain']").inner_text()}


def test_bundles_precompressed_and_immutable(deployed):
    bundle = deployed.url + a_bundle(deployed.url)
    _, plain_headers, plain = fetch(bundle)
    assert len(plain) > 100_000
    brotli = h.find_nginx() and any(os.path.exists(f"{d}/ngx_http_brotli_static_module.so")
                                    for d in ("/usr/lib/nginx/modules", "/usr/share/nginx/modules"))
    for encoding in (["br", "gzip"] if brotli else ["gzip"]):
        status, headers, body = fetch(bundle, encoding)
        assert status == 200
        assert headers["Content-Encoding"] == encoding, (encoding, dict(headers))
        # Served from a precompressed file: a known length, not a chunked on-the-fly stream.
        assert headers["Content-Length"] and int(headers["Content-Length"]) == len(body)
        assert len(body) < 0.4 * len(plain), (encoding, len(body), len(plain))
        assert "Accept-Encoding" in (headers["Vary"] or "")
    for headers in (plain_headers, fetch(bundle, "gzip")[1]):
        cache = headers["Cache-Control"]
        assert "immutable" in cache and "max-age=31536000" in cache and "public" in cache, cache
    # The HTML page is revalidated (a new release must reach readers) and compressed on the fly.
    status, headers, _ = fetch(deployed.url + "/", "gzip")
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert "no-cache" in headers["Cache-Control"] and "immutable" not in headers["Cache-Control"]


def test_security_headers_and_limits(deployed):
    for path in ("/", "/map?country=CAF", a_bundle(deployed.url), "/_stcore/health"):
        status, headers, _ = fetch(deployed.url + path)
        assert status == 200, path
        csp = headers["Content-Security-Policy"] or ""
        assert "frame-ancestors 'self'" in csp and "default-src 'self'" in csp and "object-src 'none'" in csp, path
        assert "'unsafe-eval'" not in csp, csp
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin", path
        assert headers["X-Frame-Options"] == "SAMEORIGIN", path
        assert headers["Server"] == "nginx", f"version banner: {headers['Server']}"
    # No directory listing; request bodies bounded (1 MB); only GET, HEAD and POST.
    assert fetch(deployed.url + "/static/")[0] == 403
    assert fetch(deployed.url + "/static/js/")[0] == 403
    assert fetch(deployed.url + "/", method="POST", data=b"x" * 2_000_000)[0] == 413
    assert fetch(deployed.url + "/", method="DELETE")[0] == 403
    status, _, body = fetch(deployed.url + "/static/no-such-file.js")
    assert status == 404 and b"nginx/" not in body


@pytest.mark.parametrize("name", list(h.PAGES))
def test_page_works_through_the_proxy_under_csp(deployed, page, errors, name):
    """Every page renders in Chromium through nginx (so the websocket works through it) with no
    content-security-policy violation and no error."""
    csp = CspLog(page)
    query = "country=MLI&from=2024-01-01&to=2024-12-31" if name == "map" else ""
    h.goto(page, deployed.url, h.PAGES[name], query, settle_ms=h.DRAW_MS)
    assert page.locator("[data-testid='stMain'] h1").first.is_visible()
    assert not h.exceptions_shown(page)
    assert not csp.all(), f"{name}: CSP violations: {csp.all()}"
    assert not errors.messages, f"{name}: browser errors: {errors.messages}"
    if name == "map":
        assert h.wait_for_canvas(page) >= 3, "the map was not drawn"


def test_ws_load_client_through_the_proxy(deployed):
    """bench/ws_load.py's protocol client (no browser) against the proxy: a few readers open links,
    change a filter and switch page with 0 errors, on both replicas."""
    import argparse
    import asyncio
    import sys
    import threading

    sys.path.insert(0, str(h.ROOT / "bench"))
    import ws_load

    args = argparse.Namespace(ramp=1.0, warmup=1.0, duration=5.0, think=0.3)
    out = {}

    def run() -> None:  # its own thread: Playwright's sync API keeps an event loop in this one
        out["result"] = asyncio.run(ws_load.run_step(
            deployed.url.replace("http://", "ws://") + "/_stcore/stream", deployed.url, 4, args,
            deployed.run, seed=1))

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(60)
    result = out["result"]
    assert result["errors"] == 0, result["error_samples"]
    assert all(result["per_action"][a]["n"] > 0 for a in ws_load.ACTIONS), result["per_action"]
    assert set(result["replica_cpu_pct"]) == {"1", "2"}


def test_killed_replica_reader_reconnects_to_same_view(deployed, browser, browser_context_args):
    """A reader on /map with filters in the URL; the replica serving them is killed (SIGKILL). The
    page must reconnect through nginx to the other replica and show the same view, with no error on
    the page and no CSP violation; the killed replica is restarted; a new reader is served."""
    context = browser.new_context(**browser_context_args)
    try:
        page = context.new_page()
        errors = h.watch_errors(page)
        csp = CspLog(page)
        h.goto(page, deployed.url, MALI_2024, settle_ms=h.DRAW_MS)
        before = view_of(page)
        assert before["countries"] == ["Mali"] and before["dates"] == ("2024-01-01", "2024-12-31"), before
        first = served_by(page)
        victim = next(r for r in deployed.replicas() if first.endswith(f":{r['port']}"))
        restarts = victim["restarts"]

        os.kill(victim["pid"], signal.SIGKILL)
        page.wait_for_selector("[data-testid='stApp']:not([data-test-connection-state='CONNECTED'])",
                               timeout=15000)
        h.wait_for_run(page, h.DRAW_MS)

        # Usually the other replica (nginx took the dead one out); the restarted one is live too.
        second = served_by(page)
        assert second and any(second.endswith(f":{r['port']}") for r in deployed.replicas()), second
        after = view_of(page)
        assert after == before, f"view changed after the fail-over:\n{before}\n{after}"
        assert h.wait_for_canvas(page) >= 3, "the map was not redrawn"
        assert not h.exceptions_shown(page)
        assert page.locator("[data-testid='stException'], [role='alert'], [data-testid='stAlert']"
                            ":has-text('error')").count() == 0
        assert page.locator("[data-testid='stConnectionStatus'], [role='dialog']").count() == 0
        assert not csp.all(), f"CSP violations: {csp.all()}"
        # The websocket's own failure is reported by Chromium while the replica is down; nothing else.
        other = [m for m in errors.messages if "WebSocket" not in m]
        assert not other, f"browser errors: {other}"

        # The supervisor restarts the killed replica.
        deadline = time.monotonic() + 45
        while time.monotonic() < deadline:
            mine = next(r for r in deployed.replicas() if r["number"] == victim["number"])
            if mine["restarts"] > restarts and mine["healthy"]:
                break
            time.sleep(0.5)
        else:
            pytest.fail(f"replica {victim['number']} was not restarted: {deployed.replicas()}\n{deployed.log_tail()}")

        # Nothing else fails: a new reader gets a working page.
        fresh = context.new_page()
        fresh_errors = h.watch_errors(fresh)
        h.goto(fresh, deployed.url, "/timeline", "country=CAF", settle_ms=h.SETTLE_MS)
        assert not h.exceptions_shown(fresh) and not fresh_errors.messages
    finally:
        context.close()


def test_ctrl_c_stops_everything(nginx, tmp_path):
    """deploy/serve in the foreground: Ctrl-C (SIGINT) stops nginx and every replica, exit status 0."""
    server = h.start_deploy(tmp_path / "run", replicas=1, name="deploy-ctrl-c")
    try:
        state = server.replicas()
        import json

        nginx_pid = json.loads((server.run / "replicas.json").read_text())["nginx_pid"]
        pids = [nginx_pid] + [r["pid"] for r in state]
        assert all(_alive(p) for p in pids)
        os.kill(server.proc.pid, signal.SIGINT)
        assert server.proc.wait(30) == 0, server.log_tail()
        deadline = time.monotonic() + 10
        while any(_alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [p for p in pids if _alive(p)], "processes left running after Ctrl-C"
        with pytest.raises(OSError):
            urllib.request.urlopen(server.url + "/_stcore/health", timeout=2)
    finally:
        server.stop()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent) counts as stopped.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False

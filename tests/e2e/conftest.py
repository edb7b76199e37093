"""Real-browser tests: one Streamlit server per session, Chromium driven by pytest-playwright.

Browser: Debian's chromium (/usr/bin/chromium) when installed, else Playwright's own build.
With neither, the e2e tests are skipped with one line, unless CI=true, where they fail.
Run: python -m pytest tests/e2e -q   (or -m e2e; -m "not e2e" leaves them out)

E2E_TARGET=deploy runs every browser test against deploy/serve (nginx and two replicas) instead of
`streamlit run`. The proxy's own tests (test_deploy.py) always use deploy/serve; without nginx they are
skipped with one line, unless CI=true, where they fail.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e import helpers

HERE = Path(__file__).resolve().parent
_state: dict = {}


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def pytest_configure(config):
    config.addinivalue_line("markers", "e2e: real-browser test of the running app (tests/e2e; needs Chromium)")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    # One clear line when the browser tests were skipped (-rs lists the reason per test instead).
    if _state.get("skipped") and "s" not in (config.option.reportchars or "") and \
            "a" not in (config.option.reportchars or ""):
        terminalreporter.write_line(helpers.NO_BROWSER, yellow=True)
    if _state.get("nginx_skipped") and "s" not in (config.option.reportchars or "") and \
            "a" not in (config.option.reportchars or ""):
        terminalreporter.write_line(helpers.NO_NGINX, yellow=True)


@pytest.fixture(scope="session")
def browser_kind() -> str:
    """'system:/usr/bin/chromium' or 'playwright'; skips (or fails under CI=true) without a browser."""
    if "kind" not in _state:
        _state["kind"] = helpers.find_browser()
    if _state["kind"] is None:
        if _in_ci():
            pytest.fail("CI=true but " + helpers.NO_BROWSER.replace("browser tests skipped: ", ""), pytrace=False)
        _state["skipped"] = True
        pytest.skip(helpers.NO_BROWSER)
    return _state["kind"]


@pytest.fixture(scope="session", autouse=True)
def _require_browser(browser_kind):
    """Autouse, so the check runs before any fixture launches a browser or a server."""


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, browser_kind):
    return {**browser_type_launch_args, **helpers.launch_kwargs(browser_kind)}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": dict(helpers.DESKTOP)}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test's report ends with the tracebacks the app's servers logged."""
    report = yield
    if report.failed and item.get_closest_marker("e2e"):
        for server in helpers.SERVERS:
            tail = helpers.tracebacks(server)
            if tail:
                report.sections.append((f"streamlit server log ({server.url})", tail))
    return report


# Servers other than the main one take seconds to start: they are launched (not waited for) when
# the session starts, if a selected test needs them, so that they start while other tests run.
_EXTRA = {"injected_url": "injected", "fresh_server": "fresh", "deployed": "deployed"}


def _target_is_deploy() -> bool:
    return os.environ.get("E2E_TARGET", "").strip().lower() == "deploy"


def _require_nginx() -> None:
    if helpers.find_nginx() is None:
        if _in_ci():
            pytest.fail("CI=true but " + helpers.NO_NGINX.replace("deploy tests skipped: ", ""), pytrace=False)
        _state["nginx_skipped"] = True
        pytest.skip(helpers.NO_NGINX)


@pytest.fixture(scope="session", autouse=True)
def _prestart(_require_browser, request, tmp_path_factory):
    wanted = {_EXTRA[f] for item in request.session.items for f in getattr(item, "fixturenames", ())
              if f in _EXTRA}
    started = {}
    if "injected" in wanted:
        data = helpers.write_injected_data(tmp_path_factory.mktemp("injected") / "data")
        started["injected"] = helpers.start_server(data, wait=False, name="injected")
    if "fresh" in wanted:
        started["fresh"] = helpers.start_server(wait=False, name="fresh")
    if "deployed" in wanted and helpers.find_nginx():
        started["deployed"] = helpers.start_deploy(tmp_path_factory.mktemp("deploy"), wait=False)
    _state["prestarted"] = started
    yield
    for server in started.values():
        server.stop()


@pytest.fixture(scope="session")
def app_server(browser, tmp_path_factory):
    if _target_is_deploy():
        _require_nginx()
        server = helpers.serve(browser, server=helpers.start_deploy(tmp_path_factory.mktemp("deploy-main"),
                                                                    wait=False, name="deploy-main"))
    else:
        server = helpers.serve(browser)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def nginx() -> str:
    """The nginx binary; skips without one (fails under CI=true)."""
    _require_nginx()
    return helpers.find_nginx()


@pytest.fixture(scope="session")
def deployed(browser) -> helpers.Deploy:
    """deploy/serve (nginx, two replicas) started when the session started, warmed up by opening /."""
    _require_nginx()
    return helpers.serve(browser, server=_state["prestarted"]["deployed"])


@pytest.fixture(scope="session")
def injected_url(browser) -> str:
    """A server whose data holds markup in its text fields (helpers.write_injected_data)."""
    return helpers.serve(browser, server=_state["prestarted"]["injected"]).url


@pytest.fixture(scope="session")
def fresh_server() -> helpers.Server:
    """A server no browser has visited yet (not warmed up by opening /)."""
    server = _state["prestarted"]["fresh"]
    server.wait_ready()
    helpers.SERVERS.append(server)
    return server


@pytest.fixture(scope="session")
def shared_context(browser, browser_context_args):
    """One browser context for the session: the app's static files are cached across tests, while
    every new tab is still a new Streamlit session."""
    context = browser.new_context(**browser_context_args)
    yield context
    context.close()


@pytest.fixture
def page(shared_context):
    """A new tab (a new Streamlit session) in the shared context (replaces pytest-playwright's page)."""
    tab = shared_context.new_page()
    yield tab
    tab.close()


@pytest.fixture(scope="session")
def app_url(app_server) -> str:
    return app_server.url


@pytest.fixture
def errors(page) -> helpers.ErrorLog:
    """Console errors (offline noise left out) and page errors of ``page`` during the test."""
    return helpers.watch_errors(page)

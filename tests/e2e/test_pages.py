"""Every page in a real browser: it loads cleanly, draws its map or chart, answers clicks, and keeps
the sidebar filters in the URL. Screenshots go to artifacts/screenshots/."""
from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from tests.e2e import helpers as h

ALL = h.COUNTRY_NAMES
GNQ_2024 = "country=GNQ&from=2024-01-01&to=2024-12-31"


def assert_clean(page, errors, what: str) -> None:
    shown = h.exceptions_shown(page)
    assert not shown, f"{what}: exception on screen: {shown}"
    assert not errors.messages, f"{what}: browser errors: {errors.messages}"


@pytest.mark.parametrize("name", list(h.PAGES))
def test_page_loads_without_errors(page, errors, app_url, name):
    h.goto(page, app_url, h.PAGES[name], settle_ms=h.DRAW_MS)
    assert_clean(page, errors, name)
    expect(page.locator("[data-testid='stMain'] h1").first).to_be_visible()
    # The default filters are written into the URL.
    params = h.url_params(page.url)
    assert params.get("country") == list(ALL), page.url
    assert params.get("from") and params.get("to"), page.url
    h.screenshot(page, name)
    h.screenshot(page, f"{name}-full", full_page=True)


@pytest.mark.parametrize("name", ["overview", "timeline", "quotes", "sources"])
def test_pages_contact_no_third_party(page, app_url, name):
    """Readers are not tracked: apart from the Map's optional basemap (Carto, a toggle that says so),
    the browser talks to the app's own server only - no icon or font fetched from elsewhere."""
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    h.goto(page, app_url, h.PAGES[name], settle_ms=h.DRAW_MS)
    origin = app_url.rstrip("/")
    elsewhere = [url for url in requested if not url.startswith((origin, "data:", "blob:"))]
    assert requested and not elsewhere, f"{name} fetched from other hosts: {elsewhere}"


def test_overview_on_a_phone(browser, app_url):
    context = browser.new_context(viewport=dict(h.PHONE), is_mobile=True, has_touch=True)
    page = context.new_page()
    errors = h.watch_errors(page)
    try:
        h.goto(page, app_url, "/", settle_ms=h.DRAW_MS)
        assert_clean(page, errors, "overview (phone)")
        expect(page.locator("[data-testid='stMain'] h1").first).to_be_visible()
        widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1] + 1, f"the page scrolls sideways on a phone: {widths}"
        h.screenshot(page, "overview-phone")
        h.screenshot(page, "overview-phone-full", full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("name", list(h.PAGES))
def test_filtered_link_on_every_page(page, errors, app_url, name):
    h.goto(page, app_url, h.PAGES[name], GNQ_2024)
    assert_clean(page, errors, name)
    assert h.selected_countries(page) == ["Equatorial Guinea"]
    assert h.date_range(page) == ("2024-01-01", "2024-12-31")
    params = h.url_params(page.url)
    assert params.get("country") == ["GNQ"] and params.get("from") == ["2024-01-01"] \
        and params.get("to") == ["2024-12-31"], page.url
    assert h.url_path(page.url) == h.PAGES[name]


def test_map_canvas_draws(page, errors, app_url):
    h.goto(page, app_url, "/map")
    chart = page.locator("[data-testid='stDeckGlJsonChart']").first
    expect(chart).to_be_visible()
    canvas = h.deck_canvas(page)
    expect(canvas).to_be_visible()
    box = canvas.bounding_box()
    assert box["width"] > 200 and box["height"] > 200, box
    colours = h.wait_for_canvas(page, min_colours=3)
    assert colours >= 3, f"the map canvas is blank ({colours} colour(s))"
    assert_clean(page, errors, "map")


def test_timeline_plots_points(page, errors, app_url):
    h.goto(page, app_url, "/timeline")
    plot = page.locator("[data-testid='stMain'] .js-plotly-plot").first
    expect(plot).to_be_visible()
    points = plot.locator(".scatterlayer .point")
    expect(points.first).to_be_attached()
    assert points.count() > 10, f"only {points.count()} points on the timeline"
    kinds = page.evaluate(h.JS_POINT_KINDS)
    assert kinds.get("event", 0) > 10 and kinds.get("statement", 0) > 0, kinds
    assert_clean(page, errors, "timeline")


def test_filter_change_goes_to_url_and_link_restores_view(page, errors, app_url):
    h.goto(page, app_url, "/map")
    assert "GNQ" in h.url_params(page.url)["country"]
    h.remove_country(page, "Equatorial Guinea")
    params = h.url_params(page.url)
    assert params["country"] == ["MLI", "CAF"], page.url
    h.set_start_year(page, 2024)
    params = h.url_params(page.url)
    assert params["from"][0].startswith("2024-"), page.url
    countries, dates, link = h.selected_countries(page), h.date_range(page), page.url
    assert countries == ["Mali", "Central African Republic"]
    assert dates[0] == params["from"][0] and dates[1] == params["to"][0]
    assert_clean(page, errors, "map after filter changes")

    # The link in a new tab (a new Streamlit session) shows the same view.
    other = page.context.new_page()
    try:
        other.goto(link)
        h.wait_for_run(other)
        assert h.selected_countries(other) == countries
        assert h.date_range(other) == dates
        assert h.url_params(other.url) == params
        assert not h.exceptions_shown(other)
    finally:
        other.close()


def test_sidebar_navigation_keeps_filters(page, errors, app_url):
    h.goto(page, app_url, "/", "country=MLI&country=CAF&from=2024-02-01&to=2024-11-30")
    want = {"country": ["MLI", "CAF"], "from": ["2024-02-01"], "to": ["2024-11-30"]}
    for name in ["map", "timeline", "quotes", "sources", "overview"]:
        h.nav_link(page, name).click()
        page.wait_for_url(lambda url, name=name: h.url_path(url) == h.PAGES[name])
        h.wait_for_run(page)
        assert {k: v for k, v in h.url_params(page.url).items() if k in want} == want, (name, page.url)
        assert h.selected_countries(page) == ["Mali", "Central African Republic"], name
        assert h.date_range(page) == ("2024-02-01", "2024-11-30"), name
        assert_clean(page, errors, name)


def test_map_marker_click_opens_details(page, errors, app_url):
    h.goto(page, app_url, "/map", "country=GNQ")
    assert h.details_with_sources(page).count() == 0
    h.click_site(page, ["GNQ"], lat=3.7521, lon=8.7737)  # Malabo
    details = h.details_with_sources(page).first
    expect(details).to_be_visible()
    assert h.http_links(details).count() >= 1
    expect(page.locator("[data-testid='stMain'] h3").filter(has_text="Malabo").first).to_be_visible()
    assert_clean(page, errors, "map after click")


def test_timeline_point_click_opens_details(page, errors, app_url):
    h.goto(page, app_url, "/timeline")
    assert h.details_with_sources(page).count() == 0
    h.click_timeline_event(page)
    details = h.details_with_sources(page).first
    expect(details).to_be_visible()
    assert h.http_links(details).count() >= 1
    assert_clean(page, errors, "timeline after click")


def test_fresh_server_deep_link(browser, fresh_server):
    server = fresh_server
    context = browser.new_context(viewport=dict(h.DESKTOP))
    try:
        page = context.new_page()
        h.goto(page, server.url, "/map", GNQ_2024)
        # Streamlit starts in legacy pages/ mode; the page reruns itself through app.py (presence/ui/shell.py),
        # so wait for that second run rather than the first.
        deadline = time.monotonic() + 20
        while h.selected_countries(page) != ["Equatorial Guinea"] and time.monotonic() < deadline:
            page.wait_for_timeout(250)
        h.wait_for_run(page)
        assert not h.exceptions_shown(page), "a deep link as the server's first visit shows an exception"
        assert h.selected_countries(page) == ["Equatorial Guinea"]
        nav = page.locator("[data-testid='stSidebarNav'] a").all_inner_texts()
        labels = [t.strip().splitlines()[-1] for t in nav]  # each link also holds its icon's name
        assert labels == list(h.NAV_LABELS.values()), f"sidebar navigation: {nav}"
    finally:
        context.close()


def test_event_link_opens_event_without_warning(page, errors, app_url):
    """The quote cards link to the timeline with ?event=<id>: it opens that event, with no warning."""
    h.goto(page, app_url, "/timeline")
    event_id = next(p[3] for p in h.timeline_points(page) if p[2] == "event")
    h.goto(page, app_url, "/timeline", f"event={event_id}")
    details = h.details_with_sources(page).first
    expect(details).to_be_visible()
    assert h.http_links(details).count() >= 1
    warnings = page.locator("[data-testid='stAlert']").filter(has_text="unknown link parameter").count()
    assert warnings == 0, "the timeline's own ?event= link is reported as an unknown parameter"
    assert "event" in h.url_params(page.url), page.url
    assert_clean(page, errors, "timeline ?event=")

"""What only a browser shows for issue 13: the Story's step links and navigation, and the Map's month
stepper keeping the URL in step with the month shown."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e import helpers as h


def _heading(page, text: str):
    return page.locator("[data-testid='stMain'] h2").filter(has_text=text).first


def test_story_step_link_prev_next_and_timeline_link(page, errors, app_url):
    h.goto(page, app_url, "/story", "step=7", settle_ms=h.DRAW_MS)
    expect(_heading(page, "Wagner leaves Mali; the Africa Corps stays")).to_be_visible()
    expect(page.locator("[data-testid='stDeckGlJsonChart']").first).to_be_visible()
    assert h.wait_for_canvas(page, min_colours=3) >= 3

    page.get_by_role("button", name="Next").first.click()
    h.wait_for_run(page)
    expect(_heading(page, "The CAR keeps Wagner")).to_be_visible()
    assert h.url_params(page.url).get("step") == ["8"], page.url
    page.get_by_role("button", name="Previous").first.click()
    h.wait_for_run(page)
    expect(_heading(page, "Wagner leaves Mali")).to_be_visible()
    assert h.url_params(page.url).get("step") == ["7"], page.url

    # Every record of the step links to its sources.
    records = page.locator("[data-testid='stMain'] li").filter(has=page.locator("a[href^='http']"))
    assert records.count() >= 3

    page.locator("[data-testid='stMain'] a").filter(has_text="Open the Timeline at this moment").first.click()
    page.wait_for_url(lambda url: h.url_path(url) == "/timeline")
    h.wait_for_run(page)
    params = h.url_params(page.url)
    assert params.get("country") == ["MLI"] and params.get("from") == ["2025-03-30"] \
        and params.get("to") == ["2025-07-31"], page.url
    assert h.details_with_sources(page).count() >= 1  # the step's first event is open
    assert not h.exceptions_shown(page) and not errors.messages, errors.messages


def _status_line(page) -> str:
    return page.locator("[data-testid='stCaptionContainer']").filter(has_text=re.compile(r"^As of \d")).first.inner_text()


def test_map_month_stepper_moves_markers_and_url(page, errors, app_url):
    h.goto(page, app_url, "/map", "country=MLI&from=2025-01-01&to=2025-08-31", settle_ms=h.DRAW_MS)
    h.wait_for_canvas(page, min_colours=3)
    before_line, before_png = _status_line(page), h.deck_canvas(page).screenshot()
    assert "31 August 2025" in before_line, before_line

    for _ in range(3):  # August -> May 2025: before Wagner's exit
        page.get_by_role("button", name="Previous month").click()
        h.wait_for_run(page)
    assert h.url_params(page.url).get("asof") == ["2025-05"], page.url
    after_line = _status_line(page)
    assert "31 May 2025" in after_line and after_line != before_line, after_line
    expect(page.locator("[data-testid='stMain'] h2, [data-testid='stMain'] h3")
           .filter(has_text="as of 31 May 2025").first).to_be_visible()
    page.wait_for_timeout(800)
    assert h.deck_canvas(page).screenshot() != before_png, "the markers did not change"

    # The URL opens the same picture in a new session.
    other = page.context.new_page()
    try:
        other.goto(page.url)
        h.wait_for_run(other)
        assert "31 May 2025" in _status_line(other)
    finally:
        other.close()
    assert not h.exceptions_shown(page) and not errors.messages, errors.messages


def test_map_play_steps_through_the_months_and_stops_at_the_end(page, errors, app_url):
    h.goto(page, app_url, "/map", "country=MLI&from=2025-01-01&to=2025-08-31&asof=2025-05", settle_ms=h.DRAW_MS)
    page.get_by_role("button", name="Play").click()
    seen = set()
    for _ in range(40):  # one month every 1.2 s: May to August well within 12 s
        page.wait_for_timeout(300)
        seen.add(h.url_params(page.url).get("asof", [""])[0])
        if "2025-08" in seen and page.get_by_role("button", name="Play").count():
            break
    assert {"2025-06", "2025-07", "2025-08"} <= seen, seen
    expect(page.get_by_role("button", name="Play")).to_be_visible()  # stopped at the range's end
    assert "31 August 2025" in _status_line(page)
    assert not h.exceptions_shown(page) and not errors.messages, errors.messages


def test_overview_chart_month_opens_the_map_with_the_same_filters(page, errors, app_url):
    """Issue 18 item 6: a month of the Overview's presence chart links to the Map as of that month with
    the same countries and dates (a Mali-only selection stays Mali-only)."""
    h.goto(page, app_url, "/", "country=MLI&from=2024-01-01&to=2025-12-31", settle_ms=h.DRAW_MS)
    chart = page.locator("[data-testid='stMain'] svg.presence-over-time")
    expect(chart).to_be_visible()
    assert "Mali" in chart.locator("[role='img']").get_attribute("aria-label")
    assert page.locator(".js-plotly-plot").count() == 0  # no plotly.js on the Overview
    month = "2025-03"
    link = chart.locator(f"a[href$='asof={month}']")
    assert "March 2025" in link.get_attribute("aria-label")
    link.click()
    page.wait_for_url(lambda url: h.url_path(url) == "/map")
    h.wait_for_run(page, h.DRAW_MS)
    params = h.url_params(page.url)
    assert params.get("country") == ["MLI"] and params.get("from") == ["2024-01-01"] \
        and params.get("to") == ["2025-12-31"] and params.get("asof") == [month], page.url
    assert h.selected_countries(page) == ["Mali"]
    assert "31 March 2025" in _status_line(page)
    expect(page.locator("[data-testid='stMain'] h2").filter(has_text="Russian presence, Mali, as of 31 March 2025")
           ).to_be_visible()
    assert not h.exceptions_shown(page) and not errors.messages, errors.messages

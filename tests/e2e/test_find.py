"""Record pages, search and the places under the map, in Chromium."""
from __future__ import annotations

from playwright.sync_api import expect

from presence.asof import month_options, state_as_of
from presence.dataset import load_dataset
from presence.filters import FilterState, sites_in_view
from presence.places import places_table
from tests.e2e import helpers as h


def _first_place(country: str) -> str:
    dataset = load_dataset()
    default = FilterState.default(dataset.first_day.date(), dataset.cutoff.date())
    state = FilterState((country,), default.start, default.end)
    shown = state_as_of(state, month_options(state)[-1])
    return places_table(sites_in_view(dataset.sites, shown)).iloc[0]["Place"]


def test_places_table_row_selects_the_presence(page, errors, app_url):
    h.goto(page, app_url, "/map", "country=MLI")
    grid = page.locator("[data-testid='stDataFrame']").first
    expect(grid).to_be_visible()
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    # The first data row's selection box: header row 35 px, rows 35 px, checkbox column at the left.
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    h.wait_for_run(page)
    details = page.locator("[data-testid='stMain'] h3").filter(has_text=_first_place("MLI"))
    expect(details.first).to_be_visible()
    assert page.get_by_text("Open the record's page").count() >= 1
    assert not h.exceptions_shown(page)
    assert not errors.messages, errors.messages


def test_sidebar_search_then_record_page(page, errors, app_url):
    h.goto(page, app_url, "/timeline", "country=MLI")
    box = h.sidebar(page).get_by_placeholder("Kidal, Goïta, Ménaka…")
    box.fill("Menaka")
    box.press("Enter")
    h.wait_for_run(page)
    assert h.url_path(page.url) == "/search"
    assert h.url_params(page.url).get("q") == ["Menaka"]
    result = page.locator("[data-testid='stMain'] [data-testid='stPageLink'] a").filter(has_text="Ménaka").first
    expect(result).to_be_visible()
    result.click()
    h.wait_for_run(page)
    assert h.url_path(page.url) == "/record"
    expect(page.locator("h1").filter(has_text="Ménaka").first).to_be_visible()
    expect(page.get_by_text("Cite this record")).to_be_visible()
    assert not h.exceptions_shown(page)
    assert not errors.messages, errors.messages

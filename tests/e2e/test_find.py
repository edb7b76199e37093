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


def test_a_place_picked_under_the_map_selects_the_presence(page, errors, app_url):
    h.goto(page, app_url, "/map", "country=MLI")
    table = page.locator("[data-testid='stMarkdownContainer'] table").first
    expect(table).to_be_visible()
    place = _first_place("MLI")
    assert table.locator("tbody tr").first.locator("td").first.inner_text().strip() == place
    # Wider than a narrow window, the table scrolls in its own box, not the whole page.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("() => { const m = document.querySelector(\"[data-testid='stMain']\");"
                         " return m.scrollWidth <= m.clientWidth; }")
    page.set_viewport_size({"width": 1400, "height": 900})
    # By keyboard, as a screen-reader user would: focus the picker, type, choose.
    picker = page.get_by_label("Show a place on the map")
    picker.focus()
    page.keyboard.type(place[:12])
    page.keyboard.press("Enter")
    h.wait_for_run(page)
    details = page.locator("[data-testid='stMain'] h3").filter(has_text=place)
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

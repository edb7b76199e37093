"""Text from the data is shown as text: HTML, scripts and markdown links in the CSVs stay inert.

A second server (the session's ``injected_url``, see conftest.py) reads a copy of data/ with extra
rows (valid otherwise, see helpers.write_injected_data) whose text fields hold markup. Every page that shows them must show the characters, never run or render them.
"""
from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e import helpers as h

MARK, BOLD, SCRIPT, IMG, LINK = h.INJECT_MARK, h.INJECT_BOLD, h.INJECT_SCRIPT, h.INJECT_IMG, h.INJECT_LINK


def assert_inert(page, where: str) -> None:
    assert page.evaluate("() => typeof window.__pwned") == "undefined", f"{where}: injected script ran"
    assert page.locator("img[src='x']").count() == 0, f"{where}: an <img> was made from data"
    assert page.locator("b:text-is('bold'), strong:text-is('bold')").count() == 0, \
        f"{where}: <b>bold</b> from data was rendered as bold"
    assert page.locator("a[href^='javascript' i], [href*='javascript:' i]").count() == 0, \
        f"{where}: a javascript: link was made from data"
    scripts = page.evaluate("() => [...document.scripts].filter(s => s.textContent.includes('__pwned')).length")
    assert scripts == 0, f"{where}: a <script> element was made from data"
    # The characters themselves are on screen.
    expect(page.get_by_text(SCRIPT).first).to_be_visible()
    expect(page.get_by_text(MARK).first).to_be_visible()


def assert_no_data_problems(page) -> None:
    """The injected rows are valid: none was left out (else this test would prove nothing)."""
    problems = page.locator("[data-testid='stAlert']").filter(has_text="problem(s) in the data")
    assert problems.count() == 0, problems.first.inner_text()


def test_quotes_page_shows_injected_text_as_text(page, errors, injected_url):
    h.goto(page, injected_url, "/quotes", f"country=GNQ&q={MARK}")
    assert_no_data_problems(page)
    assert not h.exceptions_shown(page)
    card = page.locator("[data-testid='stMain'] [data-testid='stMarkdownContainer']").filter(has_text=MARK).first
    expect(card).to_be_visible()
    for text in (SCRIPT, IMG, LINK, BOLD):
        assert text in card.inner_text(), f"quote card lost {text!r}: {card.inner_text()!r}"
    # Open its sources (an expander drawn on opening, with links and a citation block).
    page.locator("[data-testid='stExpander'] summary").filter(has_text="citation to copy").first.click()
    h.wait_for_run(page)
    expect(page.locator("[data-testid='stCode']").first).to_be_visible()
    assert_inert(page, "quotes")
    assert not errors.messages, errors.messages


def test_overview_shows_injected_statement_as_text(page, errors, injected_url):
    h.goto(page, injected_url, "/", "country=GNQ")
    assert not h.exceptions_shown(page)
    assert_inert(page, "overview")
    assert not errors.messages, errors.messages


def test_timeline_shows_injected_event_as_text(page, errors, injected_url):
    h.goto(page, injected_url, "/timeline", "country=GNQ&from=2024-01-01&to=2024-12-31")
    assert not h.exceptions_shown(page)
    heading = page.locator("[data-testid='stMain'] h3").filter(has_text=MARK)
    h.click_timeline_event(page, h.INJECT_EVENT_ID, found=lambda: heading.count() > 0)
    expect(heading.first).to_contain_text(BOLD)
    expect(heading.first).to_contain_text(SCRIPT)
    summary = page.locator("[data-testid='stMain'] [data-testid='stMarkdownContainer']").filter(
        has_text=f"{MARK} summary").first
    expect(summary).to_contain_text(IMG)
    expect(summary).to_contain_text(LINK)
    assert h.http_links(h.details_with_sources(page).first).count() >= 1
    assert_inert(page, "timeline")
    assert not errors.messages, errors.messages


def test_map_shows_injected_site_as_text(page, errors, injected_url):
    h.goto(page, injected_url, "/map", "country=GNQ")
    assert not h.exceptions_shown(page)
    heading = page.locator("[data-testid='stMain'] h3").filter(has_text=MARK)
    h.click_site(page, ["GNQ"], h.INJECT_SITE_LAT, h.INJECT_SITE_LON, found=lambda: heading.count() > 0)
    expect(heading.first).to_contain_text(SCRIPT)
    description = page.locator("[data-testid='stMain'] [data-testid='stMarkdownContainer']").filter(
        has_text=f"{MARK} description").first
    expect(description).to_contain_text(IMG)
    expect(description).to_contain_text(LINK)
    assert_inert(page, "map")
    # deck.gl's hover tooltip is set as text too.
    tooltip = page.locator(".deck-tooltip")
    if tooltip.count() and tooltip.first.is_visible():
        assert tooltip.first.locator("b, img, script").count() == 0
        expect(tooltip.first).to_contain_text(SCRIPT)
    assert not errors.messages, errors.messages


def test_record_pages_show_injected_text_as_text(page, errors, injected_url):
    for record_id in (h.INJECT_EVENT_ID, h.INJECT_SITE_ID, "e2e-injected-statement"):
        h.goto(page, injected_url, "/record", f"id={record_id}")
        assert not h.exceptions_shown(page)
        assert_no_data_problems(page)
        expect(page.get_by_text(MARK).first).to_be_visible()
        assert_inert(page, f"record {record_id}")
    assert not errors.messages, errors.messages


def test_search_shows_injected_text_as_text(page, errors, injected_url):
    h.goto(page, injected_url, "/search", f"q={MARK}&scope=all")
    assert not h.exceptions_shown(page)
    assert page.locator("[data-testid='stMain'] h2").filter(has_text="Events (").count() == 1
    assert_inert(page, "search")
    assert not errors.messages, errors.messages

"""Text from the data is shown as text: HTML, scripts and markdown links in the CSVs stay inert.

A second server reads a copy of data/ with extra rows (valid otherwise) whose text fields hold
markup. Every page that shows them must show the characters, never run or render them.
"""
from __future__ import annotations

import csv
import shutil

import pytest
from playwright.sync_api import expect

from tests.e2e import helpers as h

MARK = "zzinjected"
BOLD = "<b>bold</b>"
SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=2">'
LINK = "[click](javascript:alert(1))"

EVENT_ID = "gnq-e2e-injected-event"
QUOTE_ID = "e2e-injected-quote"
SITE_ID = "gnq-e2e-injected-site"
SITE_LAT, SITE_LON = 1.55, 10.55  # inland Río Muni, away from the real GNQ sites


def _append(path, make_row) -> None:
    """Append a copy of an existing row, changed by ``make_row(rows) -> dict``."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        header, rows = reader.fieldnames, list(reader)
    with open(path, "a", newline="", encoding="utf-8") as f:
        csv.DictWriter(f, fieldnames=header, lineterminator="\n").writerow(make_row(rows))


def _event(rows):
    row = dict(next(r for r in rows if r["country"] == "GNQ" and r["date"].startswith("2024")))
    row.update(event_id=EVENT_ID, date="2024-10-01", date_precision="day",
               title=f"{BOLD} {MARK} event {SCRIPT}"[:120],
               summary=f"{IMG} {LINK} {BOLD} {SCRIPT} {MARK} summary", milestone="", context="")
    return row


def _quote(rows):
    row = dict(rows[0])
    row.update(quote_id=QUOTE_ID, statement_id="e2e-injected-statement", date="2025-06-29", country="GNQ",
               text=f"{SCRIPT} {IMG} {LINK} {BOLD} {MARK} quote", language_note="", event_id="")
    return row


def _site(rows):
    row = dict(next(r for r in rows if r["country"] == "GNQ"))
    row.update(site_id=SITE_ID, name=f"{BOLD} {MARK} site {SCRIPT}"[:120], lat=str(SITE_LAT),
               lon=str(SITE_LON), status="active", first_reported="2024-09-08", last_reported="2025-04-18",
               description=f"{IMG} {LINK} {BOLD} {SCRIPT} {MARK} description")
    return row


@pytest.fixture(scope="module")
def injected_url(browser, tmp_path_factory):
    data = tmp_path_factory.mktemp("injected") / "data"
    shutil.copytree(h.ROOT / "data", data, ignore=shutil.ignore_patterns("_staging", "_*"))
    _append(data / "events.csv", _event)
    _append(data / "quotes.csv", _quote)
    _append(data / "sites.csv", _site)
    server = h.serve(browser, data)
    yield server.url
    server.stop()


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
    card = page.locator("[data-testid='stMain'] blockquote").filter(has_text=MARK).first
    expect(card).to_be_visible()
    for text in (SCRIPT, IMG, LINK, BOLD):
        assert text in card.inner_text(), f"quote card lost {text!r}: {card.inner_text()!r}"
    # Open its sources (an expander with links and a citation block).
    page.locator("[data-testid='stExpander'] summary").filter(has_text="Sources and citation").first.click()
    page.wait_for_timeout(300)
    assert_inert(page, "quotes")
    assert not errors.messages, errors.messages


def test_overview_shows_injected_statement_as_text(page, errors, injected_url):
    h.goto(page, injected_url, "/", "country=GNQ")
    assert not h.exceptions_shown(page)
    assert_inert(page, "overview")
    assert not errors.messages, errors.messages


def test_timeline_shows_injected_event_as_text(page, errors, injected_url):
    h.goto(page, injected_url, "/timeline", "country=GNQ&from=2024-01-01&to=2024-12-31", settle_ms=h.DRAW_MS)
    assert not h.exceptions_shown(page)
    heading = page.locator("[data-testid='stMain'] h3").filter(has_text=MARK)
    h.click_timeline_event(page, EVENT_ID, found=lambda: heading.count() > 0)
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
    h.goto(page, injected_url, "/map", "country=GNQ", settle_ms=h.DRAW_MS)
    assert not h.exceptions_shown(page)
    heading = page.locator("[data-testid='stMain'] h3").filter(has_text=MARK)
    h.click_site(page, ["GNQ"], SITE_LAT, SITE_LON, found=lambda: heading.count() > 0)
    expect(heading.first).to_contain_text(SCRIPT)
    description = page.locator("[data-testid='stMain'] [data-testid='stMarkdownContainer']").filter(
        has_text=f"{MARK} description").first
    expect(description).to_contain_text(IMG)
    expect(description).to_contain_text(LINK)
    assert_inert(page, "map")
    # deck.gl's hover tooltip is set as text too.
    tooltip = page.locator(".deck-tooltip")
    if tooltip.count():
        assert tooltip.first.locator("b, img, script").count() == 0
    assert not errors.messages, errors.messages

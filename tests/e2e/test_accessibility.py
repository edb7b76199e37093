"""WCAG 2.1 A and AA, checked by axe-core (the engine behind Lighthouse's accessibility audit) on every
page at a laptop's and a phone's width. Any violation fails, with the rule, its impact and the elements.

axe-core ships inside the ``axe-playwright-python`` package (no network). To audit a new page, add it to
``AUDITED`` (a name, its path and a query string; a query may be derived from the data, see
``_record_query``); pages whose script does not exist yet are skipped, so the list can name pages
other branches are adding.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e import helpers as h

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe files heading order under "best practice", not under a WCAG tag; the issue asks for it (it is how
# a screen-reader user skims a page: WCAG 1.3.1 and 2.4.6 in spirit), so it runs too.
EXTRA_RULES = {"heading-order": {"enabled": True}}
WIDTHS = {"desktop": h.DESKTOP, "phone": h.PHONE}


def _record_query() -> str:
    """A record page link for the first event in the data (no id is hard-coded)."""
    from presence.dataset import load_dataset

    return "id=" + str(load_dataset().events["event_id"].iloc[0])


# name -> (page script, URL path, query string or a function giving one)
AUDITED = {
    **{name: (None, path, "") for name, path in h.PAGES.items()},
    "timeline-by-category": (None, "/timeline", "lanes=category"),
    "map-with-events": (None, "/map", "country=GNQ&from=2024-01-01&to=2024-12-31"),
    "record": ("pages/record.py", "/record", _record_query),
    "search": ("pages/search.py", "/search", "q=Wagner"),
}


def _violations_text(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v.get('impact')}): {v['help']} — {len(v['nodes'])} element(s)")
        for node in v["nodes"][:6]:
            lines.append(f"    {' '.join(map(str, node.get('target', [])))}: "
                         f"{(node.get('failureSummary') or '').splitlines()[-1][:200]}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", list(AUDITED))
def test_no_wcag_violation(browser, app_url, axe, name, width):
    script, path, query = AUDITED[name]
    if script and not (h.ROOT / script).exists():
        pytest.skip(f"{script} does not exist on this branch")
    query = query() if callable(query) else query
    viewport = WIDTHS[width]
    phone = width == "phone"
    context = browser.new_context(viewport=dict(viewport), is_mobile=phone, has_touch=phone)
    page = context.new_page()
    try:
        h.goto(page, app_url, path, query, settle_ms=h.DRAW_MS)
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "rules": EXTRA_RULES,
                                         "resultTypes": ["violations"]})
        violations = results.response["violations"]
        assert not violations, f"{name} at {viewport['width']} px:\n{_violations_text(violations)}"
    finally:
        context.close()

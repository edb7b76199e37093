"""Make the README's screenshot, docs/screenshot.png, with the same code as the browser tests.

Serves the app, opens a page in headless Chromium at 1400x900 and saves a PNG. The server, the
browser, the waiting and the screenshot come from tests/e2e/helpers.py, so the picture shows what
the tests check. Run from anywhere with the project's Python:

    .venv/bin/python scripts/readme_screenshot.py                 # Overview -> docs/screenshot.png
    .venv/bin/python scripts/readme_screenshot.py --page map --out /tmp/map.png
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e import helpers  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--page", choices=list(helpers.PAGES), default="overview")
    ap.add_argument("--query", default="", help="URL parameters without '?', e.g. country=MLI")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png")
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--height", type=int, default=900)
    args = ap.parse_args()

    kind = helpers.find_browser()
    if kind is None:
        print(helpers.NO_BROWSER.replace("browser tests skipped", "no screenshot"), file=sys.stderr)
        return 1
    with sync_playwright() as p:
        browser = p.chromium.launch(**helpers.launch_kwargs(kind))
        server = helpers.serve(browser, name="readme-screenshot")
        try:
            context = browser.new_context(viewport={"width": args.width, "height": args.height})
            page = context.new_page()
            errors = helpers.watch_errors(page)
            helpers.goto(page, server.url, helpers.PAGES[args.page], args.query, settle_ms=helpers.DRAW_MS)
            problems = helpers.exceptions_shown(page) + errors.messages
            if problems:
                print("not saved; the page shows errors:", *problems, sep="\n  ", file=sys.stderr)
                return 1
            path = helpers.screenshot(page, args.out.stem, out_dir=args.out.parent)
            print(f"{path}  ({args.width}x{args.height}, {page.url})")
        finally:
            browser.close()
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

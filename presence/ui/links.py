"""Links to a record's own page (``/record?id=<id>``) and to search, shared by every panel and table."""
from __future__ import annotations

from urllib.parse import quote, urlsplit

import pandas as pd
import streamlit as st

from presence.records import RECORD_PATH, permalink
from presence.ui.text import plain
from presence.ui.navigation import page_link

RECORD_PAGE = "pages/record.py"
SEARCH_PAGE = "pages/search.py"


def record_link(record_id: str, label: str = "Open the record's page (permalink, citation)",
                icon: str = ":material/link:") -> None:
    """An in-app link to the record page (same session: the filters stay)."""
    page_link(RECORD_PAGE, label=plain(label), icon=icon, query_params={"id": record_id})


def record_urls(ids: pd.Series) -> pd.Series:
    """Relative record-page URLs for a LinkColumn ('record?id=<id>', resolved against the page's URL)."""
    return ids.map(lambda i: f"{RECORD_PATH}?id={quote(str(i), safe='')}")


def record_column(label: str = "Record") -> st.column_config.LinkColumn:
    return st.column_config.LinkColumn(label, display_text="Open", width="small",
                                       help="The record's own page: every source, related records, a citation")


def app_base_url() -> str:
    """The app's address as the reader sees it (scheme, host, any path prefix), for permalinks; '' when
    unknown (then permalinks are relative)."""
    try:
        url = st.context.url or ""
    except Exception:  # noqa: BLE001 - no browser context (tests, bare scripts)
        url = ""
    if not url:
        return ""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    segments = path.split("/")
    if segments and segments[-1] in (RECORD_PATH, "search", "map", "timeline", "quotes", "sources", "story",
                                     "overview"):
        path = "/".join(segments[:-1])
    return f"{parts.scheme}://{parts.netloc}{path}"


def record_permalink(record_id: str) -> str:
    return permalink(app_base_url(), record_id)


def record_markdown_link(record_id: str, label: str = "Record page") -> str:
    """A markdown link to the record page, relative to the current page (works under any path prefix);
    the label is escaped."""
    return f"[{plain(label)}]({RECORD_PATH}?id={quote(str(record_id), safe='')})"

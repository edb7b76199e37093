"""The app's pages, made once per session, and in-app links to them.

Each ``st.Page`` looks its script up on disk (path resolution, a file check) and each ``st.page_link``
given a script path does it again: a few milliseconds per rerun that serve no purpose after the first.
The session keeps its page objects; links use them.
"""
from __future__ import annotations

import streamlit as st

PAGES = (
    ("pages/overview.py", {"title": "Overview", "icon": ":material/dashboard:", "default": True}),
    ("pages/story.py", {"title": "Story", "icon": ":material/auto_stories:"}),
    ("pages/map.py", {"title": "Map", "icon": ":material/map:"}),
    ("pages/timeline.py", {"title": "Timeline", "icon": ":material/timeline:"}),
    ("pages/quotes.py", {"title": "Quotes", "icon": ":material/format_quote:"}),
    ("pages/sources.py", {"title": "Sources & data", "icon": ":material/menu_book:"}),
    ("pages/search.py", {"title": "Search", "icon": ":material/search:", "url_path": "search"}),
    ("pages/record.py", {"title": "Record", "icon": ":material/description:", "url_path": "record",
                         "visibility": "hidden"}),
)
_KEY = "_pages"


def session_pages() -> list:
    """The pages for st.navigation, made on the session's first run (st.navigation marks the one to run)."""
    if _KEY not in st.session_state:
        st.session_state[_KEY] = [st.Page(script, **options) for script, options in PAGES]
    return st.session_state[_KEY]


def page_link(script: str, **kwargs) -> None:
    """``st.page_link`` to one of the app's pages (``script``: its path, as in PAGES)."""
    pages = st.session_state.get(_KEY)
    target = script
    if pages:
        target = next((page for (path, _), page in zip(PAGES, pages) if path == script), script)
    st.page_link(target, **kwargs)

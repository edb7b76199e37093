"""Which kind of screen the reader is on, from the request headers: the map's frame and the place of
its details depend on it (the server cannot measure the browser window)."""
from __future__ import annotations

import streamlit as st

from presence.figures.map import LAPTOP, PHONE


def client_kind() -> str:
    """PHONE when the browser says it is a mobile one (the Sec-CH-UA-Mobile client hint Chromium
    browsers send, or "Mobi" / "Android" in the user agent, as Safari and Firefox on phones send),
    else LAPTOP. A narrow desktop window counts as a laptop: its map is framed for a wider map and
    the reader can zoom out."""
    try:
        headers = st.context.headers
        agent = headers.get("User-Agent", "") or ""
        hint = headers.get("Sec-CH-UA-Mobile", "") or ""
    except Exception:  # outside a browser session (AppTest without headers)
        return LAPTOP
    return PHONE if hint.strip() == "?1" or "Mobi" in agent or "Android" in agent else LAPTOP

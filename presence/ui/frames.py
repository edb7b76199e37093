"""The records a filter selects, computed once per (data version, filters) and shared by every session.

Filtering is cheap per call but runs on every rerun of every page (a widget click, a page switch, a
new reader on a shared link); the status rule in ``sites_in_view`` alone is several milliseconds.
The frames are read-only: pages filter and sort them into new frames, never write into them.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from presence.filters import FilterState, events_in_view, quotes_in_view, sites_in_view

_ENTRIES = 256  # distinct (data, filters) kept per kind; small frames, bounded whatever the traffic


@st.cache_resource(max_entries=_ENTRIES, show_spinner=False)
def events_for(version: str, state: FilterState, with_context: bool, _dataset) -> pd.DataFrame:
    return events_in_view(_dataset.events, state, with_context=with_context)


@st.cache_resource(max_entries=_ENTRIES, show_spinner=False)
def sites_for(version: str, state: FilterState, _dataset) -> pd.DataFrame:
    return sites_in_view(_dataset.sites, state)


@st.cache_resource(max_entries=_ENTRIES, show_spinner=False)
def quotes_for(version: str, state: FilterState, _dataset) -> pd.DataFrame:
    return quotes_in_view(_dataset.quotes, state)

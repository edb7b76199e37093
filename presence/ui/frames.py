"""The records a filter selects, computed once per (data version, filters) and shared by every session.

Filtering is cheap per call but runs on every rerun of every page (a widget click, a page switch, a
new reader on a shared link); the status rule in ``sites_in_view`` alone is several milliseconds.
The frames are read-only: pages filter and sort them into new frames, never write into them.
"""
from __future__ import annotations

import pandas as pd

from presence.counts import RecordCounts, record_counts
from presence.filters import FilterState, active_site_counts, events_in_view, quotes_in_view, sites_in_view
from presence.quotes import one_per_statement
from presence.ui.shared import shared

_ENTRIES = 256  # distinct (data, filters) kept per kind; small frames, bounded whatever the traffic


@shared(max_entries=_ENTRIES)
def events_for(version: str, state: FilterState, with_context: bool, _dataset) -> pd.DataFrame:
    return events_in_view(_dataset.events, state, with_context=with_context)


@shared(max_entries=_ENTRIES)
def sites_for(version: str, state: FilterState, _dataset) -> pd.DataFrame:
    return sites_in_view(_dataset.sites, state)


@shared(max_entries=_ENTRIES)
def quotes_for(version: str, state: FilterState, _dataset) -> pd.DataFrame:
    return quotes_in_view(_dataset.quotes, state)


@shared(max_entries=_ENTRIES)
def counts_for(version: str, state: FilterState, _dataset) -> RecordCounts:
    return record_counts(_dataset.events, _dataset.quotes, state)


@shared(max_entries=_ENTRIES)
def active_counts_for(version: str, state: FilterState, _sites: pd.DataFrame) -> dict[str, int]:
    """Active presences per country (``_sites``: ``sites_for`` of the same view)."""
    return active_site_counts(_sites, state.countries)


@shared(max_entries=_ENTRIES)
def statements_for(version: str, state: FilterState, _quotes: pd.DataFrame) -> pd.DataFrame:
    """One row per statement (``_quotes``: ``quotes_for`` of the same view)."""
    return one_per_statement(_quotes)

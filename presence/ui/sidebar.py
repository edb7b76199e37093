"""The sidebar filter block shared by every page, kept in step with the URL.

The URL decides on a session's first run (an opened link) and whenever an in-app link carries filter
parameters; otherwise the widgets decide and are written back to the URL. That keeps the filters
when the user switches pages (Streamlit clears the query string on a page switch).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import pandas as pd
import streamlit as st

from presence.countries import FOCUS, NAMES
from presence.dataset import Dataset
from presence.dates import format_day
from presence.periods import PERIODS, period_range
from presence.ui.text import plain
from presence.filters import FILTER_KEYS, FilterState, parse_params
from presence.ui import frames
from presence.ui.data import kept

# Query parameters that pages own (bound widgets, selections): known, so never warned about.
PAGE_KEYS = ("q", "speaker", "sort", "who", "lanes", "context", "event", "asof", "step", "id", "scope", "since")

_COUNTRIES = "filter_countries"
_RANGE = "filter_range"
_SYNCED = "_filter_params_in_url"
_WARNINGS = "_filter_url_warnings"
_VIEW = "_view"
_SEARCH = "sidebar_search"
_PERIOD = "period"
_PENDING_SEARCH = "_pending_search"


@dataclass
class View:
    """What every page works from: the dataset, the filters and the records they select."""

    dataset: Dataset
    filters: FilterState

    # Computed only by the pages that need them, once per (data, filters) for every session
    # (presence/ui/frames.py); read-only.
    @cached_property
    def events(self) -> pd.DataFrame:
        return frames.events_for(self.dataset.version, self.filters, False, self.dataset)

    def events_with_context(self) -> pd.DataFrame:
        return self._events_with_context

    @cached_property
    def _events_with_context(self) -> pd.DataFrame:
        return frames.events_for(self.dataset.version, self.filters, True, self.dataset)

    @cached_property
    def sites(self) -> pd.DataFrame:
        return frames.sites_for(self.dataset.version, self.filters, self.dataset)

    @cached_property
    def quotes(self) -> pd.DataFrame:
        return frames.quotes_for(self.dataset.version, self.filters, self.dataset)

    @cached_property
    def statements(self) -> pd.DataFrame:
        """``quotes``, one row per statement however many outlets quoted it."""
        return frames.statements_for(self.dataset.version, self.filters, self.quotes)

    @cached_property
    def counts(self):
        """Events and statements in the view (``presence.counts.RecordCounts``)."""
        return frames.counts_for(self.dataset.version, self.filters, self.dataset)

    @cached_property
    def active_counts(self) -> dict[str, int]:
        """Active presences per selected country as of the end of the range."""
        return frames.active_counts_for(self.dataset.version, self.filters, self.sites)


def _url_filter_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in FILTER_KEYS if k in st.query_params}


def _apply(state: FilterState) -> None:
    st.session_state[_COUNTRIES] = list(state.countries)
    st.session_state[_RANGE] = (state.start, state.end)


def _clear_warnings() -> None:
    st.session_state[_WARNINGS] = []


def _reset(default: FilterState) -> None:
    _apply(default)
    _clear_warnings()


def _set_period(dataset: Dataset) -> None:
    """(The period chips' callback.) Set the date range to the named period; the chip does not stay
    selected, since the reader may change the dates afterwards."""
    name = st.session_state.get(_PERIOD)
    st.session_state[_PERIOD] = None
    if not name:
        return
    countries = st.session_state.get(_COUNTRIES) or FOCUS
    st.session_state[_RANGE] = period_range(name, dataset.first_day.date(), dataset.cutoff.date(),
                                            dataset.reviewed_to, countries)
    _clear_warnings()


def _queue_search() -> None:
    """(The sidebar search box's callback.) Remember the words; the shell opens /search with them."""
    st.session_state[_PENDING_SEARCH] = st.session_state.get(_SEARCH, "").strip()
    st.session_state[_SEARCH] = ""


def pending_search() -> str:
    """Words typed in the sidebar's search box in this run ('' if none), once."""
    return st.session_state.pop(_PENDING_SEARCH, "") or ""


def switch_keeping_filters(page: str, view: View, **params: str) -> None:
    """st.switch_page with the filters in the new page's URL, and read from it there.

    A switch_page called during a run loses the sidebar widgets' state (the countries come back empty),
    so the next run must take the filters from the URL, as on a link opened afresh."""
    st.session_state.pop(_SYNCED, None)
    st.switch_page(page, query_params={**view.filters.to_params(), **params})


def filter_sidebar(dataset: Dataset) -> View:
    first, last = dataset.first_day.date(), dataset.cutoff.date()
    default = FilterState.default(first, last)
    in_url = _url_filter_params()
    first_run = _SYNCED not in st.session_state
    if first_run or (in_url and in_url != st.session_state[_SYNCED]):
        all_params = {k: st.query_params.get_all(k) for k in st.query_params}
        state, warnings = parse_params(all_params, first, last, PAGE_KEYS)
        _apply(state)
        st.session_state[_WARNINGS] = warnings

    with st.sidebar:
        st.text_input("Search the records", key=_SEARCH, on_change=_queue_search, icon=":material/search:",
                      placeholder="Kidal, Goïta, Ménaka…",
                      help="Events, presence sites, statements and sources, ignoring case and accents")
        st.subheader("Filters")
        countries = st.multiselect("Countries", FOCUS, format_func=NAMES.get, key=_COUNTRIES,
                                   on_change=_clear_warnings,
                                   placeholder="Choose at least one country")
        picked = st.date_input("Date range", min_value=first, max_value=last, key=_RANGE,
                               format="YYYY-MM-DD", on_change=_clear_warnings,
                               help=f"The data runs from {format_day(first)} to {format_day(last)}.")
        st.pills("Periods", PERIODS, key=_PERIOD, on_change=_set_period, args=(dataset,),
                 label_visibility="collapsed", help=_periods_help(dataset, tuple(st.session_state.get(_COUNTRIES) or FOCUS)))
        st.button("Reset filters", on_click=_reset, args=(default,), icon=":material/restart_alt:",
                  help=f"All three countries, {format_day(default.start)} – {format_day(default.end)}")

    start, end = _range_of(picked, default)
    state = FilterState(tuple(c for c in FOCUS if c in countries), start, end)
    _write_url(state)
    view = View(dataset, state)
    st.session_state[_VIEW] = view
    return view


def _periods_help(dataset: Dataset, countries: tuple[str, ...]) -> str:
    return kept(dataset, "periods help", countries, lambda: "Set the date range in one click: " + "; ".join(
        f"{name}: {_period_help(name, dataset, countries)}" for name in PERIODS))


def _period_help(name: str, dataset: Dataset, countries) -> str:
    start, end = period_range(name, dataset.first_day.date(), dataset.cutoff.date(), dataset.reviewed_to, countries)
    return f"{format_day(start)} – {format_day(end)}"


def _range_of(picked, default: FilterState) -> tuple[dt.date, dt.date]:
    """The date input returns one date while the user is still choosing the second."""
    if isinstance(picked, (tuple, list)):
        if len(picked) == 2:
            return picked[0], picked[1]
        if len(picked) == 1:
            return picked[0], max(picked[0], default.end)
    return default.start, default.end


def _write_url(state: FilterState) -> None:
    params = state.to_params()
    wanted = {k: v if isinstance(v, list) else [v] for k, v in params.items() if v}
    current = _url_filter_params()
    if current != wanted:
        # One update, one message to the browser (each write is a history entry to push).
        changed = {k: v for k, v in wanted.items() if current.get(k) != v}
        if changed:
            st.query_params.update(changed)
        for key in FILTER_KEYS:
            if key in current and key not in wanted:
                del st.query_params[key]
    st.session_state[_SYNCED] = wanted


def url_warnings() -> None:
    for message in st.session_state.get(_WARNINGS, []):
        st.warning(plain(message), icon=":material/link_off:")


def current_view() -> View:
    """The view built by app.py's sidebar in this run (pages call this)."""
    return st.session_state[_VIEW]

"""Figures built once per (data version, filters, options) and shared by every session.

The builders are pure and can take tens of milliseconds (plotly validates every property); a reader
who changes an unrelated widget, or another reader on the same view, gets the built figure back.
"""
from __future__ import annotations

import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st

from presence.figures.map import presence_map
from presence.figures.timeline import timeline_figure
from presence.filters import FilterState, active_site_counts
from presence.quotes import one_per_statement

_ENTRIES = 64  # distinct views kept; bounded so memory does not grow with traffic


@st.cache_resource(max_entries=_ENTRIES, show_spinner=False)
def timeline_for(version: str, state: FilterState, lanes: str, with_context: bool, _view) -> go.Figure:
    events = _view.events_with_context() if with_context else _view.events
    return timeline_figure(events, one_per_statement(_view.quotes), _view.dataset.phases, state,
                           _view.dataset.outlets, lanes=lanes, reviewed_to=_view.dataset.reviewed_to)


@st.cache_resource(max_entries=_ENTRIES, show_spinner=False)
def map_for(version: str, state: FilterState, show_events: bool, show_outlines: bool, basemap: bool,
            client: str, _view, highlight: frozenset[str] = frozenset()) -> pdk.Deck:
    """``highlight``: presences ringed (the row picked in the places table under the map)."""
    sites = _view.sites
    return presence_map(sites, _view.events, _view.dataset.boundaries, active_site_counts(sites, state.countries),
                        state.countries, _view.dataset.outlets, show_events=show_events,
                        show_outlines=show_outlines, basemap=basemap, client=client, highlight=highlight)

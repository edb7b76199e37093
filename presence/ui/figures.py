"""Figures built once per (data version, filters, options) and shared by every session.

The builders are pure and can take tens of milliseconds (plotly validates every property); a reader
who changes an unrelated widget, or another reader on the same view, gets the built figure back.
"""
from __future__ import annotations

import plotly.graph_objects as go
import pydeck as pdk

from presence.figures.map import presence_map
from presence.figures.timeline import timeline_figure
from presence.filters import FilterState
from presence.ui.shared import shared

_ENTRIES = 64  # distinct views kept; bounded so memory does not grow with traffic


class BuiltFigure(go.Figure):
    """A figure that is finished: shared by every session and never changed again. Its dictionary is
    made once; Streamlit asks for it (a deep copy of the whole figure, milliseconds) on every rerun."""

    def to_dict(self) -> dict:
        if "_built_dict" not in self.__dict__:
            self.__dict__["_built_dict"] = super().to_dict()
        return self.__dict__["_built_dict"]


@shared(max_entries=_ENTRIES)
def timeline_for(version: str, state: FilterState, lanes: str, with_context: bool, _view) -> go.Figure:
    events = _view.events_with_context() if with_context else _view.events
    return BuiltFigure(timeline_figure(events, _view.statements, _view.dataset.phases, state,
                                       _view.dataset.outlets, lanes=lanes, reviewed_to=_view.dataset.reviewed_to))


@shared(max_entries=_ENTRIES)
def map_for(version: str, state: FilterState, show_events: bool, show_outlines: bool, basemap: bool,
            client: str, _view, highlight: frozenset[str] = frozenset()) -> pdk.Deck:
    """``highlight``: presences ringed (the row picked in the places table under the map)."""
    sites = _view.sites
    return presence_map(sites, _view.events, _view.dataset.boundaries, _view.active_counts,
                        state.countries, _view.dataset.outlets, show_events=show_events,
                        show_outlines=show_outlines, basemap=basemap, client=client, highlight=highlight)

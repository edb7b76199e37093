"""Presence over time (Overview and Map) and the Map's "as of" month stepper."""
from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from presence.asof import map_link, month_label, month_options, step
from presence.countries import names_phrase
from presence.figures.presence_chart import presence_over_time_svg
from presence.filters import FilterState
from presence.timeseries import data_span, first_unreviewed_month, monthly_presence
from presence.ui.shared import shared

ASOF = "asof"  # the URL parameter and widget key
PLAYING = "_asof_playing"
PLAY_SECONDS = 1.2  # one month per tick: long enough for the map to draw on a slow machine
_LAST_TICK = "_asof_last_tick"


@shared(max_entries=16)
def _monthly(version: str, countries: tuple[str, ...], _dataset) -> pd.DataFrame:
    """Counts per month over the data's whole span: once per (data, countries), for every session."""
    first, last = data_span(_dataset.sites, _dataset.cutoff)
    return monthly_presence(_dataset.sites, countries, first, last)


@shared(max_entries=128)
def _chart(version: str, state: FilterState, as_of_month: str, height: int, _dataset) -> str:
    """The chart's SVG, built once per (data, filters, month shown, size) and shared by every session."""
    first, last = _dataset.first_day.date(), _dataset.cutoff.date()
    return presence_over_time_svg(
        _monthly(version, state.countries, _dataset), pd.Period(as_of_month, freq="M").end_time,
        first_unreviewed_month(_dataset.reviewed_to, state.countries), subject=names_phrase(state.countries),
        href_for=lambda month: map_link(state, month, first, last), height=height)


def presence_over_time(view, as_of, height: int = 200) -> None:
    """The chart of presences per month by force, over the data's whole span (a static SVG: no
    plotly.js for the reader to download); each month links to the Map as of that month with the same
    countries and dates."""
    dataset, filters = view.dataset, view.filters
    if not filters.countries:
        return None
    # Markup built by presence_over_time_svg, every text in it escaped there (st.html would strip the SVG).
    st.markdown(_chart(dataset.version, filters, f"{pd.Timestamp(as_of):%Y-%m}", height, dataset),
                unsafe_allow_html=True)
    st.caption("Counted with the map's rules: a presence stops counting when it is withdrawn, handed over "
               "(its successor counts instead) or has had no report for over 12 months. Click a month to see "
               "the map as of then.")


def _set_month(month: str) -> None:
    st.session_state[ASOF] = month


def month_stepper(view) -> str:
    """Previous / next month, a slider over the range's months, and play; returns the month shown."""
    options = month_options(view.filters)
    url_month = st.query_params.get(ASOF)
    if ASOF not in st.session_state and url_month in options:
        st.session_state[ASOF] = url_month  # an opened link
    if st.session_state.get(ASOF) not in options:
        # No month yet, one outside the range, or a range that changed: the range's last month.
        st.session_state[ASOF] = options[-1]
    current = st.session_state[ASOF]
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.button("Previous month", icon=":material/chevron_left:", key="asof_prev",
                  on_click=_set_month, args=(step(options, current, -1),), disabled=current == options[0])
        st.button("Next month", icon=":material/chevron_right:", key="asof_next",
                  on_click=_set_month, args=(step(options, current, 1),), disabled=current == options[-1])
        playing = st.session_state.get(PLAYING, False)
        st.button("Pause" if playing else "Play", icon=":material/pause:" if playing else ":material/play_arrow:",
                  key="asof_play", on_click=_toggle_play, args=(options,),
                  help="Step through the range month by month")
    if len(options) > 1:
        st.select_slider("Map as of", options, key=ASOF, format_func=month_label)
    month = st.session_state[ASOF]
    # The URL carries the month as YYYY-MM (a widget bound to the URL would write its label there).
    if st.query_params.get(ASOF) != month:
        st.query_params[ASOF] = month
    return month


def _toggle_play(options: list[str]) -> None:
    playing = not st.session_state.get(PLAYING, False)
    st.session_state[PLAYING] = playing
    st.session_state.pop(_LAST_TICK, None)
    if playing and st.session_state.get(ASOF) == options[-1]:
        st.session_state[ASOF] = options[0]  # play from the start when at the end


def play_ticker(options: list[str]) -> None:
    """While playing, move one month on every PLAY_SECONDS and redraw the page (markers, outlines
    and figures follow; the map's view depends on the countries only, so it does not jump)."""
    if not st.session_state.get(PLAYING):
        return

    @st.fragment(run_every=PLAY_SECONDS)
    def tick():
        # The fragment also runs inside every full run; only a timer run, a full interval after the
        # last step, moves the month.
        now = time.monotonic()
        if now - st.session_state.get(_LAST_TICK, now) < PLAY_SECONDS * 0.9:
            st.session_state.setdefault(_LAST_TICK, now)
            return
        st.session_state[_LAST_TICK] = now
        following = step(options, st.session_state.get(ASOF, options[-1]), 1)
        st.session_state[ASOF] = following
        if following == options[-1]:
            st.session_state[PLAYING] = False
        st.rerun(scope="app")

    tick()

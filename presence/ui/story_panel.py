"""The Story page's parts: step navigation kept in the URL, the step's map and its records."""
from __future__ import annotations

import pandas as pd
import pydeck as pdk
import streamlit as st

from presence.figures.map import frame_for, map_alt, presence_map
from presence.filters import active_site_counts, events_in_view, sites_in_view
from presence.story import map_params, map_state, step_number, timeline_params
from presence.ui.components import sources_markdown
from presence.ui.links import record_markdown_link
from presence.ui.text import plain
from presence.ui.shared import shared
from presence.ui.navigation import page_link

STEP = "step"  # the URL parameter: /story?step=N


def current_step(story: pd.DataFrame) -> pd.Series:
    number = step_number(st.query_params.get(STEP, 1), len(story))
    return story[story["step"] == number].iloc[0]


def _go(number: int) -> None:
    st.query_params[STEP] = str(number)


def step_navigation(story: pd.DataFrame, step: pd.Series, key: str) -> None:
    number, count = int(step["step"]), len(story)
    with st.container(horizontal=True, vertical_alignment="center"):
        st.button("Previous", icon=":material/chevron_left:", key=f"story_prev_{key}", disabled=number <= 1,
                  on_click=_go, args=(number - 1,))
        st.caption(f"Step {number} of {count}")
        st.button("Next", icon=":material/chevron_right:", key=f"story_next_{key}", disabled=number >= count,
                  on_click=_go, args=(number + 1,))


@shared(max_entries=32)
def step_map(version: str, number: int, client: str, _dataset, _step: pd.Series) -> pdk.Deck:
    """The map as of the step's date with the step's records ringed (built once per step)."""
    state = map_state(_step, _dataset.first_day.date())
    sites = sites_in_view(_dataset.sites, state)
    records = frozenset(_step["record_ids"].split(";"))
    events = events_in_view(_dataset.events, state)
    events = events[events["event_id"].isin(records)]
    return presence_map(sites, events, _dataset.boundaries, active_site_counts(sites, state.countries),
                        state.countries, _dataset.outlets, show_events=not events.empty, highlight=records,
                        client=client)


def step_map_alt(dataset, step: pd.Series) -> str:
    """The step's map described, and where its records are listed as text."""
    return _step_map_alt(dataset.version, int(step["step"]), dataset, step)


@shared(max_entries=32)
def _step_map_alt(version: str, number: int, _dataset, _step: pd.Series) -> str:
    state = map_state(_step, _dataset.first_day.date())
    sites = sites_in_view(_dataset.sites, state)
    return (map_alt(state.countries, sites, frame_for(state.countries).inset).split(" Every place")[0]
            + " The step's records, ringed in black on the map, are listed under it.")


def step_links(dataset, step: pd.Series) -> None:
    first, cutoff = dataset.first_day.date(), dataset.cutoff.date()
    events = [i for i in step["record_ids"].split(";") if i in set(dataset.events["event_id"])]
    timeline = {**timeline_params(step, first, cutoff), **({"event": events[0]} if events else {})}
    with st.container(horizontal=True):
        page_link("pages/timeline.py", label="Open the Timeline at this moment", icon=":material/timeline:",
                     query_params=timeline)
        page_link("pages/map.py", label="Open the Map at this moment", icon=":material/map:",
                     query_params=map_params(step, first))


def step_records(dataset, step: pd.Series) -> None:
    """Every record the step rests on, each with its sources (two clicks from the claim to the page)."""
    st.markdown(_records_markdown(dataset.version, int(step["step"]), dataset, step))


@shared(max_entries=32)
def _records_markdown(version: str, number: int, _dataset, _step: pd.Series) -> str:
    """The step's records as one markdown list, every text escaped: built once per step."""
    dataset, step = _dataset, _step
    events = dataset.events.set_index("event_id")
    sites = dataset.sites.set_index("site_id")
    quotes = dataset.quotes.set_index("quote_id")
    lines = []
    for record_id in step["record_ids"].split(";"):
        if record_id in events.index:
            row = events.loc[record_id]
            head = f"**{plain(row['date_label'])}** — {plain(row['title'])} ({plain(row['confidence'])})"
        elif record_id in sites.index:
            row = sites.loc[record_id]
            head = f"**Presence:** {plain(row['name'])}, {plain(row['force'].replace(';', ' / '))} ({plain(row['confidence'])})"
        elif record_id in quotes.index:
            row = quotes.loc[record_id]
            head = f"**{plain(row['speaker'])}, {plain(row['date_label'])}:** “{plain(row['text'])}”"
        else:
            continue
        page = record_markdown_link(row.get("statement_id") or record_id)
        lines.append(f"- {head}  \n  {sources_markdown(dataset, row['source_ids'])} · {page}")
    return "\n".join(lines)

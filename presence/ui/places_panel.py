"""Under the Map: the places it shows for the month (a table kept in step with the markers), and what
changed between two months."""
from __future__ import annotations

import pandas as pd
import pyarrow as pa
import streamlit as st

from presence.asof import month_label
from presence.places import changes_between, places_table
from presence.ui.links import record_markdown_link
from presence.ui.text import plain
from presence.ui.shared import shared

PLACES_ANCHOR = "places-on-the-map"  # /map#places-on-the-map; the map's text alternative points here
PICK_KEY = "places_pick"
_PICKED = "_map_picked_site"
_LAST = "_map_last_choices"
# Static tables (st.table, HTML), not data grids: a grid is drawn on a canvas, which a screen reader
# reads less well than a table, and it makes the Map's first visit load Streamlit's data-grid code
# (about 160 KB compressed; issue 20's first-visit budget). A place is picked with the select box.


@shared(max_entries=64)
def _places(version: str, state, _sites_shown: pd.DataFrame) -> tuple[pd.DataFrame, pa.Table]:
    """The table (with site ids, for the place picked) and what is drawn of it."""
    table = places_table(_sites_shown)
    return table, _for_display(table)


@shared(max_entries=64)
def _changes(version: str, countries: tuple, before: pd.Timestamp, after: pd.Timestamp,
             _sites: pd.DataFrame) -> tuple[pd.DataFrame, pa.Table]:
    changes = changes_between(_sites, countries, before, after)
    return changes, _for_display(changes)


def _for_display(table: pd.DataFrame) -> pa.Table:
    """Every cell as literal text (st.table reads markdown) and a link to the record's page, as an Arrow
    table: Streamlit sends an Arrow table as it is, where a pandas frame is converted on every rerun."""
    shown = table.drop(columns="site_id").astype(str).apply(lambda column: column.map(plain))
    shown["Record"] = [record_markdown_link(i, "Open") for i in table["site_id"]]
    return pa.Table.from_pandas(shown, preserve_index=False)


def table_pick(sites_shown: pd.DataFrame, state, version: str) -> str | None:
    """The place picked under the map as this run starts (before the map is drawn, so the map can ring
    it); None if it is not among the month's places."""
    picked = st.session_state.get(PICK_KEY)
    return picked if picked in set(_places(version, state, sites_shown)[0]["site_id"]) else None


def places_on_the_map(sites_shown: pd.DataFrame, state, version: str, day) -> str | None:
    """The table of the month's markers and a picker for one of them; returns the picked site_id."""
    st.subheader("Places on the map", anchor=PLACES_ANCHOR)
    table, shown = _places(version, state, sites_shown)
    if table.empty:
        st.caption("No presence is shown for this month with these filters.")
        return None
    st.caption(plain(f"The {len(table)} presence(s) the map shows as of {day:%-d %B %Y}, in the map's words. "
                     "Pick a place to ring its marker and see its details; \"Open\" opens the record's own "
                     "page."))
    names = dict(zip(table["site_id"], table["Place"] + " (" + table["Force"] + ", " + table["Country"] + ")"))
    picked = st.selectbox("Show a place on the map", list(names), index=None, key=PICK_KEY,
                          format_func=names.get, placeholder="Choose a place")
    st.table(shown, hide_index=True)
    return picked


def chosen_site(map_pick: str | None, table_pick: str | None) -> str | None:
    """The presence to show in the details panel: whichever of the map and the table the reader used
    last (Streamlit cannot select a marker from code, so the two selections are reconciled here)."""
    last_map, last_table = st.session_state.get(_LAST, (None, None))
    picked = st.session_state.get(_PICKED)
    if map_pick != last_map and map_pick:
        picked = map_pick
    elif table_pick != last_table and table_pick:
        picked = table_pick
    elif not map_pick and not table_pick:
        picked = None
    st.session_state[_LAST] = (map_pick, table_pick)
    st.session_state[_PICKED] = picked
    return picked


def what_changed(sites: pd.DataFrame, countries, month: str, months: list[str], version: str) -> None:
    """Presences that started, were handed over, ended or went unreported between two months."""
    st.subheader("What changed", anchor="what-changed")
    earlier = [m for m in months if m < month]
    if not earlier:
        st.caption("Choose a later month on the map to compare it with an earlier one.")
        return
    default = earlier[max(0, len(earlier) - 12)]
    since = st.selectbox("Since", earlier, index=earlier.index(default), format_func=month_label,
                         key="changes_since", help="Compared with the month the map shows")
    before = pd.Period(since, freq="M").end_time.normalize()
    after = pd.Period(month, freq="M").end_time.normalize()
    changes, shown = _changes(version, tuple(countries), before, after, sites)
    if changes.empty:
        st.caption(plain(f"No presence started, ended, was handed over or went unreported between "
                         f"{month_label(since)} and {month_label(month)}."))
        return
    st.caption(plain(f"{len(changes)} change(s) between the end of {month_label(since)} and the end of "
                     f"{month_label(month)}. \"Went unreported\": no report about the place for over a year."))
    st.table(shown, hide_index=True)

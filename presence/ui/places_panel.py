"""Under the Map: the places it shows for the month (a table kept in step with the markers), and what
changed between two months."""
from __future__ import annotations

import pandas as pd
import pyarrow as pa
import streamlit as st

from presence.asof import month_label
from presence.places import changes_between, places_table
from presence.ui.links import record_column, record_urls
from presence.ui.text import plain
from presence.ui.shared import shared

PLACES_ANCHOR = "places-on-the-map"  # /map#places-on-the-map; the map's text alternative points here
TABLE_KEY = "places_table"
_PICKED = "_map_picked_site"
# Widths that keep every column, the record link included, on a laptop screen (place names are long).
_WIDTHS = {"Place": st.column_config.TextColumn("Place", width="large"),
           "Status": st.column_config.TextColumn("Status", width="medium"),
           "Change": st.column_config.TextColumn("Change", width="small"),
           "Force": st.column_config.TextColumn("Force", width="small"),
           "Country": st.column_config.TextColumn("Country", width="small"),
           "Since": st.column_config.TextColumn("Since", width="small"),
           "Reported": st.column_config.TextColumn("Reported", width="small"),
           "Last report": st.column_config.TextColumn("Last report", width="small")}
_LAST = "_map_last_choices"


# cache_resource, not cache_data: the tables are only read, so every session shares one copy instead of
# unpickling its own on every rerun (the Map reruns on each step of the month).
@shared(max_entries=64)
def _places(version: str, state, _sites_shown: pd.DataFrame) -> tuple[pd.DataFrame, pa.Table]:
    """The table (with site ids, for the row picked) and what is drawn of it."""
    table = places_table(_sites_shown)
    return table, _for_display(table)


@shared(max_entries=64)
def _changes(version: str, countries: tuple, before: pd.Timestamp, after: pd.Timestamp,
             _sites: pd.DataFrame) -> tuple[pd.DataFrame, pa.Table]:
    changes = changes_between(_sites, countries, before, after)
    return changes, _for_display(changes)


def _for_display(table: pd.DataFrame) -> pa.Table:
    """The record's page instead of its id, as an Arrow table: Streamlit sends an Arrow table as it is,
    where a pandas frame is converted again on every rerun."""
    shown = table.drop(columns="site_id").assign(Record=record_urls(table["site_id"]))
    return pa.Table.from_pandas(shown, preserve_index=False)


def _row_pick(table: pd.DataFrame, selection) -> str | None:
    try:
        rows = list(selection["selection"]["rows"] or [])
    except (KeyError, TypeError):
        rows = list(getattr(getattr(selection, "selection", None), "rows", []) or [])
    return table.iloc[rows[0]]["site_id"] if rows and 0 <= rows[0] < len(table) else None


def table_pick(sites_shown: pd.DataFrame, state, version: str) -> str | None:
    """The row selected in the places table as this run starts (before the map is drawn, so the map
    can ring it)."""
    selection = st.session_state.get(TABLE_KEY)
    return _row_pick(_places(version, state, sites_shown)[0], selection) if selection else None


def places_on_the_map(sites_shown: pd.DataFrame, state, version: str, day) -> str | None:
    """The table of the month's markers; returns the site_id of the row the reader selected, if any."""
    st.subheader("Places on the map", anchor=PLACES_ANCHOR)
    table, shown = _places(version, state, sites_shown)
    if table.empty:
        st.caption("No presence is shown for this month with these filters.")
        return None
    st.caption(plain(f"The {len(table)} presence(s) the map shows as of {day:%-d %B %Y}, in the map's words. "
                     "Select a row to ring its marker and see its details beside the map; \"Open\" opens the "
                     "record's own page."))
    event = st.dataframe(shown, hide_index=True, width="stretch", key=TABLE_KEY, on_select="rerun",
                         selection_mode="single-row", column_config={**_WIDTHS, "Record": record_column()},
                         height=min(400, 38 + 35 * len(shown)))
    return _row_pick(table, event)


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
    st.dataframe(shown, hide_index=True, width="stretch", key="changes_table",
                 column_config={**_WIDTHS, "Record": record_column()}, height=min(400, 38 + 35 * len(shown)))

"""Under the Map: the places it shows for the month (a table kept in step with the markers), and what
changed between two months."""
from __future__ import annotations

from functools import lru_cache

import pandas as pd
import streamlit as st

from presence.asof import month_label
from presence.dataset import PROJECT_ROOT
from presence.places import changes_between, places_table
from presence.ui.links import record_markdown_link
from presence.ui.text import plain
from presence.ui.shared import shared

PLACES_ANCHOR = "places-on-the-map"  # /map#places-on-the-map; the map's text alternative points here
PICK_KEY = "places_pick"
_PICKED = "_map_picked_site"
_LAST = "_map_last_choices"
# One markdown table each, not data grids: a grid is drawn on a canvas, which a screen reader reads less
# well than a table, and it makes the Map's first visit load Streamlit's data-grid code (about 180 KB
# compressed; issue 20's first-visit budget). Not st.table either: it renders every cell as its own
# markdown element (300 of them under the Map), which made the Map slower to draw than the grid.
# A place is picked with the select box instead of a row.


@shared(max_entries=64)
def _places(version: str, state, _sites_shown: pd.DataFrame) -> tuple[pd.DataFrame, dict[bool, str], dict[str, str]]:
    """The table (with site ids, for the place picked), what is drawn of it (by ``compact``) and the
    picker's label of each place."""
    table = places_table(_sites_shown)
    names = dict(zip(table["site_id"], table["Place"] + " (" + table["Force"] + ", " + table["Country"] + ")"))
    return table, _renderings(table), names


@shared(max_entries=64)
def _changes(version: str, countries: tuple, before: pd.Timestamp, after: pd.Timestamp,
             _sites: pd.DataFrame) -> tuple[pd.DataFrame, dict[bool, str]]:
    changes = changes_between(_sites, countries, before, after)
    return changes, _renderings(changes)


def _renderings(table: pd.DataFrame) -> dict[bool, str]:
    """A table where there is room; on a phone, where seven columns would not fit, a list."""
    return {False: _for_display(table), True: _as_list(table)}


def _for_display(table: pd.DataFrame) -> str:
    """The table as one markdown table: every cell literal text (escaped), the last a link to the
    record's page."""
    columns = [c for c in table.columns if c != "site_id"] + ["Record"]
    rows = ["| " + " | ".join(columns) + " |", "|" + " --- |" * len(columns)]
    for values in table.to_dict("records"):
        cells = [plain(values[c]) for c in columns[:-1]] + [record_markdown_link(values["site_id"], "Open")]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def _as_list(table: pd.DataFrame) -> str:
    """One item per row: the first column in bold, then the others by name, then the record link."""
    first, *rest = [c for c in table.columns if c != "site_id"]
    return "\n".join(
        f"- **{plain(values[first])}** — " + "; ".join(f"{plain(c)}: {plain(values[c])}" for c in rest)
        + f"; {record_markdown_link(values['site_id'], 'Open the record')}"
        for values in table.to_dict("records"))


@lru_cache(maxsize=1)
def _tables_css() -> str:
    """A static stylesheet (no data in it): wide tables scroll inside their own box."""
    return "<style>" + (PROJECT_ROOT / "assets" / "tables.css").read_text(encoding="utf-8") + "</style>"


def table_pick(sites_shown: pd.DataFrame, state, version: str) -> str | None:
    """The place picked under the map as this run starts (before the map is drawn, so the map can ring
    it); None if it is not among the month's places."""
    picked = st.session_state.get(PICK_KEY)
    return picked if picked in _places(version, state, sites_shown)[2] else None


def places_on_the_map(sites_shown: pd.DataFrame, state, version: str, day, compact: bool = False) -> str | None:
    """The table of the month's markers (a list if ``compact``) and a picker for one of them; returns the
    picked site_id."""
    st.subheader("Places on the map", anchor=PLACES_ANCHOR)
    st.html(_tables_css())  # for this table and "What changed" below
    table, shown, names = _places(version, state, sites_shown)
    if table.empty:
        st.caption("No presence is shown for this month with these filters.")
        return None
    st.caption(plain(f"The {len(table)} presence(s) the map shows as of {day:%-d %B %Y}, in the map's words. "
                     "Pick a place to ring its marker and see its details; the links open each record's "
                     "own page."))
    picked = st.selectbox("Show a place on the map", list(names), index=None, key=PICK_KEY,
                          format_func=names.get, placeholder="Choose a place")
    st.markdown(shown[compact])
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


def what_changed(sites: pd.DataFrame, countries, month: str, months: list[str], version: str,
                 compact: bool = False) -> None:
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
    st.markdown(shown[compact])

"""The Timeline's chronology: the events the chart shows, as a dated list grouped by month."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from presence.chronology import chronology, chronology_lanes
from presence.filters import FilterState
from presence.ui.text import plain
from presence.ui.shared import shared


def chronology_list(events: pd.DataFrame, lanes: str, state: FilterState) -> None:
    """Heading, a filter by the chart's lanes (all chosen at first), then one block per month."""
    st.subheader("Chronology")
    options = _lanes(tuple(events["event_id"]), lanes, state, events)
    if not options:
        return
    chosen = st.pills("Lanes to list", options, selection_mode="multi", default=options,
                      key=f"chronology_lanes_{lanes}",
                      help="The chart's lanes; the list shows the events of the lanes chosen here.")
    count, blocks = _blocks(tuple(events["event_id"]), lanes, tuple(sorted(chosen or [])), events)
    st.caption(f"{count} event{'s' if count != 1 else ''}, oldest first. Each title opens the record with its "
               "sources.")
    # One element for the whole list: each element costs the server time to send and the browser to draw.
    st.markdown("\n\n".join(blocks))


@shared(max_entries=64)
def _lanes(event_ids: tuple, lanes: str, state: FilterState, _events: pd.DataFrame) -> list[str]:
    return chronology_lanes(_events, lanes, state)


# Built once per set of events, lanes and chosen lanes and shared by every session: the list is long and
# the Timeline reruns on every click.
@shared(max_entries=64)
def _blocks(event_ids: tuple, lanes: str, chosen: tuple, _events: pd.DataFrame) -> tuple[int, list[str]]:
    groups = chronology(_events, lanes, set(chosen))
    blocks = []
    for heading, entries in groups:
        lines = [f"#### {plain(heading)}"]
        for e in entries:
            lines.append(f"- **{plain(e.date)}** · {plain(e.country)} · [{plain(e.title)}]({e.record_url})  \n"
                         f"  {plain(e.summary)}")
        blocks.append("\n".join(lines))
    return sum(len(entries) for _, entries in groups), blocks

"""Timeline: what happened, in what order — events by country (or category), statements, phases."""
import streamlit as st

from presence.counts import count_sentence
from presence.coverage import review_sentence
from presence.ui.chronology_panel import chronology_list
from presence.ui.components import empty_state
from presence.ui.figures import timeline_for
from presence.ui.shell import page_view
from presence.ui.text import plain
from presence.ui.timeline_panel import (clicked_record, milestone_key, record_details, records_table,
                                       timeline_legend, timeline_title)

view = page_view()
filters = view.filters

st.title("Timeline")
st.caption("From the Wagner mutiny of 23-24 June 2023 through Wagner's exit from Mali in June 2025, and "
           "after. Shaded bands are phases; black stars in the Statements lane are quoted statements; the strip "
           "at the bottom counts events per month. Click a marker for its details and sources.")
st.caption(plain(f"{review_sentence(view.dataset.reviewed_to, filters.countries)} Grey after that date: not yet "
                 "reviewed."))

with st.container(horizontal=True):
    lanes = st.segmented_control("Lanes", ["country", "category"], default="country", key="lanes",
                                 format_func=lambda v: f"By {v}", required=True, bind="query-params")
    with_context = st.toggle("Russia-side and Africa-wide context", value=True, key="context",
                             bind="query-params",
                             help="Events in Russia (the mutiny, Prigozhin's death…) and Africa-wide, "
                                  "in their own lanes, whatever countries are selected.")

events = view.events_with_context() if with_context else view.events
statements = view.statements
if events.empty and statements.empty:
    empty_state("events or statements")
else:
    st.header(timeline_title(filters, with_context))
    counts = view.counts
    st.caption(count_sentence(counts, filters) + (" The chart shows the events with the context."
                                                  if with_context else " The chart shows the events without it."))
    figure = timeline_for(view.dataset.version, filters, lanes or "country", with_context, view)
    choice = st.plotly_chart(figure, on_select="rerun", selection_mode="points", key="timeline_chart",
                             config={"scrollZoom": True, "displaylogo": False})
    milestone_key(events, statements)
    timeline_legend(events, statements)
    record_details(view, clicked_record(choice), events)
    chronology_list(events, lanes or "country", filters)
    table = st.expander(f"Table of the {len(events)} events shown, with sources", key="events_table",
                        on_change="rerun")
    if table.open:  # drawn only when opened
        with table:
            records_table(view, events)

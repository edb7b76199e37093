"""Map: where Russian forces were reported present as of a month, which force, since when, and whether
they remain; step or play through the months, and see the count of presences over time."""
import streamlit as st

from presence.asof import as_of_day, month_options, state_as_of
from presence.countries import names_phrase
from presence.dates import format_day
from presence.figures.map import EVENTS, SITES
from presence.ui.components import empty_state
from presence.ui.figures import map_for
from presence.ui.map_panel import map_legend, selected_id, site_details, status_counts
from presence.ui.presence_panel import month_stepper, play_ticker, presence_over_time
from presence.ui.shell import page_view
from presence.ui.sidebar import View

view = page_view()
filters = view.filters

st.title("Map of Russian presence")
st.caption("Places where Wagner, the Africa Corps or Russian Defence Ministry (MoD) \"instructors\" were "
           "reported present, as of a month you choose in the date range. Markers sit on the town, not the "
           "exact facility.")

with st.container(horizontal=True):
    show_events = st.toggle("Show events", value=False, key="map_events",
                            help="Dated events from the start of the range to the month shown, at their town.")
    show_outlines = st.toggle("Country outlines", value=True, key="map_outlines")
    basemap = st.toggle("Basemap", value=True, key="map_basemap",
                        help="Carto street map, loaded from the internet. Off: outlines on plain background.")

month = month_stepper(view)
play_ticker(month_options(filters))
# The map reads the filters as of the month shown: the range's start to that month's last day.
shown = View(view.dataset, state_as_of(filters, month))
day = as_of_day(month, filters)

st.subheader(f"Russian presence, {names_phrase(filters.countries)}, as of {format_day(day)}")
if shown.sites.empty and not (show_events and not shown.events.empty):
    empty_state("presence sites")
map_col, detail_col = st.columns([3, 2], gap="medium")
with map_col:
    deck = map_for(view.dataset.version, shown.filters, show_events, show_outlines, basemap, shown)
    choice = st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", key="presence_map",
                             height=480)
    status_counts(shown.sites, day)
    map_legend(show_events)
with detail_col:
    site_details(shown, selected_id(choice, SITES), selected_id(choice, EVENTS))

presence_over_time(view, day)

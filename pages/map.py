"""Map: where Russian forces were reported present, which force, since when, and whether they remain."""
import streamlit as st

from presence.countries import names_phrase
from presence.dates import format_day
from presence.figures.map import EVENTS, SITES
from presence.ui.components import empty_state
from presence.ui.figures import map_for
from presence.ui.map_panel import map_legend, selected_id, site_details
from presence.ui.shell import page_view

view = page_view()
filters = view.filters
sites, events = view.sites, view.events

st.title("Map of Russian presence")
st.caption("Places where Wagner, the Africa Corps or Russian Defence Ministry (MoD) \"instructors\" were "
           "reported present in the date range. Markers sit on the town, not the exact facility.")

with st.container(horizontal=True):
    show_events = st.toggle("Show events", value=False, key="map_events",
                            help="Dated events in the range (combat, deployments, diplomacy…), at their town.")
    show_outlines = st.toggle("Country outlines", value=True, key="map_outlines")
    basemap = st.toggle("Basemap", value=True, key="map_basemap",
                        help="Carto street map, loaded from the internet. Off: outlines on plain background.")

st.subheader(f"Russian presence, {names_phrase(filters.countries)}, as of {format_day(filters.end)}")
if sites.empty and not (show_events and not events.empty):
    empty_state("presence sites")
map_col, detail_col = st.columns([3, 2], gap="medium")
with map_col:
    deck = map_for(view.dataset.version, filters, show_events, show_outlines, basemap, view)
    choice = st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", key="presence_map",
                             height=480)
    map_legend(show_events)
with detail_col:
    site_id = selected_id(choice, SITES)
    event_id = selected_id(choice, EVENTS)
    site_details(view, site_id, event_id)

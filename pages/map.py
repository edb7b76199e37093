"""Map: where Russian forces were reported present as of a month, which force, since when, and whether
they remain; step or play through the months, and see the count of presences over time."""
import streamlit as st

from presence.asof import as_of_day, month_options, site_months, state_as_of
from presence.countries import names_phrase
from presence.dates import format_day
from presence.figures.map import EVENTS, PHONE, SITES, frame_for
from presence.ui.components import empty_state
from presence.ui.figures import map_for
from presence.ui.client import client_kind
from presence.ui.map_panel import (details_in_dialog, map_alt_for, map_legend, selected_id, site_details,
                                  status_counts)
from presence.ui.places_panel import chosen_site, places_on_the_map, table_pick, what_changed
from presence.ui.presence_panel import month_stepper, play_ticker, presence_over_time
from presence.ui.shell import page_view
from presence.ui.sidebar import View

view = page_view()
filters = view.filters
client = client_kind()

st.title("Map of Russian presence")
# On a phone the map comes first, under its heading, so that it is on the first screen; the month
# stepper, the layer toggles and the notes follow it (drawn into these slots in reading order).
# On a laptop the controls stay above the map, where they were.
if client == PHONE:
    heading, map_area, controls = st.empty(), st.container(), st.container()
else:
    controls, heading, map_area = st.container(), st.empty(), st.container()

with controls:
    month = month_stepper(view)
    play_ticker(month_options(filters))
    with st.container(horizontal=True):
        show_events = st.toggle("Show events", value=False, key="map_events",
                                help="Dated events from the start of the range to the month shown, at their town.")
        show_outlines = st.toggle("Country outlines", value=True, key="map_outlines")
        basemap = st.toggle("Basemap", value=True, key="map_basemap",
                            help="Carto street map, loaded from the internet. Off: outlines on plain background.")
    st.caption("Places where Wagner, the Africa Corps or Russian Defence Ministry (MoD) \"instructors\" were "
               "reported present, as of a month you choose in the date range. Markers sit on the town, not the "
               "exact facility.")

# The map reads the filters as of the month shown: the range's start to that month's last day.
shown = View(view.dataset, state_as_of(filters, month))
day = as_of_day(month, filters)
heading.header(f"Russian presence, {names_phrase(filters.countries)}, as of {format_day(day)}")

with map_area:
    if shown.sites.empty and not (show_events and not shown.events.empty):
        empty_state("presence sites")
    picked_row = table_pick(shown.sites, shown.filters, view.dataset.version)  # a place picked below the map
    deck = map_for(view.dataset.version, shown.filters, show_events, show_outlines, basemap, client, shown,
                   frozenset({picked_row}) if picked_row else frozenset())
    frame = frame_for(shown.filters.countries, client)
    alt = map_alt_for(shown, client)
    if client == PHONE:  # the whole width for the map; a tapped marker's details open over it
        choice = st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", key="presence_map",
                                 height=frame.height, alt=alt)
        detail_col = None
        status_counts(shown, day)
        map_legend(show_events)
    else:
        map_col, detail_col = st.columns([3, 2], gap="medium")
        with map_col:
            choice = st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", key="presence_map",
                                     height=frame.height, alt=alt)
            status_counts(shown, day)
            map_legend(show_events)

# The month's places as a table (the map's text alternative: the markers, listed), and what changed
# since an earlier month.
row_pick = places_on_the_map(shown.sites, shown.filters, view.dataset.version, day, compact=client == PHONE)
what_changed(view.dataset.sites, filters.countries, month, site_months(view.dataset.sites, month),
             view.dataset.version, compact=client == PHONE)
site_id = chosen_site(selected_id(choice, SITES), row_pick)
if detail_col is None:
    with map_area:
        details_in_dialog(shown, site_id, selected_id(choice, EVENTS))
else:
    with detail_col:
        site_details(shown, site_id, selected_id(choice, EVENTS))

presence_over_time(view, day)

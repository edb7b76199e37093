"""Floor page for the Story: an empty pydeck map with the dashboard's basemap provider (the Story's
main element is its step's map)."""
import pydeck as pdk
import streamlit as st

deck = pdk.Deck(layers=[], initial_view_state=pdk.ViewState(latitude=13.6, longitude=7.6, zoom=2.5),
                map_provider="carto", map_style="light")
st.pydeck_chart(deck, height=420)

"""The benchmark's floor: the least a Streamlit page of each kind can cost (see bench/README.md).

Same URL paths as the dashboard (/, /map, /timeline, /quotes, /sources), same .streamlit/config.toml
(bench/run.py starts both servers from the project root), and a sidebar holding the same two filter
widgets as the dashboard's, so a filter change in the floor is Streamlit's bare rerun of one widget.
Run by hand with: .venv/bin/python -m streamlit run bench/floor_app.py --server.port 8602
"""
import datetime as dt

import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st

COUNTRIES = {"MLI": "Mali", "CAF": "Central African Republic", "GNQ": "Equatorial Guinea"}
FIRST, LAST = dt.date(2015, 7, 20), dt.date(2026, 11, 25)


def text_page() -> None:
    st.write("A line of text.")


def map_page() -> None:
    # An empty deck with the dashboard's basemap provider, view and height.
    deck = pdk.Deck(layers=[], initial_view_state=pdk.ViewState(latitude=13.6, longitude=7.6, zoom=2.5),
                    map_provider="carto", map_style="light")
    st.pydeck_chart(deck, height=560)


def chart_page() -> None:
    st.plotly_chart(go.Figure(go.Scatter(x=[1], y=[1])))


st.set_page_config(page_title="Floor", layout="wide")
page = st.navigation([
    st.Page(text_page, title="Overview", url_path="overview", default=True),
    st.Page(map_page, title="Map", url_path="map"),
    st.Page(chart_page, title="Timeline", url_path="timeline"),
    st.Page(text_page, title="Quotes", url_path="quotes"),
    st.Page(text_page, title="Sources & data", url_path="sources"),
])
with st.sidebar:
    st.multiselect("Countries", list(COUNTRIES), default=list(COUNTRIES), format_func=COUNTRIES.get)
    st.date_input("Date range", (dt.date(2023, 6, 23), dt.date(2025, 6, 30)), min_value=FIRST,
                  max_value=LAST, format="YYYY-MM-DD")
page.run()

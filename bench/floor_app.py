"""The benchmark's floor: the least a Streamlit page of each kind can cost (see bench/README.md).

Same URL paths as the dashboard (/, /story, /map, /timeline, /quotes, /sources), same .streamlit/config.toml
(bench/run.py starts both servers from the project root) and a sidebar holding the same two filter
widgets as the dashboard's, so a filter change in the floor is Streamlit's bare rerun of one widget.
Pages: an empty pydeck map (Map, Story), a one-point plotly chart (Timeline), a line of text (the others).
Run by hand from the project root: .venv/bin/python -m streamlit run bench/floor_app.py
(The page folder is not called pages/: with st.navigation that name switches Streamlit into its old
pages-directory mode until the main page has run once.)
"""
import datetime as dt

import streamlit as st

COUNTRIES = {"MLI": "Mali", "CAF": "Central African Republic", "GNQ": "Equatorial Guinea"}
FIRST, LAST = dt.date(2015, 7, 20), dt.date(2026, 11, 25)

st.set_page_config(page_title="Floor", layout="wide")
page = st.navigation([
    st.Page("floor_pages/overview.py", title="Overview", default=True),
    st.Page("floor_pages/story.py", title="Story"),
    st.Page("floor_pages/map.py", title="Map"),
    st.Page("floor_pages/timeline.py", title="Timeline"),
    st.Page("floor_pages/quotes.py", title="Quotes"),
    st.Page("floor_pages/sources.py", title="Sources & data"),
])
with st.sidebar:
    st.multiselect("Countries", list(COUNTRIES), default=list(COUNTRIES), format_func=COUNTRIES.get)
    st.date_input("Date range", (dt.date(2023, 6, 23), dt.date(2025, 6, 30)), min_value=FIRST,
                  max_value=LAST, format="YYYY-MM-DD")
page.run()

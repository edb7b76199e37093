"""Russia's security presence in Mali, CAR and Equatorial Guinea: the app's entry point.

Sets the page, loads the data, draws the shared sidebar filters (kept in the URL), then runs the page
the user chose. Run with: streamlit run app.py
"""
import streamlit as st

from presence.ui.components import data_problems
from presence.ui.data import get_dataset
from presence.ui.sidebar import filter_sidebar, url_warnings

st.set_page_config(page_title="Russia's security presence in Africa", page_icon=":material/public:",
                   layout="wide")

pages = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/map.py", title="Map", icon=":material/map:"),
    st.Page("pages/timeline.py", title="Timeline", icon=":material/timeline:"),
    st.Page("pages/quotes.py", title="Quotes", icon=":material/format_quote:"),
    st.Page("pages/sources.py", title="Sources & data", icon=":material/menu_book:"),
]
page = st.navigation(pages)

dataset = get_dataset()
filter_sidebar(dataset)
with st.sidebar:
    st.caption(f"Data up to {dataset.cutoff:%-d %B %Y}. Every record is sourced; see Sources & data.")
data_problems(dataset.problems)
url_warnings()
page.run()

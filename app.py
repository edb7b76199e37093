"""Russia's security presence in Mali, CAR and Equatorial Guinea: the app's entry point.

Sets the page, builds the navigation, draws the shared frame (data, sidebar filters kept in the URL,
data problems), then runs the page the user chose. Run with: streamlit run app.py
"""
from pathlib import Path

import streamlit as st

from presence.ui.heap import freeze_after_first_run
from presence.ui.shell import draw_shell, shell_drawn

# A local icon: a material-icon page_icon makes every reader's browser fetch it from Google's servers.
FAVICON = Path(__file__).parent / "assets" / "favicon.png"
st.set_page_config(page_title="Russia's security presence in Africa", page_icon=str(FAVICON),
                   layout="wide")

page = st.navigation([
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/story.py", title="Story", icon=":material/auto_stories:"),
    st.Page("pages/map.py", title="Map", icon=":material/map:"),
    st.Page("pages/timeline.py", title="Timeline", icon=":material/timeline:"),
    st.Page("pages/quotes.py", title="Quotes", icon=":material/format_quote:"),
    st.Page("pages/sources.py", title="Sources & data", icon=":material/menu_book:"),
    st.Page("pages/search.py", title="Search", icon=":material/search:", url_path="search"),
    st.Page("pages/record.py", title="Record", icon=":material/description:", url_path="record",
            visibility="hidden"),
])
draw_shell()
with shell_drawn():
    page.run()
freeze_after_first_run(page.url_path)

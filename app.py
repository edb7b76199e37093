"""Russia's security presence in Mali, CAR and Equatorial Guinea: the app's entry point.

Sets the page, builds the navigation, draws the shared frame (data, sidebar filters kept in the URL,
data problems), then runs the page the user chose. Run with: streamlit run app.py
"""
from pathlib import Path

import streamlit as st

from presence.ui.heap import freeze_after_first_run
from presence.ui.navigation import session_pages
from presence.ui.shell import draw_shell, shell_drawn

# A local icon: a material-icon page_icon makes every reader's browser fetch it from Google's servers.
# SVG markup, read once: Streamlit sends it inline (half a kilobyte), where a PNG file was read and
# registered as a media file on every rerun of every session.
FAVICON = (Path(__file__).parent / "assets" / "favicon.svg").read_text(encoding="utf-8")
st.set_page_config(page_title="Russia's security presence in Africa", page_icon=FAVICON,
                   layout="wide")

page = st.navigation(session_pages())
draw_shell()
with shell_drawn():
    page.run()
freeze_after_first_run(page.url_path)

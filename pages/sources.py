"""Sources & data: the method and confidence scale, every source, downloads, and how to cite."""
import streamlit as st

from presence.ui.shell import page_view
from presence.ui.sources_page import corrections, downloads, how_to_cite, method, package_download, sources_table

view = page_view()

st.title("Sources & data")
method(view.dataset)
st.header("Corrections")
corrections(view.dataset)
st.header("Every source")
sources_table(view.dataset)
st.header("Download the data")
package_download(view.dataset)
st.markdown("**The current view**")
downloads(view)
st.header("How to cite")
how_to_cite(view.dataset)

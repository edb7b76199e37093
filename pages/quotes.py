"""Quotes: what Peskov, the Africa Corps, Wagner, the governments and their critics said, verbatim."""
import streamlit as st

from presence.dates import format_range
from presence.quotes import QUICK_FILTERS, no_statement_sentence
from presence.ui.components import empty_state
from presence.ui.quote_cards import speaker_options, statement_list, statement_selection
from presence.ui.shell import page_view
from presence.ui.text import plain

view = page_view()

st.title("What they said")
st.caption("Statements by Kremlin spokesman Dmitry Peskov, the Africa Corps, Wagner, the governments in "
           "Bamako, Bangui and Malabo, and their critics — verbatim as the cited outlet printed them. "
           "Africa-wide statements appear whatever countries are selected.")

with st.container(horizontal=True, vertical_alignment="bottom"):
    quick = st.segmented_control("Quick filter", list(QUICK_FILTERS), key="who", bind="query-params")
    speakers = st.multiselect("Speaker / organisation", speaker_options(view), key="speaker",
                              bind="query-params", placeholder="Anyone")
    search = st.text_input("Search the text", key="q", bind="query-params",
                           placeholder="e.g. instructors, Wagner, securite (any case or accent)")
    order = st.segmented_control("Order", ["newest", "oldest"], default="newest", key="sort",
                                 bind="query-params", format_func=lambda v: f"{v.title()} first", required=True)

newest_first = order != "oldest"
shown, featured, others = statement_selection(view, quick, speakers, search)
if shown.empty:
    if quick or speakers or search:
        st.info(plain(no_statement_sentence(quick, speakers, search or "", view.filters.countries,
                                            format_range(view.filters.start, view.filters.end))),
                icon=":material/format_quote:")
    else:
        empty_state("statements")
elif quick or speakers or search:
    statement_list(shown, view, key="filtered", newest_first=newest_first)
else:
    # With no speaker filter, the statements users ask for by name come first.
    st.header("Kremlin spokesman Dmitry Peskov and the Africa Corps")
    statement_list(featured, view, key="featured", newest_first=newest_first, empty="None in this range.")
    st.header("Other voices")
    statement_list(others, view, key="others", newest_first=newest_first, empty="None in this range.")

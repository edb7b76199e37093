"""Quotes: what Peskov, the Africa Corps, Wagner, the governments and their critics said, verbatim."""
import streamlit as st

from presence.quotes import QUICK_FILTERS, filter_statements, statements, who_label
from presence.ui.components import empty_state
from presence.ui.quote_cards import statement_card
from presence.ui.shell import page_view

PAGE_SIZE = 15

view = page_view()
quotes = view.quotes

st.title("What they said")
st.caption("Statements by Kremlin spokesman Dmitry Peskov, the Africa Corps, Wagner, the governments in "
           "Bamako, Bangui and Malabo, and their critics — verbatim as the cited outlet printed them. "
           "Africa-wide statements appear whatever countries are selected.")

with st.container(horizontal=True, vertical_alignment="bottom"):
    quick = st.segmented_control("Quick filter", list(QUICK_FILTERS), key="who", bind="query-params",
                                 help="Statements by Kremlin spokesman Dmitry Peskov, or by the Africa Corps")
    speakers = st.multiselect("Speaker / organisation", sorted(set(who_label(quotes))), key="speaker",
                              bind="query-params", placeholder="Anyone")
    search = st.text_input("Search the text", key="q", bind="query-params",
                           placeholder="e.g. instructors, Wagner, sécurité",
                           help="Ignores case and accents.")
    order = st.segmented_control("Order", ["newest", "oldest"], default="newest", key="sort",
                                 bind="query-params", format_func=lambda v: f"{v.title()} first", required=True)

shown = filter_statements(quotes, quick=quick, speakers=speakers, search=search)
groups = statements(shown, newest_first=(order != "oldest"))
if not groups:
    empty_state("statements")
else:
    st.caption(f"{len(groups)} statement(s), {len(shown)} rendering(s)")
    pages = max(1, -(-len(groups) // PAGE_SIZE))
    page = st.number_input("Page", 1, pages, 1, key="quote_page") if pages > 1 else 1
    reading = st.columns([5, 1])[0]  # a readable line length on wide screens
    with reading:
        for group in groups[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]:
            statement_card(group, view)

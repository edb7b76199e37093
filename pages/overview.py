"""Overview: what the dashboard shows, headline figures as of the end of the range, key moments,
the latest statements, and where the data comes from."""
import streamlit as st

from presence.countries import NAMES
from presence.coverage import review_sentence, unreviewed_after
from presence.dates import format_day
from presence.counts import count_sentence
from presence.ui.components import empty_state
from presence.ui.overview import key_moments, transition_explainer
from presence.ui.presence_panel import presence_over_time
from presence.ui.quote_cards import latest_statements
from presence.ui.shell import page_view
from presence.ui.text import plain
from presence.ui.navigation import page_link

view = page_view()
filters = view.filters

st.title("Russia's security presence in Mali, the Central African Republic and Equatorial Guinea")
st.markdown("Where the **Wagner Group**, its successor the **Africa Corps** under Russia's Defence Ministry "
            "and Russian military \"instructors\" have been reported, what happened from the Wagner mutiny "
            "of June 2023 to Wagner's exit from Mali in June 2025 and after, and what Moscow said about it. "
            "Every record links to its sources.")

page_link("pages/story.py", label=f"New here? Follow the story in {len(view.dataset.story)} steps", icon=":material/auto_stories:",
             help="The change from Wagner to the Africa Corps, step by step, each with its map and sources")

counts = view.counts
st.header(f"As of {format_day(filters.end)}")
if not filters.countries:
    empty_state("countries are selected, so no records")
# Two rows that each fill the width: presence per country, then what happened and what was said.
with st.container(horizontal=True):
    for code, count in view.active_counts.items():
        st.metric(f"Active presence sites, {NAMES[code]}", f"{count}", border=True)
with st.container(horizontal=True):
    st.metric("Events in range", counts.events, border=True)
    st.metric("Statements in range", counts.statements, border=True)
# One line of definitions rather than a tooltip per figure: visible without hovering, and lighter to draw.
st.caption(f"Active presence sites: places where Russian forces were reported present on {format_day(filters.end)} "
           f"with a report about the place in the year before (older ones show as \"no report since\" on the Map). "
           + count_sentence(counts, filters) + " The Timeline shows the events with the context.")
late = unreviewed_after(view.dataset.reviewed_to, filters.countries, filters.end_ts)
if late:
    # Past a review date a count is that of the review date: the record stopping is not the Russians leaving.
    st.caption(plain("Not reviewed after: " + "; ".join(f"{NAMES[c]} {format_day(d.date())}" for c, d in late.items())
                     + ". Past that date each presence keeps the status it had on it."))
# How far the record reaches, said before anyone reads the figures as complete.
st.info(plain(f"{review_sentence(view.dataset.reviewed_to, filters.countries or None)} The months after that are "
              "not yet reviewed: an absence of records there does not mean nothing happened."),
        icon=":material/fact_check:")

# The change over time, compact: each month is a link to the Map as of that month, same filters.
presence_over_time(view, filters.end, height=170)

left, right = st.columns([3, 2], gap="large")
with left:
    st.header("From Wagner to the Africa Corps")
    transition_explainer()
    st.header("Three key moments")
    key_moments(view.dataset)
with right:
    st.header("Latest statements")
    latest_statements(view, limit=3)

st.divider()
st.caption(f"Data cutoff: {view.dataset.cutoff:%-d %B %Y}. How records are sourced, rated and corrected: see "
           "Sources & data.")
page_link("pages/sources.py", label="Method, sources and downloads", icon=":material/menu_book:")

"""Story: the change from Wagner to the Africa Corps in a few steps, each with its map, its records
and a link into the Timeline and the Map at that moment. /story?step=N opens step N."""
import streamlit as st

from presence.dates import format_day
from presence.ui.shell import page_view
from presence.figures.map import EVENTS, frame_for
from presence.story import map_state
from presence.ui.client import client_kind
from presence.ui.map_panel import map_legend
from presence.ui.story_panel import current_step, step_links, step_map, step_map_alt, step_navigation, step_records
from presence.ui.text import plain

view = page_view()
story = view.dataset.story

st.title("The story: from Wagner to the Africa Corps")
st.caption("A guided walk through the records, from the June 2023 mutiny to the latest reviewed month. Each step "
           "uses its own date and countries; the sidebar filters apply to the other pages.")
if story.empty:
    st.info("The story is not available: data/story.csv is missing or has no valid step.")
    st.stop()

step = current_step(story)
step_navigation(story, step, key="top")
st.header(plain(step["title"]))
st.caption(format_day(step["day"].date()))
st.markdown(plain(step["text"]))
step_links(view.dataset, step)

client = client_kind()
deck = step_map(view.dataset.version, int(step["step"]), client, view.dataset, step)
# The map at the Map page's size (its frame is fitted to that width), its legend beside it on a laptop.
map_col, legend_col = st.columns([3, 2], gap="medium")
with map_col:
    st.pydeck_chart(deck, height=frame_for(map_state(step, view.dataset.first_day.date()).countries, client).height,
                    key=f"story_map_{int(step['step'])}", alt=step_map_alt(view.dataset, step))
    st.caption("The map as of this step's date, with the step's records ringed in black.")
with legend_col:
    map_legend(show_events=any(layer.id == EVENTS for layer in deck.layers), clickable=False)
st.markdown("**The records behind this step**")
step_records(view.dataset, step)
step_navigation(story, step, key="bottom")

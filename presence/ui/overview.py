"""Sections of the Overview page."""
from __future__ import annotations

import streamlit as st

from presence.ui.sidebar import current_view
from presence.ui.text import plain
from presence.ui.shared import shared
from presence.ui.navigation import page_link


def transition_explainer() -> None:
    st.markdown(
        "Wagner, the private military company of Yevgeny Prigozhin, fought for the governments of the "
        "Central African Republic (from around 2018) and Mali (from December 2021). After Wagner's mutiny in "
        "Russia on 23-24 June 2023 and Prigozhin's death in a plane crash two months later, Russia's Defence "
        "Ministry moved to take over its African operations under a new name, the **Africa Corps**. In June "
        "2025 Wagner announced it was leaving Mali; the Africa Corps stayed. In the Central African Republic, "
        "whether the Africa Corps has replaced Wagner is disputed. In Equatorial Guinea, Russian military "
        "personnel, described by the government as instructors, arrived in 2024. The Timeline shows each "
        "step with its sources.")


@shared(max_entries=4)
def _moments(version: str, _dataset) -> list[tuple[str, str, str]]:
    """(event id, label, title) of each key moment that exists: once per data version."""
    events = _dataset.events.set_index("event_id")
    found = []
    for event_id in _dataset.metadata.get("key_moments", []):
        if event_id in events.index:
            event = events.loc[event_id]
            found.append((event_id, f"{event['date_label']} — {event['milestone'] or event['title']}", event["title"]))
    return found


def key_moments(dataset) -> None:
    """The milestones named in data/metadata.json, each a link to its details on the Timeline."""
    for event_id, label, title in _moments(dataset.version, dataset):
        page_link("pages/timeline.py", label=plain(label), icon=":material/arrow_forward:",
                     query_params={"event": event_id, **current_view().filters.to_params()},
                     help=plain(title))

"""What each count includes, said the same way on every page (no Streamlit).

The Overview counts events in the selected countries; the Timeline adds, by default, the Russia-side and
Africa-wide context; statements always include Africa-wide and Russia-wide ones, each counted once
however many outlets quoted it. ``count_sentence`` says all of it, from the one filtering rule.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from presence.countries import names_phrase
from presence.dates import format_range
from presence.filters import FilterState, events_in_view, quotes_in_view


@dataclass(frozen=True)
class RecordCounts:
    events: int  # in the selected countries and range
    events_with_context: int  # plus Russia-side and Africa-wide events
    statements: int  # about the selected countries, Africa-wide or Russia-wide; one per statement


def record_counts(events: pd.DataFrame, quotes: pd.DataFrame, state: FilterState) -> RecordCounts:
    """The counts for a view, from the whole tables (``dataset.events``, ``dataset.quotes``)."""
    return RecordCounts(len(events_in_view(events, state)), len(events_in_view(events, state, with_context=True)),
                        quotes_in_view(quotes, state)["statement_id"].nunique())


def count_sentence(counts: RecordCounts, state: FilterState) -> str:
    """'Events in Equatorial Guinea, 1 January 2024 – 31 December 2024: 8; with the Russia-side and
    Africa-wide context: 18. Statements about Equatorial Guinea, Africa-wide or on Russia's side: 5 (a
    statement quoted by several outlets counts once).'"""
    where = names_phrase(state.countries)
    return (f"Events in {where}, {format_range(state.start, state.end)}: {counts.events}; with the Russia-side "
            f"and Africa-wide context: {counts.events_with_context}. Statements about {where}, Africa-wide or on "
            f"Russia's side: {counts.statements} (a statement quoted by several outlets counts once).")

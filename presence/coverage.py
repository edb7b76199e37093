"""How far the sources were reviewed, per country, said in plain words (no Streamlit).

The data cutoff is the last day a record may carry; the review date is how far sources were
systematically searched. They differ: a dashboard must not imply coverage it does not have.
"""
from __future__ import annotations

from typing import Mapping, Sequence

import pandas as pd

from presence.countries import FOCUS, SHORT_NAMES
from presence.dates import format_day


def review_sentence(reviewed_to: Mapping[str, pd.Timestamp], countries: Sequence[str] | None = None) -> str:
    """'Sources reviewed up to 30 April 2026 for Mali and CAR; 31 March 2026 for Equatorial Guinea.'
    (all three countries when none are given)"""
    countries = countries or FOCUS
    by_day: dict[pd.Timestamp, list[str]] = {}
    for code in countries:
        if code in reviewed_to:
            by_day.setdefault(reviewed_to[code], []).append(SHORT_NAMES[code])
    missing = [SHORT_NAMES[c] for c in countries if c not in reviewed_to]
    parts = []
    for day, names in sorted(by_day.items(), reverse=True):
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        parts.append(f"{format_day(day.date())} for {joined}")
    sentence = "Sources reviewed up to " + "; ".join(parts) if parts else ""
    if missing:
        sentence += ("; " if sentence else "") + f"no review date recorded for {', '.join(missing)}"
    return (sentence + ".") if sentence else ""


def unreviewed_after(reviewed_to: Mapping[str, pd.Timestamp], countries: Sequence[str],
                     end: pd.Timestamp) -> dict[str, pd.Timestamp]:
    """The countries whose review date falls before ``end``, with that date: the range's later part
    is not yet reviewed for them."""
    return {c: reviewed_to[c] for c in countries if c in reviewed_to and reviewed_to[c] < end}

"""Periods a reader picks in one click beside the date range (no Streamlit). Each sets the same
``from``/``to`` URL parameters as the date input."""
from __future__ import annotations

import datetime as dt
from typing import Mapping, Sequence

import pandas as pd

from presence.filters import DEFAULT_END, DEFAULT_START

# Wagner's exit from Mali: announced on its Telegram channels on 6 June 2025 (event
# mli-2025-06-06-wagner-exit-announced, one of the Overview's key moments).
WAGNER_LEFT_MALI = dt.date(2025, 6, 6)

MUTINY_TO_EXIT = "Mutiny to Wagner's exit"
SINCE_EXIT = "Since Wagner left Mali"
WHOLE_RECORD = "The whole record"
LATEST_REVIEWED_YEAR = "Latest reviewed year"
PERIODS = (MUTINY_TO_EXIT, SINCE_EXIT, WHOLE_RECORD, LATEST_REVIEWED_YEAR)


def period_range(name: str, first: dt.date, last: dt.date, reviewed_to: Mapping[str, pd.Timestamp],
                 countries: Sequence[str]) -> tuple[dt.date, dt.date]:
    """The (from, to) days of a named period, inside the data's span [first, last]. The latest reviewed
    year ends on the earliest review date of the chosen countries, so every day of it is reviewed."""
    if name == MUTINY_TO_EXIT:
        start, end = DEFAULT_START, DEFAULT_END
    elif name == SINCE_EXIT:
        start, end = WAGNER_LEFT_MALI, last
    elif name == LATEST_REVIEWED_YEAR:
        days = [reviewed_to[c].date() for c in countries if c in reviewed_to] or \
               [d.date() for d in reviewed_to.values()] or [last]
        end = min(days)
        start = (pd.Timestamp(end) - pd.DateOffset(years=1) + pd.Timedelta(days=1)).date()
    else:
        start, end = first, last
    start = min(max(start, first), last)
    end = min(max(end, start), last)
    return start, end

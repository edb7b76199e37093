"""The guided story (data/story.csv): which step a link asks for, and the view each step opens
(no Streamlit)."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from presence.countries import FOCUS
from presence.filters import DEFAULT_START, FilterState

# A step's Timeline opens on the months around its date.
TIMELINE_BEFORE = pd.Timedelta(days=92)
TIMELINE_AFTER = pd.Timedelta(days=31)


def step_number(value, count: int) -> int:
    """The step a ``?step=`` value asks for, kept between 1 and ``count`` (1 when unreadable)."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), max(count, 1))


def step_countries(step: pd.Series) -> tuple[str, ...]:
    return tuple(c for c in FOCUS if c in step["countries"].split(";"))


def map_state(step: pd.Series, first_day: dt.date) -> FilterState:
    """The map as of the step's date, in the step's countries: presences of the year before it (a
    withdrawal years earlier would only clutter the step)."""
    day = step["day"].date()
    return FilterState(step_countries(step), max(first_day, day - dt.timedelta(days=365)), day)


def timeline_params(step: pd.Series, first_day: dt.date, cutoff: dt.date) -> dict:
    """URL parameters of the Timeline around the step's date (the public country/from/to contract)."""
    day = step["day"]
    start = max((day - TIMELINE_BEFORE).date(), first_day)
    end = min((day + TIMELINE_AFTER).date(), cutoff)
    return {"country": list(step_countries(step)), "from": start.isoformat(), "to": end.isoformat()}


def map_params(step: pd.Series, first_day: dt.date) -> dict:
    day = step["day"].date()
    # The Map opens on the dashboard's default start (the mutiny), or on the data's first day before it.
    start = max(DEFAULT_START, first_day) if day >= DEFAULT_START else first_day
    return {"country": list(step_countries(step)), "from": start.isoformat(), "to": day.isoformat(),
            "asof": f"{day:%Y-%m}"}

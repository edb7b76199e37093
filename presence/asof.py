"""The Map's "as of" month: which months a range offers, and the day each stands for (no Streamlit).

URL contract: ``asof=YYYY-MM`` on /map (a month inside the ``from``/``to`` range; the range's last
month when absent or outside it).
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from urllib.parse import urlencode

import pandas as pd

from presence.filters import FilterState


@lru_cache(maxsize=1024)
def month_options(state: FilterState) -> tuple[str, ...]:
    """'YYYY-MM' for every month the range touches, oldest first (remembered: the Map asks on every rerun)."""
    months = pd.period_range(pd.Timestamp(state.start).to_period("M"), pd.Timestamp(state.end).to_period("M"), freq="M")
    return tuple(str(m) for m in months)


def as_of_day(month: str, state: FilterState) -> dt.date:
    """The day a month stands for: its last day, or the range's end in the range's last month."""
    end = pd.Period(month, freq="M").end_time.date()
    return min(end, state.end)


@lru_cache(maxsize=4096)
def month_label(month: str) -> str:
    return f"{pd.Period(month, freq='M'):%B %Y}"


def state_as_of(state: FilterState, month: str) -> FilterState:
    """The filters as the map reads them on that month: the same start, ending on its day."""
    day = as_of_day(month, state)
    return FilterState(state.countries, min(state.start, day), day)


def step(options: list[str], current: str, by: int) -> str:
    """The month ``by`` steps from ``current``, kept inside the options."""
    index = options.index(current) if current in options else len(options) - 1
    return options[max(0, min(len(options) - 1, index + by))]


def site_months(sites: pd.DataFrame, last: str) -> list[str]:
    """'YYYY-MM' from the first month any presence was reported to ``last`` (what "since" offers)."""
    if sites.empty:
        return [last]
    return list(_months_between(str(pd.Timestamp(sites["first_start"].min()).to_period("M")), last))


@lru_cache(maxsize=1024)
def _months_between(first: str, last: str) -> tuple[str, ...]:
    return tuple(str(m) for m in pd.period_range(pd.Period(first, freq="M"), pd.Period(last, freq="M"), freq="M"))


def map_link(state: FilterState, month: str, first_day: dt.date, last_day: dt.date) -> str:
    """The Map as of ``month`` with the same countries and dates, as a link relative to the app's root
    (``map?country=MLI&from=…&to=…&asof=YYYY-MM``); the range is widened to include the month, within
    the data's span, so the month is one the Map offers."""
    period = pd.Period(month, freq="M")
    start = max(first_day, min(state.start, period.start_time.date()))
    end = min(last_day, max(state.end, period.end_time.date()))
    params = {**FilterState(state.countries, start, end).to_params(), "asof": month}
    return "map?" + urlencode(params, doseq=True)

"""The shared filters (countries, date range), their URL form, and the filtering itself. No Streamlit.

URL contract (users share these links; do not rename): ``country`` (repeatable; ISO3 code or English
name, any case; a comma-separated list also works), ``from`` and ``to`` (YYYY-MM-DD).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Mapping, Sequence

import pandas as pd

from presence.countries import CONTEXT_CODES, FOCUS, NAMES, names_phrase, resolve_focus_country
from presence.dates import format_day, parse_iso_day
from presence.problems import shorten
from presence.status import ACTIVE, ENDED, status_as_of, status_words

# The story the dashboard tells by default: the Wagner mutiny to just after Wagner left Mali and
# the Kremlin reacted (Peskov, 9 June 2025).
DEFAULT_START = dt.date(2023, 6, 23)
DEFAULT_END = dt.date(2025, 6, 30)

FILTER_KEYS = ("country", "from", "to")
# Parameters other tools add to shared links; they are not ours to judge.
FOREIGN_PREFIXES = ("utm_", "embed", "fbclid", "gclid")


@dataclass(frozen=True)
class FilterState:
    countries: tuple[str, ...]
    start: dt.date
    end: dt.date

    @classmethod
    def default(cls, first_day: dt.date, last_day: dt.date) -> "FilterState":
        start = min(max(DEFAULT_START, first_day), last_day)
        end = max(min(DEFAULT_END, last_day), start)
        return cls(FOCUS, start, end)

    def to_params(self) -> dict[str, list[str] | str]:
        return {"country": list(self.countries), "from": self.start.isoformat(), "to": self.end.isoformat()}

    @property
    def start_ts(self) -> pd.Timestamp:
        return pd.Timestamp(self.start)

    @property
    def end_ts(self) -> pd.Timestamp:
        return pd.Timestamp(self.end)

    def describe(self) -> str:
        """'Mali and CAR, 1 January 2024 – 31 December 2024' for chart titles."""
        return f"{names_phrase(self.countries)}, {format_day(self.start)} – {format_day(self.end)}"


def parse_params(params: Mapping[str, Sequence[str]], first_day: dt.date, last_day: dt.date,
                 page_keys: Sequence[str] = ()) -> tuple[FilterState, list[str]]:
    """Read filters from URL parameters (key -> all its values). Never raises.

    Returns the state and one warning per value that was ignored or changed, naming it.
    """
    default = FilterState.default(first_day, last_day)
    warnings: list[str] = []

    countries = default.countries
    given = [v for value in params.get("country", []) for v in str(value).split(",") if v.strip()]
    if given:
        chosen = []
        for value in given:
            code = resolve_focus_country(value)
            if code is None:
                warnings.append(f"Ignored country {shorten(value, 40)!r} in the link: the dashboard covers "
                                "Mali (MLI), Central African Republic (CAF) and Equatorial Guinea (GNQ).")
            elif code not in chosen:
                chosen.append(code)
        if chosen:
            countries = tuple(c for c in FOCUS if c in chosen)
        else:
            warnings.append("No country in the link could be understood, so all three are shown.")

    start = _read_day(params, "from", default.start, warnings)
    end = _read_day(params, "to", default.end, warnings)
    if start > end:
        warnings.append(f"The link's start date {start} is after its end date {end}; they were swapped.")
        start, end = end, start
    clamped_start = min(max(start, first_day), last_day)
    clamped_end = min(max(end, first_day), last_day)
    if (clamped_start, clamped_end) != (start, end):
        warnings.append(f"The link's dates lie partly outside the data ({format_day(first_day)} – "
                        f"{format_day(last_day)}) and were moved inside it.")

    unknown = [k for k in params if k not in FILTER_KEYS and k not in page_keys
               and not str(k).startswith(FOREIGN_PREFIXES)]
    if unknown:
        names = ", ".join(repr(shorten(k, 30)) for k in unknown[:5])
        warnings.append(f"Ignored unknown link parameter(s): {names}.")
    return FilterState(countries, clamped_start, clamped_end), warnings


def _read_day(params, key: str, fallback: dt.date, warnings: list[str]) -> dt.date:
    values = [str(v) for v in params.get(key, [])]
    if not values:
        return fallback
    if len(values) > 1:
        warnings.append(f"The link gives {key!r} {len(values)} times; the first value is used.")
    try:
        return parse_iso_day(values[0])
    except ValueError:
        warnings.append(f"Ignored {key}={shorten(values[0], 40)!r} in the link: dates are written "
                        "YYYY-MM-DD, for example 2024-06-30.")
        return fallback


# --- filtering ------------------------------------------------------------------------------------

def _overlaps(start: pd.Series, end: pd.Series, state: FilterState) -> pd.Series:
    """A record at month or year precision is in range if any part of its period is."""
    return (start <= state.end_ts) & (end >= state.start_ts)


def events_in_view(events: pd.DataFrame, state: FilterState, with_context: bool = False) -> pd.DataFrame:
    """Events of the selected countries in the range; with_context adds Russia-side and Africa-wide."""
    countries = set(state.countries) | (set(CONTEXT_CODES) if with_context else set())
    mask = events["country"].isin(countries) & _overlaps(events["date_start"], events["date_end"], state)
    return events[mask]


def quotes_in_view(quotes: pd.DataFrame, state: FilterState) -> pd.DataFrame:
    """Statements about the selected countries in the range; Africa-wide and Russia-wide always."""
    countries = set(state.countries) | set(CONTEXT_CODES)
    mask = quotes["country"].isin(countries) & _overlaps(quotes["date_start"], quotes["date_end"], state)
    return quotes[mask]


def sites_in_view(sites: pd.DataFrame, state: FilterState) -> pd.DataFrame:
    """Presences in the selected countries whose interval overlaps the range, with their status as
    of the end of the range in ``status_as_of`` (``presence.status``: the one rule for status)."""
    ended = sites["status"].isin(ENDED)
    presence_end = sites["last_end"].where(ended, pd.Timestamp.max)
    mask = sites["country"].isin(state.countries) & _overlaps(sites["first_start"], presence_end, state)
    shown = sites[mask].copy()
    shown["status_as_of"] = status_as_of(shown, state.end_ts)
    shown["status_text"] = status_words(shown, state.end_ts, shown["status_as_of"])
    return shown


def active_site_counts(sites_shown: pd.DataFrame, countries: Sequence[str]) -> dict[str, int]:
    """Active presences per country (from ``sites_in_view``), zero where there are none."""
    active = sites_shown[sites_shown["status_as_of"] == ACTIVE]
    counts = active.groupby("country").size()
    return {c: int(counts.get(c, 0)) for c in countries}


def country_label(code: str) -> str:
    label = NAMES.get(code, code)
    return f"{label} (context)" if code in CONTEXT_CODES else label

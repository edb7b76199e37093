"""The timeline's text form: the events the chart shows as a dated list, grouped by month, oldest first.

Pure: events in, rows out. The Timeline page draws it under the chart (presence/ui/chronology_panel.py);
it is what a screen reader reads instead of the chart, and what a reader prints.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from urllib.parse import quote

import pandas as pd

from presence.figures.timeline import _lane_of, lane_order, STATEMENTS_LANE
from presence.filters import FilterState, country_label

SUMMARY_CHARS = 220  # one line of summary: the first sentence, cut at this length


@dataclass(frozen=True)
class Entry:
    event_id: str
    date: str  # at its precision: '3 June 2024', 'June 2024' or '2024'
    country: str
    title: str
    summary: str
    lane: str

    @property
    def record_url(self) -> str:
        return record_url(self.event_id)


def record_url(record_id: str) -> str:
    """The record page's address for one record (the page is /record?id=<id>)."""
    return "/record?id=" + quote(str(record_id), safe="")


def first_line(text: str, limit: int = SUMMARY_CHARS) -> str:
    """The first sentence of ``text``, at most ``limit`` characters (cut at a word, with '…')."""
    text = " ".join(str(text).split())
    end = text.find(". ")
    sentence = text if end < 0 else text[:end + 1]
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def month_heading(start: pd.Timestamp, precision: str) -> str:
    """The group an event is listed under: its month, or its year when only the year is known."""
    if precision == "year":
        return f"{start.year} (month not known)"
    return f"{calendar.month_name[start.month]} {start.year}"


def chronology_lanes(events: pd.DataFrame, lanes: str, state: FilterState) -> list[str]:
    """The chart's lanes that hold events (the Statements lane is the Quotes page's)."""
    return [lane for lane in lane_order(events, lanes, state) if lane != STATEMENTS_LANE]


def chronology(events: pd.DataFrame, lanes: str = "country", chosen: set[str] | None = None
               ) -> list[tuple[str, list[Entry]]]:
    """(month heading, entries) in date order, for the events in the ``chosen`` lanes (all if None)."""
    if events.empty:
        return []
    lane = _lane_of(events, lanes)
    frame = events.assign(chron_lane=lane)
    if chosen is not None:
        frame = frame[frame["chron_lane"].isin(chosen)]
    # Within a month, day-precision events first by day, then those known to the month only.
    frame = frame.assign(chron_month=frame["date_start"].dt.to_period("M"),
                         chron_rank=frame["date_precision"].map({"day": 0, "month": 1, "year": 2}).fillna(1))
    frame = frame.sort_values(["chron_month", "chron_rank", "date_start", "event_id"], kind="stable")
    groups: list[tuple[str, list[Entry]]] = []
    for row in frame.itertuples():
        heading = month_heading(row.date_start, row.date_precision)
        entry = Entry(row.event_id, row.date_label, country_label(row.country), str(row.title),
                      first_line(row.summary), row.chron_lane)
        if groups and groups[-1][0] == heading:
            groups[-1][1].append(entry)
        else:
            groups.append((heading, [entry]))
    return groups

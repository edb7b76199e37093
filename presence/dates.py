"""Dates at their real precision.

The CSVs write a date as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``: the format *is* the precision, so a
month-precision record never gains a made-up day. Internally each date is a period ``[start, end]``
(both inclusive) so that filters can test overlap, and it is shown as "2024", "June 2024" or
"25 July 2024".
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

PRECISIONS = ("day", "month", "year")
_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class PartialDate:
    start: dt.date
    end: dt.date
    precision: str  # day | month | year

    @property
    def label(self) -> str:
        return format_period(self.start, self.precision)


def parse_partial_date(text: str) -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError with a readable reason."""
    match = _PARTIAL.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise ValueError("is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    y = int(year)
    if y < 1900:
        raise ValueError("has a year before 1900")
    if month is None:
        return PartialDate(dt.date(y, 1, 1), dt.date(y, 12, 31), "year")
    m = int(month)
    if not 1 <= m <= 12:
        raise ValueError("has a month that does not exist")
    if day is None:
        return PartialDate(dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1]), "month")
    try:
        d = dt.date(y, m, int(day))
    except ValueError:
        raise ValueError("is a day that does not exist") from None
    return PartialDate(d, d, "day")


def parse_iso_day(text: str) -> dt.date:
    """Strict ``YYYY-MM-DD`` (used for URL parameters and ``published``)."""
    parsed = parse_partial_date(text)
    if parsed.precision != "day":
        raise ValueError("is not a full date YYYY-MM-DD")
    return parsed.start


def format_period(start: dt.date, precision: str) -> str:
    """'25 July 2024', 'July 2024' or '2024'."""
    if precision == "year":
        return str(start.year)
    if precision == "month":
        return f"{calendar.month_name[start.month]} {start.year}"
    return f"{start.day} {calendar.month_name[start.month]} {start.year}"


def format_day(day: dt.date) -> str:
    return format_period(day, "day")


def format_range(start: dt.date, end: dt.date) -> str:
    return f"{format_day(start)} – {format_day(end)}"

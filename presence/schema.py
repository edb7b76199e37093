"""The shape of every CSV in data/: columns, enumerations and per-cell checks (pandera).

Every cell is read as text and checked here; checks that span several columns or files (a date and
its precision, coordinates inside their country, source ids that resolve) live in ``validation``.
The column names are a public contract: contributors edit these files by hand.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandera.pandas as pa

from presence.confidence import SOURCE_KINDS
from presence.countries import ALL_CODES
from presence.dates import PRECISIONS, parse_iso_day, parse_partial_date
from presence.status import RECORDED_STATUSES

CONFIDENCE = ("confirmed", "reported", "disputed")
CATEGORIES = ("deployment", "equipment", "combat", "abuse_allegation", "cross_border", "diplomacy",
              "economic", "leadership", "sanctions", "statement", "withdrawal")
FORCES = ("Wagner", "Africa Corps", "Russian MoD")
SITE_TYPES = ("capital", "base", "airport", "mine", "town", "port", "training_centre", "detention_site", "area")
STATUSES = RECORDED_STATUSES
# What the corrections log records about a record: changed in place, or taken out of the data.
CORRECTION_ACTIONS = ("corrected", "removed")
LOCATION_PRECISION = ("site", "town", "approximate")
# How precisely an event's coordinates place it: the facility, the town, a stretch of road or battle
# area (placed on the town the sources centre it on), or only a region (its capital).
EVENT_LOCATION_PRECISION = ("site", "town", "area", "region")
CHANNELS = ("press briefing", "press conference", "Telegram", "interview", "speech", "statement",
            "TV", "social media", "other")
YES_NO = ("yes", "no")

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_LANG = re.compile(r"^[a-z]{2}$")


def _is_partial_date(value: str) -> bool:
    try:
        parse_partial_date(value)
    except ValueError:
        return False
    return True


def _not_future(value: str) -> bool:
    try:
        return parse_partial_date(value).start <= dt.date.today()
    except ValueError:
        return True  # the format check reports it


def _is_float_or_empty(value: str) -> bool:
    if value == "":
        return True
    try:
        float(value)
    except ValueError:
        return False
    return value.strip().lower() not in ("nan", "inf", "-inf", "infinity", "-infinity")


def _float_between(lo: float, hi: float):
    def check(value: str) -> bool:
        if not _is_float_or_empty(value) or value == "":
            return True  # reported by the number check
        return lo <= float(value) <= hi
    return check


def _is_id_list(value: str) -> bool:
    parts = value.split(";")
    return bool(value) and all(_ID.match(p) for p in parts)


def _is_id_list_or_empty(value: str) -> bool:
    return value == "" or _is_id_list(value)


def _is_force_list(value: str) -> bool:
    parts = [p.strip() for p in value.split(";")]
    return bool(value) and all(p in FORCES for p in parts)


def _is_iso_day_or_empty(value: str) -> bool:
    if value == "":
        return True
    try:
        parse_iso_day(value)
    except ValueError:
        return False
    return True


def _cell(fn, error: str) -> pa.Check:
    return pa.Check(fn, element_wise=True, error=error)


def _pattern(regex: re.Pattern, error: str) -> pa.Check:
    return _cell(lambda v: bool(regex.match(v)), error)


NON_EMPTY = _cell(lambda v: v.strip() != "", "is empty but required")
NO_OUTER_SPACE = _cell(lambda v: v == v.strip(), "has spaces at the start or end")
ID = _pattern(_ID, "is not a valid id (letters, digits, '-', '_' or '.', at most 80 characters)")
URL = _pattern(_URL, "is not an http(s) URL")
DATE = _cell(_is_partial_date, "is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD")
NOT_FUTURE = _cell(_not_future, "is in the future")
NUMBER = _cell(_is_float_or_empty, "is not a decimal number")
SOURCE_IDS = _cell(_is_id_list, "is not a ';'-separated list of source ids")
OPTIONAL_SOURCE_IDS = _cell(_is_id_list_or_empty, "is not a ';'-separated list of source ids")
OPTIONAL_ID = _cell(lambda v: v == "" or bool(_ID.match(v)), "is not a valid id")
OPTIONAL_SITE_IDS = _cell(_is_id_list_or_empty, "is not a ';'-separated list of site ids")
FORCE = _cell(_is_force_list, f"is not one of {', '.join(FORCES)} or a ';'-list of them")
ISO_DAY = _cell(_is_iso_day_or_empty, "is not a date YYYY-MM-DD")
LANGUAGE = _cell(lambda v: v == "" or bool(_LANG.match(v)), "is not a two-letter language code")


def one_of(values) -> pa.Check:
    allowed = frozenset(values)
    return _cell(lambda v: v in allowed, f"is not one of: {', '.join(values)}")


def max_length(n: int) -> pa.Check:
    return _cell(lambda v: len(v) <= n, f"is longer than {n} characters")


def _col(*checks: pa.Check, unique: bool = False) -> pa.Column:
    return pa.Column(str, list(checks), unique=unique, report_duplicates="exclude_first",
                     nullable=False, coerce=False)


def _text(n: int, required: bool = True) -> pa.Column:
    return _col(*( [NON_EMPTY] if required else []), max_length(n))


def _date(required: bool = True) -> pa.Column:
    checks = [DATE, NOT_FUTURE] if required else []
    return _col(*checks, max_length(10))


LAT = _col(NUMBER, _cell(_float_between(-90, 90), "is not a latitude between -90 and 90"))
LON = _col(NUMBER, _cell(_float_between(-180, 180), "is not a longitude between -180 and 180"))


@dataclass(frozen=True)
class TableSpec:
    """One CSV file: its name, id column, required and optional columns, and cell schema."""

    name: str
    id_column: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    schema: pa.DataFrameSchema

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


def _spec(name, id_column, required, optional, columns) -> TableSpec:
    assert set(columns) == set(required) | set(optional), name
    return TableSpec(name, id_column, tuple(required), tuple(optional),
                     pa.DataFrameSchema(columns, strict=False, coerce=False, name=name))


SOURCES = _spec(
    "sources", "source_id",
    ["source_id", "url", "outlet", "title", "published"], ["note", "source_kind", "origin"],
    {
        "source_id": _col(NON_EMPTY, ID, unique=True),
        "url": _col(NON_EMPTY, URL, NO_OUTER_SPACE, max_length(2000)),
        "outlet": _text(120),
        "title": _text(300, required=False),
        # At the precision the page shows: a month-only dateline stays a month.
        "published": _col(_cell(lambda v: v == "" or _is_partial_date(v),
                                "is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD"),
                          _cell(lambda v: v == "" or _not_future(v), "is in the future")),
        "note": _text(300, required=False),
        # Empty when the column is missing: every source must say what kind it is.
        "source_kind": _col(one_of(tuple(SOURCE_KINDS))),
        "origin": _text(120, required=False),
    },
)

EVENTS = _spec(
    "events", "event_id",
    ["event_id", "date", "date_precision", "country", "place", "lat", "lon", "actors", "category",
     "title", "summary", "confidence", "source_ids"],
    ["context", "milestone", "site_ids", "location_precision", "location_source_ids"],
    {
        "event_id": _col(NON_EMPTY, ID, unique=True),
        "date": _date(),
        "date_precision": _col(one_of(PRECISIONS)),
        "country": _col(one_of(ALL_CODES)),
        "place": _text(120, required=False),
        "lat": LAT,
        "lon": LON,
        "actors": _text(300),
        "category": _col(one_of(CATEGORIES)),
        "title": _text(120),
        "summary": _text(1000),
        "confidence": _col(one_of(CONFIDENCE)),
        "source_ids": _col(SOURCE_IDS, max_length(1000)),
        "context": _col(_cell(lambda v: v in ("", *YES_NO), "is not yes or no")),
        "milestone": _text(40, required=False),
        "site_ids": _col(OPTIONAL_SITE_IDS, max_length(600)),
        "location_precision": _col(_cell(lambda v: v in ("", *EVENT_LOCATION_PRECISION),
                                         f"is not one of: {', '.join(EVENT_LOCATION_PRECISION)}")),
        "location_source_ids": _col(OPTIONAL_SOURCE_IDS, max_length(600)),
    },
)

SITES = _spec(
    "sites", "site_id",
    ["site_id", "name", "country", "lat", "lon", "site_type", "force", "first_reported",
     "last_reported", "status", "description", "confidence", "source_ids"],
    ["location_precision", "last_source_ids", "status_source_ids", "successor_id"],
    {
        "site_id": _col(NON_EMPTY, ID, unique=True),
        "name": _text(120),
        "country": _col(one_of(("MLI", "CAF", "GNQ"))),
        "lat": _col(NON_EMPTY, *LAT.checks),
        "lon": _col(NON_EMPTY, *LON.checks),
        "site_type": _col(one_of(SITE_TYPES)),
        "force": _col(FORCE),
        "first_reported": _date(),
        "last_reported": _date(),
        "status": _col(one_of(STATUSES)),
        "description": _text(1000),
        "confidence": _col(one_of(CONFIDENCE)),
        "source_ids": _col(SOURCE_IDS, max_length(1000)),
        "location_precision": _col(_cell(lambda v: v in ("", *LOCATION_PRECISION),
                                         f"is not one of: {', '.join(LOCATION_PRECISION)}")),
        "last_source_ids": _col(SOURCE_IDS, max_length(1000)),
        "status_source_ids": _col(OPTIONAL_SOURCE_IDS, max_length(1000)),
        "successor_id": _col(OPTIONAL_ID),
    },
)

QUOTES = _spec(
    "quotes", "quote_id",
    ["quote_id", "date", "speaker", "role", "organisation", "country", "channel", "text",
     "language_note", "source_ids"],
    ["statement_id", "original_language", "event_id"],
    {
        "quote_id": _col(NON_EMPTY, ID, unique=True),
        "date": _date(),
        "speaker": _text(120),
        "role": _text(200),
        "organisation": _text(120),
        "country": _col(one_of(ALL_CODES)),
        "channel": _col(one_of(CHANNELS)),
        "text": _text(2000),
        "language_note": _text(300, required=False),
        "source_ids": _col(SOURCE_IDS, max_length(1000)),
        "statement_id": _col(OPTIONAL_ID),
        "original_language": _col(LANGUAGE),
        "event_id": _col(OPTIONAL_ID),
    },
)

PHASES = _spec(
    "phases", "id",
    ["id", "name", "start", "end", "description", "source_ids"], ["label"],
    {
        "id": _col(NON_EMPTY, ID, unique=True),
        "name": _text(60),
        "label": _text(18, required=False),  # the short name the timeline shows (fits a phone)
        "start": _col(NON_EMPTY, ISO_DAY, NOT_FUTURE),
        "end": _col(ISO_DAY),
        "description": _text(600),
        "source_ids": _col(SOURCE_IDS, max_length(1000)),
    },
)

CORRECTIONS = _spec(
    "corrections", "record_id",
    ["date", "record_id", "table", "action", "change", "reason", "source_ids"], [],
    {
        "date": _col(NON_EMPTY, ISO_DAY, NOT_FUTURE),
        "record_id": _col(NON_EMPTY, ID),
        "table": _col(one_of(("events", "sites", "quotes", "sources", "phases"))),
        "action": _col(one_of(CORRECTION_ACTIONS)),
        "change": _text(400),
        "reason": _text(600),
        "source_ids": _col(SOURCE_IDS, max_length(1000)),
    },
)

STORY = _spec(
    "story", "step",
    ["step", "date", "countries", "title", "text", "record_ids"], [],
    {
        "step": _col(NON_EMPTY, _cell(lambda v: v.isdigit() and 1 <= int(v) <= 50, "is not a step number 1-50"),
                     unique=True),
        "date": _col(NON_EMPTY, ISO_DAY, NOT_FUTURE),
        "countries": _col(_cell(lambda v: bool(v) and all(c in ("MLI", "CAF", "GNQ") for c in v.split(";")),
                                "is not a ';'-list of MLI, CAF, GNQ")),
        "title": _text(80),
        "text": _text(700),
        "record_ids": _col(SOURCE_IDS, max_length(1000)),
    },
)

# Sources first: every other table's source_ids are checked against it. Corrections last: their
# record ids are checked against every other table.
TABLES = (SOURCES, EVENTS, SITES, QUOTES, PHASES, CORRECTIONS)
# The tables whose ids a correction can name.
RECORD_TABLES = (SOURCES, EVENTS, SITES, QUOTES, PHASES)

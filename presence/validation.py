"""Check the data tables: per-cell schema (pandera), rules across columns, and rules across files.

Each check yields Problems that name file, line, column and value; a row with any problem is
dropped from what the app shows, and every other row stays.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pandera.pandas as pa

from presence.countries import in_bbox
from presence.dates import parse_iso_day, parse_partial_date
from presence.problems import Problem
from presence.schema import EVENTS, PHASES, SITES, TableSpec


def check_cells(frame: pd.DataFrame, spec: TableSpec) -> list[Problem]:
    """Run the table's pandera schema over every cell, lazily, and translate its failure cases."""
    if frame.empty:
        return []
    try:
        spec.schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
        problems = []
        for case in cases.itertuples(index=False):
            if pd.isna(case.index):
                continue  # schema-level cases (dtype, column presence) are handled when reading
            line = int(case.index)
            column = str(case.column)
            message = "is a duplicate id" if case.check == "field_uniqueness" else str(case.check)
            problems.append(Problem(spec.filename, line, column, frame.at[line, column], message))
        return problems
    return []


def check_rows(frame: pd.DataFrame, spec: TableSpec, skip: set[int]) -> list[Problem]:
    """Rules that involve several columns of one row."""
    rules = {EVENTS.name: _event_rules, SITES.name: _site_rules, PHASES.name: _phase_rules}
    rule = rules.get(spec.name)
    if rule is None:
        return []
    problems = []
    for line, row in frame.iterrows():
        if line in skip:
            continue
        for column, message in rule(row):
            problems.append(Problem(spec.filename, int(line), column, row[column], message))
    return problems


def check_references(frame: pd.DataFrame, spec: TableSpec, source_ids: set[str],
                     skip: set[int]) -> list[Problem]:
    """Every entry of source_ids names a source that exists (a record without its source is dropped)."""
    problems = []
    for line, row in frame.iterrows():
        if line in skip:
            continue
        unknown = [s for s in row["source_ids"].split(";") if s not in source_ids]
        if unknown:
            problems.append(Problem(spec.filename, int(line), "source_ids", row["source_ids"],
                                    f"names unknown source id(s): {', '.join(unknown)}"))
    return problems


def check_event_links(frame: pd.DataFrame, spec: TableSpec, event_ids: set[str], skip: set[int]) -> list[Problem]:
    """A statement's event_id names an event that exists. A broken link is reported and removed, but
    the statement itself stays: it is still sourced."""
    return [Problem(spec.filename, int(line), "event_id", row["event_id"],
                    "names an event that is not in events.csv; the link is left out")
            for line, row in frame.iterrows()
            if line not in skip and row["event_id"] and row["event_id"] not in event_ids]


def _coordinate_rules(row) -> list[tuple[str, str]]:
    lat, lon = row["lat"], row["lon"]
    if (lat == "") != (lon == ""):
        return [("lat" if lat == "" else "lon", "is empty while the other coordinate is not")]
    if lat == "":
        return []
    if not in_bbox(row["country"], float(lat), float(lon)):
        return [("lat", f"with lon {lon} lies outside {row['country']}")]
    return []


def _event_rules(row) -> list[tuple[str, str]]:
    found = _coordinate_rules(row)
    precision = parse_partial_date(row["date"]).precision
    if precision != row["date_precision"]:
        found.append(("date_precision", f"does not match the date {row['date']!r} ({precision} precision)"))
    return found


def _site_rules(row) -> list[tuple[str, str]]:
    found = _coordinate_rules(row)
    first = parse_partial_date(row["first_reported"])
    last = parse_partial_date(row["last_reported"])
    if last.end < first.start:
        found.append(("last_reported", f"is before first_reported {row['first_reported']!r}"))
    return found


def _phase_rules(row) -> list[tuple[str, str]]:
    if row["end"] and parse_iso_day(row["end"]) < parse_iso_day(row["start"]):
        return [("end", f"is before start {row['start']!r}")]
    return []


def check_cutoff(cutoff: str) -> list[Problem]:
    try:
        day = parse_iso_day(cutoff)
    except (ValueError, TypeError):
        return [Problem("metadata.json", 0, "cutoff", str(cutoff), "is not a date YYYY-MM-DD")]
    if day > dt.date.today():
        return [Problem("metadata.json", 0, "cutoff", cutoff, "is in the future")]
    return []

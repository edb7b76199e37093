"""Check the data tables: per-cell schema (pandera), rules across columns, and rules across files.

Each check yields Problems that name file, line, column and value; a row with any problem is
dropped from what the app shows, and every other row stays.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pandera.pandas as pa

from presence.confidence import confirmed_problem
from presence.countries import FOCUS, in_bbox
from presence.dates import parse_iso_day, parse_partial_date
from presence.geo import BORDER_TOLERANCE_KM, point_in_country
from presence.problems import Problem
from presence.schema import EVENTS, PHASES, SITES, SOURCES, TableSpec
from presence.status import ENDED, HANDED_OVER


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


def check_rows(frame: pd.DataFrame, spec: TableSpec, skip: set[int], outlines: dict | None = None) -> list[Problem]:
    """Rules that involve several columns of one row. ``outlines``: iso3 -> country outline feature."""
    outlines = outlines or {}
    rules = {EVENTS.name: lambda row: _event_rules(row, outlines),
             SITES.name: lambda row: _site_rules(row, outlines),
             PHASES.name: _phase_rules, SOURCES.name: _source_rules}
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


def country_outlines(boundaries: dict) -> dict[str, dict]:
    """iso3 -> outline feature, from data/boundaries.geojson."""
    return {f.get("properties", {}).get("iso3"): f for f in boundaries.get("features", [])}


def check_confidence(frame: pd.DataFrame, spec: TableSpec, sources: pd.DataFrame, skip: set[int]) -> list[Problem]:
    """A 'confirmed' record rests on an official source or two independent outlets (presence.confidence)."""
    if "confidence" not in frame.columns:
        return []
    known = sources.set_index("source_id", drop=False)
    problems = []
    for line, row in frame.iterrows():
        if line in skip or row["confidence"] != "confirmed":
            continue
        cited = [known.loc[s] for s in dict.fromkeys(row["source_ids"].split(";")) if s in known.index]
        message = confirmed_problem(cited)
        if message:
            problems.append(Problem(spec.filename, int(line), "confidence", row["confidence"], message))
    return problems


def check_successors(frame: pd.DataFrame, skip: set[int]) -> list[Problem]:
    """A handed-over presence names its successor: another site row at the same place's country."""
    by_id = {row["site_id"]: row for line, row in frame.iterrows() if line not in skip}
    problems = []
    for line, row in frame.iterrows():
        successor = row["successor_id"]
        if line in skip or not successor:
            continue
        target = by_id.get(successor)
        if target is None:
            message = "names a site that is not in sites.csv"
        elif successor == row["site_id"]:
            message = "names the site itself"
        elif target["country"] != row["country"]:
            message = f"names a site in another country ({target['country']})"
        else:
            continue
        problems.append(Problem(SITES.filename, int(line), "successor_id", successor, message))
    return problems


def check_corrections(frame: pd.DataFrame, spec: TableSpec, ids_by_table: dict[str, set[str]],
                      skip: set[int]) -> list[Problem]:
    """A correction names a record that exists; a removal names one that no longer does."""
    problems = []
    for line, row in frame.iterrows():
        if line in skip:
            continue
        exists = row["record_id"] in ids_by_table.get(row["table"], set())
        if row["action"] == "corrected" and not exists:
            problems.append(Problem(spec.filename, int(line), "record_id", row["record_id"],
                                    f"names no record in {row['table']}.csv"))
        elif row["action"] == "removed" and exists:
            problems.append(Problem(spec.filename, int(line), "record_id", row["record_id"],
                                    f"is logged as removed but is still in {row['table']}.csv"))
    return problems


def check_review_dates(metadata: dict, cutoff) -> list[Problem]:
    """metadata.json's reviewed_to: for each focus country, the day sources were reviewed up to."""
    reviewed = metadata.get("reviewed_to")
    if not isinstance(reviewed, dict):
        return [Problem("metadata.json", 0, "reviewed_to", "", "is missing: give, per country (MLI, CAF, GNQ), "
                        "the date up to which sources were systematically reviewed")]
    problems = []
    for code in FOCUS:
        value = reviewed.get(code)
        try:
            day = parse_iso_day(value)
        except (ValueError, TypeError):
            problems.append(Problem("metadata.json", 0, f"reviewed_to.{code}", str(value or ""),
                                    "is not a date YYYY-MM-DD"))
            continue
        if cutoff is not None and day > cutoff:
            problems.append(Problem("metadata.json", 0, f"reviewed_to.{code}", value, "is after the cutoff"))
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


def _coordinate_rules(row, outlines: dict) -> list[tuple[str, str]]:
    lat, lon = row["lat"], row["lon"]
    if (lat == "") != (lon == ""):
        return [("lat" if lat == "" else "lon", "is empty while the other coordinate is not")]
    if lat == "":
        return []
    outline = outlines.get(row["country"])
    if outline is not None:  # the focus countries: their outline, with a small tolerance
        if not point_in_country(float(lon), float(lat), outline):
            return [("lat", f"with lon {lon} lies outside {row['country']}'s outline "
                            f"(more than {BORDER_TOLERANCE_KM:g} km beyond its border)")]
    elif not in_bbox(row["country"], float(lat), float(lon)):  # Russia: its bounding box
        return [("lat", f"with lon {lon} lies outside {row['country']}")]
    return []


def _source_rules(row) -> list[tuple[str, str]]:
    if row["source_kind"] == "wire_copy" and not row["origin"].strip():
        return [("origin", "is empty: a wire copy names the wire or outlet it copies (AFP, Reuters, RFI…)")]
    return []


def _cited(row, column: str) -> list[str]:
    return [s for s in row[column].split(";") if s]


def _event_rules(row, outlines: dict) -> list[tuple[str, str]]:
    found = _coordinate_rules(row, outlines)
    precision = parse_partial_date(row["date"]).precision
    if precision != row["date_precision"]:
        found.append(("date_precision", f"does not match the date {row['date']!r} ({precision} precision)"))
    return found


def _site_rules(row, outlines: dict) -> list[tuple[str, str]]:
    found = _coordinate_rules(row, outlines)
    first = parse_partial_date(row["first_reported"])
    last = parse_partial_date(row["last_reported"])
    if last.end < first.start:
        found.append(("last_reported", f"is before first_reported {row['first_reported']!r}"))
    cited = set(_cited(row, "source_ids"))
    # The report that dates last_reported, and any report of a departure, are among the sources.
    for column in ("last_source_ids", "status_source_ids"):
        missing = [s for s in _cited(row, column) if s not in cited]
        if missing:
            found.append((column, f"names {', '.join(missing)}, which source_ids does not cite"))
    if row["status"] in ENDED and not row["status_source_ids"]:
        found.append(("status_source_ids", f"is empty: a '{row['status']}' presence cites the report of "
                      "Russians leaving or handing over that place (a country-wide announcement is not one)"))
    if (row["status"] == HANDED_OVER) != bool(row["successor_id"]):
        found.append(("successor_id", "is required for a 'handed_over' presence, and only for one"))
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


def check_story(frame: pd.DataFrame, spec: TableSpec, record_ids: set[str], first_day, cutoff,
                skip: set[int]) -> list[Problem]:
    """Each step names records that exist, on a date inside the data, and the steps run 1, 2, 3…"""
    problems = []
    for line, row in frame.iterrows():
        if line in skip:
            continue
        unknown = [i for i in row["record_ids"].split(";") if i not in record_ids]
        if unknown:
            problems.append(Problem(spec.filename, int(line), "record_ids", row["record_ids"],
                                    f"names records that are not in the data: {', '.join(unknown)}"))
        day = parse_iso_day(row["date"])
        if not (first_day <= day <= cutoff):
            problems.append(Problem(spec.filename, int(line), "date", row["date"],
                                    f"is outside the data ({first_day} – {cutoff})"))
    steps = sorted(int(row["step"]) for line, row in frame.iterrows() if line not in skip)
    if steps and steps != list(range(1, len(steps) + 1)):
        problems.append(Problem(spec.filename, 0, "step", "", "steps must run 1, 2, 3… without gaps"))
    return problems

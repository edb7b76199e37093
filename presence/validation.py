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
from presence.schema import EVENTS, FORCES, PHASES, SITES, SOURCES, TableSpec
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
    """Every entry of source_ids (and of an event's location_source_ids) names a source that exists
    (a record without its source is dropped)."""
    columns = [c for c in ("source_ids", "location_source_ids") if c in frame.columns]
    problems = []
    for line, row in frame.iterrows():
        if line in skip:
            continue
        for column in columns:
            unknown = [s for s in row[column].split(";") if s and s not in source_ids]
            if unknown:
                problems.append(Problem(spec.filename, int(line), column, row[column],
                                        f"names unknown source id(s): {', '.join(unknown)}"))
    return problems


def check_site_links(events: pd.DataFrame, sites: pd.DataFrame, exits: list[dict] = ()) -> list[Problem]:
    """An event's site_ids name presences in sites.csv, and a presence is kept current with the events
    that report on it: its last_reported is not older than a linked event, unless the presence had
    ended by then — withdrawn or handed over, or its force had announced its exit from the country
    (``exits``: metadata.json's force_exits) — as when an investigation published later describes an
    abandoned camp: it does not revive the presence."""
    exit_days = {(e["country"], e["force"]): parse_iso_day(e["date"]) for e in exits}
    by_id = {row["site_id"]: (line, row) for line, row in sites.iterrows()}
    problems = []
    for line, event in events.iterrows():
        linked = [s for s in event["site_ids"].split(";") if s]
        unknown = [s for s in linked if s not in by_id]
        if unknown:
            problems.append(Problem(EVENTS.filename, int(line), "site_ids", event["site_ids"],
                                    f"names presence(s) that are not in sites.csv: {', '.join(unknown)}; "
                                    "the link is left out"))
        try:
            event_day = parse_partial_date(event["date"]).start
        except ValueError:
            continue  # reported by the cell checks
        for site_id in linked:
            if site_id not in by_id:
                continue
            site_line, site = by_id[site_id]
            try:
                last = parse_partial_date(site["last_reported"])
            except ValueError:
                continue
            exit_day = exit_days.get((site["country"], site["force"]))
            if last.end >= event_day or (site["status"] in ENDED and last.start <= event_day) or \
                    (exit_day is not None and exit_day <= event_day):
                continue
            problems.append(Problem(SITES.filename, int(site_line), "last_reported", site["last_reported"],
                                    f"is older than event {event['event_id']} ({event['date']}), which "
                                    "reports on this presence: update last_reported and last_source_ids"))
    return problems


def force_exit_problem(exit_: object) -> str | None:
    """Why one entry of metadata.json's force_exits is unusable, or None."""
    if not isinstance(exit_, dict):
        return "is not an object with country, force, date and event_id"
    if exit_.get("country") not in FOCUS:
        return f"country {exit_.get('country')!r} is not one of {', '.join(FOCUS)}"
    if exit_.get("force") not in FORCES:
        return f"force {exit_.get('force')!r} is not one of {', '.join(FORCES)}"
    try:
        parse_iso_day(exit_.get("date"))
    except (ValueError, TypeError):
        return f"date {exit_.get('date')!r} is not a date YYYY-MM-DD"
    if not exit_.get("event_id"):
        return "names no event_id (the event recording the announcement)"
    return None


def check_force_exits(metadata: dict, event_ids: set[str]) -> list[Problem]:
    """metadata.json's force_exits: a force's announced exit from a country, recorded as an event."""
    problems = []
    for i, exit_ in enumerate(metadata.get("force_exits") or []):
        message = force_exit_problem(exit_)
        if message is None and exit_["event_id"] not in event_ids:
            message = f"event_id {exit_['event_id']!r} is not in events.csv"
        if message:
            problems.append(Problem("metadata.json", 0, f"force_exits[{i}]", str(exit_)[:80], message))
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

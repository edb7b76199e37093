"""Load data/ into typed tables: read, validate, drop bad rows (reporting them), add derived columns.

``load_dataset`` is pure (no Streamlit) so the validator, the tests and the benchmark share it; the
app caches it in ``presence.ui.data``.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from presence import validation
from presence.countries import FOCUS, NAMES
from presence.csvfile import read_table
from presence.dates import parse_iso_day, parse_partial_date
from presence.problems import Problem
from presence.schema import CORRECTIONS, EVENTS, QUOTES, RECORD_TABLES, SITES, SOURCES, STORY, TABLES

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR_VARIABLE = "PRESENCE_DATA_DIR"


def default_data_dir() -> Path:
    """data/ beside the package, or the folder named by $PRESENCE_DATA_DIR (benchmarks, tests)."""
    return Path(os.environ.get(DATA_DIR_VARIABLE) or PROJECT_ROOT / "data")


@dataclass
class Dataset:
    sources: pd.DataFrame
    events: pd.DataFrame
    sites: pd.DataFrame
    quotes: pd.DataFrame
    phases: pd.DataFrame
    cutoff: pd.Timestamp
    metadata: dict
    boundaries: dict
    problems: list[Problem] = field(default_factory=list)
    version: str = ""  # changes whenever the files change (cache key for figures)
    # The corrections log, newest first; empty when data/corrections.csv is absent.
    corrections: pd.DataFrame = field(default_factory=pd.DataFrame)
    # Per focus country, the day up to which sources were systematically reviewed (metadata.json).
    reviewed_to: dict[str, pd.Timestamp] = field(default_factory=dict)
    # The guided story's steps (data/story.csv), in order; empty when the file is absent.
    story: pd.DataFrame = field(default_factory=pd.DataFrame)

    def corrections_of(self, record_id: str) -> list[dict]:
        """The corrections logged for one record, newest first."""
        return self._corrections_by_record.get(record_id, [])

    @cached_property
    def _corrections_by_record(self) -> dict[str, list[dict]]:
        """record_id -> its corrections, newest first (one pass; cards look this up per statement)."""
        found: dict[str, list[dict]] = {}
        if not self.corrections.empty:
            for row in self.corrections.to_dict("records"):
                found.setdefault(row["record_id"], []).append(row)
        return found

    @cached_property
    def source_records(self) -> dict[str, dict]:
        """source_id -> its row as a dict (fast look-ups while building cards)."""
        return self.sources.to_dict("index")

    @cached_property
    def outlets(self) -> dict[str, str]:
        """source_id -> outlet name, for tooltips and hovers."""
        return self.sources["outlet"].to_dict()

    @cached_property
    def first_day(self) -> pd.Timestamp:
        """The earliest day any record touches: the lower bound of the date filter."""
        starts = [self.events["date_start"].min(), self.sites["first_start"].min(),
                  self.quotes["date_start"].min()]
        starts = [s for s in starts if not pd.isna(s)]
        return min(starts) if starts else self.cutoff

    def source_rows(self, source_ids: str) -> pd.DataFrame:
        """The sources a record cites, in the order it cites them."""
        ids = [s for s in str(source_ids).split(";") if s in self.sources.index]
        return self.sources.loc[ids]


def load_dataset(data_dir: Path | str | None = None) -> Dataset:
    data_dir = Path(data_dir) if data_dir else default_data_dir()
    problems: list[Problem] = []
    metadata, meta_problems = _read_metadata(data_dir / "metadata.json")
    problems += meta_problems

    boundaries = _read_boundaries(data_dir / "boundaries.geojson", problems)
    outlines = validation.country_outlines(boundaries)

    frames = {}
    for spec in TABLES:
        if spec is CORRECTIONS and not (data_dir / spec.filename).is_file():
            frames[spec.name] = pd.DataFrame(columns=list(spec.columns), dtype=str)  # no corrections yet
            continue
        raw, found = read_table(data_dir / spec.filename, spec)
        found += validation.check_cells(raw, spec)
        bad = {p.line for p in found if p.line > 1}
        found += validation.check_rows(raw, spec, bad, outlines)
        bad |= {p.line for p in found if p.line > 1}
        if spec is not SOURCES:
            source_ids = set(frames[SOURCES.name][SOURCES.id_column])
            found += validation.check_references(raw, spec, source_ids, bad)
            bad |= {p.line for p in found if p.line > 1}
            found += validation.check_confidence(raw, spec, frames[SOURCES.name], bad)
        if spec is SITES:
            found += validation.check_successors(raw, bad)
        if spec is CORRECTIONS:
            ids = {t.name: set(frames[t.name][t.id_column]) for t in RECORD_TABLES}
            found += validation.check_corrections(raw, spec, ids, bad)
        bad |= {p.line for p in found if p.line > 1}
        if spec is QUOTES and not any(p.file == EVENTS.filename and p.line <= 1 for p in problems):
            # (when events.csv itself is unusable that is reported once, not once per statement)
            broken = validation.check_event_links(raw, spec, set(frames[EVENTS.name][EVENTS.id_column]), bad)
            found += broken
            raw.loc[[p.line for p in broken], "event_id"] = ""
        problems += found
        frames[spec.name] = raw.drop(index=[i for i in raw.index if i in bad])

    cutoff = pd.Timestamp(metadata.get("cutoff") or pd.Timestamp.today().normalize())
    review_problems = validation.check_review_dates(metadata, cutoff.date())
    problems += review_problems
    problems += validation.check_force_exits(metadata, set(frames[EVENTS.name][EVENTS.id_column]))
    problems += _check_site_links(frames, _force_exits(metadata))
    reviewed_to = _review_dates(metadata, review_problems)
    story = _read_story(data_dir, frames, cutoff, problems)
    sites = _with_review_and_exits(_typed_sites(frames["sites"]), reviewed_to, _force_exits(metadata))
    return Dataset(
        sources=_plain_text(_typed_sources(frames["sources"])),
        events=_plain_text(_typed_events(frames["events"])),
        sites=_plain_text(sites),
        quotes=_plain_text(_typed_quotes(frames["quotes"])),
        phases=_plain_text(_typed_phases(frames["phases"], cutoff)),
        cutoff=cutoff,
        metadata=metadata,
        boundaries=boundaries,
        problems=sorted(problems),
        corrections=_plain_text(_typed_corrections(frames["corrections"])),
        reviewed_to=reviewed_to,
        story=story,
    )


def _read_story(data_dir: Path, frames: dict, cutoff: pd.Timestamp, problems: list[Problem]) -> pd.DataFrame:
    """The guided story, checked against the records it names (valid rows only)."""
    if not (data_dir / STORY.filename).is_file():
        return pd.DataFrame(columns=list(STORY.columns))
    raw, found = read_table(data_dir / STORY.filename, STORY)
    found += validation.check_cells(raw, STORY)
    bad = {p.line for p in found if p.line > 1}
    ids = set(frames[EVENTS.name]["event_id"]) | set(frames[SITES.name]["site_id"]) | set(frames[QUOTES.name]["quote_id"])
    starts = [parse_partial_date(v).start for t in (EVENTS, QUOTES) for v in frames[t.name]["date"]]
    starts += [parse_partial_date(v).start for v in frames[SITES.name]["first_reported"]]
    first = min(starts) if starts else cutoff.date()
    found += validation.check_story(raw, STORY, ids, first, cutoff.date(), bad)
    bad |= {p.line for p in found if p.line > 1}
    problems += found
    story = raw.drop(index=[i for i in raw.index if i in bad]).copy()
    story["step"] = story["step"].astype(int)
    story["day"] = pd.to_datetime(story["date"])
    return story.sort_values("step").reset_index(drop=True)


def _review_dates(metadata: dict, problems: list[Problem]) -> dict[str, pd.Timestamp]:
    """Per focus country, the day sources were reviewed up to; a country whose date is unusable is left
    out (its problem is shown with the others)."""
    reviewed = metadata.get("reviewed_to")
    if not isinstance(reviewed, dict):
        return {}
    broken = {p.column.split(".", 1)[-1] for p in problems}
    return {code: pd.Timestamp(value) for code, value in reviewed.items()
            if code not in broken and isinstance(value, str) and code in FOCUS}


def _force_exits(metadata: dict) -> list[dict]:
    """metadata.json's ``force_exits`` that pass the validator's check (the others are reported)."""
    return [e for e in metadata.get("force_exits") or [] if not validation.force_exit_problem(e)]


def _with_review_and_exits(sites: pd.DataFrame, reviewed_to: dict[str, pd.Timestamp],
                           exits: list[dict]) -> pd.DataFrame:
    """Add what the status rule (``presence.status``) reads besides the row itself: the country's
    review date, and the day the presence's force announced it left the country (for a presence of
    that force alone), with the words a reader sees for each."""
    sites = sites.copy()
    sites["reviewed_day"] = pd.to_datetime(sites["country"].map(reviewed_to))
    sites["reviewed_label"] = [parse_partial_date(d.strftime('%Y-%m-%d')).label if not pd.isna(d) else "" for d in sites["reviewed_day"]]
    sites["exit_day"] = pd.Series(pd.NaT, index=sites.index, dtype="datetime64[ns]")
    sites["exit_label"] = ""
    sites["exit_event_id"] = ""
    for exit_ in exits:
        mine = (sites["country"] == exit_["country"]) & (sites["force"] == exit_["force"])
        day = pd.Timestamp(exit_["date"])
        sites.loc[mine, "exit_day"] = day
        sites.loc[mine, "exit_label"] = (f"{exit_['force']} announced its exit from "
                                         f"{NAMES.get(exit_['country'], exit_['country'])} on {parse_partial_date(exit_['date']).label}")
        sites.loc[mine, "exit_event_id"] = exit_["event_id"]
    return sites


def _check_site_links(frames: dict, exits: list[dict]) -> list[Problem]:
    """events.csv's site_ids name presences that exist, and no presence's last report is older than
    an event that reports on it (presence.validation.check_site_links). Unknown links are removed."""
    events, sites = frames[EVENTS.name], frames[SITES.name]
    if "site_ids" not in events.columns:
        return []
    problems = validation.check_site_links(events, sites, exits)
    for p in problems:
        if p.file == EVENTS.filename and p.column == "site_ids":
            known = set(sites[SITES.id_column])
            events.loc[p.line, "site_ids"] = ";".join(s for s in events.at[p.line, "site_ids"].split(";")
                                                      if s in known)
    return problems


def _typed_corrections(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["day"] = pd.to_datetime(frame["date"], errors="coerce")
    frame["date_label"] = [parse_partial_date(v).label if v else "" for v in frame["date"]]
    return frame.sort_values(["day", "record_id"], ascending=[False, True]).reset_index(drop=True)


def _read_metadata(path: Path) -> tuple[dict, list[Problem]]:
    try:
        metadata = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, [Problem("metadata.json", 0, "", "", "file is missing")]
    except (ValueError, UnicodeDecodeError) as exc:
        return {}, [Problem("metadata.json", 0, "", "", f"is not valid JSON ({exc})")]
    if not isinstance(metadata, dict):
        return {}, [Problem("metadata.json", 0, "", "", "is not a JSON object")]
    problems = validation.check_cutoff(metadata.get("cutoff"))
    if problems:
        metadata = {k: v for k, v in metadata.items() if k != "cutoff"}
    return metadata, problems


def _read_boundaries(path: Path, problems: list[Problem]) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        problems.append(Problem(path.name, 0, "", "", f"cannot be read ({exc.__class__.__name__}); "
                                "the map shows no country outlines"))
        return {"type": "FeatureCollection", "features": []}


def _plain_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as Python strings: pages read records row by row, which is several times faster
    than from pandas' Arrow-backed strings."""
    text = frame.select_dtypes(include=["string", "str"]).columns
    return frame.astype({c: object for c in text})


def _periods(values: pd.Series, prefix: str) -> pd.DataFrame:
    """'2024-06' -> start 2024-06-01, end 2024-06-30, precision 'month', label 'June 2024'."""
    parsed = [parse_partial_date(v) for v in values]
    return pd.DataFrame({
        f"{prefix}_start": pd.to_datetime([p.start for p in parsed]),
        f"{prefix}_end": pd.to_datetime([p.end for p in parsed]),
        f"{prefix}_precision": [p.precision for p in parsed],
        f"{prefix}_label": [p.label for p in parsed],
    }, index=values.index)


def _typed_sources(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["published_label"] = [parse_partial_date(v).label if v else "" for v in frame["published"]]
    return frame.set_index("source_id", drop=False)


def _coordinates(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for column in ("lat", "lon"):
        frame[column] = pd.to_numeric(frame[column].replace("", None), errors="coerce").astype(float)
    return frame


def _typed_events(frame: pd.DataFrame) -> pd.DataFrame:
    frame = _coordinates(frame).drop(columns="date_precision")  # validated equal to the derived one
    frame = pd.concat([frame, _periods(frame["date"], "date")], axis=1)
    frame["context"] = frame["context"].eq("yes")
    return frame.sort_values(["date_start", "event_id"]).reset_index(names="line")


def _typed_sites(frame: pd.DataFrame) -> pd.DataFrame:
    frame = _coordinates(frame)
    frame = pd.concat([frame, _periods(frame["first_reported"], "first"),
                       _periods(frame["last_reported"], "last")], axis=1)
    return frame.sort_values(["country", "name", "first_start"]).reset_index(names="line")


def _typed_quotes(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["statement_id"] = frame["statement_id"].where(frame["statement_id"] != "", frame["quote_id"])
    frame = pd.concat([frame, _periods(frame["date"], "date")], axis=1)
    return frame.sort_values(["date_start", "quote_id"]).reset_index(names="line")


def _typed_phases(frame: pd.DataFrame, cutoff: pd.Timestamp) -> pd.DataFrame:
    frame = frame.copy()
    frame["start_day"] = pd.to_datetime([parse_iso_day(v) for v in frame["start"]])
    frame["end_day"] = pd.to_datetime([parse_iso_day(v) if v else cutoff.date() for v in frame["end"]])
    return frame.sort_values("start_day").reset_index(names="line")

"""The data set as a Frictionless Data package, for newsrooms and GIS (no Streamlit).

``python -m presence export OUTDIR`` writes, in OUTDIR:

- ``datapackage.json``: every resource with its fields, types and descriptions, the licence, the
  version (the data cutoff unless metadata.json names one) and the per-country review dates;
- ``events.csv``, ``sites.csv``, ``quotes.csv`` with ``source_urls`` and ``source_outlets`` resolved next
  to ``source_ids`` (and ``source_origins``: the wire or originating outlet, where the page is a copy);
- ``sources.csv``, ``phases.csv``, ``corrections.csv`` (the corrections log, with its sources' URLs);
- ``monthly_presence.csv``: active presences per month, country and force (the Overview's chart);
- ``sites.geojson`` (every site) and ``events.geojson`` (every event with coordinates), properties as
  in the CSVs.

The CSVs are plain data (UTF-8, no spreadsheet-formula guard): tools read them as they are.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pandas as pd

from presence.countries import FOCUS
from presence.dataset import Dataset
from presence.records import TITLE, data_version, id_list
from presence.schema import CORRECTIONS, EVENTS, PHASES, QUOTES, SITES, SOURCES
from presence.status import status_as_of
from presence.timeseries import FORCE_GROUP_LABELS, FORCE_GROUPS, monthly_presence

PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
RESOLVED = ("source_urls", "source_outlets", "source_origins")

# Field descriptions (a column not listed gets a generic one).
DESCRIPTIONS = {
    "event_id": "Unique id of the event; its page is /record?id=<event_id>",
    "site_id": "Unique id of the presence (one force at one place); its page is /record?id=<site_id>",
    "quote_id": "Unique id of one outlet's rendering of a statement",
    "statement_id": "Id shared by the renderings of one statement; its page is /record?id=<statement_id>",
    "source_id": "Unique id of the source", "id": "Unique id of the phase",
    "date": "Date at its real precision: YYYY, YYYY-MM or YYYY-MM-DD",
    "date_precision": "day, month or year (agrees with the date's form)",
    "country": "ISO 3166-1 alpha-3: MLI, CAF, GNQ; RUS for Russia; AFR for Africa-wide",
    "place": "Town or area; empty when no place is known",
    "lat": "Latitude, WGS84 decimal degrees, of the town (or facility, where published)",
    "lon": "Longitude, WGS84 decimal degrees, of the town (or facility, where published)",
    "actors": "';'-separated list of the actors involved", "category": "Kind of event",
    "title": "Short title written by the project (sources: the source page's title, where known)",
    "summary": "Summary written by the project from the sources",
    "confidence": "confirmed (official source or two independent outlets), reported (one credible source) "
                  "or disputed (sources disagree; the summary says how)",
    "source_ids": "';'-separated source_ids from sources.csv",
    "source_urls": "The URLs of source_ids, in the same order, ' ; '-separated",
    "source_outlets": "The outlets of source_ids, in the same order, ' ; '-separated",
    "source_origins": "Who produced each source's content (the wire for a copy; the outlet otherwise), "
                      "' ; '-separated",
    "context": "yes = background before June 2023", "milestone": "Short label shown on the timeline",
    "site_ids": "';'-separated site_ids of the presences the event reports on",
    "location_precision": "How precise the coordinates are", "location_source_ids": "Sources of the location",
    "name": "Name of the place (sites) or phase (phases)", "site_type": "Type of site",
    "force": "Wagner, Africa Corps, Russian MoD, or a ';'-list when sources cannot tell",
    "first_reported": "First report of the presence: YYYY, YYYY-MM or YYYY-MM-DD",
    "last_reported": "Latest report about the presence: YYYY, YYYY-MM or YYYY-MM-DD",
    "status": "How the presence ended as far as sources tell, at last_reported: active, withdrawn, "
              "handed_over, unknown",
    "status_at_cutoff": "Status as of the data cutoff by the dashboard's rule (stale = no report for over "
                        "12 months)",
    "description": "Description written by the project from the sources",
    "last_source_ids": "The source that dates last_reported", "status_source_ids": "The source of the "
                                                                                   "departure or handover",
    "successor_id": "site_id of the presence that took over (handed_over)",
    "speaker": "Who spoke", "role": "The speaker's role", "organisation": "The speaker's organisation",
    "channel": "Where it was said", "text": "The words, verbatim as the cited outlet printed them",
    "language_note": "Translation and rendering notes", "original_language": "ISO 639-1 code",
    "event_id_ref": "", "url": "http(s) URL of the page", "outlet": "Who published the page",
    "published": "Publication date: YYYY-MM-DD, YYYY-MM, YYYY or empty", "note": "Notes on the source",
    "source_kind": "outlet, wire_copy, official, state_media, ngo_report, aggregator, reference, partisan",
    "origin": "Who produced the content (the wire for a copy); empty = the outlet itself",
    "start": "First day, YYYY-MM-DD", "end": "Last day, YYYY-MM-DD (empty = ongoing)",
    "label": "Short name shown on the timeline", "record_id": "Id of the corrected record",
    "table": "Table of the corrected record", "action": "corrected or removed", "change": "What changed",
    "reason": "Why", "month": "The month (YYYY-MM), read on its last day",
    "active_sites": "Presences active on the month's last day (the dashboard's status rule)",
}
INTEGER = {"active_sites"}
NUMBER = {"lat", "lon"}
PARTIAL_DATES = {"date", "first_reported", "last_reported", "published"}


def resolve_sources(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Add the URLs, outlets and origins of each row's source_ids next to them."""
    urls, outlets = sources["url"].to_dict(), sources["outlet"].to_dict()
    origins = sources["origin"].where(sources["origin"].fillna("") != "", sources["outlet"]).to_dict()
    out = frame.copy()
    ids = frame["source_ids"].map(id_list)
    out["source_urls"] = ids.map(lambda l: " ; ".join(urls.get(i, "") for i in l))
    out["source_outlets"] = ids.map(lambda l: " ; ".join(outlets.get(i, "") for i in l))
    out["source_origins"] = ids.map(lambda l: " ; ".join(origins.get(i, "") for i in l))
    return out


def _columns(spec, frame: pd.DataFrame, extra=()) -> list[str]:
    columns = [c for c in spec.columns if c in frame.columns]
    return columns + [c for c in extra if c in frame.columns and c not in columns]


def tables(dataset: Dataset) -> dict[str, pd.DataFrame]:
    """The package's CSV resources as frames, in the order the descriptor lists them."""
    sources = dataset.sources
    events = resolve_sources(dataset.events, sources)
    events["context"] = events["context"].map({True: "yes"}).fillna("")
    sites = dataset.sites.copy()
    sites["status_at_cutoff"] = status_as_of(sites, dataset.cutoff)
    sites = resolve_sources(sites, sources)
    quotes = resolve_sources(dataset.quotes, sources)
    corrections = dataset.corrections.copy()
    corrections = resolve_sources(corrections, sources) if not corrections.empty else corrections.assign(
        **{c: pd.Series(dtype=object) for c in RESOLVED})
    return {
        "events": events[_columns(EVENTS, events, RESOLVED)].sort_values("event_id"),
        "sites": sites[_columns(SITES, sites, ("status_at_cutoff", *RESOLVED))].sort_values("site_id"),
        "quotes": quotes[_columns(QUOTES, quotes, RESOLVED)].sort_values("quote_id"),
        "sources": sources[_columns(SOURCES, sources)].reset_index(drop=True).sort_values("source_id"),
        "phases": dataset.phases[_columns(PHASES, dataset.phases)],
        "corrections": corrections[_columns(CORRECTIONS, corrections, ("source_urls",))],
        "monthly_presence": monthly_counts(dataset),
    }


def monthly_counts(dataset: Dataset) -> pd.DataFrame:
    """Active presences per month, country and force, from the first report to the cutoff."""
    sites = dataset.sites
    if sites.empty:
        return pd.DataFrame(columns=["month", "country", "force", "active_sites"])
    first = sites["first_start"].min()
    rows = []
    for country in FOCUS:
        counts = monthly_presence(sites, [country], first, dataset.cutoff)
        for record in counts.to_dict("records"):
            for group in FORCE_GROUPS:
                rows.append({"month": f"{record['month']:%Y-%m}", "country": country,
                             "force": FORCE_GROUP_LABELS[group], "active_sites": int(record[group])})
    return pd.DataFrame(rows, columns=["month", "country", "force", "active_sites"])


def _feature(row: dict, columns: list[str]) -> dict:
    properties = {c: (None if pd.isna(row[c]) else row[c]) if not isinstance(row[c], str) else row[c]
                  for c in columns if c not in ("lat", "lon")}
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [float(row["lon"]), float(row["lat"])]},
            "properties": properties}


def geojson(frame: pd.DataFrame) -> dict:
    """A FeatureCollection of the rows with coordinates; properties as in the CSV."""
    placed = frame.dropna(subset=["lat", "lon"])
    columns = list(frame.columns)
    return {"type": "FeatureCollection", "features": [_feature(r, columns) for r in placed.to_dict("records")]}


def _field(name: str) -> dict:
    field = {"name": name, "type": "string", "description": DESCRIPTIONS.get(name) or f"{name.replace('_', ' ')}"}
    if name in NUMBER:
        field["type"] = "number"
    elif name in INTEGER:
        field["type"] = "integer"
    elif name in PARTIAL_DATES:
        field["constraints"] = {"pattern": PARTIAL_DATE}
    return field


RESOURCE_TITLES = {
    "events": "Events", "sites": "Presence sites (one force at one place)",
    "quotes": "Statements, one row per outlet's rendering", "sources": "Sources",
    "phases": "Phases", "corrections": "Corrections log",
    "monthly_presence": "Active presences per month, country and force",
}
PRIMARY_KEYS = {"events": "event_id", "sites": "site_id", "quotes": "quote_id", "sources": "source_id",
                "phases": "id"}


def descriptor(dataset: Dataset, frames: dict[str, pd.DataFrame], created: str) -> dict:
    licence = dataset.metadata.get("licence", "CC BY 4.0")
    resources = []
    for name, frame in frames.items():
        schema = {"fields": [_field(c) for c in frame.columns], "missingValues": [""]}
        if name in PRIMARY_KEYS:
            schema["primaryKey"] = [PRIMARY_KEYS[name]]
        resources.append({"name": name, "path": f"{name}.csv", "title": RESOURCE_TITLES[name],
                          "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv",
                          "encoding": "utf-8", "schema": schema})
    for name, what in (("sites", "every presence site"), ("events", "every event with coordinates")):
        resources.append({"name": f"{name}_geojson", "path": f"{name}.geojson", "format": "geojson",
                          "mediatype": "application/geo+json", "encoding": "utf-8",
                          "title": f"{RESOURCE_TITLES[name]} as GeoJSON",
                          "description": f"Points (WGS84) of {what}; properties as in {name}.csv"})
    return {
        "profile": "data-package",
        "name": "russia-security-presence-mali-car-equatorial-guinea",
        "title": dataset.metadata.get("title", TITLE),
        "description": dataset.metadata.get("description", ""),
        "version": data_version(dataset),
        "created": created,
        "licenses": [{"name": licence.replace(" ", "-"), "title": licence,
                      "path": dataset.metadata.get("licence_url", "https://creativecommons.org/licenses/by/4.0/")}],
        "cutoff": dataset.cutoff.date().isoformat(),
        "reviewed_to": {c: d.date().isoformat() for c, d in dataset.reviewed_to.items()},
        "reviewed_note": dataset.metadata.get("reviewed_note", ""),
        "resources": resources,
    }


def package_files(dataset: Dataset, created: str | None = None) -> dict[str, bytes]:
    """File name -> bytes of the whole package."""
    created = created or dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    frames = tables(dataset)
    files = {f"{name}.csv": frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
             for name, frame in frames.items()}
    files["sites.geojson"] = json.dumps(geojson(frames["sites"]), ensure_ascii=False).encode("utf-8")
    files["events.geojson"] = json.dumps(geojson(frames["events"]), ensure_ascii=False).encode("utf-8")
    files["datapackage.json"] = json.dumps(descriptor(dataset, frames, created), indent=2,
                                           ensure_ascii=False).encode("utf-8")
    return files


def write_package(dataset: Dataset, out_dir: Path | str) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in package_files(dataset).items():
        (out / name).write_bytes(data)
        written.append(out / name)
    return written


def package_zip(dataset: Dataset) -> bytes:
    """The package as one ZIP (the Sources & data page offers it)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in package_files(dataset).items():
            archive.writestr(f"russia-presence-data/{name}", data)
    return buffer.getvalue()

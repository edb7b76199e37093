"""One record by its id: what it is, what it relates to, where it sits on the Map and the Timeline, and
how to cite it (no Streamlit). The record page (``/record?id=<id>``) and search results use it.

Ids: an event's ``event_id``, a presence site's ``site_id``, a statement's ``statement_id`` (its
renderings together); a rendering's own ``quote_id`` opens its statement.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import pandas as pd

from presence.countries import FOCUS, NAMES
from presence.dates import format_day
from presence.filters import DEFAULT_END, DEFAULT_START
from presence.status import ENDED

EVENT, SITE, STATEMENT = "event", "site", "statement"
KIND_LABELS = {EVENT: "Event", SITE: "Presence site", STATEMENT: "Statement"}
RECORD_PATH = "record"  # the page's URL path: /record?id=<id>
TITLE = "Russia's security presence in Mali, the Central African Republic and Equatorial Guinea"
NEARBY_KM = 30  # presences this close to an event, in its country, are listed with it
TIMELINE_BEFORE = dt.timedelta(days=92)
TIMELINE_AFTER = dt.timedelta(days=92)


@dataclass
class Record:
    kind: str
    id: str
    title: str
    date_label: str
    precision: str
    start: dt.date
    end: dt.date
    country: str
    rows: pd.DataFrame  # the record's row (a statement: all its renderings)
    source_ids: list[str] = field(default_factory=list)

    @property
    def row(self) -> pd.Series:
        return self.rows.iloc[0]

    @property
    def has_place(self) -> bool:
        lat, lon = self.row.get("lat"), self.row.get("lon")
        return lat is not None and lon is not None and not pd.isna(lat) and not pd.isna(lon)


def id_list(value) -> list[str]:
    """A ';'-list cell as ids (empty or missing -> [])."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    return [v.strip() for v in str(value).split(";") if v.strip()]


def record_kinds(dataset) -> dict[str, str]:
    """Every id a record page answers to -> its kind (quote ids open their statement)."""
    kinds = {i: STATEMENT for i in dataset.quotes["quote_id"]}
    kinds.update({i: STATEMENT for i in dataset.quotes["statement_id"]})
    kinds.update({i: SITE for i in dataset.sites["site_id"]})
    kinds.update({i: EVENT for i in dataset.events["event_id"]})
    return kinds


def all_record_ids(dataset) -> list[str]:
    """The canonical ids: every event, every site, every statement (not each rendering)."""
    return (list(dataset.events["event_id"]) + list(dataset.sites["site_id"])
            + list(dict.fromkeys(dataset.quotes["statement_id"])))


def find_record(dataset, record_id: str) -> Record | None:
    """The record with this id, or None (never raises)."""
    record_id = str(record_id or "").strip()
    if not record_id:
        return None
    events = dataset.events[dataset.events["event_id"] == record_id]
    if not events.empty:
        e = events.iloc[0]
        return Record(EVENT, record_id, e["title"], e["date_label"], e["date_precision"],
                      e["date_start"].date(), e["date_end"].date(), e["country"], events, id_list(e["source_ids"]))
    sites = dataset.sites[dataset.sites["site_id"] == record_id]
    if not sites.empty:
        s = sites.iloc[0]
        return Record(SITE, record_id, s["name"], f"{s['first_label']} – {s['last_label']}", s["first_precision"],
                      s["first_start"].date(), s["last_end"].date(), s["country"], sites, id_list(s["source_ids"]))
    quotes = dataset.quotes
    match = quotes[(quotes["statement_id"] == record_id) | (quotes["quote_id"] == record_id)]
    if match.empty:
        return None
    statement_id = match.iloc[0]["statement_id"]
    group = quotes[quotes["statement_id"] == statement_id]
    q = group.iloc[0]
    sources = list(dict.fromkeys(i for ids in group["source_ids"] for i in id_list(ids)))
    return Record(STATEMENT, statement_id, f"{q['speaker']}, {q['date_label']}", q["date_label"], q["date_precision"],
                  q["date_start"].date(), q["date_end"].date(), q["country"], group, sources)


def country_phrase(code: str) -> str:
    return NAMES.get(code, code)


def distance_km(lat1, lon1, lat2, lon2) -> float:
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6371 * math.hypot(x, y)


@dataclass
class Related:
    """Related records, each as (label, id) pairs under a heading."""
    groups: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def add(self, heading: str, label: str, record_id: str) -> None:
        items = self.groups.setdefault(heading, [])
        if all(i != record_id for _, i in items):
            items.append((label, record_id))


def _event_label(e) -> str:
    return f"{e['date_label']} — {e['title']}"


def _site_label(s) -> str:
    return f"{s['name']} ({s['force'].replace(';', ' / ')}, {s['first_label']} – {s['last_label']})"


def _statement_label(q) -> str:
    text = q["text"] if len(q["text"]) <= 90 else q["text"][:87] + "…"
    return f"{q['speaker']}, {q['date_label']}: “{text}”"


def related_records(dataset, record: Record) -> Related:
    """A site's events and successor/predecessor, an event's sites and statements, a statement's event;
    and the story steps that cite the record."""
    related = Related()
    events, sites, quotes = dataset.events, dataset.sites, dataset.quotes
    site_rows = sites.set_index("site_id", drop=False)
    if record.kind == EVENT:
        e = record.row
        for site_id in id_list(e.get("site_ids")):
            if site_id in site_rows.index:
                related.add("Presence sites this event reports on", _site_label(site_rows.loc[site_id]), site_id)
        if record.has_place:
            near = sites[sites["country"] == e["country"]]
            for s in near.to_dict("records"):
                if distance_km(e["lat"], e["lon"], s["lat"], s["lon"]) <= NEARBY_KM:
                    related.add(f"Presence sites within {NEARBY_KM} km", _site_label(s), s["site_id"])
        for q in quotes[quotes["event_id"] == record.id].drop_duplicates("statement_id").to_dict("records"):
            related.add("Statements about this event", _statement_label(q), q["statement_id"])
    elif record.kind == SITE:
        s = record.row
        successor = s.get("successor_id") or ""
        if successor in site_rows.index:
            related.add("Handed over to", _site_label(site_rows.loc[successor]), successor)
        for before in sites[sites["successor_id"] == record.id].to_dict("records"):
            related.add("Took over from", _site_label(before), before["site_id"])
        if "site_ids" in events.columns:
            listed = events[events["site_ids"].map(lambda v: record.id in id_list(v))]
            for e in listed.to_dict("records"):
                related.add("Events reported at this presence", _event_label(e), e["event_id"])
        # Events near the place while this presence was reported there (to its end, if it ended).
        until = s["last_end"] if s["status"] in ENDED else dataset.cutoff
        placed = events[(events["country"] == s["country"]) & events["lat"].notna()
                        & (events["date_end"] >= s["first_start"]) & (events["date_start"] <= until)]
        for e in placed.to_dict("records"):
            if distance_km(s["lat"], s["lon"], e["lat"], e["lon"]) <= NEARBY_KM:
                related.add(f"Events within {NEARBY_KM} km during this presence", _event_label(e), e["event_id"])
    else:
        for event_id in dict.fromkeys(i for i in record.rows["event_id"] if i):
            rows = events[events["event_id"] == event_id]
            if not rows.empty:
                related.add("The event this statement is about", _event_label(rows.iloc[0]), event_id)
    story = dataset.story
    if not story.empty:
        own = {record.id} | set(record.rows.get("quote_id", pd.Series(dtype=object)))
        for step in story.to_dict("records"):
            if own & set(id_list(step["record_ids"])):
                related.groups.setdefault("In the story", []).append(
                    (f"Step {step['step']}: {step['title']}", f"step:{step['step']}"))
    return related


def _clamp(day: dt.date, first: dt.date, last: dt.date) -> dt.date:
    return min(max(day, first), last)


def map_params(dataset, record: Record) -> dict:
    """The Map at the record's moment (a site: its last report), in its country (all three for context)."""
    first, last = dataset.first_day.date(), dataset.cutoff.date()
    day = record.end if record.kind == SITE else record.start
    day = _clamp(day, first, last)
    countries = [record.country] if record.country in FOCUS else list(FOCUS)
    start = max(DEFAULT_START, first) if day >= DEFAULT_START else first
    end = max(day, min(DEFAULT_END, last))
    return {"country": countries, "from": start.isoformat(), "to": end.isoformat(), "asof": f"{day:%Y-%m}"}


def timeline_params(dataset, record: Record) -> dict:
    """The Timeline on the months around the record (an event opens with its details)."""
    first, last = dataset.first_day.date(), dataset.cutoff.date()
    start = _clamp(record.start - TIMELINE_BEFORE, first, last)
    end = _clamp(record.end + TIMELINE_AFTER, first, last)
    countries = [record.country] if record.country in FOCUS else list(FOCUS)
    params = {"country": countries, "from": start.isoformat(), "to": end.isoformat()}
    if record.kind == EVENT:
        params["event"] = record.id
    return params


def data_version(dataset) -> str:
    """The data set's version: metadata's ``version``, else its cutoff day (YYYY-MM-DD)."""
    return str(dataset.metadata.get("version") or dataset.cutoff.date().isoformat())


def permalink(base_url: str, record_id: str) -> str:
    """'https://host/record?id=<id>' from the app's base URL ('' gives the relative '/record?id=<id>')."""
    from urllib.parse import quote
    return f"{base_url.rstrip('/')}/{RECORD_PATH}?id={quote(record_id, safe='')}"


def citation(dataset, record: Record, link: str, today: dt.date | None = None) -> str:
    """A ready-to-paste citation of one record with its permalink and the data set's version."""
    today = today or dt.date.today()
    what = KIND_LABELS[record.kind].lower()
    if record.kind == STATEMENT:
        q = record.row
        head = f"{q['speaker']} ({q['role']}), {q['date_label']}: “{q['text']}”"
    else:
        head = f"“{record.title}” ({what}, {record.date_label})"
    return (f"{head}. In: {TITLE}, record {record.id}, data version {data_version(dataset)}. {link} "
            f"(accessed {format_day(today)}).")

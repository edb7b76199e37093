"""The record page, /record?id=<id>: everything about one event, presence site or statement."""
from __future__ import annotations

import streamlit as st

from presence.confidence import confidence_reason
from presence.countries import NAMES
from presence.figures.record_map import record_map
from presence.palette import CATEGORY_LABELS
from presence.records import (EVENT, KIND_LABELS, SITE, STATEMENT, Record, citation, find_record, map_params,
                              related_records, timeline_params)
from presence.status import status_words
from presence.ui.links import SEARCH_PAGE, record_link, record_permalink
from presence.ui.quote_cards import card_markdown
from presence.ui.sidebar import switch_keeping_filters
from presence.ui.text import link, plain
from presence.ui.shared import shared
from presence.ui.navigation import page_link

PARAM = "id"


@shared(max_entries=512)
def _record(version: str, record_id: str, _dataset):
    """The record and its related records, worked out once per id (and data version)."""
    record = find_record(_dataset, record_id)
    if record is None:
        return None, None
    return record, related_records(_dataset, record)


@shared(max_entries=128)
def _map(version: str, record_id: str, _record: Record, _boundaries: dict):
    row = _record.row
    return record_map(float(row["lat"]), float(row["lon"]), _record.title, _record.country, _boundaries,
                      row.get("force", "") if _record.kind == SITE else "")


def search_box(view, key: str) -> None:
    """A search field that opens /search with the words typed (the filters kept)."""
    words = st.text_input("Search the records", key=key, placeholder="e.g. Kidal, Goïta, Ménaka, Peskov")
    if words.strip():
        switch_keeping_filters(SEARCH_PAGE, view, q=words.strip())


def unknown_record(view, record_id: str) -> None:
    if record_id:
        st.warning(plain(f"No event, presence site or statement has the id {record_id!r}. It may have been "
                         "mistyped, or the record may have been removed (see the corrections log on Sources & "
                         "data). Search the records instead:"), icon=":material/search_off:")
    else:
        st.info("This page shows one record: open it from any details panel, table or search result, or "
                "add ?id=<record id> to the address. Search the records:", icon=":material/info:")
    search_box(view, "record_search")


def record_page(view) -> None:
    dataset = view.dataset
    record_id = str(st.query_params.get(PARAM, "") or "").strip()
    record, related = _record(dataset.version, record_id, dataset)
    if record is None:
        st.title("Record not found" if record_id else "A record's page")
        unknown_record(view, record_id)
        return
    row = record.row
    st.title(plain(record.title))
    _facts(record)
    if record.kind == STATEMENT:
        body, who, _ = card_markdown(record.rows, dataset)
        st.markdown(who + "\n\n" + body)
    else:
        st.markdown(plain(row["summary"] if record.kind == EVENT else row["description"]))
    if record.kind != STATEMENT:
        sources = [dataset.source_records[i] for i in record.source_ids if i in dataset.source_records]
        st.markdown("**Confidence:** " + plain(confidence_reason(row["confidence"], sources)))
    if record.kind == SITE:
        _site_status(dataset, row)
    if record.has_place:
        st.pydeck_chart(_map(dataset.version, record.id, record, dataset.boundaries), height=260,
                        key="record_map")
        precision = row.get("location_precision", "") or "town"
        st.caption(plain(f"{row.get('place') or row.get('name')}: {row['lat']:.4f}, {row['lon']:.4f} "
                         f"(location precision: {precision}; markers sit on the town unless the facility "
                         "was published)"))
    _moment_links(dataset, record)
    _sources(dataset, record)
    _corrections(dataset, record)
    _related(related)
    st.header("Cite this record")
    link_url = record_permalink(record.id)
    st.code(citation(dataset, record, link_url), language=None, wrap_lines=True)
    st.caption(plain(f"Permalink: {link_url}"))


def _facts(record: Record) -> None:
    row = record.row
    where = NAMES.get(record.country, record.country)
    if record.kind == EVENT:
        precision = "" if record.precision == "day" else f" (known to the {record.precision})"
        place = f"{row['place']}, {where}" if row["place"] else where
        facts = [KIND_LABELS[EVENT], f"{record.date_label}{precision}", place,
                 CATEGORY_LABELS.get(row["category"], row["category"]), "Actors: " + row["actors"].replace(";", ", ")]
    elif record.kind == SITE:
        facts = [KIND_LABELS[SITE], where, row["force"].replace(";", " / "), row["site_type"].replace("_", " "),
                 f"first reported {row['first_label']}, last reported {row['last_label']}"]
    else:
        facts = [KIND_LABELS[STATEMENT], record.date_label,
                 "Africa-wide" if record.country == "AFR" else f"about {where}", row["channel"]]
    st.caption(plain(" · ".join(facts + [f"id {record.id}"])))


def _site_status(dataset, row) -> None:
    frame = row.to_frame().T
    words = status_words(frame, dataset.cutoff).iloc[0]
    st.markdown(plain(f"Status as of the data cutoff ({dataset.cutoff:%-d %B %Y}): {words}."))


def _sources(dataset, record: Record) -> None:
    st.header("Sources")
    lines = []
    for source_id in record.source_ids:
        source = dataset.source_records.get(source_id)
        if source is None:
            continue
        kind = source["source_kind"].replace("_", " ")
        origin = f", copy of {source['origin']}" if source.get("origin") and source["source_kind"] == "wire_copy" else ""
        when = source["published_label"] or "undated"
        title = f" — {source['title']}" if source.get("title") else ""
        lines.append(f"- {link(source['outlet'] + title, source['url'])} · {plain(f'{kind}{origin} · {when}')}  \n"
                     f"  {plain(source['url'])}")
    st.markdown("\n".join(lines) if lines else "No source listed.")


def _corrections(dataset, record: Record) -> None:
    ids = [record.id] + ([i for i in record.rows["quote_id"] if i != record.id] if record.kind == STATEMENT else [])
    found = [c for i in ids for c in dataset.corrections_of(i)]
    if not found:
        st.caption("No correction has been made to this record.")
        return
    st.header("Corrections")
    st.markdown("\n".join(f"- **{plain(c['date_label'])}** ({plain(c['action'])}): {plain(c['change'])}. "
                          f"Why: {plain(c['reason'])}" for c in found))


def _related(related) -> None:
    if not related or not related.groups:
        return
    st.header("Related records")
    for heading, items in related.groups.items():
        st.markdown(f"**{plain(heading)}**")
        for label, target in items:
            if target.startswith("step:"):
                page_link("pages/story.py", label=plain(label), icon=":material/auto_stories:",
                             query_params={"step": target.split(":", 1)[1]})
            else:
                record_link(target, label, icon=":material/arrow_forward:")


def _moment_links(dataset, record: Record) -> None:
    with st.container(horizontal=True):
        page_link("pages/map.py", label="Open the Map at this moment", icon=":material/map:",
                     query_params=map_params(dataset, record))
        page_link("pages/timeline.py", label="Open the Timeline at this moment", icon=":material/timeline:",
                     query_params=timeline_params(dataset, record))

"""The Sources & data page's sections."""
from __future__ import annotations

import pandas as pd
import pyarrow as pa
import streamlit as st

from presence.confidence import SOURCE_KINDS
from presence.coverage import review_sentence
from presence.dates import format_day
from presence.export import to_safe_csv
from presence.package import RESOLVED, geojson, package_zip, resolve_sources
from presence.records import data_version, record_kinds
from presence.ui.data import kept
from presence.ui.links import app_base_url, record_column, record_urls
from presence.status import STALE_AFTER_MONTHS
from presence.ui.text import plain
from presence.ui.shared import shared

REPOSITORY_NOTE = "the CSV files in the project's data/ folder"


def method(dataset) -> None:
    # One markdown element (the confidence scale is a markdown table, not a data grid: three fixed
    # rows need no sorting or scrolling): each element costs time to draw.
    st.markdown(
        "Every event, presence site and statement in this dashboard cites at least one published source, "
        "listed below. Summaries and descriptions are written by the project; statements are quoted "
        "verbatim as the cited outlet printed them, with a note when the outlet translated them. Where "
        "outlets rendered a statement differently, every rendering is shown. Dates keep their real "
        "precision: an event known only to the month is shown as \"June 2024\", never with a made-up day. "
        "Coordinates are those of the town (or facility, where published), not of any exact position.\n\n"
        "**Confidence levels**\n\n"
        "| Level | Meaning |\n|---|---|\n"
        "| confirmed | At least two independent outlets (copies of one wire story count once; aggregator "
        "copies, wikis and partisan outlets never count), or an official statement or document. The data "
        "checker enforces this from each source's kind. |\n"
        "| reported | One credible outlet or investigation, including its re-publications. |\n"
        "| disputed | Sources disagree on a key element (often the date or who was involved); the summary "
        "says how. |\n\n"
        "**Presence status.** A presence is *withdrawn* only where a source reports Russians leaving that "
        "place, and *handed over* where a source reports it passing to another force (Wagner to the Africa "
        "Corps); a country-wide announcement does not change a site. A presence with no report about it for "
        f"over {STALE_AFTER_MONTHS} months is shown as \"no report since\" its last report, not as active.")
    st.caption(plain(f"{review_sentence(dataset.reviewed_to)} The period after a country's review date is not "
                     f"yet reviewed. Data cutoff: {format_day(dataset.cutoff.date())}."))


def record_labels(dataset, log: pd.DataFrame) -> list[str]:
    """What a reader recognises a record by: an event's title, a site's name, a statement's speaker
    and date; the id for a record that was removed. One look-up per table, whatever the data's size."""
    frames = {"events": (dataset.events, "event_id", lambda r: f"Event: {r['title']}"),
              "sites": (dataset.sites, "site_id", lambda r: f"Site: {r['name']} ({r['force']})"),
              "quotes": (dataset.quotes, "quote_id", lambda r: f"Statement: {r['speaker']}, {r['date_label']}"),
              "sources": (dataset.sources, "source_id", lambda r: f"Source: {r['outlet']}"),
              "phases": (dataset.phases, "id", lambda r: f"Phase: {r['name']}")}
    found = {}
    for table, ids in log.groupby("table")["record_id"]:
        frame, column, label = frames[table]
        rows = frame[frame[column].isin(set(ids))]
        found.update({(table, r[column]): label(r) for r in rows.to_dict("records")})
    return [found.get((t, i), f"{t[:-1].capitalize()} {i} (removed)") for t, i in zip(log["table"], log["record_id"])]


def _record_pages(dataset, log: pd.DataFrame) -> pd.Series:
    """The record page of each corrected event, site or statement that still exists (else empty)."""
    known = record_kinds(dataset)
    pages = record_urls(log["record_id"])
    return pages.where(log["record_id"].isin(known.keys()) & log["table"].isin(["events", "sites", "quotes"]), None)


@shared(max_entries=4)
def _corrections_table(version: str, _dataset) -> pd.DataFrame:
    """The log as shown: built once per data version (it does not depend on the filters)."""
    log = _dataset.corrections
    urls = _dataset.sources["url"]
    return pd.DataFrame({
        "Date": log["date_label"],
        "Record": record_labels(_dataset, log),
        "Change": log["action"].str.capitalize() + ": " + log["change"],
        "Why": log["reason"],
        "Source": log["source_ids"].map(lambda ids: urls.get(str(ids).split(";")[0], "")),
        "Page": _record_pages(_dataset, log),
    }).reset_index(drop=True)


def corrections(dataset) -> None:
    """The corrections log, newest first: newsrooms publish corrections, and so does this dashboard."""
    log = dataset.corrections
    if log.empty:
        st.caption("No corrections yet.")
        return
    st.caption(f"{len(log)} correction(s), newest first. Each changed record also says so in its details.")
    table = _corrections_table(dataset.version, dataset)
    shown = kept(dataset, "arrow", "corrections", lambda: pa.Table.from_pandas(table, preserve_index=False))
    st.dataframe(shown, hide_index=True, width="stretch",
                 height=min(420, 38 + 35 * len(log)), column_config={
        "Page": record_column("Page"),
        "Source": st.column_config.LinkColumn("Source", display_text=r"https?://(?:www\.)?([^/]+)",
                                              help="The source that shows the correction (the first of them)"),
    })


@shared(max_entries=4)
def _sources_frame(version: str, _dataset) -> pd.DataFrame:
    """Every source as shown: built once per data version. Without the source-id index, which the
    table hides anyway (about 30 KB less to send on every first visit)."""
    dataset = _dataset
    cited = pd.concat([dataset.events["source_ids"], dataset.sites["source_ids"],
                       dataset.quotes["source_ids"], dataset.phases["source_ids"]])
    counts = cited.str.split(";").explode().value_counts()
    # By outlet, then by date (the raw YYYY[-MM[-DD]] value sorts in time; the label would not).
    sources = dataset.sources.sort_values(["outlet", "published"], key=lambda c: c.fillna("").str.lower())
    # The page title joins the outlet's name where it is known (most sources have none): one column,
    # not one mostly empty.
    titled = sources["title"].fillna("").astype(str).str.strip() != ""
    table = pd.DataFrame({
        "Source": sources["outlet"].where(~titled, sources["outlet"] + " — " + sources["title"].astype(str)),
        "Published": sources["published_label"],
        "Link": sources["url"],
        "Kind": sources["source_kind"].str.replace("_", " "),
        "Cited by": sources["source_id"].map(counts).fillna(0).astype(int),
        "Note": sources["note"],
    })
    return table.reset_index(drop=True)


def sources_table(dataset) -> None:
    table = _sources_frame(dataset.version, dataset)
    st.caption(f"{len(table)} sources. Click a link to open the page.")
    # As an Arrow table built once per data version: Streamlit would convert the frame on every rerun.
    shown = kept(dataset, "arrow", "sources", lambda: pa.Table.from_pandas(table, preserve_index=False))
    st.dataframe(shown, hide_index=True, width="stretch", height=420, column_config={
        "Link": st.column_config.LinkColumn("Link", display_text=r"https?://(?:www\.)?([^/]+)"),
        "Cited by": st.column_config.NumberColumn("Cited by", help="How many records cite this source"),
        "Kind": st.column_config.TextColumn("Kind", help="; ".join(f"{k.replace('_', ' ')}: {v}"
                                                                  for k, v in SOURCE_KINDS.items())),
    })


_EXPORTS = {
    "events": ["event_id", "date", "date_precision", "country", "place", "lat", "lon", "actors", "category",
               "title", "summary", "confidence", "source_ids"],
    "sites": ["site_id", "name", "country", "lat", "lon", "site_type", "force", "first_reported",
              "last_reported", "status", "status_as_of", "description", "confidence", "source_ids",
              "last_source_ids", "status_source_ids", "successor_id"],
    "quotes": ["quote_id", "statement_id", "date", "speaker", "role", "organisation", "country", "channel",
               "text", "language_note", "source_ids"],
}


@st.cache_data(max_entries=2, show_spinner="Building the data package…")
def _package_zip(version: str, _dataset) -> bytes:
    return package_zip(_dataset)


def _resolved(frame: pd.DataFrame, dataset, name: str) -> pd.DataFrame:
    """The columns of the download, with the sources' URLs and outlets next to their ids."""
    return resolve_sources(frame[_EXPORTS[name]], dataset.sources)


def _geojson_bytes(frame: pd.DataFrame, dataset, name: str) -> bytes:
    import json
    return json.dumps(geojson(_resolved(frame, dataset, name)), ensure_ascii=False).encode("utf-8")


def package_download(dataset) -> None:
    """The whole data set as a Frictionless Data package, one ZIP."""
    st.markdown("**The whole data set** as a [Frictionless Data](https://frictionlessdata.io/) package: "
                "every table as CSV with the sources' URLs and outlets next to their ids, `sites.geojson` and "
                "`events.geojson` for QGIS, Datawrapper or Flourish, the monthly presence counts behind the "
                "charts, the corrections log, and `datapackage.json` describing every column, the licence, "
                f"the version ({plain(data_version(dataset))}) and the review dates.")
    st.download_button("Data package (ZIP)", data=lambda: _package_zip(dataset.version, dataset),
                       file_name=f"russia-presence-data-{data_version(dataset)}.zip", mime="application/zip",
                       icon=":material/folder_zip:", on_click="ignore", type="primary")


def downloads(view) -> None:
    filters = view.filters
    dataset = view.dataset
    st.caption(f"What the sidebar filters select ({filters.describe()}): CSV with the sources' URLs and outlets "
               "resolved (spreadsheet formulas neutralised), and GeoJSON of the records with coordinates.")
    frames = {"events": view.events, "sites": view.sites, "quotes": view.quotes}
    suffix = f"{filters.start}_{filters.end}_{'-'.join(filters.countries) or 'none'}"
    with st.container(horizontal=True):
        for name, frame in frames.items():
            st.download_button(f"{name.title()} CSV ({len(frame)})",
                               data=lambda frame=frame, name=name: to_safe_csv(
                                   _resolved(frame, dataset, name), _EXPORTS[name] + list(RESOLVED)),
                               file_name=f"russia-presence-{name}_{suffix}.csv", mime="text/csv",
                               icon=":material/download:", on_click="ignore")
        for name in ("sites", "events"):
            frame = frames[name]
            st.download_button(f"{name.title()} GeoJSON ({int(frame['lat'].notna().sum())})",
                               data=lambda frame=frame, name=name: _geojson_bytes(frame, dataset, name),
                               file_name=f"russia-presence-{name}_{suffix}.geojson", mime="application/geo+json",
                               icon=":material/download:", on_click="ignore")
        st.download_button(f"Sources ({len(view.dataset.sources)})",
                           data=lambda: to_safe_csv(view.dataset.sources, ["source_id", "url", "outlet",
                                                                           "title", "published", "note",
                                                                           "source_kind", "origin"]),
                           file_name="russia-presence-sources.csv", mime="text/csv",
                           icon=":material/download:", on_click="ignore")


def how_to_cite(dataset) -> None:
    licence = dataset.metadata.get("licence", "CC BY 4.0")
    url = app_base_url()
    where = f" {url}." if url else ""
    # Plain text to select and copy: a code block would load Streamlit's syntax highlighter, the
    # heaviest part of this page to draw.
    st.markdown("> Russia's security presence in Mali, the Central African Republic and Equatorial Guinea "
                f"(dashboard and data set), version {plain(data_version(dataset))}, "
                f"{review_sentence(dataset.reviewed_to).rstrip('.').replace('Sources', 'sources')}. Licence: {licence}.{plain(where)} "
                "Cite the original outlets for individual facts.\n\n"
                f"The data is published under **{licence}**; the code under the MIT licence. Country "
                "outlines: Natural Earth (public domain). To correct or add a record, see the project "
                "README (\"How to add or correct a record\").")

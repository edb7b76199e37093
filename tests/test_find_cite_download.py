"""Record pages, search, the places under the map, periods, count definitions and the data package.

Expectations are derived from the data: no hard-coded counts or ids."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from presence.asof import state_as_of
from presence.countries import fold
from presence.counts import count_sentence, record_counts
from presence.filters import FilterState, events_in_view
from presence.package import package_files
from presence.periods import PERIODS, period_range
from presence.places import changes_between, places_table
from presence.quotes import citation, no_statement_sentence
from presence.records import all_record_ids, find_record, related_records
from presence.search import search
from presence.status import NOT_YET, status_as_of
from tests.conftest import PROJECT_ROOT, open_app

GNQ_2024 = {"country": "GNQ", "from": "2024-01-01", "to": "2024-12-31"}


def _unescape(text: str) -> str:
    return text.replace("\\", "")


def _page_text(at) -> str:
    parts = [e.value for e in [*at.title, *at.markdown, *at.caption, *at.code]]
    return _unescape("\n".join(str(p) for p in parts))


def _page_links(at) -> list:
    return [e.proto for e in at.get("page_link")]


# --- record pages ---------------------------------------------------------------------------------

def test_every_record_has_a_page_with_its_title_and_first_source(dataset):
    ids = all_record_ids(dataset)
    assert len(ids) == len(dataset.events) + len(dataset.sites) + dataset.quotes["statement_id"].nunique()
    at = open_app({"id": ids[0]}, "pages/record.py")
    for record_id in ids:
        at.query_params["id"] = record_id
        at.run()
        assert not at.exception, record_id
        record = find_record(dataset, record_id)
        first_url = dataset.sources.loc[record.source_ids[0], "url"]
        text = _page_text(at)
        assert _unescape(at.title[0].value) == record.title, record_id
        assert first_url in text, record_id
        assert f"record?id={record_id}" in text, record_id  # the citation's permalink
        targets = {p.page for p in _page_links(at)}
        assert {"map", "timeline"} <= targets, record_id


def test_a_rendering_id_opens_its_statement(dataset):
    quote = dataset.quotes[dataset.quotes["quote_id"] != dataset.quotes["statement_id"]].iloc[0]
    record = find_record(dataset, quote["quote_id"])
    assert record.id == quote["statement_id"]
    assert len(record.rows) == (dataset.quotes["statement_id"] == quote["statement_id"]).sum()


@pytest.mark.parametrize("record_id", ["no-such-record", "<script>alert(1)</script>", ""])
def test_unknown_id_says_so_with_a_search_box(record_id):
    at = open_app({"id": record_id}, "pages/record.py")
    assert not at.exception
    said = " ".join(_unescape(w.value) for w in [*at.warning, *at.info])
    assert (record_id in said) if record_id else "record" in said
    assert any(t.label == "Search the records" for t in at.main.text_input)


def test_related_records_follow_the_links_in_the_data(dataset):
    with_successor = dataset.sites[dataset.sites["successor_id"] != ""]
    site = with_successor.iloc[0]
    related = related_records(dataset, find_record(dataset, site["site_id"]))
    assert site["successor_id"] in {i for items in related.groups.values() for _, i in items}
    successor = related_records(dataset, find_record(dataset, site["successor_id"]))
    assert site["site_id"] in {i for _, i in successor.groups.get("Took over from", [])}
    linked = dataset.quotes[dataset.quotes["event_id"] != ""].iloc[0]
    statement = related_records(dataset, find_record(dataset, linked["statement_id"]))
    assert linked["event_id"] in {i for items in statement.groups.values() for _, i in items}
    event = related_records(dataset, find_record(dataset, linked["event_id"]))
    assert linked["statement_id"] in {i for _, i in event.groups.get("Statements about this event", [])}


def test_details_panels_and_tables_link_to_record_pages(dataset):
    # The Map's details panel for a marker picked in the places table.
    at = open_app({"country": "MLI"}, "pages/map.py")
    table = _markdown_table(at, "Place")
    assert table["Record"].str.fullmatch(r"\[Open\]\(record\?id=[^)]+\)").all()
    # The Timeline's details for an event given in the URL.
    event = events_in_view(dataset.events, FilterState(("MLI",), pd.Timestamp("2023-06-23").date(),
                                                       pd.Timestamp("2025-06-30").date())).iloc[0]
    at = open_app({"country": "MLI", "event": event["event_id"]}, "pages/timeline.py")
    assert not at.exception
    assert any(p.page == "record" and p.query_string == f"id={event['event_id']}" for p in _page_links(at))


# --- search ---------------------------------------------------------------------------------------

def _expected(frame: pd.DataFrame, columns: list[str], word: str, id_column: str) -> set[str]:
    text = frame[columns].fillna("").astype(str).agg(" ".join, axis=1).map(fold)
    return set(frame.loc[text.str.contains(word), id_column])


def test_search_kidal_lists_every_kidal_event_site_and_statement(dataset):
    results = search(dataset, "Kidal")
    found = {kind: set(results.loc[results["kind"] == kind, "id"]) for kind in ("event", "site", "statement")}
    assert found["event"] == _expected(dataset.events, ["title", "summary", "place", "actors", "category"],
                                       "kidal", "event_id")
    assert found["site"] == _expected(dataset.sites, ["name", "description", "force", "site_type"], "kidal", "site_id")
    assert found["statement"] == _expected(dataset.quotes, ["text", "speaker", "organisation", "role",
                                                            "language_note"], "kidal", "statement_id")
    assert found["event"] and found["site"]


@pytest.mark.parametrize("typed, accented", [("Goita", "Goïta"), ("Menaka", "Ménaka"), ("menaka", "Ménaka")])
def test_search_ignores_accents_and_case(dataset, typed, accented):
    results = search(dataset, typed)
    assert not results.empty
    assert results["title"].str.contains(accented).any() or results["detail"].str.contains(accented).any()


def test_search_ranks_title_matches_first(dataset):
    results = search(dataset, "Kidal")
    events = results[results["kind"] == "event"]
    in_title = events["title"].map(fold).str.contains("kidal")
    assert in_title.iloc[0] and list(in_title) == sorted(in_title, reverse=True)


def test_search_applies_the_filters_unless_asked_for_everything(dataset):
    state = FilterState(("GNQ",), pd.Timestamp("2024-01-01").date(), pd.Timestamp("2024-12-31").date())
    everything = search(dataset, "Kidal")
    filtered = search(dataset, "Kidal", state)
    assert filtered[filtered["kind"].isin(["event", "site"])]["country"].isin(["GNQ", "RUS", "AFR"]).all()
    assert len(filtered) < len(everything)


def test_search_page_groups_results_and_says_when_nothing_matches(dataset):
    at = open_app({"q": "Kidal", "scope": "all"}, "pages/search.py")
    assert not at.exception
    headings = [s.value for s in at.main.header]
    assert any(h.startswith("Events (") for h in headings) and any(h.startswith("Presence sites (") for h in headings)
    links = [p for p in _page_links(at) if p.page == "record"]
    assert links and all(p.query_string.startswith("id=") for p in links)
    at = open_app({"q": "zzqxv"}, "pages/search.py")
    assert any("No record matches" in _unescape(i.value) for i in at.info)


def test_search_everything_is_one_click():
    at = open_app({**GNQ_2024, "q": "Kidal"}, "pages/search.py")
    before = len(at.get("page_link"))
    at.button(key="scope_all").click().run()
    assert at.query_params.get("scope") == "all"
    assert len(at.get("page_link")) > before


def test_sidebar_search_box_opens_the_search_page_keeping_the_filters():
    at = open_app(GNQ_2024, "pages/timeline.py")
    at.sidebar.text_input(key="sidebar_search").input("Ménaka").run()
    assert not at.exception
    assert at.query_params.get("q") == "Ménaka"
    assert at.main.text_input(key="q").value == "Ménaka"
    assert at.sidebar.multiselect[0].value == ["GNQ"]
    assert (at.query_params["country"], at.query_params["from"]) == ("GNQ", "2024-01-01")


def test_unknown_record_search_box_opens_the_search_page():
    at = open_app({"country": "MLI", "id": "no-such-record"}, "pages/record.py")
    at.main.text_input(key="record_search").input("Kidal").run()
    assert not at.exception
    assert at.query_params.get("q") == "Kidal" and at.sidebar.multiselect[0].value == ["MLI"]
    assert any(s.value.startswith("Events (") for s in at.main.header)


# --- places under the map -------------------------------------------------------------------------

def _deck_site_ids(at) -> list[str]:
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    layer = next(layer for layer in deck["layers"] if layer.get("id") == "sites")
    return [point["id"] for point in layer["data"]]


@pytest.mark.parametrize("params", [{"country": "MLI"}, GNQ_2024, {"asof": "2024-06"},
                                    {"country": "CAF", "from": "2023-06-23", "to": "2025-06-30", "asof": "2025-06"}])
def test_places_table_lists_exactly_the_markers(params):
    at = open_app(params, "pages/map.py")
    assert not at.exception
    assert any(s.value == "Places on the map" for s in at.main.subheader)
    markers = _deck_site_ids(at)
    table = _markdown_table(at, "Place") if markers else pd.DataFrame({"Record": []})
    listed = [re.fullmatch(r"\[Open\]\(record\?id=([^)]+)\)", u).group(1) for u in table["Record"]]
    assert sorted(listed) == sorted(markers)
    if markers:  # the picker offers the same places, in the table's order
        assert at.selectbox(key="places_pick").options == [
            f"{p} ({f}, {c})" for p, f, c in zip(table["Place"], table["Force"], table["Country"])]


def _markdown_table(at, first_column: str) -> pd.DataFrame:
    """The markdown table on the page whose first column is ``first_column``, cells unescaped (links
    kept as markdown)."""
    source = next(m.value for m in at.main.markdown if m.value.startswith(f"| {first_column} |"))
    lines = source.splitlines()
    split = [[re.sub(r"\\(.)", r"\1", cell.strip()) for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
             for line in lines]
    assert set("".join(split[1])) <= set("- ")  # the header's separator row
    return pd.DataFrame(split[2:], columns=split[0])


def test_on_a_phone_the_places_are_a_list_with_the_same_records():
    from presence.ui.places_panel import _renderings
    table = pd.DataFrame({"site_id": ["x-1", "y-2"], "Place": ["Kidal *x*", "Gao"], "Status": ["active", "withdrawn"]})
    table_md, list_md = _renderings(table)[False], _renderings(table)[True]
    items = list_md.splitlines()
    assert [re.search(r"\(record\?id=([^)]+)\)$", item).group(1) for item in items] == ["x-1", "y-2"]
    assert items[0].startswith("- **Kidal \\*x\\***") and "Status: active" in items[0]
    assert re.findall(r"id=([^)]+)\)", table_md) == ["x-1", "y-2"]


def test_places_and_changes_tables_escape_their_text(dataset):
    from presence.ui.places_panel import _for_display
    table = pd.DataFrame({"site_id": ["x-1"], "Place": ["A | B [c](http://e.x) *d*"], "Force": ["Wagner"]})
    source = _for_display(table)
    row = source.splitlines()[2]
    assert len(re.split(r"(?<!\\)\|", row)) == 5  # the pipe in the name did not make a column
    assert "](http" not in row.replace("\\]\\(http", "") and "*d*" not in row
    assert row.endswith("[Open](record?id=x-1) |")


def test_a_place_picked_under_the_map_rings_its_marker_and_opens_its_details():
    at = open_app({"country": "MLI"}, "pages/map.py")
    site = _deck_site_ids(at)[0]
    at.selectbox(key="places_pick").select(site).run()
    assert not at.exception
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    ring = next(layer for layer in deck["layers"] if layer.get("id") == "highlight")
    marker = next(p for layer in deck["layers"] if layer.get("id") == "sites" for p in layer["data"] if p["id"] == site)
    assert [point["position"] for point in ring["data"]] == [marker["position"]]
    assert any(p.page == "record" and p.query_string == f"id={site}" for p in _page_links(at))


def test_places_statuses_use_the_map_rule(dataset):
    state = state_as_of(FilterState(("MLI", "CAF", "GNQ"), pd.Timestamp("2023-06-23").date(),
                                    pd.Timestamp("2025-06-30").date()), "2025-06")
    from presence.filters import sites_in_view
    table = places_table(sites_in_view(dataset.sites, state))
    assert table["site_id"].is_unique and not table.empty


def test_what_changed_agrees_with_the_status_rule(dataset):
    before, after = pd.Timestamp("2024-06-30"), pd.Timestamp("2025-06-30")
    changes = changes_between(dataset.sites, ("MLI", "CAF", "GNQ"), before, after)
    assert not changes.empty
    sites = dataset.sites.set_index("site_id")
    was, now = status_as_of(dataset.sites, before), status_as_of(dataset.sites, after)
    was.index = now.index = dataset.sites["site_id"]
    for row in changes.itertuples():
        assert was[row.site_id] != now[row.site_id]
        if row.Change == "started":
            assert was[row.site_id] == NOT_YET
    unchanged = set(sites.index) - set(changes["site_id"])
    assert all(was[s] == now[s] or now[s] == "active" for s in unchanged)


# --- periods and counts ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", PERIODS)
def test_period_buttons_set_the_url(dataset, name):
    at = open_app({"country": "MLI"})
    at.sidebar.pills(key="period").set_value(name).run()
    assert at.sidebar.pills(key="period").value is None  # a one-off action, not a lasting choice
    start, end = period_range(name, dataset.first_day.date(), dataset.cutoff.date(), dataset.reviewed_to, ("MLI",))
    assert (at.query_params["from"], at.query_params["to"]) == (start.isoformat(), end.isoformat())


def test_counts_say_what_they_include(dataset):
    state = FilterState(("GNQ",), pd.Timestamp("2024-01-01").date(), pd.Timestamp("2024-12-31").date())
    counts = record_counts(dataset.events, dataset.quotes, state)
    assert counts.events == len(events_in_view(dataset.events, state))
    assert counts.events_with_context == len(events_in_view(dataset.events, state, with_context=True))
    sentence = count_sentence(counts, state)
    assert f"Equatorial Guinea, 1 January 2024 – 31 December 2024: {counts.events}" in sentence
    assert f"with the Russia-side and Africa-wide context: {counts.events_with_context}" in sentence
    at = open_app(GNQ_2024, "pages/timeline.py")
    assert any(sentence in c.value for c in at.caption)
    at = open_app(GNQ_2024)
    assert {m.label: m.value for m in at.metric}["Events in range"] == str(counts.events)
    assert any(sentence in c.value for c in at.caption)


# --- quotes ---------------------------------------------------------------------------------------

def test_statement_citation_has_the_words_the_wire_and_the_permalink(dataset):
    sources = dataset.sources
    copies = sources[(sources["source_kind"] == "wire_copy") & (sources["origin"] != "")]
    quote = dataset.quotes[dataset.quotes["source_ids"].map(lambda v: v.split(";")[0] in set(copies.index))].iloc[0]
    source = sources.loc[quote["source_ids"].split(";")[0]]
    text = citation(quote, source, f"https://example.org/record?id={quote['statement_id']}")
    assert text.startswith(f"{quote['speaker']}, {quote['date_label']}")
    for part in (quote["text"], source["origin"], source["outlet"], source["url"], quote["statement_id"]):
        assert part in text


def test_no_statement_is_said_plainly():
    sentence = no_statement_sentence("Peskov", [], "", ("MLI",), "1 January 2026 – 31 March 2026")
    assert sentence == "No statement by Peskov about Mali (nor Africa-wide) in this range (1 January 2026 – " \
                       "31 March 2026)."


# --- the data package -----------------------------------------------------------------------------

def test_export_writes_a_valid_frictionless_package(dataset, tmp_path):
    out = tmp_path / "package"
    done = subprocess.run([sys.executable, "-m", "presence", "export", str(out)], cwd=PROJECT_ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    frictionless = Path(sys.executable).parent / "frictionless"
    checked = subprocess.run([str(frictionless), "validate", "--json", str(out / "datapackage.json")],
                             capture_output=True, text=True)
    report = json.loads(checked.stdout)
    assert report["valid"], checked.stdout[:2000]
    descriptor = json.loads((out / "datapackage.json").read_text())
    assert descriptor["version"] and descriptor["licenses"] and descriptor["reviewed_to"]
    names = {r["name"] for r in descriptor["resources"]}
    assert {"events", "sites", "quotes", "sources", "corrections", "monthly_presence", "sites_geojson",
            "events_geojson"} <= names
    sites = json.loads((out / "sites.geojson").read_text())
    events = json.loads((out / "events.geojson").read_text())
    assert {f["properties"]["site_id"] for f in sites["features"]} == set(dataset.sites["site_id"])
    placed = dataset.events.dropna(subset=["lat", "lon"])
    assert {f["properties"]["event_id"] for f in events["features"]} == set(placed["event_id"])
    table = pd.read_csv(out / "events.csv", dtype=str, keep_default_na=False).set_index("event_id")
    row = dataset.events.iloc[0]
    first = row["source_ids"].split(";")[0]
    assert table.loc[row["event_id"], "source_urls"].split(" ; ")[0] == dataset.sources.loc[first, "url"]
    assert table.loc[row["event_id"], "source_outlets"].split(" ; ")[0] == dataset.sources.loc[first, "outlet"]


def test_package_monthly_counts_match_the_chart_rule(dataset):
    from presence.timeseries import FORCE_GROUP_LABELS, monthly_presence
    files = package_files(dataset, created="2026-01-01T00:00:00+00:00")
    monthly = pd.read_csv(__import__("io").BytesIO(files["monthly_presence.csv"]), dtype={"month": str})
    month = pd.Timestamp(dataset.cutoff).to_period("M")
    expected = monthly_presence(dataset.sites, ["MLI"], dataset.sites["first_start"].min(), dataset.cutoff)
    last = expected.iloc[-1]
    got = monthly[(monthly["month"] == str(month)) & (monthly["country"] == "MLI")].set_index("force")["active_sites"]
    for group, label in FORCE_GROUP_LABELS.items():
        assert got[label] == last[group]


def test_sources_page_offers_the_package_and_the_view():
    at = open_app(GNQ_2024, "pages/sources.py")
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Data package (ZIP)" in labels
    assert any(label.startswith("Sites GeoJSON") for label in labels)
    assert any(label.startswith("Events CSV") for label in labels)

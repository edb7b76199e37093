"""The app through AppTest: every page, with and without URL parameters, asserting on what is shown."""
import json

import pytest

from tests.conftest import open_app

PAGES = ["pages/overview.py", "pages/map.py", "pages/timeline.py", "pages/quotes.py", "pages/sources.py"]
GNQ_2024 = {"country": "GNQ", "from": "2024-01-01", "to": "2024-12-31"}


def _countries_in_url(at):
    value = at.query_params.get("country", [])
    return [value] if isinstance(value, str) else list(value)


def _sidebar(at):
    return at.sidebar.multiselect[0].value, at.sidebar.date_input[0].value


def test_default_view_and_url():
    at = open_app()
    assert not at.exception
    assert _countries_in_url(at) == ["MLI", "CAF", "GNQ"]
    assert at.query_params["from"] == "2023-06-23" and at.query_params["to"] == "2025-06-30"
    metrics = {m.label: m.value for m in at.metric}
    assert {"Active presence sites, Mali", "Active presence sites, Central African Republic",
            "Active presence sites, Equatorial Guinea", "Events in range", "Statements in range"} <= set(metrics)
    assert at.title[0].value.startswith("Russia's security presence")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_keeps_the_linked_filters(page):
    at = open_app(GNQ_2024, page)
    assert not at.exception
    countries, (start, end) = _sidebar(at)
    assert countries == ["GNQ"] and (str(start), str(end)) == ("2024-01-01", "2024-12-31")
    assert _countries_in_url(at) == ["GNQ"]
    assert (at.query_params["from"], at.query_params["to"]) == ("2024-01-01", "2024-12-31")
    assert not at.warning


def test_switching_pages_keeps_the_filters_in_the_url():
    at = open_app(GNQ_2024)
    for page in PAGES[1:]:
        at.switch_page(page).run()
        assert _countries_in_url(at) == ["GNQ"], page
        assert at.query_params["from"] == "2024-01-01", page


def test_changing_a_filter_updates_the_url():
    at = open_app()
    at.sidebar.multiselect[0].set_value(["CAF"]).run()
    assert _countries_in_url(at) == ["CAF"]
    at.switch_page("pages/map.py").run()
    assert _countries_in_url(at) == ["CAF"]


def test_reset_restores_the_default_story():
    at = open_app(GNQ_2024)
    at.sidebar.button[0].click().run()
    countries, (start, end) = _sidebar(at)
    assert countries == ["MLI", "CAF", "GNQ"] and str(start) == "2023-06-23" and str(end) == "2025-06-30"


def test_bad_link_values_are_named_and_ignored():
    at = open_app({"country": ["Narnia", "CAF"], "from": "2024-99-01"})
    assert not at.exception
    warnings = " ".join(w.value.replace("\\", "") for w in at.warning)
    assert "Narnia" in warnings and "2024-99-01" in warnings
    assert _sidebar(at)[0] == ["CAF"]


def test_overview_counts_only_equatorial_guinea_for_gnq(dataset):
    at = open_app(GNQ_2024)
    labels = [m.label for m in at.metric]
    assert "Active presence sites, Equatorial Guinea" in labels
    assert not any("Mali" in label for label in labels)


def _deck(at):
    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)


def test_map_page_shows_sites_of_the_selected_country_only(dataset):
    at = open_app({"country": "CAF"}, "pages/map.py")
    deck = _deck(at)
    sites = next(layer for layer in deck["layers"] if layer["id"] == "sites")
    caf = set(dataset.sites.loc[dataset.sites["country"] == "CAF", "site_id"])
    assert sites["data"] and {p["id"] for p in sites["data"]} <= caf
    outlines = next(layer for layer in deck["layers"] if layer["id"] == "outlines")
    assert [f["properties"]["iso3"] for f in outlines["data"]["features"]] == ["CAF"]


def _timeline(at):
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def test_timeline_2024_plots_nothing_outside_2024():
    at = open_app({"from": "2024-01-01", "to": "2024-12-31"}, "pages/timeline.py")
    figure = _timeline(at)
    xs = [x for trace in figure["data"] if trace.get("mode") == "markers" for x in trace["x"]]
    assert xs and all(x[:4] == "2024" for x in xs)


def test_timeline_default_spans_mutiny_to_exit_and_shows_the_key_records():
    at = open_app(page="pages/timeline.py")
    figure = _timeline(at)
    ids = {c[1] for trace in figure["data"] for c in trace.get("customdata") or []}
    assert {"rus-2023-06-23-wagner-mutiny", "rus-2023-08-23-prigozhin-utkin-crash",
            "mli-2025-06-06-wagner-exit-announced", "rus-2025-06-09-peskov-africa-ties"} <= ids
    start, end = figure["layout"]["xaxis"]["range"]
    assert start[:10] <= "2023-06-23" and end[:10] >= "2025-06-09"


def test_timeline_for_gnq_sets_context_apart():
    at = open_app({"country": "GNQ"}, "pages/timeline.py")
    figure = _timeline(at)
    lanes = {y for trace in figure["data"] if trace.get("mode") == "markers" for y in trace["y"]}
    assert lanes <= {"Equatorial Guinea", "Russia (context)", "Africa-wide (context)", "Statements"}
    assert "Equatorial Guinea" in lanes


def test_timeline_event_link_opens_its_details():
    at = open_app({"event": "mli-2024-07-25-tinzaouaten-battle"}, "pages/timeline.py")
    assert not at.exception
    shown = " ".join(m.value for m in at.markdown)
    assert "Sources:" in shown and "https://" in shown


def _text(at) -> str:
    """Everything written on the page, with markdown escapes removed."""
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption]).replace("\\", "")


def test_quotes_default_shows_peskov_9_june_2025_and_the_africa_corps(dataset):
    at = open_app(page="pages/quotes.py")
    text = _text(at)
    assert "Dmitry Peskov" in text and "9 June 2025" in text
    assert "This cooperation also extends to such sensitive areas as defence and security" in text
    africa_corps = dataset.quotes[dataset.quotes["speaker"] == "Africa Corps"].iloc[0]
    assert africa_corps["text"][:60] in text
    for source_id in africa_corps["source_ids"].split(";"):
        assert dataset.sources.loc[source_id, "url"].split("//")[1][:30] in text


def test_quotes_before_2024_hide_the_june_2025_statements():
    at = open_app({"from": "2023-06-23", "to": "2023-12-31"}, "pages/quotes.py")
    text = _text(at)
    assert "June 2025" not in text and "2023" in text
    assert "This cooperation also extends" not in text


def test_sources_page_lists_every_source_with_links(dataset):
    at = open_app(page="pages/sources.py")
    tables = [d.value for d in at.dataframe]
    sources = next(t for t in tables if "Link" in t.columns)
    assert len(sources) == len(dataset.sources)
    assert sources["Link"].str.match(r"^https?://").all()


def test_a_page_script_run_on_its_own_draws_the_frame_itself(monkeypatch):
    """A fresh server's very first run of /map executes pages/map.py without app.py (legacy mode)."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    from tests.conftest import PROJECT_ROOT

    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)
    at = AppTest.from_file(str(PROJECT_ROOT / "pages" / "map.py"), default_timeout=60)
    at.query_params["country"] = "CAF"
    at.run()
    assert not at.exception
    assert at.sidebar.multiselect[0].value == ["CAF"]
    assert at.get("deck_gl_json_chart")

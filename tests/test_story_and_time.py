"""Issue 13: presence over time (from the data, with the map's status rules), the Map's "as of" month,
and the guided story (data file, validator, page)."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from presence.__main__ import main as validate_main
from presence.asof import as_of_day, month_options, state_as_of, step
from presence.figures.presence_chart import presence_over_time_figure
from presence.filters import FilterState
from presence.story import step_number
from presence.timeseries import data_span, monthly_presence
from tests.conftest import open_app


def _month(monthly: pd.DataFrame, month: str) -> pd.Series:
    return monthly[monthly["month"].dt.strftime("%Y-%m") == month].iloc[0]


def test_mali_wagner_falls_and_africa_corps_rises_around_june_2025(dataset):
    first, last = data_span(dataset.sites, dataset.cutoff)
    monthly = monthly_presence(dataset.sites, ["MLI"], first, last)
    may, july = _month(monthly, "2025-05"), _month(monthly, "2025-07")
    assert july["Wagner"] < may["Wagner"], (may, july)
    assert july["Africa Corps"] > may["Africa Corps"], (may, july)
    # Before the Africa Corps existed there was none of it in Mali.
    assert _month(monthly, "2023-06")["Africa Corps"] == 0


def test_monthly_counts_use_the_maps_rule(dataset):
    from presence.filters import sites_in_view
    first, last = data_span(dataset.sites, dataset.cutoff)
    monthly = monthly_presence(dataset.sites, ["MLI", "CAF", "GNQ"], first, last)
    row = _month(monthly, "2025-06")
    shown = sites_in_view(dataset.sites, FilterState(("MLI", "CAF", "GNQ"), pd.Timestamp("2023-06-23").date(),
                                                     pd.Timestamp("2025-06-30").date()))
    assert sum(row[g] for g in ("Wagner", "Africa Corps", "Russian MoD", "mixed")) \
        == int((shown["status_as_of"] == "active").sum())


def test_chart_marks_the_as_of_month_and_the_unreviewed_months(dataset):
    first, last = data_span(dataset.sites, dataset.cutoff)
    monthly = monthly_presence(dataset.sites, ["MLI"], first, last)
    figure = json.loads(presence_over_time_figure(monthly, pd.Timestamp("2025-06-30"),
                                                  pd.Timestamp("2026-05-31")).to_json())
    shapes = figure["layout"]["shapes"]
    assert any(s["type"] == "line" and s["x0"].startswith("2025-06-30") for s in shapes)
    assert any(s["type"] == "rect" and s["x0"].startswith("2026-05") for s in shapes)
    names = {t["name"] for t in figure["data"]}
    assert {"Wagner", "Africa Corps"} <= names
    assert all(len(t["customdata"]) == len(monthly) for t in figure["data"])  # a click knows its month


def test_as_of_months_stay_inside_the_range():
    state = FilterState(("MLI",), pd.Timestamp("2025-01-15").date(), pd.Timestamp("2025-08-20").date())
    options = month_options(state)
    assert options[0] == "2025-01" and options[-1] == "2025-08"
    assert as_of_day("2025-08", state).isoformat() == "2025-08-20"  # the range's end, not the month's
    assert as_of_day("2025-05", state).isoformat() == "2025-05-31"
    assert step(options, "2025-01", -1) == "2025-01" and step(options, "2025-08", 1) == "2025-08"
    assert state_as_of(state, "2025-05").end.isoformat() == "2025-05-31"


@pytest.mark.parametrize("value, expected", [("3", 3), ("0", 1), ("99", 10), ("x", 1), (None, 1)])
def test_step_parameter_is_kept_in_range(value, expected):
    assert step_number(value, 10) == expected


def test_story_has_eight_to_twelve_steps_whose_records_exist(dataset):
    story = dataset.story
    assert 8 <= len(story) <= 12
    ids = set(dataset.events["event_id"]) | set(dataset.sites["site_id"]) | set(dataset.quotes["quote_id"])
    for row in story.itertuples():
        assert set(row.record_ids.split(";")) <= ids, row.step
        assert row.day <= dataset.cutoff
    assert story["day"].is_monotonic_increasing


def test_validator_rejects_a_story_step_naming_a_missing_record(data_copy, capsys):
    rows = data_copy.rows("story")
    rows[2]["record_ids"] += ";no-such-record"
    data_copy.write("story", rows)
    assert validate_main(["validate", str(data_copy.root)]) == 1
    assert "story.csv, line 4, column 'record_ids'" in capsys.readouterr().out


def _deck(at) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)


def test_story_step_opens_directly_with_map_text_and_links():
    at = open_app({"step": "7"}, page="pages/story.py")
    assert not at.exception
    assert "Wagner leaves Mali; the Africa Corps stays" in [s.value for s in at.header]
    deck = _deck(at)
    highlight = next(layer for layer in deck["layers"] if layer["id"] == "highlight")
    assert len(highlight["data"]) >= 3  # the step's Africa Corps presences are ringed
    links = [e for e in at.get("page_link")]
    assert any("Timeline" in str(link.proto.label) for link in links)
    at.button(key="story_next_top").click().run()
    assert "The CAR keeps Wagner" in [s.value for s in at.header]
    assert at.query_params["step"] in ("8", ["8"])


def test_map_as_of_month_from_the_link_changes_the_markers():
    june = open_app({"country": "MLI", "from": "2025-01-01", "to": "2025-08-31", "asof": "2025-05"}, page="pages/map.py")
    assert not june.exception
    may_sites = {p["id"] for layer in _deck(june)["layers"] if layer["id"] == "sites" for p in layer["data"]}
    june.button(key="asof_next").click().run()
    june.button(key="asof_next").click().run()  # July 2025, after Wagner's exit
    assert june.query_params["asof"] in ("2025-07", ["2025-07"])
    july_sites = {p["id"] for layer in _deck(june)["layers"] if layer["id"] == "sites" for p in layer["data"]}
    assert may_sites != july_sites
    assert "mli-bamako-africa-corps" in july_sites and "mli-bamako-africa-corps" not in may_sites


def test_survey_record_covers_every_country_and_quarter_and_names_real_records(dataset):
    """data/survey.csv: a row for each focus country and quarter from 2023-Q3 to its review quarter,
    and every record it says was found is in the data."""
    import csv
    from tests.conftest import DATA_DIR
    rows = list(csv.DictReader(open(DATA_DIR / "survey.csv", encoding="utf-8")))
    ids = set(dataset.events["event_id"]) | set(dataset.sites["site_id"]) | set(dataset.quotes["quote_id"])
    for row in rows:
        found = [i for i in row["found"].split(";") if i]
        assert set(found) <= ids, (row["country"], row["quarter"], set(found) - ids)
    covered = {(r["country"], r["quarter"]) for r in rows}
    # Every focus country is surveyed quarter by quarter to the cutoff's quarter (the latest the stored
    # pages can hold), not just to its review date, and no quarter is left out "by brief".
    for code in dataset.reviewed_to:
        for quarter in pd.period_range("2023-07", dataset.cutoff, freq="Q"):
            assert (code, f"{quarter.year}-Q{quarter.quarter}") in covered, (code, quarter)
    assert not [r for r in rows if "excluded" in r["note"].lower()]


def test_the_story_reaches_the_fall_of_kidal_and_the_latest_reviewed_month(dataset):
    """The guided walk has a step for the fall of Kidal (its event and the Kidal Africa Corps presence,
    withdrawn) and ends at the latest reviewed month."""
    story = dataset.story
    kidal = [row for row in story.itertuples() if "mli-kidal-africa-corps" in row.record_ids.split(";")]
    assert kidal, "no step names the Kidal Africa Corps presence"
    events = dataset.events.set_index("event_id")
    named = [i for step in kidal for i in step.record_ids.split(";") if i in events.index]
    assert any(events.at[i, "title"].startswith("Kidal falls") and events.at[i, "category"] == "combat"
               for i in named)
    site = dataset.sites.set_index("site_id").loc["mli-kidal-africa-corps"]
    assert site["status"] == "withdrawn" and site["status_source_ids"]
    last = pd.Timestamp(story.iloc[-1]["date"])
    latest_review = max(dataset.reviewed_to.values())
    assert last.to_period("M") == latest_review.to_period("M")

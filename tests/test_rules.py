"""The data rules, each with one implementation shared by the validator and the app: status as of a
date (presence.status), the confidence rule (presence.confidence), the point-in-country check
(presence.geo), the corrections log and the review dates."""
from __future__ import annotations

import pandas as pd
import pytest

from presence.__main__ import main as validate_main
from presence.confidence import supports_confirmed
from presence.filters import FilterState, active_site_counts, sites_in_view
from presence.status import STALE_AFTER_MONTHS, status_as_of


def _site(status, first="2023-01-01", last="2024-06-30", last_start=None):
    return pd.DataFrame({"status": [status], "country": ["MLI"], "first_start": [pd.Timestamp(first)],
                         "last_start": [pd.Timestamp(last_start or last)], "last_end": [pd.Timestamp(last)]})


@pytest.mark.parametrize("status, day, expected", [
    ("active", "2022-12-31", ""),                 # before the first report: not shown
    ("active", "2024-01-01", "active"),
    ("active", "2025-06-30", "active"),           # within the horizon after the last report
    ("active", "2025-07-01", "stale"),            # no report for over 12 months
    ("withdrawn", "2024-06-29", "active"),        # before the withdrawal was reported
    ("withdrawn", "2024-06-30", "withdrawn"),
    ("withdrawn", "2030-01-01", "withdrawn"),     # an ended presence never turns stale
    ("handed_over", "2024-06-30", "handed_over"),
    ("handed_over", "2024-01-01", "active"),
    ("unknown", "2024-07-01", "unknown"),
    ("unknown", "2025-07-01", "stale"),
])
def test_status_as_of_a_day(status, day, expected):
    assert status_as_of(_site(status), pd.Timestamp(day)).iloc[0] == expected


def test_staleness_horizon_is_twelve_months():
    assert STALE_AFTER_MONTHS == 12


def _source(kind, outlet, origin=""):
    return {"source_kind": kind, "outlet": outlet, "origin": origin}


@pytest.mark.parametrize("sources, confirmed", [
    ([_source("outlet", "RFI"), _source("outlet", "Le Monde")], True),
    ([_source("official", "US Treasury")], True),
    ([_source("outlet", "RFI"), _source("wire_copy", "AllAfrica (RFI)", "RFI")], False),  # one story twice
    ([_source("wire_copy", "Arab News (AFP)", "AFP"), _source("wire_copy", "France 24 (AFP)", "AFP")], False),
    ([_source("wire_copy", "Arab News (AFP)", "AFP"), _source("wire_copy", "Yahoo (Reuters)", "Reuters")], True),
    ([_source("outlet", "RFI"), _source("aggregator", "daily8")], False),
    ([_source("aggregator", "daily8"), _source("aggregator", "jowhar")], False),
    ([_source("outlet", "AFP"), _source("reference", "Wikipedia")], False),
    ([_source("partisan", "Corbeau News"), _source("partisan", "Diario Rombe")], False),
    ([_source("state_media", "TASS"), _source("ngo_report", "HRW")], True),
])
def test_confidence_rule(sources, confirmed):
    assert supports_confirmed(sources) is confirmed


def _problems(copy, capsys):
    assert validate_main(["validate", str(copy.root)]) == 1
    return capsys.readouterr().out


def test_validator_rejects_confirmed_on_one_outlet(data_copy, capsys):
    rows = data_copy.rows("sources")
    data_copy.write("sources", rows + [dict(rows[0], source_id="solo-a", url="https://example.org/a",
                                                  outlet="Solo Daily", source_kind="outlet", origin=""),
                                       dict(rows[0], source_id="solo-b", url="https://example.org/b",
                                            outlet="Mirror", source_kind="wire_copy", origin="Solo Daily")])
    event = dict(data_copy.rows("events")[-1], event_id="one-outlet", confidence="confirmed",
                 source_ids="solo-a;solo-b")
    line = data_copy.append("events", event)
    out = _problems(data_copy, capsys)
    assert f"events.csv, line {line}, column 'confidence'" in out and "rests on one outlet (Solo Daily)" in out


def test_validator_rejects_confirmed_on_aggregators_only(data_copy, capsys):
    rows = data_copy.rows("sources")
    data_copy.write("sources", rows + [dict(rows[0], source_id="agg-a", url="https://example.org/a",
                                                  outlet="Scraper", source_kind="aggregator", origin="")])
    line = data_copy.append("sites", dict(data_copy.rows("sites")[0], site_id="agg-site", confidence="confirmed",
                                          source_ids="agg-a", last_source_ids="agg-a", status="active",
                                          status_source_ids="", successor_id=""))
    out = _problems(data_copy, capsys)
    assert f"sites.csv, line {line}, column 'confidence'" in out and "no source that counts" in out


def test_validator_rejects_a_point_in_mauritania_inside_malis_bounding_box(data_copy, capsys):
    # 16.0 N, 11.0 W: inside Mali's bounding box, in Mauritania, about 60 km from Mali's border.
    site = dict(data_copy.rows("sites")[0], site_id="in-mauritania", lat="16.0", lon="-11.0")
    line = data_copy.append("sites", site)
    out = _problems(data_copy, capsys)
    assert f"sites.csv, line {line}, column 'lat'" in out and "outside MLI's outline" in out


def test_a_riverside_capital_passes_within_the_border_tolerance(dataset):
    from presence.geo import point_in_country, point_in_feature
    outlines = {f["properties"]["iso3"]: f for f in dataset.boundaries["features"]}
    # Bata's reference point lies just off the simplified coastline.
    assert not point_in_feature(9.75, 1.85, outlines["GNQ"])
    assert point_in_country(9.75, 1.85, outlines["GNQ"])


def test_withdrawn_needs_a_site_level_report_and_handover_a_successor(data_copy, capsys):
    base = data_copy.rows("sites")[0]
    withdrawn = data_copy.append("sites", dict(base, site_id="left-no-report", status="withdrawn",
                                               status_source_ids="", successor_id=""))
    handed = data_copy.append("sites", dict(base, site_id="handed-no-successor", status="handed_over",
                                            status_source_ids=base["last_source_ids"], successor_id=""))
    ghost = data_copy.append("sites", dict(base, site_id="handed-to-ghost", status="handed_over",
                                           status_source_ids=base["last_source_ids"], successor_id="nowhere"))
    out = _problems(data_copy, capsys)
    assert f"sites.csv, line {withdrawn}, column 'status_source_ids'" in out
    assert f"sites.csv, line {handed}, column 'successor_id'" in out
    assert f"sites.csv, line {ghost}, column 'successor_id': 'nowhere' names a site that is not in sites.csv" in out


def test_last_report_must_be_among_the_sources(data_copy, capsys):
    base = data_copy.rows("sites")[0]
    other = next(r["source_id"] for r in data_copy.rows("sources") if r["source_id"] not in base["source_ids"])
    line = data_copy.append("sites", dict(base, site_id="uncited-last", last_source_ids=other))
    assert f"sites.csv, line {line}, column 'last_source_ids'" in _problems(data_copy, capsys)


def test_corrections_name_records_that_exist(data_copy, capsys):
    source = data_copy.rows("sources")[0]["source_id"]
    row = {"date": "2026-12-01", "record_id": "no-such-record", "table": "events", "action": "corrected",
           "change": "x", "reason": "y", "source_ids": source}
    line = data_copy.append("corrections", row)
    removed_but_present = data_copy.append("corrections", dict(row, record_id=data_copy.rows("events")[0]["event_id"],
                                                               action="removed"))
    out = _problems(data_copy, capsys)
    assert f"corrections.csv, line {line}, column 'record_id': 'no-such-record' names no record in events.csv" in out
    assert f"corrections.csv, line {removed_but_present}, column 'record_id'" in out


def test_every_source_has_a_kind(dataset):
    assert dataset.sources["source_kind"].ne("").all()


def test_shipped_confirmed_records_meet_the_rule(dataset):
    from presence.confidence import confirmed_problem
    records = dataset.source_records
    for frame in (dataset.events, dataset.sites):
        for row in frame[frame["confidence"] == "confirmed"].itertuples():
            cited = [records[s] for s in row.source_ids.split(";") if s in records]
            assert confirmed_problem(cited) is None, row


# --- what the shipped data shows (issue 11's "done when") -------------------------------------------

def _state(day, countries=("MLI", "CAF", "GNQ")):
    day = pd.Timestamp(day).date()
    return FilterState(tuple(countries), day, day)


def test_mali_after_wagners_exit_shows_the_africa_corps_and_no_unsourced_withdrawal(dataset):
    shown = sites_in_view(dataset.sites, _state("2025-06-30", ["MLI"]))
    withdrawn = shown[shown["status_as_of"] == "withdrawn"]
    # A withdrawal rests on a report about that site, and the country-wide exit announcement is not one.
    exit_sources = set(dataset.events.set_index("event_id").at["mli-2025-06-06-wagner-exit-announced", "source_ids"].split(";"))
    for row in withdrawn.itertuples():
        assert row.status_source_ids and not set(row.status_source_ids.split(";")) <= exit_sources, row.site_id
    active = shown[shown["status_as_of"] == "active"]
    africa_corps = active[active["force"] == "Africa Corps"]
    # Where sources place the Africa Corps (AFP's "Bamako and the northern regional capitals", convoys).
    assert {"Bamako", "Gao", "Timbuktu"} <= {name.split(",")[0].split(" ")[0] for name in africa_corps["name"]}
    # Every Wagner presence a handover report names is shown through its successor, not as Wagner.
    handed = shown[shown["status"] == "handed_over"]
    assert (handed["status_as_of"] == "handed_over").all()
    assert set(handed["successor_id"]) <= set(shown["site_id"])


def test_nothing_is_active_beyond_the_staleness_horizon_within_the_reviewed_period(dataset):
    """Within a country's reviewed period the staleness horizon applies; past it the status is read on
    the review date, so the horizon is counted back from there."""
    shown = sites_in_view(dataset.sites, _state(dataset.cutoff))
    active = shown[shown["status_as_of"] == "active"]
    for row in active.itertuples():
        read_on = min(dataset.cutoff, dataset.reviewed_to[row.country])
        assert row.last_end >= read_on - pd.DateOffset(months=STALE_AFTER_MONTHS), row.site_id
    assert active_site_counts(shown, ("MLI", "CAF", "GNQ"))["MLI"] == len(active[active["country"] == "MLI"])


@pytest.mark.parametrize("status, last, day, expected", [
    ("active", "2024-06-30", "2025-12-31", "active"),   # past the review date: read on it (within horizon)
    ("active", "2023-06-30", "2025-12-31", "stale"),    # stale already on the review date stays stale
    ("unknown", "2024-06-30", "2025-12-31", "unknown"),
])
def test_past_the_review_date_a_presence_keeps_its_status_of_that_date(status, last, day, expected):
    site = _site(status, last=last).assign(reviewed_day=pd.Timestamp("2025-01-31"))
    assert status_as_of(site, pd.Timestamp(day)).iloc[0] == expected
    assert status_as_of(site, pd.Timestamp(day)).iloc[0] == status_as_of(site, pd.Timestamp("2025-01-31")).iloc[0]


def test_active_counts_are_the_same_at_the_review_date_and_any_later_day(dataset):
    """The Overview's figure does not decay for want of review: for each country, the count on its
    review date holds on every later day up to the cutoff."""
    for code, reviewed in dataset.reviewed_to.items():
        on_review = active_site_counts(sites_in_view(dataset.sites, _state(reviewed, [code])), [code])[code]
        later = pd.date_range(reviewed, dataset.cutoff, periods=6)
        for day in later:
            shown = sites_in_view(dataset.sites, _state(day, [code]))
            assert active_site_counts(shown, [code])[code] == on_review, (code, day)
            if day > reviewed:
                words = shown.loc[shown["status_as_of"] != "", "status_text"]
                assert words.str.contains(f"not reviewed after {reviewed.day} {reviewed:%B %Y}").all(), code


def test_past_the_review_date_the_map_says_not_reviewed_after(dataset):
    from tests.conftest import open_app
    code, reviewed = min(dataset.reviewed_to.items(), key=lambda kv: kv[1])
    if reviewed >= dataset.cutoff:
        pytest.skip("every country is reviewed to the cutoff")
    at = open_app({"country": code, "to": f"{dataset.cutoff:%Y-%m-%d}"}, page="pages/map.py")
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert f"not reviewed after {reviewed.day} {reviewed:%B %Y}" in captions
    deck = at.get("deck_gl_json_chart")[0].proto.json
    assert "not reviewed after" in deck


def test_no_wagner_only_mali_presence_is_active_after_the_exit_without_a_later_site_report(dataset):
    exit_ = next(e for e in dataset.metadata["force_exits"] if e["country"] == "MLI" and e["force"] == "Wagner")
    exit_day = pd.Timestamp(exit_["date"])
    wagner = dataset.sites[(dataset.sites["country"] == "MLI") & (dataset.sites["force"] == "Wagner")]
    assert not wagner.empty
    for day in pd.date_range(exit_day, dataset.cutoff, freq="MS").union([exit_day, dataset.cutoff]):
        status = status_as_of(wagner, day)
        active = wagner[status == "active"]
        assert (active["last_end"] >= exit_day).all(), (day, list(active["site_id"]))
    # In words a reader understands, citing the exit announcement.
    shown = sites_in_view(dataset.sites, _state(dataset.cutoff, ["MLI"]))
    exited = shown[shown["status_as_of"] == "exited"]
    assert not exited.empty
    assert exited["status_text"].str.startswith("Wagner announced its exit from Mali on 6 June 2025; "
                                                "no report says what became of this site").all()
    assert set(exited["exit_event_id"]) == {exit_["event_id"]}


def test_a_site_level_report_after_the_exit_takes_precedence():
    site = _site("active", last="2025-08-31").assign(exit_day=pd.Timestamp("2025-06-06"))
    assert status_as_of(site, pd.Timestamp("2025-09-30")).iloc[0] == "active"
    before = _site("active", last="2025-03-31").assign(exit_day=pd.Timestamp("2025-06-06"))
    assert status_as_of(before, pd.Timestamp("2025-06-05")).iloc[0] == "active"
    assert status_as_of(before, pd.Timestamp("2025-06-06")).iloc[0] == "exited"
    ended = _site("withdrawn", last="2025-03-31").assign(exit_day=pd.Timestamp("2025-06-06"))
    assert status_as_of(ended, pd.Timestamp("2025-07-01")).iloc[0] == "withdrawn"


def test_every_country_has_a_review_date_no_later_than_the_cutoff(dataset):
    assert set(dataset.reviewed_to) == {"MLI", "CAF", "GNQ"}
    assert all(day <= dataset.cutoff for day in dataset.reviewed_to.values())


# --- corrections on screen --------------------------------------------------------------------------

def test_sources_page_lists_corrections_newest_first(data_env):
    rows = data_env.rows("corrections")
    source = data_env.rows("sources")[0]["source_id"]
    event = data_env.rows("events")[3]
    rows.append({"date": "2026-11-30", "record_id": event["event_id"], "table": "events", "action": "corrected",
                 "change": "older test correction", "reason": "test", "source_ids": source})
    rows.append({"date": "2026-12-01", "record_id": event["event_id"], "table": "events", "action": "corrected",
                 "change": "newer test correction", "reason": "test", "source_ids": source})
    data_env.write("corrections", rows)
    from tests.conftest import open_app
    at = open_app(page="pages/sources.py")
    assert not at.exception
    table = next(df.value for df in at.dataframe if "Change" in df.value.columns)
    changes = list(table["Change"])
    assert changes.index("Corrected: newer test correction") < changes.index("Corrected: older test correction")
    assert any(str(v).startswith("Event: ") for v in table["Record"])  # a title, not a raw id


def test_a_corrected_records_details_say_so(data_env):
    rows = data_env.rows("corrections")
    source = data_env.rows("sources")[0]["source_id"]
    rows.append({"date": "2026-12-01", "record_id": "mli-2023-11-14-kidal-captured", "table": "events",
                 "action": "corrected", "change": "test wording fixed", "reason": "test", "source_ids": source})
    data_env.write("corrections", rows)
    from tests.conftest import open_app
    at = open_app({"event": "mli-2023-11-14-kidal-captured"}, page="pages/timeline.py")
    assert not at.exception
    assert any("Corrected on 1 December 2026: test wording fixed" in c.value.replace("\\", "") for c in at.caption)

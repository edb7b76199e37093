"""Filters: URL parsing and its warnings, the round trip, and the filtering itself."""
import datetime as dt

import pandas as pd
import pytest

from presence.filters import (DEFAULT_END, DEFAULT_START, FilterState, active_site_counts, events_in_view,
                              parse_params, quotes_in_view, sites_in_view)

FIRST, LAST = dt.date(2015, 7, 20), dt.date(2026, 11, 25)


def parse(params, page_keys=()):
    return parse_params({k: v if isinstance(v, list) else [v] for k, v in params.items()}, FIRST, LAST,
                        page_keys)


def test_no_parameters_give_the_default_story():
    state, warnings = parse({})
    assert state == FilterState(("MLI", "CAF", "GNQ"), DEFAULT_START, DEFAULT_END)
    assert warnings == []


@pytest.mark.parametrize("values, expected", [
    (["GNQ"], ("GNQ",)),
    (["gnq"], ("GNQ",)),
    (["Equatorial Guinea"], ("GNQ",)),
    (["central african republic", "MALI"], ("MLI", "CAF")),  # order follows the sidebar
    (["MLI,CAF"], ("MLI", "CAF")),
    (["CAF", "CAF"], ("CAF",)),
])
def test_countries_by_code_or_name_any_case(values, expected):
    state, warnings = parse({"country": values})
    assert state.countries == expected and warnings == []


def test_round_trip_through_the_url():
    state = FilterState(("CAF", "GNQ"), dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    again, warnings = parse(state.to_params())
    assert again == state and warnings == []


@pytest.mark.parametrize("params, fragment", [
    ({"country": "France"}, "Ignored country 'France'"),
    ({"from": "2024-02-30"}, "Ignored from='2024-02-30'"),
    ({"to": "yesterday"}, "Ignored to='yesterday'"),
    ({"from": "2025-01-01", "to": "2024-01-01"}, "swapped"),
    ({"from": "1990-01-01"}, "moved inside"),
    ({"from": ["2024-01-01", "2024-02-01"]}, "2 times"),
    ({"colour": "red"}, "unknown link parameter"),
])
def test_values_that_cannot_be_used_are_named_in_a_warning(params, fragment):
    state, warnings = parse(params)
    assert any(fragment in w for w in warnings), warnings
    assert FIRST <= state.start <= state.end <= LAST


def test_swapped_dates_are_swapped_and_foreign_or_page_keys_are_quiet():
    state, warnings = parse({"from": "2025-01-01", "to": "2024-01-01", "utm_source": "x", "q": "a"},
                            page_keys=("q",))
    assert (state.start, state.end) == (dt.date(2024, 1, 1), dt.date(2025, 1, 1))
    assert len(warnings) == 1


def _state(countries=("MLI", "CAF", "GNQ"), start="2024-01-01", end="2024-12-31"):
    return FilterState(tuple(countries), dt.date.fromisoformat(start), dt.date.fromisoformat(end))


def test_events_in_range_and_country_only(dataset):
    state = _state(["GNQ"])
    shown = events_in_view(dataset.events, state)
    assert not shown.empty
    assert set(shown["country"]) == {"GNQ"}
    assert (shown["date_end"] >= pd.Timestamp("2024-01-01")).all()
    assert (shown["date_start"] <= pd.Timestamp("2024-12-31")).all()
    with_context = events_in_view(dataset.events, state, with_context=True)
    assert set(with_context["country"]) <= {"GNQ", "RUS", "AFR"}


def test_month_precision_event_overlapping_the_range_is_kept():
    events = pd.DataFrame({"country": ["MLI"], "date_start": [pd.Timestamp("2024-06-01")],
                           "date_end": [pd.Timestamp("2024-06-30")]})
    assert len(events_in_view(events, _state(start="2024-06-15", end="2024-07-31"))) == 1
    assert len(events_in_view(events, _state(start="2024-07-01", end="2024-07-31"))) == 0


def test_africa_wide_statements_stay_whatever_the_country(dataset):
    shown = quotes_in_view(dataset.quotes, _state(["CAF"], "2023-06-23", "2025-06-30"))
    assert "AFR" in set(shown["country"])
    assert "MLI" not in set(shown["country"])


def _sites(status, first="2023-01-01", last_start="2024-06-01", last_end="2024-06-30"):
    return pd.DataFrame({"status": [status], "country": ["MLI"], "first_start": [pd.Timestamp(first)],
                         "last_start": [pd.Timestamp(last_start)], "last_end": [pd.Timestamp(last_end)]})


def test_a_withdrawn_site_vanishes_after_its_withdrawal_and_before_its_first_report():
    sites = _sites("withdrawn")
    assert len(sites_in_view(sites, _state(start="2024-01-01", end="2024-12-31"))) == 1
    assert len(sites_in_view(sites, _state(start="2025-01-01", end="2025-12-31"))) == 0
    assert len(sites_in_view(sites, _state(start="2021-01-01", end="2022-12-31"))) == 0


def test_active_counts_per_country(dataset):
    state = _state(start="2023-06-23", end="2025-06-30")
    counts = active_site_counts(sites_in_view(dataset.sites, state), state.countries)
    assert set(counts) == {"MLI", "CAF", "GNQ"} and all(v > 0 for v in counts.values())

"""Hundreds of generated query strings thrown at the app: no exception, a sensible view, warnings."""
import datetime as dt
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presence.filters import parse_params
from presence.ui.sidebar import PAGE_KEYS
from tests.conftest import open_app

FIRST, LAST = dt.date(2015, 7, 20), dt.date(2026, 11, 25)

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
dates = st.one_of(st.dates(dt.date(1900, 1, 1), dt.date(2200, 1, 1)).map(str), text,
                  st.sampled_from(["2024-02-30", "2024-13-01", "0000-00-00", "", "2024-1-1", "9" * 500]))
countries = st.one_of(st.sampled_from(["MLI", "caf", "Equatorial Guinea", "FRA", "", ",", "MLI,CAF", "x" * 5000]),
                      text)
keys = st.one_of(st.sampled_from(["country", "from", "to", "q", "event", "utm_source", "Country"]),
                 st.text(alphabet=string.ascii_letters + "_-ünï", min_size=1, max_size=12))
values = st.one_of(dates, countries)
query = st.dictionaries(keys, st.lists(values, min_size=1, max_size=3), max_size=5)


@settings(max_examples=1000, deadline=None)
@given(query)
def test_parsing_never_fails_and_stays_in_bounds(params):
    state, warnings = parse_params(params, FIRST, LAST)
    assert FIRST <= state.start <= state.end <= LAST
    assert set(state.countries) <= {"MLI", "CAF", "GNQ"} and state.countries
    assert all(isinstance(w, str) for w in warnings)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query)
def test_the_app_survives_any_link(params):
    at = open_app({k: v if len(v) > 1 else v[0] for k, v in params.items()})
    assert not at.exception
    countries = at.sidebar.multiselect[0].value
    start, end = at.sidebar.date_input[0].value
    assert set(countries) <= {"MLI", "CAF", "GNQ"} and FIRST <= start <= end <= LAST
    _, expected = parse_params(params, FIRST, LAST, PAGE_KEYS)
    assert len(at.warning) == len(expected)

import datetime as dt

import pytest

from presence.dates import format_period, parse_iso_day, parse_partial_date


@pytest.mark.parametrize("text, start, end, precision, label", [
    ("2024-07-25", dt.date(2024, 7, 25), dt.date(2024, 7, 25), "day", "25 July 2024"),
    ("2024-06", dt.date(2024, 6, 1), dt.date(2024, 6, 30), "month", "June 2024"),
    ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29), "month", "February 2024"),
    ("2023", dt.date(2023, 1, 1), dt.date(2023, 12, 31), "year", "2023"),
])
def test_partial_dates_keep_their_precision(text, start, end, precision, label):
    parsed = parse_partial_date(text)
    assert (parsed.start, parsed.end, parsed.precision, parsed.label) == (start, end, precision, label)


@pytest.mark.parametrize("text", ["2024-13", "2024-02-30", "24-06-01", "June 2024", "", "2024-6-1", "1800"])
def test_bad_dates_are_rejected_with_a_reason(text):
    with pytest.raises(ValueError) as error:
        parse_partial_date(text)
    assert str(error.value)


def test_iso_day_needs_a_full_date():
    assert parse_iso_day("2025-06-09") == dt.date(2025, 6, 9)
    with pytest.raises(ValueError):
        parse_iso_day("2025-06")


def test_month_label_never_shows_a_day():
    assert format_period(dt.date(2024, 6, 1), "month") == "June 2024"

"""The Timeline's chronology: the events the chart shows, as a dated list grouped by month."""
import json
import re
from urllib.parse import unquote

import pandas as pd

from presence.chronology import chronology, first_line, record_url
from presence.figures.timeline import EVENT
from tests.conftest import open_app

LINK = re.compile(r"\]\(/record\?id=([^)\s]+)\)")


def _chart_event_ids(at) -> list[str]:
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    return [c[1] for trace in figure["data"] for c in trace.get("customdata") or [] if c[0] == EVENT]


def _listed_ids(at) -> list[str]:
    return [unquote(i) for m in at.markdown for i in LINK.findall(m.value)]


def test_timeline_lists_the_events_the_chart_shows():
    at = open_app(page="pages/timeline.py")
    assert not at.exception
    shown = _chart_event_ids(at)
    listed = _listed_ids(at)
    assert shown, "the default chart shows events"
    assert sorted(listed) == sorted(shown)  # each once, none missing, none extra


def test_chronology_for_a_filtered_view_and_by_category():
    at = open_app({"country": "GNQ", "from": "2024-01-01", "to": "2024-12-31", "lanes": "category"},
                  page="pages/timeline.py")
    assert not at.exception
    assert sorted(_listed_ids(at)) == sorted(_chart_event_ids(at))


def test_lane_filter_lists_only_the_chosen_lanes(dataset):
    at = open_app(page="pages/timeline.py")
    pills = at.get("button_group")
    assert pills, "the chronology has a lane filter"
    events = dataset.events
    mali = events[events["country"] == "MLI"]
    groups = chronology(mali, "country", {"Mali"})
    assert sum(len(entries) for _, entries in groups) == len(mali)
    assert chronology(mali, "country", {"Central African Republic"}) == []


def test_groups_are_months_in_order_with_dates_at_their_precision(dataset):
    events = dataset.events
    groups = chronology(events)
    entries = [e for _, es in groups for e in es]
    assert len(entries) == len(events)
    starts = events.set_index("event_id")["date_start"]
    months = [starts[e.event_id].to_period("M") for e in entries]
    assert months == sorted(months), "oldest first"
    labels = events.set_index("event_id")["date_label"]
    for heading, es in groups:
        for e in es:
            assert e.date == labels[e.event_id]
            precision = events.set_index("event_id").at[e.event_id, "date_precision"]
            if precision != "year":
                assert heading.endswith(str(starts[e.event_id].year))
                assert heading.split()[0] == starts[e.event_id].strftime("%B")
    assert all(e.record_url == record_url(e.event_id) for e in entries)


def test_first_line_is_one_sentence_and_short():
    assert first_line("One thing happened. Then another.") == "One thing happened."
    long = "word " * 100
    cut = first_line(long)
    assert len(cut) <= 221 and cut.endswith("…")
    assert record_url("a b/c") == "/record?id=a%20b%2Fc"

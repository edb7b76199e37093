"""Broken input of every kind: the validator names file, line and column; the app shows the problem
and keeps every valid row; nothing raises."""
from __future__ import annotations

import pytest

from presence.__main__ import main as validate_main
from presence.filters import FilterState, events_in_view
from tests.conftest import open_app


def _event(copy, **changes):
    row = dict(copy.rows("events")[-1], event_id="test-event", **changes)
    return copy.append("events", row)


def _site(copy, **changes):
    row = dict(copy.rows("sites")[-1], site_id="test-site", **changes)
    return copy.append("sites", row)


def _source(copy, **changes):
    row = dict(copy.rows("sources")[0], source_id="test-source", **changes)
    return copy.append("sources", row)


def _raw_line(copy, name, text: bytes):
    with open(copy.path(name), "ab") as f:
        f.write(text)
    return copy.line_count(name)


def _drop_column(copy, name, column):
    header = [h for h in copy.header(name) if h != column]
    copy.write(name, copy.rows(name), header)
    return 1


def _extra_column(copy, name, column):
    header = copy.header(name) + [column]
    copy.write(name, copy.rows(name), header)
    return 1


def _empty(copy, name):
    copy.path(name).write_bytes(b"")
    return 0


def _missing(copy, name):
    copy.path(name).unlink()
    return 0


def _duplicate_event(copy):
    rows = copy.rows("events")
    return copy.append("events", dict(rows[5]))


def _linked_event_after_site(copy):
    """The latest Mali event linked to an active presence whose last report is older than it."""
    events, sites = copy.rows("events"), copy.rows("sites")
    event = max((e for e in events if e["country"] == "MLI"), key=lambda e: e["date"])
    line, site = next((i + 2, s) for i, s in enumerate(sites)
                      if s["status"] == "active" and s["country"] == "MLI" and s["last_reported"] < event["date"][:7])
    event["site_ids"] = site["site_id"]
    copy.write("events", events)
    return line


# (label, file, column, expected message part, function that breaks the copy and returns the line)
CASES = [
    ("unparseable date", "events.csv", "date", "is not a date", lambda c: _event(c, date="2024-13-45")),
    ("future date", "events.csv", "date", "in the future", lambda c: _event(c, date="2099-01-01")),
    ("unknown country", "events.csv", "country", "is not one of", lambda c: _event(c, country="FRA")),
    ("latitude out of range", "sites.csv", "lat", "is not a latitude", lambda c: _site(c, lat="123.5")),
    ("coordinates in the wrong country", "events.csv", "lat", "lies outside MLI",
     lambda c: _event(c, country="MLI", lat="4.3947", lon="18.5582")),
    ("unknown source id", "events.csv", "source_ids", "unknown source id",
     lambda c: _event(c, source_ids="no-such-source")),
    ("duplicate id", "events.csv", "event_id", "duplicate id", _duplicate_event),
    ("missing required column", "events.csv", "summary", "required column is missing",
     lambda c: _drop_column(c, "events", "summary")),
    ("extra column", "sites.csv", "colour", "unknown column", lambda c: _extra_column(c, "sites", "colour")),
    ("empty file", "quotes.csv", "", "file is empty", lambda c: _empty(c, "quotes")),
    ("missing file", "phases.csv", "", "file is missing", lambda c: _missing(c, "phases")),
    ("broken CSV quoting", "events.csv", "", "unclosed quotation mark",
     lambda c: _raw_line(c, "events", b'broken-row,"2024-01-01,day,MLI\n')),
    ("non-UTF-8 bytes", "events.csv", "title", "not valid UTF-8",
     lambda c: _raw_line(c, "events", b"bad-bytes,2024-01-01,day,MLI,Bamako,12.6,-8.0,Wagner,combat,"
                                      b"Caf\xe9 \xff,summary,reported,x,no,,,,\n")),
    ("javascript: URL", "sources.csv", "url", "not an http(s) URL",
     lambda c: _source(c, url="javascript:alert(1)")),
    ("over-long field", "events.csv", "summary", "longer than 1000", lambda c: _event(c, summary="x" * 5000)),
    ("unknown enumeration value", "sites.csv", "status", "is not one of", lambda c: _site(c, status="gone")),
    ("precision does not match the date", "events.csv", "date_precision", "does not match",
     lambda c: _event(c, date="2024-06", date_precision="day")),
    ("last report before first", "sites.csv", "last_reported", "before first_reported",
     lambda c: _site(c, first_reported="2024-05", last_reported="2023-01-01")),
    ("event names an unknown site", "events.csv", "site_ids", "not in sites.csv",
     lambda c: _event(c, site_ids="no-such-site")),
    ("presence older than a linked event", "sites.csv", "last_reported", "is older than event",
     lambda c: _linked_event_after_site(c)),
    ("unknown location source", "events.csv", "location_source_ids", "unknown source id",
     lambda c: _event(c, location_source_ids="no-such-source")),
    ("empty required cell", "quotes.csv", "text", "is empty but required",
     lambda c: c.append("quotes", dict(c.rows("quotes")[0], quote_id="test-quote", text=""))),
]


@pytest.mark.parametrize("label, file, column, message, breaks", CASES, ids=[c[0] for c in CASES])
def test_validator_names_file_line_and_column(data_copy, label, file, column, message, breaks, capsys):
    clean = data_copy.load()
    assert not clean.problems
    line = breaks(data_copy)

    broken = data_copy.load()  # never raises
    matching = [p for p in broken.problems if p.file == file and message in p.message]
    assert matching, f"{label}: got {[str(p) for p in broken.problems]}"
    problem = matching[0]
    assert problem.line == line
    assert problem.column == column
    # The message a contributor reads names all of it.
    text = str(problem)
    assert file in text and (f"line {line}" in text if line else True) and column in text

    # Valid rows stay: only the broken table may lose rows, and only the broken ones.
    for name in ("sources", "events", "sites", "quotes", "phases"):
        if f"{name}.csv" != file:
            assert len(getattr(broken, name)) == len(getattr(clean, name)), name

    assert validate_main(["validate", str(data_copy.root)]) == 1
    assert message in capsys.readouterr().out


@pytest.mark.parametrize("label, file, column, message, breaks",
                         [c for c in CASES if c[0] in ("unparseable date", "missing file", "non-UTF-8 bytes",
                                                       "broken CSV quoting", "javascript: URL")],
                         ids=lambda v: v if isinstance(v, str) else "")
def test_app_shows_the_problem_and_keeps_valid_rows(data_env, label, file, column, message, breaks):
    breaks(data_env)
    dataset = data_env.load()
    at = open_app()
    assert not at.exception
    assert any("problem(s) in the data" in e.value.replace("\\", "") and file in e.value.replace("\\", "") for e in at.error)
    problems = at.dataframe[0].value
    assert set(problems.columns) >= {"file", "line", "column", "value", "problem"}
    assert any(message in p for p in problems["problem"])
    state = FilterState.default(dataset.first_day.date(), dataset.cutoff.date())
    shown = {m.label: m.value for m in at.metric}
    assert shown["Events in range"] == str(len(events_in_view(dataset.events, state)))
    assert int(shown["Events in range"]) > 0


def test_validator_passes_on_the_shipped_data(capsys):
    assert validate_main(["validate"]) == 0
    assert "OK" in capsys.readouterr().out


def test_a_broken_event_link_is_reported_and_the_statement_kept(data_copy):
    rows = data_copy.rows("quotes")
    line = data_copy.append("quotes", dict(rows[0], quote_id="linked", event_id="no-such-event"))
    dataset = data_copy.load()
    (problem,) = dataset.problems
    assert (problem.file, problem.line, problem.column) == ("quotes.csv", line, "event_id")
    kept = dataset.quotes.set_index("quote_id").loc["linked"]
    assert kept["event_id"] == ""

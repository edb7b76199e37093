"""Quote filters (speaker, search ignoring case and accents, order), literal rendering, CSV exports."""
import io

import pandas as pd
import pytest

from presence.export import neutralise, to_safe_csv
from presence.quotes import citation, filter_statements, statements
from presence.ui.text import link, plain
from tests.conftest import open_app


def _quotes(dataset):
    return dataset.quotes


def test_peskov_quick_filter(dataset):
    shown = filter_statements(_quotes(dataset), quick="Peskov")
    assert not shown.empty and shown["speaker"].str.contains("Peskov").all()
    assert shown["statement_id"].nunique() >= 6


def test_africa_corps_quick_filter(dataset):
    shown = filter_statements(_quotes(dataset), quick="Africa Corps")
    assert not shown.empty
    assert (shown["organisation"].str.contains("Africa Corps") | shown["speaker"].str.contains("Africa Corps")).all()


@pytest.mark.parametrize("query", ["SÉCURITÉ", "securite", "Sécurité"])
def test_search_ignores_case_and_accents(query):
    quotes = pd.DataFrame({"quote_id": ["a", "b"], "statement_id": ["a", "b"], "speaker": ["X", "Y"],
                           "organisation": ["O", "O"], "role": ["r", "r"],
                           "text": ["la sécurité du pays", "rien"]})
    assert list(filter_statements(quotes, search=query)["quote_id"]) == ["a"]


def test_search_keeps_every_rendering_of_a_matching_statement(dataset):
    quotes = _quotes(dataset)
    multi = quotes.groupby("statement_id").filter(lambda g: len(g) > 1)
    statement = multi.iloc[0]
    word = statement["text"].split()[2]
    shown = filter_statements(quotes, search=word)
    assert (shown["statement_id"] == statement["statement_id"]).sum() == (quotes["statement_id"] == statement["statement_id"]).sum()


def test_newest_and_oldest_first(dataset):
    newest = statements(_quotes(dataset), newest_first=True)
    oldest = statements(_quotes(dataset), newest_first=False)
    days = [g["date_start"].min() for g in newest]
    assert days == sorted(days, reverse=True)
    assert [g.iloc[0]["statement_id"] for g in oldest][0] == [g.iloc[0]["statement_id"] for g in newest][-1]


def test_citation_names_speaker_date_channel_outlet_and_url(dataset):
    quote = dataset.quotes[dataset.quotes["speaker"].str.contains("Peskov")].iloc[-1]
    source = dataset.source_rows(quote["source_ids"]).iloc[0]
    text = citation(quote, source)
    for part in (quote["speaker"], quote["date_label"], quote["channel"], source["outlet"], source["url"]):
        assert part in text


@pytest.mark.parametrize("text", ["<b>bold</b>", "<script>alert(1)</script>", "[x](javascript:alert(1))",
                                  "**not bold** _nor_ `code` :red[no] $x$"])
def test_plain_escapes_markdown_and_html(text):
    escaped = plain(text)
    assert "<" not in escaped.replace("\\<", "") and "[" not in escaped.replace("\\[", "")


def test_links_are_http_only():
    assert link("x", "javascript:alert(1)") == "x"
    assert link("Reuters", "https://example.com/a (b)").startswith("[Reuters](https://example.com/a%20%28b%29")


def test_injected_quote_text_is_shown_literally(data_env):
    rows = data_env.rows("quotes")
    hostile = "<b>bold</b> <script>alert(1)</script> [click](javascript:alert(1)) **x**"
    data_env.append("quotes", dict(rows[-1], quote_id="hostile", statement_id="hostile", text=hostile,
                                   date="2025-06-20"))
    at = open_app({"q": "script"}, "pages/quotes.py")
    assert not at.exception
    shown = [m.value for m in at.markdown if "script" in m.value]
    assert shown and all("\\<script\\>" in m and "\\[click\\]" in m for m in shown)


@pytest.mark.parametrize("value, expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("plain", "plain"), (12.5, 12.5), (-8.0, -8.0),
])
def test_formulas_are_neutralised(value, expected):
    assert neutralise(value) == expected


def test_exported_csv_carries_no_formula():
    frame = pd.DataFrame({"a": ["=1+1", "ok"], "b": [-8.0, 1.0]})
    exported = pd.read_csv(io.BytesIO(to_safe_csv(frame, ["a", "b"])), encoding="utf-8-sig")
    assert exported["a"].tolist() == ["'=1+1", "ok"] and exported["b"].tolist() == [-8.0, 1.0]

"""Search over events, presence sites, statements and sources, ignoring case and accents (no Streamlit).

"Goita" finds Goïta, "Menaka" Ménaka. Every word of the query must appear in a record (in any of its
searched fields); records whose title, name or speaker holds the words rank first, then by date,
newest first. URL contract: ``/search?q=<words>``; ``scope=all`` ignores the sidebar's filters.
"""
from __future__ import annotations

import re

import pandas as pd

from presence.countries import fold
from presence.filters import FilterState, events_in_view, quotes_in_view, sites_in_view
from presence.records import EVENT, SITE, STATEMENT, id_list

SOURCE = "source"
KINDS = (EVENT, SITE, STATEMENT, SOURCE)
GROUP_LABELS = {EVENT: "Events", SITE: "Presence sites", STATEMENT: "Statements", SOURCE: "Sources"}
RESULT_COLUMNS = ["kind", "id", "title", "detail", "date_label", "country", "score", "start", "url"]
# Weights: a word in the title (an event's title, a site's name, a statement's speaker) outranks any other match,
# then the place (or organisation, outlet), then the body text.
TITLE_WEIGHT, PLACE_WEIGHT, BODY_WEIGHT = 5, 2, 1
_WORDS = re.compile(r"\w+", re.UNICODE)


def query_words(query: str) -> list[str]:
    """The folded words of a query ('  Goïta, Bamako ' -> ['goita', 'bamako'])."""
    return list(dict.fromkeys(_WORDS.findall(fold(str(query or "")))))


def _join(*columns: pd.Series) -> pd.Series:
    out = columns[0].fillna("").astype(str)
    for column in columns[1:]:
        out = out + " \n " + column.fillna("").astype(str)
    return out.map(fold)


def _score(title: pd.Series, place: pd.Series, body: pd.Series, words: list[str]) -> pd.Series:
    """The rank of each row: 0 where a word is missing from all fields."""
    score = pd.Series(0, index=title.index, dtype=int)
    every = pd.Series(True, index=title.index)
    for word in words:
        in_title, in_place, in_body = (f.str.contains(word, regex=False) for f in (title, place, body))
        every &= in_title | in_place | in_body
        score += TITLE_WEIGHT * in_title + PLACE_WEIGHT * in_place + BODY_WEIGHT * in_body
    phrase = " ".join(words)
    if len(words) > 1:
        score += TITLE_WEIGHT * title.str.contains(phrase, regex=False)
    return score.where(every, 0)


def _frame(kind, ids, title, detail, date_label, country, score, start, url=None) -> pd.DataFrame:
    frame = pd.DataFrame({"kind": kind, "id": ids, "title": title, "detail": detail, "date_label": date_label,
                          "country": country, "score": score, "start": start,
                          "url": url if url is not None else ""})
    return frame[frame["score"] > 0]


def search(dataset, query: str, state: FilterState | None = None) -> pd.DataFrame:
    """Matching records, best first within each kind (``RESULT_COLUMNS``). ``state`` limits them to the
    sidebar's countries and dates (with the Russia-side and Africa-wide context, as the Timeline and
    Quotes show it); None searches everything."""
    words = query_words(query)
    if not words:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    events, sites, quotes = dataset.events, dataset.sites, dataset.quotes
    if state is not None:
        events = events_in_view(events, state, with_context=True)
        sites = sites_in_view(sites, state)
        quotes = quotes_in_view(quotes, state)
    found = []
    if not events.empty:
        score = _score(_join(events["title"]), _join(events["place"], events["actors"]),
                       _join(events["summary"], events["category"]), words)
        found.append(_frame(EVENT, events["event_id"], events["title"], events["place"], events["date_label"],
                            events["country"], score, events["date_start"]))
    if not sites.empty:
        score = _score(_join(sites["name"]), _join(sites["force"], sites["site_type"]),
                       _join(sites["description"]), words)
        found.append(_frame(SITE, sites["site_id"], sites["name"], sites["force"].str.replace(";", " / "),
                            sites["first_label"] + " – " + sites["last_label"], sites["country"], score,
                            sites["last_start"]))
    if not quotes.empty:
        score = _score(_join(quotes["speaker"]), _join(quotes["organisation"], quotes["role"]),
                       _join(quotes["text"], quotes["language_note"]), words)
        hits = quotes.assign(score=score).sort_values("score", ascending=False).drop_duplicates("statement_id")
        text = hits["text"].where(hits["text"].str.len() <= 160, hits["text"].str[:157] + "…")
        found.append(_frame(STATEMENT, hits["statement_id"], hits["speaker"] + ", " + hits["role"],
                            "“" + text + "”", hits["date_label"], hits["country"], hits["score"],
                            hits["date_start"]))
    sources = _sources_in_scope(dataset, events, sites, quotes, state)
    if not sources.empty:
        score = _score(_join(sources["outlet"], sources["title"]), _join(sources["origin"]),
                       _join(sources["url"], sources["note"]), words)
        found.append(_frame(SOURCE, sources["source_id"],
                            sources["outlet"].where(sources["title"].fillna("") == "",
                                                    sources["outlet"] + " — " + sources["title"].fillna("")),
                            sources["source_kind"].str.replace("_", " "), sources["published_label"], "",
                            score, pd.to_datetime(sources["published"].str[:10], errors="coerce", format="mixed"),
                            sources["url"]))
    found = [f for f in found if not f.empty]
    if not found:
        return pd.DataFrame(columns=RESULT_COLUMNS)
    results = pd.concat(found, ignore_index=True)
    results["order"] = results["kind"].map({k: i for i, k in enumerate(KINDS)})
    results = results.sort_values(["order", "score", "start", "id"], ascending=[True, False, False, True],
                                  na_position="last")
    return results.drop(columns="order").reset_index(drop=True)[RESULT_COLUMNS]


def _sources_in_scope(dataset, events, sites, quotes, state) -> pd.DataFrame:
    """Every source, or with filters, the sources the records in view cite."""
    if state is None:
        return dataset.sources
    cited = set()
    for frame in (events, sites, quotes):
        for ids in frame["source_ids"]:
            cited.update(id_list(ids))
    return dataset.sources[dataset.sources["source_id"].isin(cited)]


def citing_records(dataset, source_id: str, limit: int = 3) -> list[tuple[str, str]]:
    """(label, record id) of the first records that cite a source: events, then sites, then statements."""
    index = dataset.__dict__.get("_citing_index")
    if index is None:  # built once per data set (a search result page lists up to ten sources)
        index = dataset.__dict__["_citing_index"] = _citing_index(dataset)
    return index.get(source_id, [])[:limit]


def _citing_index(dataset) -> dict[str, list[tuple[str, str]]]:
    index: dict[str, list[tuple[str, str]]] = {}
    for frame, id_column, label in ((dataset.events, "event_id", "title"), (dataset.sites, "site_id", "name"),
                                    (dataset.quotes, "statement_id", "speaker")):
        seen: set[tuple[str, str]] = set()
        for ids, record_id, words in zip(frame["source_ids"], frame[id_column], frame[label]):
            for source_id in id_list(ids):
                if (source_id, record_id) not in seen:
                    seen.add((source_id, record_id))
                    index.setdefault(source_id, []).append((words, record_id))
    return index

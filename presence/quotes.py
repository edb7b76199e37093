"""Statements: grouping renderings of one statement, speaker filters, accent-blind search, citations."""
from __future__ import annotations

from typing import Iterable

import pandas as pd

from presence.countries import fold

# Quick filters the users asked for by name: label -> how a statement matches.
QUICK_FILTERS = {
    "Peskov": lambda q: q["speaker"].str.contains("Peskov", case=False, regex=False),
    "Africa Corps": lambda q: q["organisation"].str.contains("Africa Corps", case=False, regex=False)
    | q["speaker"].str.contains("Africa Corps", case=False, regex=False),
}


def who_label(frame: pd.DataFrame) -> pd.Series:
    """'Dmitry Peskov (Kremlin)' — the option a user picks in the speaker filter."""
    same = frame["speaker"] == frame["organisation"]
    return frame["speaker"].where(same, frame["speaker"] + " (" + frame["organisation"] + ")")


def filter_statements(quotes: pd.DataFrame, quick: str | None = None, speakers: Iterable[str] = (),
                      search: str = "") -> pd.DataFrame:
    """Apply the Quotes page's own filters on top of the shared country and date filters.

    A statement is kept whole: if any of its renderings matches the search, all of them stay.
    """
    mask = pd.Series(True, index=quotes.index)
    if quick in QUICK_FILTERS:
        mask &= QUICK_FILTERS[quick](quotes)
    speakers = list(speakers)
    if speakers:
        mask &= who_label(quotes).isin(speakers)
    needle = fold(search.strip())
    if needle:
        haystack = (quotes["text"] + " " + quotes["speaker"] + " " + quotes["organisation"] + " "
                    + quotes["role"]).map(fold)
        hits = set(quotes.loc[haystack.str.contains(needle, regex=False), "statement_id"])
        mask &= quotes["statement_id"].isin(hits)
    return quotes[mask]


def statement_order(quotes: pd.DataFrame, newest_first: bool = True) -> list[str]:
    """Statement ids by date (then id, for a stable order), without materialising every group."""
    if quotes.empty:
        return []
    firsts = quotes.groupby("statement_id", sort=False)["date_start"].min().reset_index()
    firsts = firsts.sort_values(["date_start", "statement_id"], ascending=not newest_first)
    return firsts["statement_id"].tolist()


def statements(quotes: pd.DataFrame, newest_first: bool = True, limit: int | None = None) -> list[pd.DataFrame]:
    """Renderings grouped by statement, ordered by date; only the first ``limit`` groups are built."""
    ids = statement_order(quotes, newest_first)[:limit]
    subset = quotes[quotes["statement_id"].isin(ids)]
    groups = dict(tuple(subset.groupby("statement_id", sort=False)))
    return [groups[i] for i in ids]


def one_per_statement(quotes: pd.DataFrame) -> pd.DataFrame:
    """The first rendering of each statement (for the timeline's statement lane and counts)."""
    return quotes.drop_duplicates("statement_id", keep="first")


def citation(quote: pd.Series, source: pd.Series, permalink: str = "") -> str:
    """A ready-to-paste citation: speaker and date first, the quoted words, the channel, the originating
    outlet (the wire, where the page is a copy of it), the page's outlet, title and URL, and the record's
    permalink."""
    title = f", “{source['title']}”" if source.get("title") else ""
    published = f", {source['published_label']}" if source.get("published_label") else ""
    origin = str(source.get("origin") or "").strip()
    copied = origin and origin.casefold() != str(source["outlet"]).casefold()
    via = f"Reported by {origin}; quoted in {source['outlet']}" if copied else f"Quoted in {source['outlet']}"
    record = f" Record: {permalink}" if permalink else ""
    return (f"{quote['speaker']}, {quote['date_label']} ({quote['role']}, {quote['channel']}): “{quote['text']}” "
            f"{via}{title}{published}. {source['url']}{record}")


def featured_mask(quotes: pd.DataFrame) -> pd.Series:
    """Statements by Peskov or the Africa Corps: the ones users ask for by name."""
    mask = pd.Series(False, index=quotes.index)
    for matches in QUICK_FILTERS.values():
        mask |= matches(quotes)
    return quotes["statement_id"].isin(set(quotes.loc[mask, "statement_id"]))


def no_statement_sentence(quick: str | None, speakers: Iterable[str], search: str, countries: Iterable[str],
                          range_words: str) -> str:
    """'No statement by Peskov about Mali (nor Africa-wide) from 1 January 2024 to …, containing “x”.'"""
    from presence.countries import names_phrase
    who = [quick] if quick else []
    who += [s.split(" (")[0] for s in speakers]
    by = f" by {' or '.join(dict.fromkeys(who))}" if who else ""
    countries = tuple(countries)
    about = f" about {names_phrase(countries)} (nor Africa-wide)" if countries else ""
    words = f", containing “{search.strip()}”" if search and search.strip() else ""
    return f"No statement{by}{about} in this range ({range_words}){words}."

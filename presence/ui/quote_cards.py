"""Statement cards: the full card on the Quotes page and a compact one elsewhere (one renderer)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from presence.countries import NAMES
from presence.quotes import citation, featured_mask, filter_statements, statements, who_label
from presence.ui.links import record_markdown_link, record_permalink
from presence.ui.data import kept
from presence.ui.text import link, plain
from presence.ui.shared import shared
from presence.ui.navigation import page_link


def _quoted(text: str) -> str:
    """The statement's words, in full colour between quotation marks (the attribution is grey)."""
    return f"“{plain(text)}”"


def _gray(text: str) -> str:
    return f":gray[{plain(text)}]"


def _context(country: str) -> str:
    return "Africa-wide" if country == "AFR" else f"about {NAMES.get(country, country)}"


def card_markdown(group: pd.DataFrame, dataset) -> tuple[str, str, str]:
    """The card's text as three markdown blocks — renderings, who/when/where, sources — every piece of
    data escaped. Few blocks keep the page light: each Streamlit element costs time to send and draw."""
    sources = dataset.source_records
    rows = group.to_dict("records")
    first = rows[0]
    by_outlet: dict[str, list[dict]] = {}
    for row in rows:  # an outlet may quote a statement in several pieces
        by_outlet.setdefault(row["source_ids"], []).append(row)
    blocks = []
    if len(by_outlet) > 1:
        blocks.append(_gray(f"{len(by_outlet)} outlets quoted this statement in their own words (often their "
                            "own translations); each wording is shown with its source."))
    for source_ids, parts in by_outlet.items():
        blocks += [_quoted(part["text"]) for part in parts]
        cited = [sources[i] for i in source_ids.split(";") if i in sources]
        outlets = ", ".join(link(source["outlet"], source["url"]) for source in cited)
        note = parts[0]["language_note"].rstrip(".")
        blocks.append(f":gray[As printed by {outlets}{plain('. ' + note if note else '')}.]")
    who = (f"**{plain(first['speaker'])}** — {plain(first['role'])}, {plain(first['organisation'])}  \n"
           + _gray(f"{first['date_label']} · {first['channel']} · {_context(first['country'])}"))
    for row in rows:  # corrections are published with the record they concern
        for correction in dataset.corrections_of(row["quote_id"]):
            who += "  \n" + _gray(f"Corrected on {correction['date_label']}: {correction['change']}")
    all_ids = dict.fromkeys(i for row in rows for i in row["source_ids"].split(";") if i in sources)
    listed = "\n".join("- " + link(sources[i]["outlet"] + (f" — {sources[i]['title']}" if sources[i]["title"] else ""),
                                   sources[i]["url"]) for i in all_ids)
    return "\n\n".join(blocks), who, listed


def statement_card(group: pd.DataFrame, view, compact: bool = False) -> None:
    """One statement: its text (each outlet's rendering when they differ), who/when/where, sources."""
    dataset = view.dataset
    first = group.iloc[0]
    if compact:
        with st.container(border=True):
            text = first["text"] if len(first["text"]) <= 220 else first["text"][:217] + "…"
            st.markdown(f"**{plain(first['speaker'])}**, " + _gray(f"{first['date_label']} · {first['role']}")
                        + "  \n" + _quoted(text) + " " + record_markdown_link(first["statement_id"], "Record"))
        return
    _draw_card(_card(group, dataset), view)


def _card(group: pd.DataFrame, dataset) -> tuple[pd.Series, str, str]:
    """(first rendering, the card's markdown, its sources as a list), kept per data set and renderings
    shown: the same cards come back on every rerun of every session."""
    def build():
        first = group.iloc[0]
        body, who, sources = card_markdown(group, dataset)
        return first, (who + "\n\n" + body + "\n\n"
                       + record_markdown_link(first["statement_id"], "The statement's page (permalink)")), sources
    return kept(dataset, "card", tuple(group["quote_id"]), build)


def _draw_card(card: tuple[pd.Series, str, str], view) -> None:
    first, text, sources = card
    with st.container(border=True):
        st.markdown(text)
        # Drawn only when opened: most readers never open it, and every element costs load time.
        more = st.expander("All sources and a citation to copy", key=f"cite_{first['statement_id']}",
                           on_change="rerun")
        if more.open:
            with more:
                _sources_and_citation(first, sources, view)


def _sources_and_citation(first: pd.Series, sources: str, view) -> None:
    st.markdown(sources)
    source = view.dataset.source_rows(first["source_ids"]).iloc[0]
    st.code(citation(first, source, record_permalink(first["statement_id"])), language=None, wrap_lines=True)
    if first.get("event_id"):
        page_link("pages/timeline.py", label="See the related event on the timeline", icon=":material/timeline:",
                     query_params={**view.filters.to_params(), "event": first["event_id"]})


@shared(max_entries=256)
def _latest(version: str, state, limit: int, _quotes: pd.DataFrame) -> list[pd.DataFrame]:
    return statements(_quotes, newest_first=True, limit=limit)


def latest_statements(view, limit: int = 3) -> None:
    groups = _latest(view.dataset.version, view.filters, limit, view.quotes)
    if not groups:
        st.info("No statements in this date range.")
    for group in groups:
        statement_card(group, view, compact=True)
    page_link("pages/quotes.py", label="All statements", icon=":material/format_quote:")



PAGE_SIZE = 5
READING_WIDTH = 820  # pixels: a readable line length on wide screens (narrower screens use their width)


def statement_list(quotes: pd.DataFrame, view, key: str, newest_first: bool = True, empty: str = "") -> None:
    """Cards at a readable line length, PAGE_SIZE at a time with a 'show more' button; only the cards
    on screen are built, so the page stays light however many statements match."""
    count = quotes["statement_id"].nunique()
    if not count:
        st.caption(empty or "No statements.")
        return
    limit_key = f"_quote_limit_{key}"
    limit = st.session_state.get(limit_key, PAGE_SIZE)
    with st.container(width=READING_WIDTH):
        st.caption(f"{count} statement(s), {len(quotes)} rendering(s)")
        cards = kept(view.dataset, "statement cards", (tuple(quotes["quote_id"]), newest_first, limit),
                     lambda: [_card(group, view.dataset) for group in statements(quotes, newest_first, limit=limit)])
        for card in cards:
            _draw_card(card, view)
        if count > limit:
            st.button(f"Show {min(PAGE_SIZE, count - limit)} more of {count - limit}", key=f"more_{key}",
                      on_click=lambda: st.session_state.update({limit_key: limit + PAGE_SIZE}))


def speaker_options(view) -> list[str]:
    """Everyone quoted in the view, for the speaker filter."""
    return _speakers(view.dataset.version, view.filters, view.quotes)


@shared(max_entries=256)
def _speakers(version: str, state, _quotes: pd.DataFrame) -> list[str]:
    return sorted(set(who_label(_quotes)))


def statement_selection(view, quick: str | None, speakers, search: str | None
                        ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(the statements the Quotes page's filters select, those by Peskov or the Africa Corps, the others),
    worked out once per view and filters for every session."""
    return _selection(view.dataset.version, view.filters, quick, tuple(speakers or ()), search or "", view.quotes)


@shared(max_entries=256)
def _selection(version: str, state, quick, speakers: tuple, search: str, _quotes: pd.DataFrame):
    shown = filter_statements(_quotes, quick=quick, speakers=list(speakers), search=search)
    featured = featured_mask(shown)
    return shown, shown[featured], shown[~featured]

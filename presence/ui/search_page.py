"""The search page, /search?q=<words>: records grouped by kind, each linking to its own page."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from presence.countries import NAMES
from presence.filters import FilterState
from presence.search import GROUP_LABELS, KINDS, SOURCE, citing_records, query_words, search
from presence.ui.links import record_link
from presence.ui.text import link, plain
from presence.ui.shared import shared

SCOPE = "scope"  # URL parameter: scope=all searches everything, ignoring the sidebar's filters
EVERYTHING = "all"
SHOWN_PER_GROUP = 10


@shared(max_entries=256)
def cached_search(version: str, query: str, state: FilterState | None, _dataset) -> pd.DataFrame:
    return search(_dataset, query, state)


def _set_scope(everything: bool) -> None:
    if everything:
        st.query_params[SCOPE] = EVERYTHING
    elif SCOPE in st.query_params:
        del st.query_params[SCOPE]


def search_page(view) -> None:
    st.title("Search the records")
    query = st.text_input("Words to find", key="q", bind="query-params",
                          placeholder="e.g. Kidal, Goïta, Ménaka, Peskov, Africa Corps",
                          help="Events, presence sites, statements and sources: titles, summaries, descriptions, "
                               "quoted words, places, speakers and outlets. Case and accents are ignored; every "
                               "word must appear.")
    everything = st.query_params.get(SCOPE) == EVERYTHING
    state = None if everything else view.filters
    scope_words = ("all countries and dates" if everything else view.filters.describe())
    with st.container(horizontal=True, vertical_alignment="center"):
        st.caption(plain(f"Searching: {scope_words}."))
        if everything:
            st.button("Use the sidebar's filters", on_click=_set_scope, args=(False,), key="scope_filters",
                      icon=":material/filter_alt:")
        else:
            st.button("Search everything", on_click=_set_scope, args=(True,), key="scope_all",
                      icon=":material/travel_explore:", help="All countries and the whole record, ignoring "
                                                             "the sidebar's filters")
    if not query_words(query):
        st.info("Type a word or a name above (or in the sidebar's search box on any page).", icon=":material/search:")
        return
    results = cached_search(view.dataset.version, query, state, view.dataset)
    if results.empty:
        more = "" if everything else " with these filters; try \"Search everything\""
        st.info(plain(f"No record matches “{query.strip()}”{more}."), icon=":material/search_off:")
        return
    counts = results["kind"].value_counts()
    st.markdown(plain(f"{len(results)} result(s) for “{query.strip()}”: ")
                + ", ".join(f"{int(counts[k])} {GROUP_LABELS[k].lower()}" for k in KINDS if k in counts))
    for kind in KINDS:
        group = results[results["kind"] == kind]
        if group.empty:
            continue
        st.header(f"{GROUP_LABELS[kind]} ({len(group)})")
        limit_key = f"_search_limit_{kind}"
        limit = st.session_state.get(limit_key, SHOWN_PER_GROUP)
        for row in group.head(limit).to_dict("records"):
            _result(view.dataset, row)
        if len(group) > limit:
            st.button(f"Show all {len(group)} {GROUP_LABELS[kind].lower()}", key=f"search_more_{kind}",
                      on_click=lambda k=limit_key, n=len(group): st.session_state.update({k: n}))


def _result(dataset, row: dict) -> None:
    where = NAMES.get(row["country"], row["country"]) if row["country"] else ""
    facts = " · ".join(p for p in (row["date_label"], where, row["detail"]) if p)
    if row["kind"] == SOURCE:
        cited = citing_records(dataset, row["id"])
        by = ("  \n" + plain("Cited by: " + "; ".join(label for label, _ in cited))) if cited else ""
        st.markdown(link(row["title"], row["url"]) + "  \n" + f":gray[{plain(facts)}]" + by)
        return
    with st.container(gap=None):  # the link and its facts read as one result
        record_link(row["id"], row["title"], icon=":material/arrow_forward:")
        st.caption(plain(facts))

"""Small page components shared by several pages."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from presence.dataset import Dataset
from presence.problems import Problem
from presence.ui.data import kept
from presence.ui.text import link, plain

SOURCE_DOMAIN = r"https?://(?:www\.)?([^/]+)"


def data_problems(problems: list[Problem]) -> None:
    """Name every row that could not be used; the valid rows are still shown everywhere."""
    if not problems:
        return
    files = sorted({p.file for p in problems})
    st.error(plain(f"{len(problems)} problem(s) in the data ({', '.join(files)}): the rows concerned are "
                   "left out and every other row is shown. Details below."), icon=":material/error:")
    with st.expander("Data problems", expanded=len(problems) <= 3):
        st.dataframe(pd.DataFrame([p.as_row() for p in problems]), hide_index=True, width="stretch")


def sources_markdown(dataset: Dataset, source_ids: str) -> str:
    """'Sources: [Reuters](…) (6 June 2025) · [RFI](…)' with every label shown as plain text.
    Kept per data set and list of ids (the same lists come back on every rerun)."""
    return kept(dataset, "sources", str(source_ids), lambda: _sources_markdown(dataset, str(source_ids)))


def _sources_markdown(dataset: Dataset, source_ids: str) -> str:
    rows = dataset.source_rows(source_ids)
    parts = []
    for row in rows.itertuples():
        when = f" ({row.published_label})" if row.published_label else ""
        parts.append(link(row.outlet, row.url) + plain(when))
    return "Sources: " + " · ".join(parts) if parts else "Sources: none listed"


def source_links(dataset: Dataset, source_ids: str) -> None:
    st.markdown(sources_markdown(dataset, source_ids))


def first_source_urls(dataset: Dataset, frame: pd.DataFrame) -> pd.Series:
    """The first source of each record, for a LinkColumn (the details panels list them all)."""
    urls = dataset.sources["url"]
    return frame["source_ids"].map(lambda ids: urls.get(str(ids).split(";")[0], ""))


def source_column(label: str = "Source") -> st.column_config.LinkColumn:
    return st.column_config.LinkColumn(label, display_text=SOURCE_DOMAIN,
                                       help="The first source; open the record for all of them")


def empty_state(what: str) -> None:
    st.info(plain(f"No {what} match these filters. Widen the date range or add countries in the sidebar "
                  "(or press 'Reset filters')."), icon=":material/filter_alt_off:")


def corrections_note(dataset: Dataset, record_id: str) -> None:
    """'Corrected on 2 December 2026: …' under a record, for every logged correction (newest first)."""
    for correction in dataset.corrections_of(record_id):
        st.caption(plain(f"Corrected on {correction['date_label']}: {correction['change']}"))

"""The Timeline page's details panel and events table."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from presence.countries import NAMES, names_phrase
from presence.dates import format_range
from presence.figures.legend import timeline_legend_alts, timeline_legend_svgs
from presence.figures.timeline import EVENT, STATEMENT, WEEK, milestones_in_view, shows_weekly_counts
from presence.filters import FilterState, country_label
from presence.palette import CATEGORY_LABELS
from presence.ui.components import corrections_note, first_source_urls, source_column, source_links
from presence.ui.links import record_column, record_link, record_urls
from presence.ui.quote_cards import statement_card
from presence.ui.shared import shared
from presence.ui.text import plain

NEAR_DAYS = 7  # statements this close to an event are shown with it


def timeline_title(filters: FilterState, with_context: bool) -> str:
    context = " (with Russia-side and Africa-wide context)" if with_context else ""
    return (f"Events and statements, {names_phrase(filters.countries)}{context}, "
            f"{format_range(filters.start, filters.end)}")


def milestone_key(events: pd.DataFrame, statements: pd.DataFrame) -> None:
    """The words for the numbered key moments on the chart, right under it."""
    words = _milestone_words(tuple(events["event_id"]), len(statements), events, statements)
    if words:
        st.caption(words)


@shared(max_entries=64)
def _milestone_words(event_ids: tuple, statement_count: int, _events: pd.DataFrame, _statements: pd.DataFrame) -> str:
    if shows_weekly_counts(_events, _statements):
        return ""
    marked = milestones_in_view(_events)
    if marked.empty:
        return ""
    return plain("Key moments: " + " · ".join(f"{row.number} {row.milestone} ({row.date_label})"
                                              for row in marked.itertuples()))


def timeline_legend(events: pd.DataFrame, statements: pd.DataFrame) -> None:
    """Side by side on a wide screen, stacked (and still legible) on a phone."""
    with st.container(horizontal=True, gap="medium"):
        weekly = shows_weekly_counts(events, statements)
        for block, alt in zip(timeline_legend_svgs(weekly), timeline_legend_alts(weekly)):
            st.image(block, width="content", alt=alt)


def clicked_record(choice) -> tuple[str, str] | None:
    """(kind, id) of the clicked marker, from its customdata; else the ``event`` URL parameter."""
    try:
        points = choice.selection.points
    except AttributeError:
        points = []
    for point in points:
        data = point.get("customdata")
        if isinstance(data, (list, tuple)) and len(data) == 2:
            return str(data[0]), str(data[1])
    event = st.query_params.get("event")
    return (EVENT, event) if event else None


def record_details(view, record: tuple[str, str] | None, events: pd.DataFrame) -> None:
    dataset = view.dataset
    if record is None:
        st.info("Click an event or a statement on the chart to see its summary and sources.",
                icon=":material/touch_app:")
        return
    kind, record_id = record
    if kind == WEEK:
        st.info("This marker stands for several records. Choose a shorter date range in the sidebar to see "
                "them one by one, or open the table below.", icon=":material/zoom_in:")
        return
    if kind == STATEMENT:
        rows = dataset.quotes[dataset.quotes["quote_id"] == record_id]
        if not rows.empty:
            group = dataset.quotes[dataset.quotes["statement_id"] == rows.iloc[0]["statement_id"]]
            st.subheader("Selected statement")
            statement_card(group, view)
        return
    rows = dataset.events[dataset.events["event_id"] == record_id]
    if rows.empty:
        st.warning(plain(f"The event {record_id!r} is not in the data."))
        return
    event = rows.iloc[0]
    with st.container(border=True):
        st.subheader(plain(event["title"]))
        precision = "" if event["date_precision"] == "day" else f" ({event['date_precision']} precision)"
        st.caption(plain(f"{event['date_label']}{precision} · {event['place'] or NAMES[event['country']]} · "
                         f"{CATEGORY_LABELS[event['category']]} · confidence: {event['confidence']}"))
        st.markdown(plain(event["summary"]))
        st.caption(plain("Actors: " + event["actors"].replace(";", ", ")))
        source_links(dataset, event["source_ids"])
        corrections_note(dataset, event["event_id"])
        record_link(event["event_id"])
        near = dataset.quotes[(dataset.quotes["date_start"] >= event["date_start"] - pd.Timedelta(days=NEAR_DAYS))
                              & (dataset.quotes["date_start"] <= event["date_end"] + pd.Timedelta(days=NEAR_DAYS))]
        if not near.empty:
            st.markdown(f"**Statements within {NEAR_DAYS} days**")
            for _, group in near.groupby("statement_id", sort=False):
                statement_card(group, view, compact=True)


def records_table(view, events: pd.DataFrame) -> None:
    table = pd.DataFrame({
        "Date": events["date_label"],
        "Country": events["country"].map(country_label),
        "Place": events["place"],
        "Category": events["category"].map(CATEGORY_LABELS),
        "Event": events["title"],
        "Confidence": events["confidence"],
        "Source": first_source_urls(view.dataset, events),
        "Sources": events["source_ids"].str.count(";") + 1,
        "Record": record_urls(events["event_id"]),
    })
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={"Source": source_column(), "Record": record_column(), "Sources": st.column_config.NumberColumn(
                     "Sources", help="How many sources the record cites (all listed when you click it)")})

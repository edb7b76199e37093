"""The Map page's legend and details panel."""
from __future__ import annotations

import math

import streamlit as st

from presence.countries import NAMES
from presence.figures.legend import map_legend_alt, map_legend_svg
from presence.figures.map import frame_for, map_alt
from presence.status import (ACTIVE, EXITED, HANDED_OVER, STALE, STALE_AFTER_MONTHS, UNKNOWN, WITHDRAWN,
                             past_review, status_label)
from presence.ui.components import corrections_note, source_links, sources_markdown
from presence.ui.links import record_link
from presence.ui.shared import shared
from presence.ui.text import plain

NEARBY_KM = 30  # an event this close to a site, in the same country, is listed with the site


def selected_id(choice, layer: str) -> str | None:
    """The id of the object the user clicked in ``layer``, if any."""
    try:
        objects = choice.selection.objects.get(layer) or []
    except AttributeError:
        return None
    return objects[0].get("id") if objects else None


def map_legend(show_events: bool, clickable: bool = True) -> None:
    """Colours are forces, forms are statuses, sizes are types (as in the design brief)."""
    st.image(map_legend_svg(show_events), width="content", alt=map_legend_alt(show_events))
    st.caption("Countries are shaded darker the more active presence sites they hold. A presence with no "
               f"report for over {STALE_AFTER_MONTHS} months is shown as \"no report since\", not as active. "
               + ("Hover over a marker for its details; click it to open its sources." if clickable
                  else "Hover over a marker for its details."))


_DIALOG_SHOWN = "_map_details_shown"


def details_in_dialog(view, site_id: str | None, event_id: str | None) -> None:
    """(Phones.) Open the tapped marker's details in a dialog over the map, once per new selection, so
    they come into view without scrolling; closing it leaves the reader on the map."""
    chosen = (site_id, event_id)
    if not (site_id or event_id):
        st.session_state.pop(_DIALOG_SHOWN, None)
        st.caption("Tap a marker for what is known about it and its sources.")
        return
    if st.session_state.get(_DIALOG_SHOWN) != chosen:
        st.session_state[_DIALOG_SHOWN] = chosen
        _details_dialog(view, site_id, event_id)


@st.dialog("On the map", width="large")
def _details_dialog(view, site_id, event_id) -> None:
    site_details(view, site_id, event_id)


def _distance_km(lat1, lon1, lat2, lon2) -> float:
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6371 * math.hypot(x, y)


def site_details(view, site_id: str | None, event_id: str | None) -> None:
    dataset = view.dataset
    if event_id:
        rows = view.events[view.events["event_id"] == event_id]
        if not rows.empty:
            event = rows.iloc[0]
            with st.container(border=True):
                st.subheader(plain(event["title"]))
                st.caption(plain(f"{event['date_label']} · {event['place']} · {event['confidence']}"))
                st.markdown(plain(event["summary"]))
                source_links(dataset, event["source_ids"])
                record_link(event_id)
            return
    rows = view.sites[view.sites["site_id"] == site_id] if site_id else view.sites.iloc[0:0]
    if rows.empty:
        st.info("Click a marker on the map to see what is known about that presence and its sources.",
                icon=":material/touch_app:")
        return
    site = rows.iloc[0]
    with st.container(border=True):
        st.subheader(plain(site["name"]))
        shown = site.get("status_text") or status_label(site["status_as_of"], site["last_label"])
        st.markdown(plain(f"{site['force'].replace(';', ' / ')} · {site['site_type'].replace('_', ' ')} · "
                          f"at the end of the range: {shown}"))
        st.caption(plain(f"First reported {site['first_label']} · last reported {site['last_label']} · "
                         f"confidence: {site['confidence']}"))
        st.markdown(plain(site["description"]))
        if site["last_source_ids"]:
            st.markdown("Last report: " + sources_markdown(dataset, site["last_source_ids"]).removeprefix("Sources: "))
        if site["status_source_ids"]:
            st.markdown("Report of the departure or handover: "
                        + sources_markdown(dataset, site["status_source_ids"]).removeprefix("Sources: "))
        _handover_links(dataset, site)
        source_links(dataset, site["source_ids"])
        corrections_note(dataset, site["site_id"])
        record_link(site["site_id"])
        nearby = view.events.dropna(subset=["lat", "lon"])
        nearby = nearby[(nearby["country"] == site["country"]) & nearby.apply(
            lambda e: _distance_km(site["lat"], site["lon"], e["lat"], e["lon"]) <= NEARBY_KM, axis=1)]
        st.markdown(f"**Events within {NEARBY_KM} km in the range:** {len(nearby)}")
        for event in nearby.itertuples():
            st.markdown(plain(f"{event.date_label} — {event.title}"))
            source_links(dataset, event.source_ids)


def _handover_links(dataset, site) -> None:
    """Name the presence this one handed over to, or took over from."""
    sites = dataset.sites.set_index("site_id", drop=False)
    successor = site["successor_id"]
    if successor and successor in sites.index:
        st.caption(plain(f"Handed over to: {sites.at[successor, 'name']} ({sites.at[successor, 'force']})"))
    for before in dataset.sites[dataset.sites["successor_id"] == site["site_id"]].itertuples():
        st.caption(plain(f"Took over from: {before.name} ({before.force}), {before.last_label}"))


_COUNT_WORDS = ((ACTIVE, "active"), (STALE, f"no report for over {STALE_AFTER_MONTHS} months"),
                (UNKNOWN, "unknown"), (EXITED, "ended with the force's announced exit, fate not reported"),
                (WITHDRAWN, "withdrawn"), (HANDED_OVER, "handed over"))


def status_counts(view, day) -> None:
    """'As of 30 June 2025: 6 active · 4 no report for over 12 months · 1 withdrawn' under the map
    (``view``: the map's, as of the month shown)."""
    st.caption(_status_sentence(view.dataset.version, view.filters, day, view.sites))


def map_alt_for(view, client: str) -> str:
    """The map's text alternative (``presence.figures.map.map_alt``) for the view as of the month shown."""
    return _alt(view.dataset.version, view.filters, client, view.sites)


@shared(max_entries=128)
def _alt(version: str, state, client: str, _sites) -> str:
    return map_alt(state.countries, _sites, frame_for(state.countries, client).inset)


@shared(max_entries=128)
def _status_sentence(version: str, state, day, _sites) -> str:
    sites = _sites
    counts = sites["status_as_of"].value_counts()
    parts = [f"{int(counts[s])} {words}" for s, words in _COUNT_WORDS if counts.get(s, 0)]
    late = sites.loc[past_review(sites, day), ["country", "reviewed_label"]].drop_duplicates()
    note = "".join(f" · {NAMES[c]} not reviewed after {label}: its presences keep the status they had then"
                   for c, label in late.itertuples(index=False))
    return plain(f"As of {day:%-d %B %Y}: " + (" · ".join(parts) if parts else "no presence reported") + note)

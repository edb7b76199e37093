"""The presence map: country outlines, presence markers and (optionally) event markers, as a pdk.Deck.

Pure: filtered frames in, deck out. Tooltips use deck.gl's ``text`` mode (set as text, never HTML).
"""
from __future__ import annotations

import json
import math
from typing import Sequence

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from presence.countries import BBOXES, NAMES
from presence.map_style import ACTIVE_ALPHA, SITE_RADIUS, STALE_FILL, UNKNOWN_ALPHA
from presence.palette import COUNTRY_SHADES, FORCE_COLOURS, category_group_colour, force_key, hex_to_rgb
from presence.status import ACTIVE, EXITED, HANDED_OVER, STALE, UNKNOWN, WITHDRAWN, status_label

OUTLINES, SITES, EVENTS, HIGHLIGHT = "outlines", "sites", "events", "highlight"  # layer ids (selection needs them)


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation: pydeck indents by two spaces, which is about 40% of the
    bytes sent to the browser for every map."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))



def view_for(countries: Sequence[str]) -> pdk.ViewState:
    """Frame the selected countries. Depends on the countries only, so a date change never moves
    the map (Streamlit redraws the deck when its initial view changes)."""
    boxes = [BBOXES[c] for c in countries if c in BBOXES] or [BBOXES[c] for c in ("MLI", "CAF", "GNQ")]
    min_lon = min(b[0] for b in boxes)
    min_lat = min(b[1] for b in boxes)
    max_lon = max(b[2] for b in boxes)
    max_lat = max(b[3] for b in boxes)
    span = max(max_lon - min_lon, (max_lat - min_lat) * 1.3, 1.0)
    zoom = max(1.0, min(8.0, math.log2(360 / span) - 0.5))  # whole on a phone's 350 px (the narrowest map)
    return pdk.ViewState(latitude=round((min_lat + max_lat) / 2, 3),
                         longitude=round((min_lon + max_lon) / 2, 3), zoom=round(zoom, 2))


def outline_features(boundaries: dict, active_counts: dict[str, int]) -> list[dict]:
    """The selected countries' outlines, shaded by their number of active presences."""
    features = []
    for feature in boundaries.get("features", []):
        code = feature.get("properties", {}).get("iso3")
        if code not in active_counts:
            continue
        count = active_counts[code]
        shade = COUNTRY_SHADES[min(count, len(COUNTRY_SHADES) - 1)]
        plural = "presence" if count == 1 else "presences"
        tooltip = f"{NAMES[code]}\n{count} active {plural} at the end of the range"
        features.append({
            "type": "Feature",
            "geometry": feature["geometry"],
            "properties": {"iso3": code, "fill": hex_to_rgb(shade) + [150], "tooltip": tooltip},
            "tooltip": tooltip,  # the tooltip template reads the picked object's own keys
        })
    return features


def _marker_style(status: str, colour: list[int]) -> tuple[list[int], list[int], int]:
    """Fill, outline and extra radius by status: active filled, withdrawn a hollow ring, unknown
    faded, "no report since" a grey centre in the force's ring (form, not colour alone)."""
    if status == WITHDRAWN:
        return colour + [0], colour + [255], 2
    if status in (UNKNOWN, EXITED):  # the place's fate is not reported
        return colour + [UNKNOWN_ALPHA], colour + [140], 0
    if status == STALE:
        return STALE_FILL, colour + [255], 0
    return colour + [ACTIVE_ALPHA], colour + [255], 0


# Presences of different forces at one town are drawn side by side, this far apart (degrees of longitude,
# about 10 km: distinct at country zoom, still on the town), and the tooltip says so.
SHARED_TOWN_OFFSET = 0.09


def _shared_town_offsets(sites: pd.DataFrame) -> dict[str, float]:
    """site_id -> longitude offset for markers that would sit exactly on top of each other."""
    offsets = {}
    for _, group in sites.groupby([sites["lat"].round(3), sites["lon"].round(3)]):
        if len(group) > 1:
            centre = (len(group) - 1) / 2
            for i, site_id in enumerate(group["site_id"]):
                offsets[site_id] = (i - centre) * SHARED_TOWN_OFFSET
    return offsets


def site_points(sites: pd.DataFrame, outlets: dict[str, str]) -> list[dict]:
    """One marker per presence, styled by force (colour), status as of the range's end (form), and
    type (size). A presence handed over to another force is not drawn: its successor is. Only the
    fields the layer and tooltip need are sent to the browser."""
    points = []
    drawn = sites[sites["status_as_of"].fillna(ACTIVE).replace("", ACTIVE) != HANDED_OVER]
    shares = _shared_town_offsets(drawn)
    for row in drawn.itertuples():
        status = row.status_as_of or ACTIVE
        colour = hex_to_rgb(FORCE_COLOURS[force_key(row.force)])
        fill, line, extra = _marker_style(status, colour)
        sources = ", ".join(dict.fromkeys(outlets.get(s, s) for s in row.source_ids.split(";")))
        points.append({
            "id": row.site_id,
            "position": [round(row.lon + shares.get(row.site_id, 0.0), 4), round(row.lat, 4)],
            "fill": fill,
            "line": line,
            "radius": SITE_RADIUS.get(row.site_type, 6) + extra,
            "tooltip": (f"{row.name}\n{row.force.replace(';', ' / ')} · {row.site_type.replace('_', ' ')}\n"
                        f"First reported {row.first_label} · last reported {row.last_label}\n"
                        f"Status: {_words(row, status)} · {row.confidence}\nSources: {sources}"
                        + ("\n(drawn beside another presence in the same town)" if row.site_id in shares else "")),
        })
    return points


def _words(row, status: str) -> str:
    """The status in words: the view's (review date and exits included) or the bare rule's."""
    return getattr(row, "status_text", None) or status_label(status, row.last_label)


def event_points(events: pd.DataFrame) -> list[dict]:
    rows = events.dropna(subset=["lat", "lon"])
    return [{
        "id": row.event_id,
        "position": [round(row.lon, 4), round(row.lat, 4)],
        "fill": hex_to_rgb(category_group_colour(row.category)) + [230],
        "tooltip": f"{row.title}\n{row.date_label} · {row.place}\nEvent · {row.confidence}",
    } for row in rows.itertuples()]


def highlight_rings(sites: pd.DataFrame, events: pd.DataFrame, highlight: frozenset[str]) -> list[dict]:
    """A dark ring around each highlighted presence or event (the guided story's records)."""
    drawn = sites[sites["status_as_of"].fillna(ACTIVE).replace("", ACTIVE) != HANDED_OVER]
    shares = _shared_town_offsets(drawn)
    rings = [{"position": [round(r.lon + shares.get(r.site_id, 0.0), 4), round(r.lat, 4)],
              "radius": SITE_RADIUS.get(r.site_type, 6) + 7}
             for r in drawn.itertuples() if r.site_id in highlight]
    rings += [{"position": [round(r.lon, 4), round(r.lat, 4)], "radius": 10}
              for r in events.dropna(subset=["lat", "lon"]).itertuples() if r.event_id in highlight]
    return rings


def presence_map(sites: pd.DataFrame, events: pd.DataFrame, boundaries: dict,
                 active_counts: dict[str, int], countries: Sequence[str], outlets: dict[str, str],
                 show_events: bool = False, show_outlines: bool = True, basemap: bool = True,
                 highlight: frozenset[str] = frozenset()) -> pdk.Deck:
    layers = []
    if show_outlines:
        layers.append(pdk.Layer(
            "GeoJsonLayer", id=OUTLINES,
            data={"type": "FeatureCollection", "features": outline_features(boundaries, active_counts)},
            stroked=True, filled=True, get_fill_color="properties.fill", get_line_color=[60, 60, 60, 220],
            line_width_min_pixels=1.2, pickable=True))
    if show_events:
        layers.append(pdk.Layer(
            "ScatterplotLayer", id=EVENTS, data=event_points(events), get_position="position",
            get_fill_color="fill", get_line_color=[40, 40, 40, 255], get_radius=4, radius_units="'pixels'",
            stroked=True, line_width_min_pixels=1, pickable=True))
    if highlight:
        layers.append(pdk.Layer(
            "ScatterplotLayer", id=HIGHLIGHT, data=highlight_rings(sites, events, highlight),
            get_position="position", get_radius="radius", radius_units="'pixels'", filled=False, stroked=True,
            get_line_color=[20, 20, 20, 255], line_width_min_pixels=3, pickable=False))
    layers.append(pdk.Layer(
        "ScatterplotLayer", id=SITES, data=site_points(sites, outlets), get_position="position",
        get_fill_color="fill", get_line_color="line", get_radius="radius", radius_units="'pixels'",
        stroked=True, filled=True, line_width_min_pixels=2.5, pickable=True, auto_highlight=True))
    return CompactDeck(
        layers=layers,
        initial_view_state=view_for(countries),
        map_provider="carto" if basemap else None,
        map_style="light" if basemap else None,
        tooltip={"text": "{tooltip}"},
    )

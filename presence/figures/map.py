"""The presence map: country outlines, presence markers and (optionally) event markers, as a pdk.Deck.

Pure: filtered frames in, deck out. Tooltips use deck.gl's ``text`` mode (set as text, never HTML).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Sequence

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from presence.countries import BBOXES, NAMES
from presence.map_style import ACTIVE_ALPHA, SITE_RADIUS, STALE_FILL, UNKNOWN_ALPHA
from presence.places import drawn_sites  # the one rule for which presences get a marker
from presence.palette import COUNTRY_SHADES, FORCE_COLOURS, category_group_colour, force_key, hex_to_rgb
from presence.status import ACTIVE, EXITED, HANDED_OVER, STALE, UNKNOWN, WITHDRAWN, status_label

OUTLINES, SITES, EVENTS, HIGHLIGHT = "outlines", "sites", "events", "highlight"  # layer ids (selection needs them)
INSET, LABELS, STATUS_DOTS, STATUS_MARKS = "inset", "labels", "status-dots", "status-marks"


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation: pydeck indents by two spaces, which is about 40% of the
    bytes sent to the browser for every map."""

    def to_json(self) -> str:
        # Written once: a built deck is shared by every session and never changed, and Streamlit asks for
        # its JSON on every rerun of the page (a few milliseconds each time for a full map).
        if self._json is None:
            self._json = json.dumps(self, sort_keys=True, default=_serialize, separators=(",", ":"))
        return self._json

    _json: str | None = None  # a class attribute until the first to_json: not part of the JSON


def _serialize(o):
    """pydeck's serializer, less the memo of the JSON itself."""
    found = default_serialize(o)
    if isinstance(found, dict):
        found.pop("Json", None)
        found.pop("_json", None)
    return found



# The space the map has, in CSS pixels: the Map page's map column on a laptop (1400 px window, sidebar
# open) and a phone's width less the page's padding. The view is fitted to it (see frame_for).
LAPTOP, PHONE = "laptop", "phone"
MAP_WIDTH = {LAPTOP: 560, PHONE: 350}
MAP_HEIGHT_RANGE = (320, 520)  # the map's height follows the frame's shape, within these bounds
_PAD = 0.06  # share of the width left around the countries


def pixels_per_degree(zoom: float) -> float:
    """Pixels per degree of longitude at ``zoom`` (deck.gl's world is 512 pixels wide at zoom 0)."""
    return 512 * 2 ** zoom / 360


def _merc_y(lat: float) -> float:
    """Web Mercator y of a latitude, in radians (north is larger)."""
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _merc_lat(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


# Equatorial Guinea is 6 degrees across (Bioko island and the mainland); framed with Mali and the CAR
# it would be a few pixels wide. So when it is shown with Mali and the CAR, it is drawn in an inset: a framed box in
# the top-right corner of the map, over the empty Sahara north of the CAR, at INSET_SCALE times the main
# map's scale, its outline, markers and labels moved there as a whole (tooltips and the places table
# still give real names). An inset rather than a panel per country keeps one map, one selection and one
# legend, and the main frame stays fitted to Mali and the CAR, which then fill the map's width. With the
# CAR alone, or Mali alone, the real frame already shows it at a quarter of the width or more, and an inset
# in the corner would not enlarge it (INSET_MIN_SCALE), so none is drawn.
INSET_COUNTRY = "GNQ"
INSET_SHARE = 0.30  # of the main frame's width
INSET_RIGHT_PX = 52  # the inset's right edge, this far from the map's right edge (zoom buttons)
# What the inset shows: Bioko (Malabo) and the mainland, Río Muni. Annobón, a 17 km² island 500 km
# to the south-west with no reported presence, would make the box twice as wide and everything in it
# half the size, so it is left out of the inset (its outline is not drawn there).
INSET_SOURCE = (8.35, 0.85, 11.44, 3.86)
INSET_MIN_SCALE = 1.5  # below this the inset would not enlarge the country enough to be worth it


@dataclass(frozen=True)
class Inset:
    """Moves points of INSET_COUNTRY into a box of the main frame: Mercator x and y scaled by ``scale``
    about the country's box's top-right corner, which lands on the box's top-right corner."""
    source: tuple[float, float, float, float]  # the country's (min_lon, min_lat, max_lon, max_lat)
    box: tuple[float, float, float, float]  # where it is drawn, same order
    scale: float

    def move(self, lon: float, lat: float) -> tuple[float, float]:
        new_lon = self.box[2] - (self.source[2] - lon) * self.scale
        new_y = _merc_y(self.box[3]) - (_merc_y(self.source[3]) - _merc_y(lat)) * self.scale
        return round(new_lon, 4), round(_merc_lat(new_y), 4)


@dataclass(frozen=True)
class Frame:
    view: pdk.ViewState
    height: int  # pixels the map should take
    inset: Inset | None


def _bounds(codes) -> tuple[float, float, float, float]:
    boxes = [BBOXES[c] for c in codes]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _fit(bounds, width: int) -> tuple[pdk.ViewState, int]:
    """The view showing ``bounds`` across ``width`` pixels, and the height that shows them whole."""
    min_lon, min_lat, max_lon, max_lat = bounds
    lon_span = max(max_lon - min_lon, 0.5)
    y_span = max(_merc_y(max_lat) - _merc_y(min_lat), math.radians(0.5))
    # deck.gl's world is 512 pixels wide at zoom 0.
    zoom = math.log2(width * (1 - 2 * _PAD) * 360 / (512 * lon_span))
    low, high = MAP_HEIGHT_RANGE
    height = y_span / (2 * math.pi) * 512 * 2 ** zoom / (1 - 2 * _PAD)
    if height > high:  # a tall frame: fit the height instead
        zoom -= math.log2(height / high)
        height = high
    centre = _merc_lat((_merc_y(min_lat) + _merc_y(max_lat)) / 2)
    view = pdk.ViewState(latitude=round(centre, 3), longitude=round((min_lon + max_lon) / 2, 3),
                         zoom=round(min(max(zoom, 1.0), 8.0), 2))
    return view, int(max(low, round(height)))


def frame_for(countries: Sequence[str], client: str = LAPTOP) -> Frame:
    """The view, height and inset for the selected countries on a laptop or a phone. Depends on the
    countries and the client only, so a date change never moves the map (Streamlit redraws the deck
    when its initial view changes)."""
    codes = [c for c in countries if c in BBOXES] or ["MLI", "CAF", "GNQ"]
    width = MAP_WIDTH.get(client, MAP_WIDTH[LAPTOP])
    if INSET_COUNTRY not in codes or len(codes) == 1:
        return Frame(*_fit(_bounds(codes), width), None)
    main = [c for c in codes if c != INSET_COUNTRY]
    min_lon, min_lat, max_lon, max_lat = _bounds(main)
    source = INSET_SOURCE
    scale = (max_lon - min_lon) * INSET_SHARE / (source[2] - source[0])
    if scale < INSET_MIN_SCALE:  # Mali alone is too narrow for an inset that enlarges: real frame
        return Frame(*_fit(_bounds(codes), width), None)
    view, height = _fit((min_lon, min_lat, max_lon, max_lat), width)
    ppd = pixels_per_degree(view.zoom)
    right = view.longitude + (width / 2 - INSET_RIGHT_PX) / ppd  # clear of the map's zoom buttons
    box_w = (source[2] - source[0]) * scale
    box_h = (_merc_y(source[3]) - _merc_y(source[1])) * scale
    box = (round(right - box_w, 3), round(_merc_lat(_merc_y(max_lat) - box_h), 3), round(right, 3), max_lat)
    return Frame(view, height, Inset(source, box, round(scale, 3)))


def view_for(countries: Sequence[str], client: str = LAPTOP) -> pdk.ViewState:
    return frame_for(countries, client).view


def drawn_position(country: str, lon: float, lat: float, inset: Inset | None) -> tuple[float, float]:
    """Where a point of ``country`` is drawn: moved into the inset if it is the inset's country."""
    if inset is not None and country == INSET_COUNTRY:
        return inset.move(lon, lat)
    return round(lon, 4), round(lat, 4)


def _move_geometry(geometry: dict, inset: Inset) -> dict:
    def ring(points):
        return [list(inset.move(x, y)) for x, y, *_ in points]

    def inside(poly):  # a polygon with any point in the inset's source box
        return any(inset.source[0] <= x <= inset.source[2] and inset.source[1] <= y <= inset.source[3]
                   for x, y, *_ in poly[0])

    if geometry.get("type") == "Polygon":
        return {"type": "Polygon", "coordinates": [ring(r) for r in geometry["coordinates"]]}
    if geometry.get("type") == "MultiPolygon":
        return {"type": "MultiPolygon", "coordinates": [[ring(r) for r in poly] for poly in geometry["coordinates"]
                                                        if inside(poly)]}
    return geometry


def outline_features(boundaries: dict, active_counts: dict[str, int], inset: Inset | None = None) -> list[dict]:
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
        geometry = feature["geometry"]
        if inset is not None and code == INSET_COUNTRY:
            geometry = _move_geometry(geometry, inset)
            tooltip += f"\n(inset, enlarged {inset.scale:.1f} times)"
        features.append({
            "type": "Feature",
            "geometry": geometry,
            "properties": {"iso3": code, "fill": hex_to_rgb(shade) + [150], "tooltip": tooltip},
            "tooltip": tooltip,  # the tooltip template reads the picked object's own keys
        })
    return features


def _marker_style(status: str, colour: list[int]) -> tuple[list[int], list[int], int]:
    """Fill, outline and extra radius by status. Each status has its own form, not only its own shade:
    active a filled disc; withdrawn an empty ring; "no report since" a ring with a dot in the centre
    (STATUS_MARKS); unknown a ring with a question mark in it (STATUS_MARKS)."""
    if status == WITHDRAWN:
        return colour + [0], colour + [255], 2
    if status in (UNKNOWN, EXITED):  # the place's fate is not reported
        return [255, 255, 255, 230], colour + [255], 3
    if status == STALE:
        return STALE_FILL, colour + [255], 1
    return colour + [ACTIVE_ALPHA], colour + [255], 0


SPREAD_GAP_PX = 3  # pixels between the markers of one town


def _shared_town_offsets(sites: pd.DataFrame, zoom: float) -> dict[str, float]:
    """site_id -> longitude offset (degrees) for markers that would sit on top of each other: the
    markers of one town are put side by side with SPREAD_GAP_PX between them at the map's first zoom
    (further apart when zoomed in), and their tooltips say so."""
    offsets = {}
    scale = pixels_per_degree(zoom)
    for _, group in sites.groupby([sites["lat"].round(3), sites["lon"].round(3)]):
        if len(group) > 1:
            radii = [SITE_RADIUS.get(t, 6) + 3 for t in group["site_type"]]
            total = sum(2 * r for r in radii) + SPREAD_GAP_PX * (len(radii) - 1)
            x = -total / 2
            for site_id, r in zip(group["site_id"], radii):
                offsets[site_id] = (x + r) / scale
                x += 2 * r + SPREAD_GAP_PX
    return offsets


def _site_position(row, shares: dict[str, float], inset: Inset | None) -> list[float]:
    lon, lat = drawn_position(row.country, row.lon, row.lat, inset)
    return [round(lon + shares.get(row.site_id, 0.0), 4), lat]  # the offset is in pixels of the first view


def site_points(sites: pd.DataFrame, outlets: dict[str, str], zoom: float = 4.0,
                inset: Inset | None = None) -> list[dict]:
    """One marker per presence, styled by force (colour), status as of the range's end (form), and
    type (size). Only the fields the layers and tooltip need are sent to the browser."""
    points = []
    drawn = drawn_sites(sites)
    shares = _shared_town_offsets(drawn, zoom)
    for row in drawn.itertuples():
        status = row.status_as_of or ACTIVE
        colour = hex_to_rgb(FORCE_COLOURS[force_key(row.force)])
        fill, line, extra = _marker_style(status, colour)
        sources = ", ".join(dict.fromkeys(outlets.get(s, s) for s in row.source_ids.split(";")))
        points.append({
            "id": row.site_id,
            "position": _site_position(row, shares, inset),
            "fill": fill,
            "line": line,
            "status": status,
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


def status_marks(points: list[dict]) -> tuple[list[dict], list[dict]]:
    """The marks inside rings that give a status its form: a dot for "no report since", a question
    mark for unknown and for a presence whose force announced its exit (its fate not reported).
    (dots, question marks), at the markers' positions."""
    dots = [{"position": p["position"], "line": p["line"]} for p in points if p["status"] == STALE]
    marks = [{"position": p["position"], "text": "?", "colour": p["line"]} for p in points
             if p["status"] in (UNKNOWN, EXITED)]
    return dots, marks


def event_points(events: pd.DataFrame, inset: Inset | None = None) -> list[dict]:
    rows = events.dropna(subset=["lat", "lon"])
    return [{
        "id": row.event_id,
        "position": list(drawn_position(row.country, row.lon, row.lat, inset)),
        "fill": hex_to_rgb(category_group_colour(row.category)) + [230],
        "tooltip": f"{row.title}\n{row.date_label} · {row.place}\nEvent · {row.confidence}",
    } for row in rows.itertuples()]


def highlight_rings(sites: pd.DataFrame, events: pd.DataFrame, highlight: frozenset[str], zoom: float = 4.0,
                    inset: Inset | None = None) -> list[dict]:
    """A dark ring around each highlighted presence or event (the guided story's records)."""
    drawn = drawn_sites(sites)
    shares = _shared_town_offsets(drawn, zoom)
    rings = [{"position": _site_position(r, shares, inset), "radius": SITE_RADIUS.get(r.site_type, 6) + 7}
             for r in drawn.itertuples() if r.site_id in highlight]
    rings += [{"position": list(drawn_position(r.country, r.lon, r.lat, inset)), "radius": 10}
              for r in events.dropna(subset=["lat", "lon"]).itertuples() if r.event_id in highlight]
    return rings


# --- place labels ----------------------------------------------------------------------------------

LABEL_SIZE = 12  # pixels
_CHAR_PX = 0.62 * LABEL_SIZE  # a generous average glyph width for the sans-serif labels


def place_name(name: str) -> str:
    """The town a presence's record names: 'Gao, former Barkhane operations base' -> 'Gao';
    'Ségou' -> 'Ségou'; 'Hombori (Mopti region)' -> 'Hombori';
    'Ménaka and surrounding area' -> 'Ménaka'."""
    short = str(name).split(",")[0].split(" (")[0].split(" and ")[0].strip()
    return short if len(short) <= 22 else short[:21].rstrip() + "…"


def place_labels(points: list[dict], sites: pd.DataFrame, zoom: float, width: int, height: int) -> list[dict]:
    """Labels for the places with an active presence, placed where they fit at the map's first zoom:
    right of the marker, else left of it, else not at all (then the tooltip and the places table under
    the map still name it). Biggest markers first, one label per town."""
    names = sites.set_index("site_id")["name"]
    scale = pixels_per_degree(zoom)
    towns: dict[tuple, dict] = {}
    for p in points:
        if p["status"] != ACTIVE or p["id"] not in names.index:
            continue
        key = (round(p["position"][1], 1), place_name(names[p["id"]]))
        town = towns.setdefault(key, {"text": key[1], "points": []})
        town["points"].append(p)
    boxes = [(p["position"][0] * scale - p["radius"], -_merc_y(p["position"][1]) * 360 / (2 * math.pi) * scale
              - p["radius"], 2 * p["radius"], 2 * p["radius"]) for p in points]  # markers are not covered

    def clear(box):
        x, y, w, h = box
        return all(x + w <= bx or bx + bw <= x or y + h <= by or by + bh <= y for bx, by, bw, bh in boxes)

    labels = []
    for town in sorted(towns.values(), key=lambda t: -max(p["radius"] for p in t["points"])):
        lons = [p["position"][0] for p in town["points"]]
        lat = town["points"][0]["position"][1]
        radius = max(p["radius"] for p in town["points"])
        x_right = max(lons) * scale + radius + 3
        x_left = min(lons) * scale - radius - 3
        y = -_merc_y(lat) * 360 / (2 * math.pi) * scale
        w, h = len(town["text"]) * _CHAR_PX, LABEL_SIZE + 2
        for anchor, x in (("start", x_right), ("end", x_left - w)):
            box = (x, y - h / 2, w, h)
            if clear(box):
                boxes.append(box)
                edge = max(lons) if anchor == "start" else min(lons)
                labels.append({"position": [edge, lat], "text": town["text"], "anchor": anchor,
                               "offset": [radius + 3 if anchor == "start" else -radius - 3, 0]})
                break
    return labels


def inset_frame(inset: Inset) -> list[dict]:
    """The inset's box (a polygon) and its title."""
    min_lon, min_lat, max_lon, max_lat = inset.box
    pad = 0.3
    ring = [[min_lon - pad, min_lat - pad], [max_lon + pad, min_lat - pad], [max_lon + pad, max_lat + pad],
            [min_lon - pad, max_lat + pad], [min_lon - pad, min_lat - pad]]
    return [{"polygon": ring, "title": f"{NAMES[INSET_COUNTRY]}, {inset.scale:.1f}× scale",
             "title_position": [max_lon + pad, max_lat + pad]}]


def map_alt(countries: Sequence[str], sites: pd.DataFrame, inset: Inset | None) -> str:
    """The map's text alternative: what it shows, and where the same places are listed as text."""
    drawn = drawn_sites(sites)
    active = int((drawn["status_as_of"].fillna(ACTIVE).replace("", ACTIVE) == ACTIVE).sum())
    shown = ", ".join(NAMES[c] for c in countries if c in NAMES) or "no country"
    text = (f"Map of Russian presence in {shown}: {len(drawn)} presence markers, {active} of them active, "
            "coloured by force and shaped by status. ")
    if inset is not None:
        text += f"{NAMES[INSET_COUNTRY]} is drawn enlarged in a box at the top right. "
    return text + "Every place on the map is listed under it in the table \"Places on the map\"."


def presence_map(sites: pd.DataFrame, events: pd.DataFrame, boundaries: dict,
                 active_counts: dict[str, int], countries: Sequence[str], outlets: dict[str, str],
                 show_events: bool = False, show_outlines: bool = True, basemap: bool = True,
                 highlight: frozenset[str] = frozenset(), client: str = LAPTOP) -> pdk.Deck:
    frame = frame_for(countries, client)
    zoom, inset = frame.view.zoom, frame.inset
    points = site_points(sites, outlets, zoom, inset)
    layers = []
    if inset is not None:
        layers.append(pdk.Layer(
            "PolygonLayer", id=INSET, data=inset_frame(inset), get_polygon="polygon", filled=True, stroked=True,
            get_fill_color=[255, 255, 255, 235], get_line_color=[90, 90, 90, 255], line_width_min_pixels=1,
            pickable=False))
    if show_outlines:
        layers.append(pdk.Layer(
            "GeoJsonLayer", id=OUTLINES,
            data={"type": "FeatureCollection", "features": outline_features(boundaries, active_counts, inset)},
            stroked=True, filled=True, get_fill_color="properties.fill", get_line_color=[60, 60, 60, 220],
            line_width_min_pixels=1.2, pickable=True))
    if show_events:
        layers.append(pdk.Layer(
            "ScatterplotLayer", id=EVENTS, data=event_points(events, inset), get_position="position",
            get_fill_color="fill", get_line_color=[40, 40, 40, 255], get_radius=4, radius_units="'pixels'",
            stroked=True, line_width_min_pixels=1, pickable=True))
    if highlight:
        layers.append(pdk.Layer(
            "ScatterplotLayer", id=HIGHLIGHT, data=highlight_rings(sites, events, highlight, zoom, inset),
            get_position="position", get_radius="radius", radius_units="'pixels'", filled=False, stroked=True,
            get_line_color=[20, 20, 20, 255], line_width_min_pixels=3, pickable=False))
    layers.append(pdk.Layer(
        "ScatterplotLayer", id=SITES, data=points, get_position="position",
        get_fill_color="fill", get_line_color="line", get_radius="radius", radius_units="'pixels'",
        stroked=True, filled=True, line_width_min_pixels=2.5, pickable=True, auto_highlight=True))
    dots, marks = status_marks(points)
    if dots:
        layers.append(pdk.Layer(
            "ScatterplotLayer", id=STATUS_DOTS, data=dots, get_position="position", get_fill_color="line",
            get_radius=2.5, radius_units="'pixels'", pickable=False))
    if marks:
        layers.append(pdk.Layer(
            "TextLayer", id=STATUS_MARKS, data=marks, get_position="position", get_text="text",
            get_color="colour", get_size=11, font_weight=700, font_family="'sans-serif'", pickable=False))
    labels = place_labels(points, sites, zoom, MAP_WIDTH.get(client, MAP_WIDTH[LAPTOP]), frame.height)
    if inset is not None:
        labels += [{"position": f["title_position"], "text": f["title"], "anchor": "end", "offset": [0, -9]}
                   for f in inset_frame(inset)]
    if labels:
        layers.append(pdk.Layer(
            "TextLayer", id=LABELS, data=labels, get_position="position", get_text="text", get_size=LABEL_SIZE,
            get_color=[14, 17, 22, 255], get_text_anchor="anchor", get_pixel_offset="offset",
            get_alignment_baseline="'center'", font_family="'sans-serif'", font_weight=600,
            outline_width=3, outline_color=[255, 255, 255, 230], font_settings={"sdf": True},
            character_set="'auto'", pickable=False))
    return CompactDeck(
        layers=layers,
        initial_view_state=frame.view,
        map_provider="carto" if basemap else None,
        map_style="light" if basemap else None,
        tooltip={"text": "{tooltip}", "style": TOOLTIP_STYLE},
    )


# deck.gl draws its tooltip at the pointer, so near the map's right or bottom edge it was cut off.
# It is pinned to the map's bottom-left corner instead (deck.gl applies this style after placing it,
# so "transform: none" undoes the move to the pointer): always whole, inside the map, and over the
# Gulf of Guinea / Atlantic corner, where no marker of the default frame is.
TOOLTIP_STYLE = {"transform": "none", "top": "auto", "left": "8px", "bottom": "8px", "maxWidth": "min(340px, 70%)",
                 "whiteSpace": "pre-wrap", "fontSize": "13px", "lineHeight": "1.35", "backgroundColor": "#FFFFFF",
                 "color": "#0E1116", "border": "1px solid #8C8C8C", "borderRadius": "4px", "padding": "6px 8px"}

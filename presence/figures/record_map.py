"""A small locator map for one record's page: its country outline and one dot (pure: values in, deck out)."""
from __future__ import annotations

import pydeck as pdk

from presence.figures.map import CompactDeck
from presence.palette import FORCE_COLOURS, force_key, hex_to_rgb

RECORD_COLOUR = [30, 30, 30]


def record_map(lat: float, lon: float, label: str, country: str, boundaries: dict, force: str = "") -> pdk.Deck:
    """The record's place on a light basemap, zoomed to the town's region; its country outlined."""
    colour = hex_to_rgb(FORCE_COLOURS[force_key(force)]) if force else RECORD_COLOUR
    outline = [f for f in boundaries.get("features", []) if f.get("properties", {}).get("iso3") == country]
    layers = [
        pdk.Layer("GeoJsonLayer", id="outline", data={"type": "FeatureCollection", "features": outline},
                  stroked=True, filled=False, get_line_color=[60, 60, 60, 200], line_width_min_pixels=1.2),
        pdk.Layer("ScatterplotLayer", id="record", data=[{"position": [round(lon, 4), round(lat, 4)],
                                                          "tooltip": label}],
                  get_position="position", get_fill_color=colour + [230], get_line_color=[255, 255, 255, 255],
                  get_radius=9, radius_units="'pixels'", stroked=True, line_width_min_pixels=2, pickable=True),
    ]
    return CompactDeck(layers=layers, initial_view_state=pdk.ViewState(latitude=round(lat, 3),
                                                                       longitude=round(lon, 3), zoom=4),
                       map_provider="carto", map_style="light", tooltip={"text": "{tooltip}"})

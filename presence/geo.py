"""Small geometry helpers for the country outlines in data/boundaries.geojson.

Standard library only.  Coordinates are GeoJSON order: (lon, lat) in WGS84
degrees.  The outlines are simplified (about 0.01 degree, ~1 km), so a town
on a border or coast may test as outside by up to a few km: combine
``point_in_feature`` with ``distance_to_boundary_km`` to allow some slack::

    ok = point_in_feature(lon, lat, f) or distance_to_boundary_km(lon, lat, f) < 5
"""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088


def _polygons(feature: dict) -> list:
    """Polygons (lists of rings) of a Feature or a bare geometry."""
    geometry = feature["geometry"] if feature.get("type") == "Feature" else feature
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry["coordinates"]]
    if kind == "MultiPolygon":
        return geometry["coordinates"]
    raise ValueError(f"expected a Polygon or MultiPolygon, got {kind!r}")


def _in_ring(lon: float, lat: float, ring: list) -> bool:
    """Even-odd ray casting (ray towards +lon)."""
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat):
            x_cross = xi + (lat - yi) * (xj - xi) / (yj - yi)
            if lon < x_cross:
                inside = not inside
        j = i
    return inside


def point_in_feature(lon: float, lat: float, feature: dict) -> bool:
    """True if (lon, lat) lies inside the feature's Polygon/MultiPolygon.

    Holes (rings after the first of a polygon) are honoured.
    """
    for polygon in _polygons(feature):
        if not polygon or not _in_ring(lon, lat, polygon[0]):
            continue
        if not any(_in_ring(lon, lat, hole) for hole in polygon[1:]):
            return True
    return False


def distance_to_boundary_km(lon: float, lat: float, feature: dict) -> float:
    """Approximate distance in km from (lon, lat) to the nearest ring edge.

    Unsigned (the same whether the point is inside or outside).  Uses an
    equirectangular projection centred on the point, which is accurate to
    well under 1% over the tens of km that matter here.
    """
    kx = math.radians(1.0) * EARTH_RADIUS_KM * math.cos(math.radians(lat))
    ky = math.radians(1.0) * EARTH_RADIUS_KM
    best = math.inf
    for polygon in _polygons(feature):
        for ring in polygon:
            prev = None
            for point in ring:
                # Shift longitudes into [-180, 180) around the point.
                x = ((point[0] - lon + 180.0) % 360.0 - 180.0) * kx
                y = (point[1] - lat) * ky
                if prev is not None:
                    best = min(best, _segment_origin_distance(prev, (x, y)))
                prev = (x, y)
    return best


def _segment_origin_distance(a: tuple, b: tuple) -> float:
    """Distance from the origin to segment ab (planar)."""
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0.0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length2))
    return math.hypot(ax + t * dx, ay + t * dy)


# Border and riverside towns sit on or just across the simplified 1:50m outlines: a point this close
# to its country's outline is accepted (the outlines are accurate to about 1 km; a town's reference
# point can lie a few km off a river border such as the Ubangi at Bangui).
BORDER_TOLERANCE_KM = 5.0


def point_in_country(lon: float, lat: float, feature: dict) -> bool:
    """True if (lon, lat) lies inside the country's outline or within BORDER_TOLERANCE_KM of it.

    The one rule for "is this point in its country" (the validator, the map and the tests use it).
    """
    return (point_in_feature(lon, lat, feature)
            or distance_to_boundary_km(lon, lat, feature) <= BORDER_TOLERANCE_KM)

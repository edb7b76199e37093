"""Checks for data/boundaries.geojson (built by scripts/build_boundaries.py).

Standard library and pytest only.  presence/geo.py is loaded by file path so
these tests do not depend on whatever presence/__init__.py imports.
"""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GEOJSON = ROOT / "data" / "boundaries.geojson"

_spec = importlib.util.spec_from_file_location("_presence_geo", ROOT / "presence" / "geo.py")
geo = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(geo)

EXPECTED = {
    "CAF": "Central African Republic",
    "GNQ": "Equatorial Guinea",
    "MLI": "Mali",
}


@pytest.fixture(scope="module")
def raw():
    return GEOJSON.read_bytes()


@pytest.fixture(scope="module")
def collection(raw):
    return json.loads(raw.decode("utf-8"))


@pytest.fixture(scope="module")
def features(collection):
    return {f["properties"]["iso3"]: f for f in collection["features"]}


def polygons(feature):
    geometry = feature["geometry"]
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def rings(feature):
    return [ring for polygon in polygons(feature) for ring in polygon]


def test_file_is_small(raw):
    assert len(raw) < 100 * 1024


def test_canonical_compact_encoding(raw, collection):
    # What the script writes; keeps the file byte-for-byte reproducible.
    expected = json.dumps(collection, separators=(",", ":"), ensure_ascii=False) + "\n"
    assert raw == expected.encode("utf-8")


def test_feature_collection_with_metadata(collection):
    assert collection["type"] == "FeatureCollection"
    meta = collection["metadata"]
    assert "world-atlas 2.0.2" in meta["source"]
    assert "countries-50m" in meta["source"]
    assert "Natural Earth" in meta["data"]
    assert "public domain" in meta["license"]
    assert meta["generated_by"] == "scripts/build_boundaries.py"
    assert 0 < meta["tolerance_deg"] <= 0.02


def test_exactly_three_features_sorted(collection, features):
    assert len(collection["features"]) == 3
    assert [f["properties"]["iso3"] for f in collection["features"]] == sorted(EXPECTED)
    for iso3, name in EXPECTED.items():
        props = features[iso3]["properties"]
        assert props["name"] == name
        assert features[iso3]["type"] == "Feature"


def test_geometry_types_and_closed_rings(features):
    for feature in features.values():
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        for ring in rings(feature):
            assert len(ring) >= 4
            assert ring[0] == ring[-1]
            for point in ring:
                assert len(point) == 2
                assert all(isinstance(c, (int, float)) for c in point)


def test_exterior_rings_counter_clockwise(features):
    for feature in features.values():
        for polygon in polygons(feature):
            ring = polygon[0]
            area2 = sum(ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1]
                        for i in range(len(ring) - 1))
            assert area2 > 0


def test_coordinates_within_bbox(features):
    for feature in features.values():
        min_lon, min_lat, max_lon, max_lat = feature["properties"]["bbox"]
        assert -180 <= min_lon < max_lon <= 180
        assert -90 <= min_lat < max_lat <= 90
        for ring in rings(feature):
            for lon, lat in ring:
                assert min_lon - 1e-9 <= lon <= max_lon + 1e-9
                assert min_lat - 1e-9 <= lat <= max_lat + 1e-9


def test_equatorial_guinea_islands_kept(features):
    gnq = polygons(features["GNQ"])
    assert len(gnq) >= 3  # Rio Muni (mainland), Bioko, Annobon

    def contains_box(polygon, lon0, lat0, lon1, lat1):
        return any(lon0 <= lon <= lon1 and lat0 <= lat <= lat1 for lon, lat in polygon[0])

    assert any(contains_box(p, 8.3, 3.1, 9.0, 3.9) for p in gnq)    # Bioko
    assert any(contains_box(p, 5.5, -1.6, 5.8, -1.3) for p in gnq)  # Annobon


# (name, lat, lon, iso3) -- (lat, lon) order as given in the brief.
TOWNS_INSIDE = [
    ("Bamako", 12.6392, -8.0029, "MLI"),
    ("Bangui", 4.3947, 18.5582, "CAF"),
    ("Malabo", 3.7500, 8.7833, "GNQ"),
]


@pytest.mark.parametrize("name,lat,lon,iso3", TOWNS_INSIDE)
def test_town_inside_country(features, name, lat, lon, iso3):
    assert geo.point_in_feature(lon, lat, features[iso3]), name
    for other, feature in features.items():
        if other != iso3:
            assert not geo.point_in_feature(lon, lat, feature), (name, other)


def test_bata_in_equatorial_guinea_with_coastal_slack(features):
    # Bata's reference point lies ~0.2 km off the 1:50m coastline (it is a
    # seaside town), so it is accepted within 2 km of the outline.
    lon, lat = 9.7650, 1.8639
    gnq = features["GNQ"]
    assert geo.point_in_feature(lon, lat, gnq) or geo.distance_to_boundary_km(lon, lat, gnq) < 2.0
    for other in ("MLI", "CAF"):
        assert not geo.point_in_feature(lon, lat, features[other])


def test_bamako_not_in_car(features):
    assert not geo.point_in_feature(-8.0029, 12.6392, features["CAF"])
    assert geo.distance_to_boundary_km(-8.0029, 12.6392, features["CAF"]) > 2000


def test_distance_to_boundary_km_sanity(features):
    # Bamako is roughly 100-130 km from Mali's border with Guinea.
    d = geo.distance_to_boundary_km(-8.0029, 12.6392, features["MLI"])
    assert 80 < d < 150
    # A point on a vertex is at distance ~0.
    lon, lat = rings(features["MLI"])[0][10]
    assert geo.distance_to_boundary_km(lon, lat, features["MLI"]) < 1e-6


def test_point_in_feature_accepts_bare_geometry_and_holes():
    square = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
    hole = [[4, 4], [4, 6], [6, 6], [6, 4], [4, 4]]
    polygon = {"type": "Polygon", "coordinates": [square, hole]}
    assert geo.point_in_feature(2, 2, polygon)
    assert not geo.point_in_feature(5, 5, polygon)
    assert not geo.point_in_feature(11, 5, {"type": "Feature", "geometry": polygon})
    assert abs(geo.distance_to_boundary_km(5, 5, polygon) - 111.2) < 1.0

#!/usr/bin/env python3
"""Build data/boundaries.geojson: simplified outlines of Mali, the Central
African Republic and Equatorial Guinea.

What it does
    1. Fetches the ``world-atlas`` npm package, version 2.0.2, with the
       ordinary npm client (``npm pack world-atlas@2.0.2``) into a temporary
       directory, reads the tarball into memory and verifies its sha512
       against the npm registry's ``dist.integrity`` value, hard-coded below
       as ``EXPECTED_INTEGRITY``.  (``--tarball PATH`` uses a tarball you
       already have instead; it is verified the same way.)
    2. Extracts ``package/countries-50m.json`` (Natural Earth 1:50m admin-0
       countries as TopoJSON) in memory.
    3. Decodes the TopoJSON itself: quantized transform, delta-encoded arcs,
       arcs referenced by index (``~i`` = arc ``i`` reversed), Polygon and
       MultiPolygon geometries.
    4. Keeps only Mali ("466"), Central African Republic ("140") and
       Equatorial Guinea ("226") by ISO 3166-1 numeric id, and checks each
       id's ``name`` property as well.  Natural Earth's 1:50m file has no
       Annobon island, so Equatorial Guinea's polygons that exist only in
       ``countries-10m.json`` (same tarball) are added; the script checks
       that exactly one (Annobon) is found.
    5. Simplifies every ring with Douglas-Peucker (tolerance
       ``TOLERANCE_DEG`` degrees).  Rings stay closed; a ring whose
       simplified form would have fewer than 4 points (e.g. the small
       islands of Equatorial Guinea) is kept as it was.  Coordinates are then
       rounded to 3 decimals (~110 m).
    6. Writes a GeoJSON FeatureCollection, one Feature per country sorted by
       iso3, with properties ``iso3``, ``name`` and ``bbox`` (computed from
       the un-simplified geometry), and a top-level ``metadata`` member.
       Output is deterministic: running the script twice gives identical
       bytes.

Why
    The dashboard's pydeck map needs country outlines that work offline and
    need no basemap tiles.  A small, committed, reproducible outline layer
    does that; this script documents exactly where it came from.

How to run (from the repository root; Python standard library only, plus
the ``npm`` command unless ``--tarball`` is given)
    python scripts/build_boundaries.py            # writes data/boundaries.geojson
    python scripts/build_boundaries.py --check    # exit 1 if the committed file differs
    python scripts/build_boundaries.py --tarball world-atlas-2.0.2.tgz

Source: Natural Earth (public domain), as published in world-atlas 2.0.2.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import math
import os
import subprocess
import sys
import tarfile
import tempfile

PACKAGE = "world-atlas"
VERSION = "2.0.2"
# From `npm view world-atlas@2.0.2 dist.integrity`.
EXPECTED_INTEGRITY = (
    "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/"
    "MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
)
MEMBER = "package/countries-50m.json"
# Natural Earth's 1:50m countries omit Annobon (Equatorial Guinea, ~1.4 S
# 5.6 E).  It is taken from the 1:10m file of the same verified tarball:
# every 1:10m polygon of these ids whose bbox is disjoint from all of the
# country's 1:50m polygons is added (for "226" that is Annobon alone).
SUPPLEMENT_MEMBER = "package/countries-10m.json"
SUPPLEMENT_IDS = {"226": 1}  # id -> number of polygons expected to be added
TOLERANCE_DEG = 0.01
DECIMALS = 3

# ISO 3166-1 numeric id -> (iso3, English name, name used in world-atlas)
COUNTRIES = {
    "466": ("MLI", "Mali", "Mali"),
    "140": ("CAF", "Central African Republic", "Central African Rep."),
    "226": ("GNQ", "Equatorial Guinea", "Eq. Guinea"),
}

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(REPO_ROOT, "data", "boundaries.geojson")
SCRIPT_NAME = "scripts/build_boundaries.py"


# --------------------------------------------------------------------------
# Fetching and verifying the source
# --------------------------------------------------------------------------

def sri_sha512(data: bytes) -> str:
    """Subresource-integrity string (as npm reports it) for ``data``."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def fetch_tarball() -> bytes:
    """Fetch the package tarball with ``npm pack`` and return its bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", f"{PACKAGE}@{VERSION}", "--pack-destination", tmp,
             "--loglevel=error"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        path = os.path.join(tmp, f"{PACKAGE}-{VERSION}.tgz")
        with open(path, "rb") as fh:
            return fh.read()


def load_topologies(tarball: bytes) -> tuple[dict, dict]:
    """Verify the tarball's integrity; return the 1:50m and 1:10m TopoJSON."""
    got = sri_sha512(tarball)
    if got != EXPECTED_INTEGRITY:
        raise SystemExit(
            f"integrity mismatch for {PACKAGE}@{VERSION}:\n"
            f"  expected {EXPECTED_INTEGRITY}\n  got      {got}"
        )
    topologies = []
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as tar:
        for name in (MEMBER, SUPPLEMENT_MEMBER):
            member = tar.extractfile(name)
            if member is None:
                raise SystemExit(f"{name} not found in the tarball")
            topologies.append(json.loads(member.read().decode("utf-8")))
    return topologies[0], topologies[1]


# --------------------------------------------------------------------------
# TopoJSON decoding
# --------------------------------------------------------------------------

def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat coordinates of every arc."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(p[0], p[1]) for p in arc]
        arcs.append(points)
    return arcs


def ring_from_arcs(indices: list[int], arcs: list) -> list[tuple[float, float]]:
    """Stitch arcs into one ring; ``~i`` (negative) means arc ``i`` reversed."""
    ring: list[tuple[float, float]] = []
    for index in indices:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        if ring:
            # Consecutive arcs share their junction point.
            ring.extend(points[1:])
        else:
            ring.extend(points)
    if ring and ring[0] != ring[-1]:
        raise ValueError("ring does not close")
    return ring


def decode_geometry(geometry: dict, arcs: list) -> list[list[list[tuple[float, float]]]]:
    """Return a list of polygons, each a list of rings (exterior first)."""
    if geometry["type"] == "Polygon":
        return [[ring_from_arcs(r, arcs) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[ring_from_arcs(r, arcs) for r in poly] for poly in geometry["arcs"]]
    raise ValueError(f"unsupported geometry type {geometry['type']}")


# --------------------------------------------------------------------------
# Simplification
# --------------------------------------------------------------------------

def _segment_distance(p, a, b) -> float:
    """Planar distance (degrees) from point p to segment ab."""
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    px, py = p[0] - ax, p[1] - ay
    length2 = dx * dx + dy * dy
    if length2 == 0.0:
        return math.hypot(px, py)
    t = max(0.0, min(1.0, (px * dx + py * dy) / length2))
    return math.hypot(px - t * dx, py - t * dy)


def douglas_peucker(points: list, tolerance: float) -> list:
    """Douglas-Peucker on an open polyline; both end points are kept."""
    n = len(points)
    if n < 3:
        return list(points)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        first, last = stack.pop()
        best, best_index = -1.0, -1
        a, b = points[first], points[last]
        for i in range(first + 1, last):
            d = _segment_distance(points[i], a, b)
            if d > best:
                best, best_index = d, i
        if best > tolerance:
            keep[best_index] = True
            stack.append((first, best_index))
            stack.append((best_index, last))
    return [p for p, k in zip(points, keep) if k]


def simplify_ring(ring: list, tolerance: float) -> list:
    """Simplify a closed ring, keeping it closed.

    The ring is split at its first point and the vertex farthest from it,
    each half is simplified, and the halves are joined again.  If the result
    would have fewer than 4 points (3 distinct + closure), the original ring
    is returned so small islands never collapse.
    """
    first = ring[0]
    far = max(range(1, len(ring) - 1), key=lambda i: math.hypot(
        ring[i][0] - first[0], ring[i][1] - first[1]), default=None)
    if far is None:
        return list(ring)
    left = douglas_peucker(ring[: far + 1], tolerance)
    right = douglas_peucker(ring[far:], tolerance)
    simplified = left + right[1:]
    if len(simplified) < 4:
        return list(ring)
    return simplified


def round_ring(ring: list, decimals: int) -> list[list[float]]:
    """Round coordinates and drop consecutive duplicates created by rounding."""
    out: list[list[float]] = []
    for x, y in ring:
        point = [round(x, decimals), round(y, decimals)]
        if not out or point != out[-1]:
            out.append(point)
    if out[0] != out[-1]:
        out.append(list(out[0]))
    return out


def finish_ring(ring: list, tolerance: float, decimals: int) -> list[list[float]]:
    rounded = round_ring(simplify_ring(ring, tolerance), decimals)
    if len(rounded) < 4:
        rounded = round_ring(ring, decimals)
    return rounded


# --------------------------------------------------------------------------
# Building the FeatureCollection
# --------------------------------------------------------------------------

def _ring_bbox(ring: list) -> tuple[float, float, float, float]:
    xs = [x for x, _ in ring]
    ys = [y for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


def _disjoint(a: tuple, b: tuple) -> bool:
    return a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1]


def bbox_of(polygons: list, decimals: int) -> list[float]:
    xs = [x for poly in polygons for ring in poly for x, _ in ring]
    ys = [y for poly in polygons for ring in poly for _, y in ring]
    # round() is monotonic, so rounded vertices always lie inside this bbox.
    return [round(min(xs), decimals), round(min(ys), decimals),
            round(max(xs), decimals), round(max(ys), decimals)]


def _signed_area(ring: list) -> float:
    return sum(ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1]
               for i in range(len(ring) - 1)) / 2.0


def rfc7946_orient(polygon: list) -> list:
    """Exterior ring counter-clockwise, holes clockwise (RFC 7946 3.1.6)."""
    out = []
    for k, ring in enumerate(polygon):
        ccw = _signed_area(ring) > 0
        out.append(ring if ccw == (k == 0) else ring[::-1])
    return out


def country_geometries(topology: dict) -> dict[str, list]:
    """Decoded polygons of the wanted countries, checked by id and name."""
    arcs = decode_arcs(topology)
    found: dict[str, list] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        gid = geometry.get("id")
        if gid not in COUNTRIES:
            continue
        source_name = COUNTRIES[gid][2]
        got_name = (geometry.get("properties") or {}).get("name")
        if got_name != source_name:
            raise SystemExit(f"id {gid}: expected name {source_name!r}, got {got_name!r}")
        if gid in found:
            raise SystemExit(f"id {gid} appears more than once")
        found[gid] = decode_geometry(geometry, arcs)
    missing = sorted(set(COUNTRIES) - set(found))
    if missing:
        raise SystemExit(f"countries not found in source: {missing}")
    return found


def add_supplement(main: dict[str, list], supplement: dict[str, list]) -> None:
    """Add 1:10m polygons missing at 1:50m (see SUPPLEMENT_IDS)."""
    for gid, expected in SUPPLEMENT_IDS.items():
        boxes = [_ring_bbox(poly[0]) for poly in main[gid]]
        extra = [poly for poly in supplement[gid]
                 if all(_disjoint(_ring_bbox(poly[0]), box) for box in boxes)]
        if len(extra) != expected:
            raise SystemExit(f"id {gid}: expected {expected} supplementary polygon(s), "
                             f"found {len(extra)}")
        main[gid].extend(extra)


def build(topology: dict, supplement: dict, tolerance: float = TOLERANCE_DEG) -> bytes:
    countries = country_geometries(topology)
    add_supplement(countries, country_geometries(supplement))
    features = []
    for gid, polygons in countries.items():
        iso3, name, _ = COUNTRIES[gid]
        simplified = [rfc7946_orient([finish_ring(r, tolerance, DECIMALS) for r in poly])
                      for poly in polygons]
        if len(simplified) == 1:
            geom = {"type": "Polygon", "coordinates": simplified[0]}
        else:
            geom = {"type": "MultiPolygon", "coordinates": simplified}
        features.append({
            "type": "Feature",
            "properties": {"iso3": iso3, "name": name, "bbox": bbox_of(polygons, DECIMALS)},
            "geometry": geom,
        })
    features.sort(key=lambda f: f["properties"]["iso3"])
    collection = {
        "type": "FeatureCollection",
        "metadata": {
            "source": f"{PACKAGE} {VERSION} countries-50m.json (npm package)",
            "source_integrity": EXPECTED_INTEGRITY,
            "data": "Natural Earth 1:50m admin 0 countries",
            "license": "public domain (Natural Earth)",
            "supplement": "Annobon (Equatorial Guinea) is absent at 1:50m; its ring is "
                          f"taken from countries-10m.json of {PACKAGE} {VERSION}",
            "simplification": f"Douglas-Peucker, tolerance {tolerance} degrees; "
                              "rings of fewer than 4 points kept unsimplified",
            "tolerance_deg": tolerance,
            "coordinate_decimals": DECIMALS,
            "winding": "RFC 7946 (exterior rings counter-clockwise)",
            "bbox_note": "feature bbox [min_lon, min_lat, max_lon, max_lat] computed "
                         "from the un-simplified geometry",
            "generated_by": SCRIPT_NAME,
        },
        "features": features,
    }
    return (json.dumps(collection, separators=(",", ":"), ensure_ascii=False) + "\n").encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="regenerate in memory; exit 1 if the committed file differs")
    parser.add_argument("--tarball", metavar="PATH",
                        help=f"use a local {PACKAGE}-{VERSION}.tgz instead of npm pack")
    parser.add_argument("--output", default=OUTPUT, help="output path (default: %(default)s)")
    args = parser.parse_args(argv)

    if args.tarball:
        with open(args.tarball, "rb") as fh:
            tarball = fh.read()
    else:
        tarball = fetch_tarball()
    data = build(*load_topologies(tarball))

    if args.check:
        try:
            with open(args.output, "rb") as fh:
                current = fh.read()
        except FileNotFoundError:
            print(f"{args.output} does not exist", file=sys.stderr)
            return 1
        if current != data:
            print(f"{args.output} is out of date; run {SCRIPT_NAME}", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date ({len(data)} bytes)")
        return 0

    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "wb") as fh:
        fh.write(data)
    print(f"wrote {args.output} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

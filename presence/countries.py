"""The countries the dashboard covers and the codes its data uses (ISO 3166-1 alpha-3)."""
from __future__ import annotations

import unicodedata

# The three countries users filter by, in the order the sidebar lists them.
FOCUS = ("MLI", "CAF", "GNQ")

NAMES = {
    "MLI": "Mali",
    "CAF": "Central African Republic",
    "GNQ": "Equatorial Guinea",
    "RUS": "Russia",
    "AFR": "Africa-wide",
}
SHORT_NAMES = {**NAMES, "CAF": "CAR"}

# Codes allowed in the data: the focus countries, RUS for events in Russia, AFR for Africa-wide.
ALL_CODES = tuple(NAMES)
CONTEXT_CODES = ("RUS", "AFR")

# Bounding boxes (min_lon, min_lat, max_lon, max_lat) of Natural Earth 1:50m outlines
# (data/boundaries.geojson), widened by about 0.1 degree so that border towns pass.
BBOXES = {
    "MLI": (-12.39, 10.04, 4.34, 25.10),
    "CAF": (14.33, 2.17, 27.50, 11.10),
    "GNQ": (5.51, -1.58, 11.44, 3.86),
    "RUS": (19.5, 41.1, 180.0, 82.0),
}

# Names a user may type in a URL, besides the codes (compared without case or accents).
_ALIASES = {
    "mali": "MLI",
    "central african republic": "CAF",
    "car": "CAF",
    "centrafrique": "CAF",
    "republique centrafricaine": "CAF",
    "equatorial guinea": "GNQ",
    "guinea ecuatorial": "GNQ",
    "guinee equatoriale": "GNQ",
}


def fold(text: str) -> str:
    """Lower case without accents, for matching names and searching text."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def resolve_focus_country(text: str) -> str | None:
    """'gnq', 'GNQ' or 'Equatorial Guinea' -> 'GNQ'; None if it is not a focus country."""
    key = " ".join(fold(text).replace("-", " ").replace("_", " ").split())
    code = key.upper()
    if code in FOCUS:
        return code
    return _ALIASES.get(key)


def in_bbox(code: str, lat: float, lon: float) -> bool:
    box = BBOXES.get(code)
    if box is None:
        return True
    min_lon, min_lat, max_lon, max_lat = box
    return min_lon <= lon <= max_lon and min_lat <= lat <= max_lat


def names_phrase(codes) -> str:
    """('MLI', 'CAF') -> 'Mali and CAR'; all three -> 'Mali, CAR and Equatorial Guinea'."""
    names = [SHORT_NAMES[c] for c in codes]
    if not names:
        return "no country"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]

"""How presence markers look: size by site type, form by status (shared by the map and its legend)."""

# Marker radius in pixels by site type: the bigger the footprint, the bigger the dot.
SITE_RADIUS = {"capital": 11, "base": 9, "airport": 9, "port": 8, "mine": 7, "town": 6}
# 'active' markers are filled, 'withdrawn' hollow rings, 'unknown' faded (alpha out of 255).
ACTIVE_ALPHA = 235
UNKNOWN_ALPHA = 90

"""How presence markers look: size by site type, form by status (shared by the map and its legend)."""

# Marker radius in pixels by site type: the bigger the footprint, the bigger the dot.
SITE_RADIUS = {"capital": 11, "base": 9, "airport": 9, "training_centre": 8, "port": 8, "mine": 7,
               "detention_site": 7, "town": 6, "area": 6}
# 'active' markers are filled, 'withdrawn' hollow rings, 'unknown' faded (alpha out of 255), and
# "no report since" a light grey centre inside the force's ring.
ACTIVE_ALPHA = 235
UNKNOWN_ALPHA = 90
STALE_FILL = [200, 200, 200, 230]

"""One colour-blind-safe palette (Okabe-Ito) shared by the map, the timeline, legends and cards."""
from __future__ import annotations

FORCE_COLOURS = {
    "Wagner": "#D55E00",  # vermillion
    "Africa Corps": "#0072B2",  # blue
    "Russian MoD": "#009E73",  # bluish green
    "mixed": "#7F7F7F",  # grey: several forces, or unclear
}

# Event categories fall in three groups, each with one of the Okabe-Ito hues the forces do not use;
# the timeline adds a marker shape per category, so no category rests on colour alone.
CATEGORY_GROUPS = {
    "combat": "violence",
    "abuse_allegation": "violence",
    "cross_border": "violence",
    "deployment": "deployment",
    "equipment": "deployment",
    "withdrawal": "deployment",
    "diplomacy": "politics",
    "statement": "politics",
    "leadership": "politics",
    "sanctions": "politics",
    "economic": "politics",
}
GROUP_COLOURS = {
    "violence": "#E69F00",  # orange: combat, abuse allegations
    "deployment": "#CC79A7",  # reddish purple: deployments, withdrawals
    "politics": "#56B4E9",  # sky blue: diplomacy, statements, leadership, sanctions, economy
}
GROUP_LABELS = {"violence": "Combat, abuses, border incidents", "deployment": "Deployments, equipment, withdrawals",
                "politics": "Diplomacy, politics and economy"}

# Shape as well as colour, so categories never rest on colour alone (plotly marker symbols).
CATEGORY_SYMBOLS = {
    "combat": "x",
    "abuse_allegation": "triangle-up",
    "cross_border": "bowtie",
    "deployment": "square",
    "equipment": "pentagon",
    "withdrawal": "square-open",
    "diplomacy": "circle",
    "statement": "diamond",
    "leadership": "star",
    "sanctions": "hexagon",
    "economic": "cross",
}
CATEGORY_LABELS = {
    "combat": "Combat",
    "abuse_allegation": "Abuse allegation",
    "cross_border": "Border incident",
    "deployment": "Deployment",
    "equipment": "Equipment",
    "withdrawal": "Withdrawal",
    "diplomacy": "Diplomacy",
    "statement": "Announcement",
    "leadership": "Leadership",
    "sanctions": "Sanctions",
    "economic": "Economic",
}

STATEMENT_COLOUR = "#000000"
STATEMENT_SYMBOL = "star-diamond"
DENSITY_COLOUR = "#7F7F7F"  # the strip of events per month: neutral, it counts every kind
# Countries shaded with one light sequential hue (blues) by the number of active sites.
COUNTRY_SHADES = ["#F2F2F2", "#DEEBF7", "#C6DBEF", "#9ECAE1", "#6BAED6", "#4292C6"]
PHASE_SHADES = ["#F7F7F7", "#EDEDED"]


def force_key(force: str) -> str:
    """'Wagner' -> 'Wagner'; 'Wagner;Africa Corps' -> 'mixed'."""
    parts = [p.strip() for p in str(force).split(";") if p.strip()]
    return parts[0] if len(parts) == 1 and parts[0] in FORCE_COLOURS else "mixed"


def hex_to_rgb(colour: str) -> list[int]:
    colour = colour.lstrip("#")
    return [int(colour[i : i + 2], 16) for i in (0, 2, 4)]


def category_group_colour(category: str) -> str:
    return GROUP_COLOURS[CATEGORY_GROUPS.get(category, "politics")]

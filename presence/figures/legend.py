"""The map and timeline legends as small SVGs drawn from the shared palette (no data goes into them)."""
from __future__ import annotations

import math
from functools import lru_cache

from presence.map_style import SITE_RADIUS, STALE_FILL, UNKNOWN_ALPHA
from presence.status import STALE_AFTER_MONTHS
from presence.palette import (CATEGORY_GROUPS, CATEGORY_LABELS, CATEGORY_SYMBOLS, DENSITY_COLOUR, FORCE_COLOURS,
                              GROUP_COLOURS, GROUP_LABELS, PHASE_SHADES, STATEMENT_COLOUR, STATEMENT_SYMBOL)

_FORCES = [("Wagner", "Wagner"), ("Africa Corps", "Africa Corps"), ("Russian MoD", "Russian MoD instructors"),
           ("mixed", "Several forces or unclear")]


def _circle(x, y, r, colour, fill_opacity=1.0, stroke=2.5, stroke_opacity=1.0) -> str:
    return (f'<circle cx="{x}" cy="{y}" r="{r}" fill="{colour}" fill-opacity="{fill_opacity}" '
            f'stroke="{colour}" stroke-width="{stroke}" stroke-opacity="{stroke_opacity}"/>')


LEGEND_BLOCK_WIDTH = 290  # pixels: three timeline blocks side by side on a laptop, unscaled on a phone


def _svg(parts: list[str], height: float, width: int = LEGEND_BLOCK_WIDTH) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="-2 0 {width} {height}" font-family="sans-serif" fill="#0E1116">{"".join(parts)}</svg>')


def _text(x, y, text, weight="normal") -> str:
    return f'<text x="{x}" y="{y}" font-size="13" font-weight="{weight}" dominant-baseline="middle">{text}</text>'


MAP_FORCE_TITLE, MAP_STATUS_TITLE, MAP_SIZE_TITLE = ("Colour = force", "Form = status at the end of the range",
                                                    "Size = type")
MAP_EVENTS_TITLE = "Events (small dots, dark edge)"
SITE_TYPES = ("capital", "base", "airport", "training_centre", "port", "mine", "detention_site", "town")


def map_status_labels() -> list[tuple[str, str]]:
    """(form, label) for each status the map draws, in the legend's order."""
    return [("filled disc", "active"), ("empty ring", "withdrawn"),
            ("ring with a question mark", "unknown, or fate not reported"),
            ("grey disc with a dot", f"no report for over {STALE_AFTER_MONTHS} months")]


def map_legend_alt(show_events: bool = False) -> str:
    """The map legend's words, for its ``alt`` text (screen readers get what the picture says)."""
    forces = ", ".join(f"{label} {colour_name}" for (key, label), colour_name in
                       zip(_FORCES, ("vermillion", "blue", "green", "grey")))
    statuses = "; ".join(f"{label}: {form}" for form, label in map_status_labels())
    sizes = ", ".join(t.replace("_", " ") for t in SITE_TYPES)
    text = (f"Map legend. {MAP_FORCE_TITLE}: {forces}. {MAP_STATUS_TITLE}: {statuses}. "
            f"{MAP_SIZE_TITLE}, largest to smallest: {sizes}.")
    if show_events:
        text += f" {MAP_EVENTS_TITLE}, coloured by kind: " + "; ".join(GROUP_LABELS.values()) + "."
    return text


@lru_cache(maxsize=4)
def map_legend_svg(show_events: bool = False) -> str:
    width, parts = 380, []  # drawn at its own size on a phone: no scaling down, no tiny text
    parts.append(_text(0, 12, MAP_FORCE_TITLE, "bold"))
    for i, (key, label) in enumerate(_FORCES):
        x, y = (i % 2) * 180, 34 + (i // 2) * 22
        parts.append(_circle(x + 8, y, 7, FORCE_COLOURS[key]))
        parts.append(_text(x + 22, y + 1, label))
    grey = FORCE_COLOURS["mixed"]
    parts.append(_text(0, 86, MAP_STATUS_TITLE, "bold"))
    stale = "#{:02X}{:02X}{:02X}".format(*STALE_FILL[:3])
    # The same forms as the map (figures/map.py _marker_style and status_marks).
    forms = [_circle(8, 108, 7, grey),
             _circle(8, 108, 8, grey, fill_opacity=0),
             f'<circle cx="8" cy="108" r="8" fill="#FFFFFF" stroke="{grey}" stroke-width="2.5"/>'
             f'<text x="8" y="109" font-size="11" font-weight="bold" fill="{grey}" text-anchor="middle" '
             f'dominant-baseline="middle">?</text>',
             f'<circle cx="8" cy="108" r="7" fill="{stale}" stroke="{grey}" stroke-width="2.5"/>'
             f'<circle cx="8" cy="108" r="2.5" fill="{grey}"/>']
    # One status per line: the longer labels ("unknown, or fate not reported") overran a second column.
    for i, (form, (_, label)) in enumerate(zip(forms, map_status_labels())):
        y = i * 22
        parts.append(f'<g transform="translate(0,{y})">{form}</g>')
        parts.append(_text(22, 109 + y, label))
    size_top = 108 + 22 * len(forms) + 8
    parts.append(_text(0, size_top, MAP_SIZE_TITLE, "bold"))
    x, y = 0, size_top + 24
    for site_type in SITE_TYPES:
        r = SITE_RADIUS[site_type]
        label = site_type.replace("_", " ")
        width_needed = 2 * r + 12 + 7 * len(label)
        if x + width_needed > width:
            x, y = 0, y + 24
        parts.append(_circle(x + r, y, r, grey, stroke=1))
        parts.append(_text(x + 2 * r + 6, y + 1, label))
        x += width_needed
    height = y + 20
    if show_events:
        parts.append(_text(0, height + 12, MAP_EVENTS_TITLE, "bold"))
        for i, (group, label) in enumerate(GROUP_LABELS.items()):
            ey = height + 34 + i * 20
            parts.append(f'<circle cx="6" cy="{ey}" r="5" fill="{GROUP_COLOURS[group]}" stroke="#282828"/>')
            parts.append(_text(18, ey + 1, label))
        height += 34 + 20 * len(GROUP_LABELS)
    return _svg(parts, height, width)


# --- the timeline's key ---------------------------------------------------------------------------

def _polygon(points, colour, stroke="#333333", fill_opacity=1.0) -> str:
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return (f'<polygon points="{path}" fill="{colour}" fill-opacity="{fill_opacity}" stroke="{stroke}" '
            f'stroke-width="1"/>')


def _star(cx, cy, r, tips=5, inner=0.45):
    return [(cx + (r if i % 2 == 0 else r * inner) * math.sin(math.pi * i / tips),
             cy - (r if i % 2 == 0 else r * inner) * math.cos(math.pi * i / tips)) for i in range(2 * tips)]


def symbol_svg(symbol: str, cx: float, cy: float, colour: str, r: float = 6.5, stroke: str = "#333333") -> str:
    """One plotly marker symbol (the ones the timeline uses), drawn at (cx, cy)."""
    if symbol == "circle":
        return f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{colour}" stroke="{stroke}" stroke-width="1"/>'
    if symbol in ("square", "square-open"):
        fill = "none" if symbol.endswith("open") else colour
        edge = colour if symbol.endswith("open") else stroke
        width = 2 if symbol.endswith("open") else 1
        return (f'<rect x="{cx - r}" y="{cy - r}" width="{2 * r}" height="{2 * r}" fill="{fill}" '
                f'stroke="{edge}" stroke-width="{width}"/>')
    if symbol == "triangle-up":
        return _polygon([(cx, cy - r * 1.2), (cx + r * 1.15, cy + r * 0.8), (cx - r * 1.15, cy + r * 0.8)], colour, stroke)
    if symbol == "diamond":
        return _polygon([(cx, cy - r * 1.3), (cx + r * 1.3, cy), (cx, cy + r * 1.3), (cx - r * 1.3, cy)], colour, stroke)
    if symbol == "pentagon":
        return _polygon([(cx + r * 1.1 * math.sin(2 * math.pi * i / 5), cy - r * 1.1 * math.cos(2 * math.pi * i / 5))
                         for i in range(5)], colour, stroke)
    if symbol == "bowtie":
        return _polygon([(cx - r, cy - r), (cx + r, cy + r), (cx + r, cy - r), (cx - r, cy + r)], colour, stroke)
    if symbol == "hexagon":
        return _polygon([(cx + r * math.sin(math.pi * i / 3), cy - r * math.cos(math.pi * i / 3)) for i in range(6)],
                        colour, stroke)
    if symbol == "star":
        return _polygon(_star(cx, cy, r * 1.35), colour, stroke)
    if symbol == "star-diamond":
        return _polygon(_star(cx, cy, r * 1.3, tips=4, inner=0.4), colour, stroke)
    if symbol in ("cross", "x"):
        a, b = r * 0.4, r * 1.2  # arm half-width and length
        plus = [(-a, -b), (a, -b), (a, -a), (b, -a), (b, a), (a, a), (a, b), (-a, b), (-a, a), (-b, a), (-b, -a), (-a, -a)]
        turn = math.pi / 4 if symbol == "x" else 0
        return _polygon([(cx + x * math.cos(turn) - y * math.sin(turn), cy + x * math.sin(turn) + y * math.cos(turn))
                         for x, y in plus], colour, stroke)
    raise ValueError(f"no legend drawing for plotly symbol {symbol!r}")


OTHER_MARKS_TITLE = "Other marks"
OTHER_MARKS = ("Quoted statement (Statements lane)", "Month or year, when the day is not known",
               "Phase (named above the chart)", "Events per month (bottom strip)",
               "Not yet reviewed (after the review date)")
WEEKLY_MARK = "Records in a week: choose a shorter range"


def timeline_legend_alts(weekly_counts: bool = False) -> list[str]:
    """The words of each block of timeline_legend_svgs, for the blocks' ``alt`` text."""
    alts = []
    for group, label in GROUP_LABELS.items():
        items = [f"{CATEGORY_LABELS[c]} ({CATEGORY_SYMBOLS[c].replace('-', ' ')})"
                 for c, g in CATEGORY_GROUPS.items() if g == group]
        alts.append(f"Timeline key, {label}: " + ", ".join(items) + ".")
    others = list(OTHER_MARKS) + ([WEEKLY_MARK] if weekly_counts else [])
    alts.append(f"Timeline key, {OTHER_MARKS_TITLE.lower()}: " + "; ".join(others) + ".")
    return alts


def timeline_legend_svgs(weekly_counts: bool = False) -> list[str]:
    """The timeline's key as small blocks that sit side by side on a wide screen and stack on a phone:
    marker shape and colour for each event category (one block per colour group), then the other marks
    (statements, imprecise dates, phases, the monthly strip). The same for every filter."""
    return list(_timeline_legend_svgs(weekly_counts))


@lru_cache(maxsize=4)
def _timeline_legend_svgs(weekly_counts: bool) -> tuple[str, ...]:
    blocks = []
    for group, label in GROUP_LABELS.items():
        parts, y = [_text(0, 10, label, "bold")], 34
        categories = [c for c, g in CATEGORY_GROUPS.items() if g == group]
        for i, category in enumerate(categories):
            x = (i % 2) * 140
            parts.append(symbol_svg(CATEGORY_SYMBOLS[category], x + 8, y, GROUP_COLOURS[group]))
            parts.append(_text(x + 22, y + 1, CATEGORY_LABELS[category]))
            if i % 2 == 1 and i + 1 < len(categories):
                y += 24
        blocks.append(_svg(parts, y + 14))
    parts, y = [_text(0, 10, OTHER_MARKS_TITLE, "bold")], 34
    parts.append(symbol_svg(STATEMENT_SYMBOL, 8, y, STATEMENT_COLOUR, stroke="#FFFFFF"))
    parts.append(_text(22, y + 1, OTHER_MARKS[0]))
    y += 24
    parts.append(f'<rect x="0" y="{y - 3}" width="18" height="6" fill="rgba(80,80,80,0.45)"/>')
    parts.append(_text(22, y + 1, OTHER_MARKS[1]))
    y += 24
    parts.append(f'<rect x="0" y="{y - 8}" width="18" height="16" fill="{PHASE_SHADES[1]}" stroke="#CCCCCC"/>')
    parts.append(_text(22, y + 1, OTHER_MARKS[2]))
    y += 24
    parts.append(f'<rect x="5" y="{y - 8}" width="8" height="16" fill="{DENSITY_COLOUR}"/>')
    parts.append(_text(22, y + 1, OTHER_MARKS[3]))
    y += 24
    parts.append(f'<rect x="0" y="{y - 8}" width="18" height="16" fill="#5A5A5A" fill-opacity="0.16"/>')
    parts.append(_text(22, y + 1, OTHER_MARKS[4]))
    if weekly_counts:
        y += 24
        parts.append(f'<circle cx="8" cy="{y}" r="6" fill="#7F7F7F" stroke="#333333"/>')
        parts.append(_text(22, y + 1, WEEKLY_MARK))
    blocks.append(_svg(parts, y + 14))
    return tuple(blocks)

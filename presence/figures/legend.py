"""The map legend as a small SVG drawn from the shared palette (no data goes into it)."""
from __future__ import annotations

from presence.map_style import SITE_RADIUS, UNKNOWN_ALPHA
from presence.palette import FORCE_COLOURS, GROUP_COLOURS, GROUP_LABELS

_FORCES = [("Wagner", "Wagner"), ("Africa Corps", "Africa Corps"), ("Russian MoD", "Russian MoD instructors"),
           ("mixed", "Several forces or unclear")]


def _circle(x, y, r, colour, fill_opacity=1.0, stroke=2.5, stroke_opacity=1.0) -> str:
    return (f'<circle cx="{x}" cy="{y}" r="{r}" fill="{colour}" fill-opacity="{fill_opacity}" '
            f'stroke="{colour}" stroke-width="{stroke}" stroke-opacity="{stroke_opacity}"/>')


def _text(x, y, text, weight="normal") -> str:
    return f'<text x="{x}" y="{y}" font-size="13" font-weight="{weight}" dominant-baseline="middle">{text}</text>'


def map_legend_svg(show_events: bool = False) -> str:
    width, parts = 760, []
    parts.append(_text(0, 12, "Colour = force", "bold"))
    x = 0
    for key, label in _FORCES:
        parts.append(_circle(x + 8, 34, 7, FORCE_COLOURS[key]))
        parts.append(_text(x + 22, 35, label))
        x += 30 + 8 * len(label)
    grey = FORCE_COLOURS["mixed"]
    parts.append(_text(0, 64, "Form = status at the end of the range", "bold"))
    parts.append(_circle(8, 86, 7, grey))
    parts.append(_text(22, 87, "active"))
    parts.append(_circle(90, 86, 8, grey, fill_opacity=0))
    parts.append(_text(104, 87, "withdrawn"))
    parts.append(_circle(200, 86, 7, grey, fill_opacity=UNKNOWN_ALPHA / 255, stroke_opacity=0.55))
    parts.append(_text(214, 87, "unknown (no report since)"))
    parts.append(_text(0, 116, "Size = type", "bold"))
    x = 0
    for site_type in ("capital", "base", "airport", "port", "mine", "town"):
        r = SITE_RADIUS[site_type]
        parts.append(_circle(x + r, 140, r, grey, stroke=1))
        parts.append(_text(x + 2 * r + 6, 141, site_type))
        x += 2 * r + 16 + 8 * len(site_type)
    height = 160
    if show_events:
        parts.append(_text(0, 172, "Events (small dots, dark edge)", "bold"))
        x = 0
        for group, label in GROUP_LABELS.items():
            parts.append(f'<circle cx="{x + 6}" cy="194" r="5" fill="{GROUP_COLOURS[group]}" stroke="#282828"/>')
            parts.append(_text(x + 18, 195, label))
            x += 30 + 7 * len(label)
        height = 210
    body = "".join(parts)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="-2 0 {width} {height}" font-family="sans-serif" fill="#1F2328">{body}</svg>')

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
    width, parts = 540, []
    parts.append(_text(0, 12, "Colour = force", "bold"))
    for i, (key, label) in enumerate(_FORCES):
        x, y = (i % 2) * 210, 34 + (i // 2) * 22
        parts.append(_circle(x + 8, y, 7, FORCE_COLOURS[key]))
        parts.append(_text(x + 22, y + 1, label))
    grey = FORCE_COLOURS["mixed"]
    parts.append(_text(0, 86, "Form = status at the end of the range", "bold"))
    parts.append(_circle(8, 108, 7, grey))
    parts.append(_text(22, 109, "active"))
    parts.append(_circle(90, 108, 8, grey, fill_opacity=0))
    parts.append(_text(104, 109, "withdrawn"))
    parts.append(_circle(200, 108, 7, grey, fill_opacity=UNKNOWN_ALPHA / 255, stroke_opacity=0.55))
    parts.append(_text(214, 109, "unknown (no report since)"))
    parts.append(_text(0, 138, "Size = type", "bold"))
    x = 0
    for site_type in ("capital", "base", "airport", "port", "mine", "town"):
        r = SITE_RADIUS[site_type]
        parts.append(_circle(x + r, 162, r, grey, stroke=1))
        parts.append(_text(x + 2 * r + 6, 163, site_type))
        x += 2 * r + 12 + 7 * len(site_type)
    height = 182
    if show_events:
        parts.append(_text(0, 194, "Events (small dots, dark edge)", "bold"))
        x = 0
        for i, (group, label) in enumerate(GROUP_LABELS.items()):
            y = 216 + i * 20
            parts.append(f'<circle cx="6" cy="{y}" r="5" fill="{GROUP_COLOURS[group]}" stroke="#282828"/>')
            parts.append(_text(18, y + 1, label))
        height = 270
    body = "".join(parts)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="-2 0 {width} {height}" font-family="sans-serif" fill="#1F2328">{body}</svg>')

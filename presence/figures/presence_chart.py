"""Presence over time: presences active each month, stacked by force, with the "as of" month marked
and the months not yet reviewed greyed. Pure: a monthly frame in, an SVG string out (no plotly.js in
the reader's browser for one small bar chart).

Every month is a link (``href_for(month)``, e.g. the Map as of that month with the same filters) with
its counts as its accessible name and its tooltip; the drawing itself is ``role="img"`` with a label
that says what it shows. Every text is escaped here: the countries, labels and URLs never reach the
page as markup.
"""
from __future__ import annotations

import math
from html import escape
from typing import Callable

import pandas as pd

from presence.palette import FORCE_COLOURS
from presence.timeseries import FORCE_GROUP_LABELS, FORCE_GROUPS

UNREVIEWED_FILL = "#E6E6E6"  # light grey band; its label is #333 on it (11:1)
TEXT = "#333333"  # on white 12.6:1, on the grey band 10.4:1
GRID = "#E4E4E4"
WIDTH = 960  # viewBox units; drawn at the column's width, never narrower than MIN_WIDTH_PX (scrolls)
MIN_WIDTH_PX = 720
_LEFT, _RIGHT = 40, 8


def _nice_step(top: int) -> int:
    """A grid step giving 2–5 lines up to ``top``."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if top / step <= 5:
            return step
    return 10 ** math.ceil(math.log10(max(top, 1)))


def _counts_phrase(row, groups) -> str:
    parts = [f"{FORCE_GROUP_LABELS[g]} {int(row[g])}" for g in groups if int(row[g])]
    total = sum(int(row[g]) for g in groups)
    return f"{total} active" + (f" ({', '.join(parts)})" if parts else "")


def summary_text(monthly: pd.DataFrame, as_of: pd.Timestamp, subject: str) -> str:
    """What the chart shows, in words (its text alternative)."""
    if monthly.empty:
        return f"Active presence sites per month, {subject}: no months to show."
    groups = [g for g in FORCE_GROUPS if monthly[g].any()]
    totals = monthly[list(FORCE_GROUPS)].sum(axis=1)
    peak = int(totals.idxmax())
    first, last = monthly["month"].iloc[0], monthly["month"].iloc[-1]
    text = (f"Bar chart: active presence sites per month by force, {subject}, {first:%B %Y} to {last:%B %Y}. "
            f"Peak: {int(totals.iloc[peak])} in {monthly['month'].iloc[peak]:%B %Y}.")
    at = monthly[monthly["month"].dt.to_period("M") == pd.Timestamp(as_of).to_period("M")]
    if not at.empty:
        text += f" {pd.Timestamp(as_of):%B %Y} (marked): {_counts_phrase(at.iloc[0], groups)}."
    text += f" Latest month: {_counts_phrase(monthly.iloc[-1], groups)}."
    return text


def presence_over_time_svg(monthly: pd.DataFrame, as_of: pd.Timestamp, unreviewed_from: pd.Timestamp | None,
                           title: str = "Active presence sites per month", subject: str = "",
                           href_for: Callable[[str], str] | None = None, link_hint: str = "open the map as of then",
                           height: int = 200) -> str:
    """The chart as one ``<div>`` holding an ``<svg>``: stacked bars per month, a grid, year labels,
    the "as of" month dotted, the months after ``unreviewed_from`` greyed, and the forces' key."""
    as_of = pd.Timestamp(as_of)
    if not monthly.empty:
        # Months before the first presence in these countries carry nothing: start at the first one.
        present = monthly[list(FORCE_GROUPS)].sum(axis=1) > 0
        if present.any():
            monthly = monthly.loc[present.idxmax():].reset_index(drop=True)
    groups = [g for g in FORCE_GROUPS if not monthly.empty and monthly[g].any()]
    months = list(monthly["month"])
    n = max(len(months), 1)
    top_pad = 66 if title else 26
    plot_h = height
    key_h = 30 if groups else 0
    total_h = top_pad + plot_h + 26 + key_h
    x0, x1 = _LEFT, WIDTH - _RIGHT
    band = (x1 - x0) / n
    totals = monthly[list(FORCE_GROUPS)].sum(axis=1) if not monthly.empty else pd.Series(dtype=int)
    top = max(int(totals.max()) if len(totals) else 0, 1)
    step = _nice_step(top)
    top = math.ceil(top / step) * step
    y_base = top_pad + plot_h

    def y_of(value: float) -> float:
        return y_base - value / top * plot_h

    parts: list[str] = []
    graphic: list[str] = []
    if title:
        graphic.append(f'<text x="0" y="18" font-size="18" font-weight="bold">{escape(title)}</text>')
        if subject:
            graphic.append(f'<text x="0" y="40" font-size="15">{escape(subject)}</text>')
    # The months not yet reviewed: a grey band behind the bars, labelled at its foot.
    if unreviewed_from is not None and months and pd.Timestamp(unreviewed_from) <= months[-1]:
        index = next(i for i, m in enumerate(months) if m >= pd.Timestamp(unreviewed_from))
        bx = x0 + index * band
        graphic.append(f'<rect x="{bx:.1f}" y="{top_pad}" width="{x1 - bx:.1f}" height="{plot_h}" '
                       f'fill="{UNREVIEWED_FILL}"/>')
    for value in range(0, top + 1, step):
        y = y_of(value)
        graphic.append(f'<line x1="{x0}" x2="{x1}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        graphic.append(f'<text x="{x0 - 6}" y="{y + 5:.1f}" font-size="14" text-anchor="end">{value}</text>')
    for i, month in enumerate(months):
        if month.month == 1 or i == 0:
            x = x0 + i * band
            graphic.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y_base}" y2="{y_base + 5}" stroke="{TEXT}"/>')
            if i == 0 and month.month > 9:
                continue  # a first year of under four months: too short for its own label
            graphic.append(f'<text x="{x + 2:.1f}" y="{y_base + 20}" font-size="14">{month:%Y}</text>')
    graphic.append(f'<line x1="{x0}" x2="{x1}" y1="{y_base}" y2="{y_base}" stroke="{TEXT}"/>')

    # The bars, one link per month (its whole column is the target, so a month with no presence works too).
    links: list[str] = []
    for i, month in enumerate(months):
        row = monthly.iloc[i]
        x = x0 + i * band
        label = f"{month:%B %Y}: {_counts_phrase(row, groups)}"
        bars, y = [], y_base
        for g in groups:
            count = int(row[g])
            if not count:
                continue
            h = count / top * plot_h
            y -= h
            bars.append(f'<rect x="{x + 0.5:.1f}" y="{y:.1f}" width="{max(band - 1, 0.5):.1f}" height="{h:.1f}" '
                        f'fill="{FORCE_COLOURS[g]}"/>')
        hit = (f'<rect x="{x:.1f}" y="{top_pad}" width="{band:.1f}" height="{plot_h}" fill="#FFFFFF" '
               f'fill-opacity="0"/>')
        key = f"{month:%Y-%m}"
        if href_for is not None:
            links.append(f'<a href="{escape(href_for(key))}" target="_self" aria-label="{escape(f"{label}. {link_hint}")}">'
                         f'<title>{escape(label)}</title>{hit}{"".join(bars)}</a>')
        else:
            graphic.extend(bars)
    # The "as of" month, dotted, labelled above the plot.
    at = [i for i, m in enumerate(months) if m.to_period("M") == as_of.to_period("M")]
    marks: list[str] = []
    if at:
        x = x0 + (at[0] + 0.5) * band
        marks.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top_pad - 4}" y2="{y_base}" stroke="#222222" '
                     f'stroke-width="2" stroke-dasharray="3 3"/>')
        anchor = "end" if at[0] > 0.8 * n else "start"
        dx = -4 if anchor == "end" else 4
        marks.append(f'<text x="{x + dx:.1f}" y="{top_pad - 7}" font-size="14" text-anchor="{anchor}">'
                     f'as of {as_of:%b %Y}</text>')
    key_parts = []
    kx = x0
    for g in groups:
        label = FORCE_GROUP_LABELS[g]
        key_parts.append(f'<rect x="{kx}" y="{total_h - 19}" width="14" height="14" fill="{FORCE_COLOURS[g]}"/>')
        key_parts.append(f'<text x="{kx + 19}" y="{total_h - 7}" font-size="15">{escape(label)}</text>')
        kx += 19 + 8.5 * len(label) + 26
    if unreviewed_from is not None and months and pd.Timestamp(unreviewed_from) <= months[-1]:
        key_parts.append(f'<rect x="{kx}" y="{total_h - 19}" width="14" height="14" fill="{UNREVIEWED_FILL}" '
                         f'stroke="#999999"/>')
        key_parts.append(f'<text x="{kx + 19}" y="{total_h - 7}" font-size="15">Not reviewed: counts held at the review date</text>')
    summary = summary_text(monthly, as_of, subject or "the chosen countries")
    parts.append(f'<g role="img" aria-label="{escape(summary)}">{"".join(graphic)}{"".join(key_parts)}</g>')
    if links:
        parts.append(f'<g>{"".join(links)}</g>')
    parts.append(f'<g aria-hidden="true" pointer-events="none">{"".join(marks)}</g>')
    return (f'<div style="overflow-x:auto"><svg xmlns="http://www.w3.org/2000/svg" width="100%" '
            f'viewBox="0 0 {WIDTH} {total_h}" style="min-width:{MIN_WIDTH_PX}px;max-width:none;display:block" '
            f'font-family="sans-serif" fill="{TEXT}" class="presence-over-time">{"".join(parts)}</svg></div>')

"""The timeline: events in lanes (by country or by category), statements in their own lane, phases
shaded behind, milestones annotated, and a strip of events per month under the lanes, on one date axis.
Pure: frames in, plotly figure out.

Each marker carries ``customdata = [kind, record id]`` so a click is read from ids, never from the
x value plotly returns (which can come back shifted for dates).
"""
from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from presence.countries import NAMES, SHORT_NAMES
from presence.coverage import unreviewed_after
from presence.filters import FilterState, country_label
from presence.palette import (CATEGORY_GROUPS, CATEGORY_LABELS, CATEGORY_SYMBOLS, DENSITY_COLOUR, GROUP_COLOURS,
                              PHASE_SHADES, STATEMENT_COLOUR, STATEMENT_SYMBOL)

STATEMENTS_LANE = "Statements"
EVENT, STATEMENT, WEEK = "event", "statement", "week"
# Beyond this many records in view, the chart shows weekly counts instead of one marker per record.
MAX_MARKERS = 1500
# Layout of the figure, in pixels: phase names above the lanes, the monthly strip under them.
TOP, GAP, STRIP, BOTTOM = 56, 34, 90, 36
TAP_RADIUS = 16  # pixels: see hoverdistance below
IMPRECISE = {"month": "month precision: the day is not known", "year": "year precision: the month is not known"}


def _esc(value) -> str:
    """Data shown in plotly hover labels is escaped: plotly reads a subset of HTML there."""
    return html.escape(str(value), quote=False)


def _midpoint(frame: pd.DataFrame) -> pd.Series:
    """A month- or year-precision record sits in the middle of its period, with its span drawn."""
    return frame["date_start"] + (frame["date_end"] - frame["date_start"]) / 2


def lane_order(events: pd.DataFrame, lanes: str, state: FilterState) -> list[str]:
    if lanes == "category":
        present = [c for c in CATEGORY_LABELS if c in set(events["category"])]
        names = [CATEGORY_LABELS[c] for c in present]
    else:
        names = [lane_name(c) for c in state.countries]
        names += [lane_name(c) for c in ("RUS", "AFR") if c in set(events["country"])]
    return names + [STATEMENTS_LANE]


def _lane_of(events: pd.DataFrame, lanes: str) -> pd.Series:
    if lanes == "category":
        return events["category"].map(CATEGORY_LABELS)
    return events["country"].map(lane_name)


def lane_name(code: str) -> str:
    """Short lane labels ('CAR') keep the chart readable on a phone; the sidebar spells them out."""
    return country_label(code).replace(NAMES[code], SHORT_NAMES[code])


def _hover(frame: pd.DataFrame, kind: str, outlets: dict[str, str]) -> list[str]:
    texts = []
    for row in frame.itertuples():
        first_outlet = outlets.get(str(row.source_ids).split(";")[0], "")
        precision = getattr(row, "date_precision", "day")
        when = _esc(row.date_label) + (f" <i>({IMPRECISE[precision]})</i>" if precision in IMPRECISE else "")
        if kind == EVENT:
            lines = [f"<b>{_esc(row.title)}</b>", when,
                     f"{_esc(row.place or NAMES.get(row.country, ''))} · {_esc(CATEGORY_LABELS[row.category])}",
                     f"Confidence: {_esc(row.confidence)} · {_esc(first_outlet)}"]
        else:
            excerpt = row.text if len(row.text) <= 110 else row.text[:107] + "…"
            lines = [f"<b>{_esc(row.speaker)}</b> ({_esc(row.organisation)})", when,
                     f"“{_esc(excerpt)}”", f"{_esc(row.channel)} · {_esc(first_outlet)}"]
        texts.append("<br>".join(lines))
    return texts


def _weekly_trace(events: pd.DataFrame, lane: pd.Series, statements: pd.DataFrame) -> dict:
    """One marker per lane and week, sized by how many records it stands for."""
    frames = [pd.DataFrame({"lane": lane, "day": events["date_start"]}),
              pd.DataFrame({"lane": STATEMENTS_LANE, "day": statements["date_start"]})]
    both = pd.concat(frames, ignore_index=True)
    both["week"] = both["day"].dt.to_period("W").dt.start_time
    counts = both.groupby(["lane", "week"]).size().reset_index(name="n")
    return dict(
        type="scatter", x=counts["week"] + pd.Timedelta(days=3), y=counts["lane"], mode="markers", name="Records per week",
        marker={"size": (6 + 3 * counts["n"] ** 0.5).clip(upper=30), "color": "#7F7F7F",
                "line": {"width": 1, "color": "#333333"}},
        customdata=[[WEEK, f"{lane_}|{week:%Y-%m-%d}"] for lane_, week in zip(counts["lane"], counts["week"])],
        hovertext=[f"{n} record(s) in the week of {week:%-d %B %Y}<br>Choose a shorter date range to see them "
                   "one by one" for n, week in zip(counts["n"], counts["week"])],
        hoverinfo="text")


def _span_trace(frame: pd.DataFrame, lane: pd.Series) -> dict | None:
    """Thin bars showing the whole month or year of imprecise records."""
    imprecise = frame[frame["date_start"] != frame["date_end"]]
    if imprecise.empty:
        return None
    xs, ys = [], []
    for idx, row in imprecise.iterrows():
        xs += [row["date_start"], row["date_end"], None]
        ys += [lane[idx], lane[idx], None]
    return dict(type="scatter", x=xs, y=ys, mode="lines", line={"color": "rgba(80,80,80,0.45)", "width": 6},
                      hoverinfo="skip", showlegend=False, name="period")


def shows_weekly_counts(events: pd.DataFrame, statements: pd.DataFrame) -> bool:
    return len(events) + len(statements) > MAX_MARKERS


def timeline_figure(events: pd.DataFrame, statements: pd.DataFrame, phases: pd.DataFrame,
                    state: FilterState, outlets: dict[str, str], lanes: str = "country",
                    title: str = "", reviewed_to: dict[str, pd.Timestamp] | None = None) -> go.Figure:
    """Lanes of events and statements above a strip of events per month, on one shared date axis.

    One figure with few traces and fixed margins: Streamlit redraws a plotly chart from scratch
    whenever its figure changes (every filter change), and plotly's cost grows with traces, legend
    entries and margin recalculations. The key is drawn outside the chart (``timeline_legend_svgs``).
    """
    order = lane_order(events, lanes, state)
    traces = []
    lane = _lane_of(events, lanes)
    density = _density_trace(events, state)
    if shows_weekly_counts(events, statements):
        # Too many records to draw one by one: weekly counts per lane keep the page's size bounded.
        traces.append(_weekly_trace(events, lane, statements))
        events = events.iloc[0:0]
        statements = statements.iloc[0:0]
    span = _span_trace(events, lane)
    if span is not None:
        traces.append(span)
    if not events.empty:
        traces.append(_events_trace(events, lane, outlets))
    if not statements.empty:
        traces.append(_statements_trace(statements, outlets))
    traces.append(density)

    shapes, phase_labels = _phase_layout(phases, state)
    unreviewed, unreviewed_labels = _unreviewed_layout(reviewed_to or {}, order, lanes, state)
    milestone_labels, ties = _milestone_labels(events, lane, order[0], state)
    plot_height = 62 * len(order) + GAP + STRIP  # paper coordinates 0..1 span this
    strip_top = STRIP / plot_height
    # Built as plain dicts and validated once by go.Figure: several times faster than add_trace and
    # update_layout, which validate and merge property by property (this runs on every new view).
    layout = dict(
        shapes=shapes + unreviewed + ties,
        annotations=phase_labels + milestone_labels + unreviewed_labels + [_strip_label(strip_top)],
        title={"text": _esc(title), "x": 0, "font": {"size": 15}} if title else None,
        height=TOP + plot_height + BOTTOM, showlegend=False,
        # Fixed margins (no automargin): plotly would otherwise draw the chart twice to fit its labels.
        margin={"l": _left_margin(order), "r": 12, "t": TOP, "b": BOTTOM, "autoexpand": False},
        hovermode="closest", dragmode="pan", clickmode="event+select",
        # A tap or click picks the nearest marker within this many pixels of it, so each marker's target
        # is at least 2 x TAP_RADIUS = 32 px across (WCAG 2.5.8 asks for 24), though drawn at 13-14 px.
        hoverdistance=TAP_RADIUS,
        xaxis={"range": [state.start_ts - pd.Timedelta(days=5), state.end_ts + pd.Timedelta(days=5)],
               "type": "date", "showgrid": True, "gridcolor": "#E5E5E5", "anchor": "y2", "automargin": False},
        yaxis={"categoryorder": "array", "categoryarray": list(reversed(order)), "type": "category",
               "range": [-0.6, len(order) - 0.4], "fixedrange": True, "title": "", "automargin": False,
               "domain": [(STRIP + GAP) / plot_height, 1]},
        yaxis2={"domain": [0, strip_top], "fixedrange": True, "automargin": False,
                "rangemode": "tozero", "nticks": 3, "gridcolor": "#EEEEEE"},
        uirevision="timeline",  # keep zoom and pan across reruns where Streamlit allows
        plot_bgcolor="#FFFFFF",
    )
    return go.Figure(data=traces, layout=layout)


def _left_margin(order: list[str]) -> int:
    """Room for the longest lane name (about 6 px a character at 12 px)."""
    return 14 + 6 * max(len(name) for name in order)


def _events_trace(events: pd.DataFrame, lane: pd.Series, outlets: dict[str, str]) -> dict:
    """Every event in one trace: shape per category and colour per group, as arrays."""
    return dict(
        type="scatter", x=_midpoint(events), y=lane[events.index], mode="markers", name="Events",
        marker={"symbol": events["category"].map(CATEGORY_SYMBOLS).tolist(), "size": 13,
                "color": events["category"].map(CATEGORY_GROUPS).map(GROUP_COLOURS).tolist(),
                "line": {"width": 1, "color": "#333333"}},
        customdata=[[EVENT, i] for i in events["event_id"]],
        hovertext=_hover(events, EVENT, outlets), hoverinfo="text")


def _statements_trace(statements: pd.DataFrame, outlets: dict[str, str]) -> dict:
    return dict(
        type="scatter", x=_midpoint(statements), y=[STATEMENTS_LANE] * len(statements), mode="markers",
        name="Quoted statement",
        marker={"symbol": STATEMENT_SYMBOL, "size": 14, "color": STATEMENT_COLOUR,
                "line": {"width": 1, "color": "#FFFFFF"}},
        customdata=[[STATEMENT, i] for i in statements["quote_id"]],
        hovertext=_hover(statements, STATEMENT, outlets), hoverinfo="text")


def _density_trace(events: pd.DataFrame, state: FilterState) -> dict:
    """Events per month (by the month each event started), in the strip under the lanes."""
    months = pd.period_range(state.start_ts, state.end_ts, freq="M").to_timestamp()
    counts = (events["date_start"].dt.to_period("M").dt.to_timestamp().value_counts()
              .reindex(months, fill_value=0))
    # One bar per month, centred mid-month; bar widths on a date axis are in milliseconds.
    return dict(type="bar", x=counts.index + pd.Timedelta(days=14), y=counts.tolist(), name="Events per month",
                xaxis="x", yaxis="y2", marker={"color": DENSITY_COLOUR},
                width=pd.Timedelta(days=24) // pd.Timedelta(milliseconds=1),
                hovertemplate="%{x|%B %Y}: %{y} event(s)<extra></extra>",
                # clicks select markers; the strip stays as it is
                selected={"marker": {"opacity": 1}}, unselected={"marker": {"opacity": 1}})


def _strip_label(strip_top: float) -> dict:
    return {"x": 0, "y": strip_top, "xref": "paper", "yref": "paper", "xanchor": "left", "yanchor": "bottom",
            "text": "Events per month", "showarrow": False,
            "font": {"size": 11, "color": "#444"}}


def _phase_layout(phases: pd.DataFrame, state: FilterState) -> tuple[list[dict], list[dict]]:
    """Shaded bands behind the markers and their labels along the top."""
    visible = phases[(phases["start_day"] <= state.end_ts) & (phases["end_day"] >= state.start_ts)]
    total = (state.end_ts - state.start_ts) + pd.Timedelta(days=10)
    shapes, labels = [], []
    for i, row in enumerate(visible.itertuples()):
        x0 = max(row.start_day, state.start_ts - pd.Timedelta(days=5))
        x1 = min(row.end_day, state.end_ts + pd.Timedelta(days=5))
        shapes.append({"type": "rect", "xref": "x", "yref": "paper", "x0": x0, "x1": x1, "y0": 0, "y1": 1,
                       "fillcolor": PHASE_SHADES[i % len(PHASE_SHADES)], "line": {"width": 0}, "layer": "below"})
        # A phase that starts near the right edge is labelled from its end, so the label is not cut off.
        near_end = (state.end_ts - x0) < total * 0.25
        labels.append({"x": x1 if near_end else x0, "y": 1.0, "xref": "x", "yref": "paper", "yanchor": "bottom",
                       "xanchor": "right" if near_end else "left",
                       "text": f"<b>{_esc(getattr(row, 'label', '') or row.name)}</b>",
                       "showarrow": False, "font": {"size": 11, "color": "#444"},
                       "bgcolor": "rgba(255,255,255,0.7)", "yshift": 4 + 14 * (i % 2)})
    return shapes, labels


UNREVIEWED_FILL = "rgba(90,90,90,0.16)"


def _unreviewed_layout(reviewed_to: dict[str, pd.Timestamp], order: list[str], lanes: str,
                       state: FilterState) -> tuple[list[dict], list[dict]]:
    """Grey over the months after a country's review date: not yet reviewed, so an empty stretch
    there does not mean nothing happened. Per country lane; over every lane (from the earliest such
    date) when the lanes are categories."""
    late = unreviewed_after(reviewed_to, state.countries, state.end_ts)
    if not late:
        return [], []
    right = state.end_ts + pd.Timedelta(days=5)
    if lanes == "country":
        spans = [(day, order.index(lane_name(code))) for code, day in late.items() if lane_name(code) in order]
    else:
        spans = [(min(late.values()), None)]
    shapes, labels = [], []
    for day, index in spans:
        x0 = max(day + pd.Timedelta(days=1), state.start_ts - pd.Timedelta(days=5))
        if index is None:
            y = {"yref": "paper", "y0": (STRIP + GAP) / (62 * len(order) + GAP + STRIP), "y1": 1}
        else:
            position = len(order) - 1 - index  # the category axis runs bottom-up
            y = {"yref": "y", "y0": position - 0.5, "y1": position + 0.5}
        shapes.append({"type": "rect", "xref": "x", "x0": x0, "x1": right, **y, "fillcolor": UNREVIEWED_FILL,
                       "line": {"width": 0}, "layer": "below"})
        labels.append({"x": right, "y": order[index] if index is not None else 0.98,
                       "yref": "y" if index is not None else "paper", "xref": "x", "xanchor": "right",
                       "yanchor": "top", "yshift": 26 if index is not None else 0, "showarrow": False,
                       "text": f"<i>not yet reviewed after {day:%b %Y}</i>", "font": {"size": 9, "color": "#555"}})
    return shapes, labels


def milestones_in_view(events: pd.DataFrame) -> pd.DataFrame:
    """The key moments among the events shown, numbered in time order (the chart shows the number,
    the key under it the words: numbers never collide on a phone, sentences did)."""
    marked = events[events["milestone"].fillna("") != ""]
    marked = marked.assign(x=_midpoint(marked)).sort_values(["x", "event_id"])
    return marked.assign(number=range(1, len(marked) + 1))


def _milestone_labels(events: pd.DataFrame, lane: pd.Series, top_lane: str, state: FilterState
                      ) -> tuple[list[dict], list[dict]]:
    """A numbered badge for each key moment, tied to its marker by a short line.

    Badges alternate above and below their lane, at two heights when two in one lane are close in
    time, and moments in the same lane and week share one badge ("7,8"). The ties are line shapes
    sized in pixels (cheaper for the browser than annotation arrows).
    """
    marked = milestones_in_view(events)
    # Positional values: assigning a Series to an empty frame would take the Series' whole index.
    marked = marked.assign(lane=lane.loc[marked.index].to_numpy())
    span = state.end_ts - state.start_ts
    badges: list[dict] = []
    for row in marked.itertuples():
        same = next((b for b in badges if b["lane"] == row.lane and abs(row.x - b["x"]) < pd.Timedelta(days=8)), None)
        if same:
            same["numbers"].append(row.number)
        else:
            badges.append({"x": row.x, "lane": row.lane, "numbers": [row.number]})
    labels, ties = [], []
    last_in_lane: dict[str, tuple[pd.Timestamp, int]] = {}
    for badge in badges:
        previous = last_in_lane.get(badge["lane"])
        close = previous is not None and badge["x"] - previous[0] < span * 0.06
        step = previous[1] + 1 if close else 0
        last_in_lane[badge["lane"]] = (badge["x"], step)
        below = (step % 2 == 1) != (badge["lane"] == top_lane)  # the top lane's first badge goes below the phase names
        height = 20 if step < 2 else 34
        shift = -height if below else height
        labels.append({"x": badge["x"], "y": badge["lane"], "text": ",".join(str(n) for n in badge["numbers"]),
                       "showarrow": False, "yshift": shift, "xanchor": "center",
                       "yanchor": "top" if below else "bottom", "font": {"size": 10, "color": "#FFFFFF"},
                       "bgcolor": "#333333", "borderpad": 2})
        ties.append({"type": "line", "xref": "x", "yref": "y", "x0": badge["x"], "x1": badge["x"], "ysizemode": "pixel",
                     "yanchor": badge["lane"], "y0": 0, "y1": shift, "line": {"color": "#555", "width": 1}})
    return labels, ties

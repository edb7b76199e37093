"""The timeline: events in lanes (by country or by category), statements in their own lane, phases
shaded behind, milestones annotated; and a monthly density strip. Pure: frames in, plotly figure out.

Each marker carries ``customdata = [kind, record id]`` so a click is read from ids, never from the
x value plotly returns (which can come back shifted for dates).
"""
from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from presence.countries import NAMES, SHORT_NAMES
from presence.filters import FilterState, country_label
from presence.palette import (CATEGORY_GROUPS, CATEGORY_LABELS, CATEGORY_SYMBOLS, GROUP_COLOURS, PHASE_SHADES,
                              STATEMENT_COLOUR, STATEMENT_SYMBOL)

STATEMENTS_LANE = "Statements"
EVENT, STATEMENT, WEEK = "event", "statement", "week"
# Beyond this many records in view, the chart shows weekly counts instead of one marker per record.
MAX_MARKERS = 1500
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


def _weekly_traces(events: pd.DataFrame, lane: pd.Series, statements: pd.DataFrame) -> list[go.Scatter]:
    """One marker per lane and week, sized by how many records it stands for."""
    frames = [pd.DataFrame({"lane": lane, "day": events["date_start"]}),
              pd.DataFrame({"lane": STATEMENTS_LANE, "day": statements["date_start"]})]
    both = pd.concat(frames, ignore_index=True)
    both["week"] = both["day"].dt.to_period("W").dt.start_time
    counts = both.groupby(["lane", "week"]).size().reset_index(name="n")
    return [go.Scatter(
        x=counts["week"] + pd.Timedelta(days=3), y=counts["lane"], mode="markers", name="Records per week",
        marker={"size": (6 + 3 * counts["n"] ** 0.5).clip(upper=30), "color": "#7F7F7F",
                "line": {"width": 1, "color": "#333333"}},
        customdata=[[WEEK, f"{lane_}|{week:%Y-%m-%d}"] for lane_, week in zip(counts["lane"], counts["week"])],
        hovertext=[f"{n} record(s) in the week of {week:%-d %B %Y}<br>Choose a shorter date range to see them "
                   "one by one" for n, week in zip(counts["n"], counts["week"])],
        hoverinfo="text")]


def _span_trace(frame: pd.DataFrame, lane: pd.Series) -> go.Scatter | None:
    """Thin bars showing the whole month or year of imprecise records."""
    imprecise = frame[frame["date_start"] != frame["date_end"]]
    if imprecise.empty:
        return None
    xs, ys = [], []
    for idx, row in imprecise.iterrows():
        xs += [row["date_start"], row["date_end"], None]
        ys += [lane[idx], lane[idx], None]
    return go.Scatter(x=xs, y=ys, mode="lines", line={"color": "rgba(80,80,80,0.45)", "width": 6},
                      hoverinfo="skip", showlegend=False, name="period")


def timeline_figure(events: pd.DataFrame, statements: pd.DataFrame, phases: pd.DataFrame,
                    state: FilterState, outlets: dict[str, str], lanes: str = "country",
                    title: str = "") -> go.Figure:
    order = lane_order(events, lanes, state)
    fig = go.Figure()
    lane = _lane_of(events, lanes)
    if len(events) + len(statements) > MAX_MARKERS:
        # Too many records to draw one by one: weekly counts per lane keep the page's size bounded.
        for trace in _weekly_traces(events, lane, statements):
            fig.add_trace(trace)
        events = events.iloc[0:0]
        statements = statements.iloc[0:0]
    span = _span_trace(events, lane)
    if span is not None:
        fig.add_trace(span)
    for category, group in events.groupby("category", sort=False):
        colour = GROUP_COLOURS[CATEGORY_GROUPS[category]]
        fig.add_trace(go.Scatter(
            x=_midpoint(group), y=lane[group.index], mode="markers", name=CATEGORY_LABELS[category],
            marker={"symbol": CATEGORY_SYMBOLS[category], "size": 13, "color": colour,
                    "line": {"width": 1, "color": "#333333"}},
            customdata=[[EVENT, i] for i in group["event_id"]],
            hovertext=_hover(group, EVENT, outlets), hoverinfo="text"))
    if not statements.empty:
        fig.add_trace(go.Scatter(
            x=_midpoint(statements), y=[STATEMENTS_LANE] * len(statements), mode="markers", name="Quoted statement",
            marker={"symbol": STATEMENT_SYMBOL, "size": 14, "color": STATEMENT_COLOUR,
                    "line": {"width": 1, "color": "#FFFFFF"}},
            customdata=[[STATEMENT, i] for i in statements["quote_id"]],
            hovertext=_hover(statements, STATEMENT, outlets), hoverinfo="text"))

    shapes, phase_labels = _phase_layout(phases, state)
    fig.update_layout(
        shapes=shapes,
        annotations=phase_labels + _milestone_labels(events, lane, order[0]),
        title={"text": _esc(title), "x": 0, "font": {"size": 15}} if title else None,
        height=140 + 62 * len(order),
        margin={"l": 10, "r": 10, "t": 60, "b": 40},
        hovermode="closest", dragmode="pan", clickmode="event+select",
        legend={"orientation": "h", "y": -0.12, "x": 0, "title": {"text": ""}},
        xaxis={"range": [state.start_ts - pd.Timedelta(days=5), state.end_ts + pd.Timedelta(days=5)],
               "type": "date", "showgrid": True, "gridcolor": "#E5E5E5"},
        yaxis={"categoryorder": "array", "categoryarray": list(reversed(order)), "type": "category",
               "range": [-0.6, len(order) - 0.4], "fixedrange": True, "title": ""},
        uirevision="timeline",  # keep zoom and pan across reruns where Streamlit allows
        plot_bgcolor="#FFFFFF",
    )
    return fig


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
                       "xanchor": "right" if near_end else "left", "text": f"<b>{_esc(row.name)}</b>",
                       "showarrow": False, "font": {"size": 11, "color": "#444"},
                       "bgcolor": "rgba(255,255,255,0.7)", "yshift": 4 + 14 * (i % 2)})
    return shapes, labels


def _milestone_labels(events: pd.DataFrame, lane: pd.Series, top_lane: str) -> list[dict]:
    marked = events[events["milestone"].fillna("") != ""]
    offsets = (-26, 26, -44, 44)  # alternate above and below, two heights, so close labels do not collide
    x = _midpoint(marked)

    def offset(n: int, idx) -> int:  # the top lane's labels go below it, clear of the phase names
        return abs(offsets[n % 4]) if lane[idx] == top_lane else offsets[n % 4]

    return [{"x": x[idx], "y": lane[idx], "text": _esc(row.milestone), "showarrow": True, "arrowhead": 0,
             "arrowcolor": "#555", "ax": 0, "ay": offset(n, idx), "font": {"size": 10, "color": "#222"},
             "bgcolor": "rgba(255,255,255,0.85)"}
            for n, (idx, row) in enumerate(zip(marked.index, marked.itertuples()))]


def density_figure(events: pd.DataFrame, state: FilterState) -> go.Figure:
    """Events per month, by country: a small strip under the timeline."""
    fig = go.Figure()
    months = pd.period_range(state.start_ts, state.end_ts, freq="M").to_timestamp()
    by_month = events.assign(month=events["date_start"].dt.to_period("M").dt.to_timestamp())
    palette = {"MLI": "#0072B2", "CAF": "#E69F00", "GNQ": "#009E73", "RUS": "#7F7F7F", "AFR": "#BBBBBB"}
    for code, group in by_month.groupby("country", sort=False):
        counts = group.groupby("month").size().reindex(months, fill_value=0)
        fig.add_trace(go.Bar(x=counts.index, y=counts.values, name=country_label(code),
                             marker_color=palette.get(code, "#999999"),
                             hovertemplate="%{x|%B %Y}: %{y} event(s)<extra>" + _esc(country_label(code)) + "</extra>"))
    fig.update_layout(barmode="stack", height=230, margin={"l": 10, "r": 10, "t": 30, "b": 20},
                      title={"text": "Events per month (by the month each event started)", "x": 0,
                             "font": {"size": 13}},
                      legend={"orientation": "h", "y": -0.25, "x": 0},
                      xaxis={"range": [state.start_ts - pd.Timedelta(days=15), state.end_ts + pd.Timedelta(days=15)]},
                      yaxis={"title": "", "dtick": 1 if len(events) < 30 else None, "fixedrange": True},
                      plot_bgcolor="#FFFFFF")
    return fig

"""Presence over time: presences active each month, stacked by force, with the "as of" month marked
and the months not yet reviewed greyed. Pure: a monthly frame in, a plotly figure out.

Each bar carries its month (``customdata``) so a click can move the map's "as of" date there.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from presence.palette import FORCE_COLOURS
from presence.timeseries import FORCE_GROUP_LABELS, FORCE_GROUPS

UNREVIEWED_FILL = "rgba(90,90,90,0.16)"


def presence_over_time_figure(monthly: pd.DataFrame, as_of: pd.Timestamp, unreviewed_from: pd.Timestamp | None,
                              title: str = "", height: int = 240) -> go.Figure:
    months = monthly["month"]
    centres = months - pd.Timedelta(days=14)  # a bar sits in the middle of its month
    traces = []
    for group in FORCE_GROUPS:
        counts = monthly[group]
        if not counts.any():
            continue  # a force never present in these countries takes no room in the key
        traces.append(dict(
            type="bar", x=centres, y=counts.tolist(), name=FORCE_GROUP_LABELS[group],
            marker={"color": FORCE_COLOURS[group], "line": {"width": 0}},
            width=pd.Timedelta(days=26) // pd.Timedelta(milliseconds=1),
            customdata=[f"{m:%Y-%m}" for m in months],
            hovertemplate=f"%{{x|%B %Y}}: %{{y}} {FORCE_GROUP_LABELS[group]} presence(s)<extra></extra>",
            selected={"marker": {"opacity": 1}}, unselected={"marker": {"opacity": 1}},
        ))
    shapes, annotations = [], []
    if unreviewed_from is not None and unreviewed_from <= months.max():
        shapes.append({"type": "rect", "xref": "x", "yref": "paper", "x0": unreviewed_from - pd.offsets.MonthBegin(1),
                       "x1": months.max() + pd.Timedelta(days=1), "y0": 0, "y1": 1, "fillcolor": UNREVIEWED_FILL,
                       "line": {"width": 0}, "layer": "below"})
        # Inside the grey band, at its foot: clear of the "as of" label above the plot.
        annotations.append({"x": months.max(), "y": 0, "xref": "x", "yref": "paper", "xanchor": "right",
                            "yanchor": "bottom", "showarrow": False, "text": "<i>not yet<br>reviewed</i>",
                            "font": {"size": 9, "color": "#444"}, "bgcolor": "rgba(255,255,255,0.7)"})
    as_of = pd.Timestamp(as_of)
    shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": as_of, "x1": as_of, "y0": 0, "y1": 1,
                   "line": {"color": "#222", "width": 2, "dash": "dot"}})
    annotations.append({"x": as_of, "y": 1, "xref": "x", "yref": "paper", "yanchor": "bottom", "showarrow": False,
                        "text": f"as of {as_of:%b %Y}", "font": {"size": 11, "color": "#222"},
                        "xanchor": "right" if as_of > months.min() + (months.max() - months.min()) * 0.8 else "left"})
    layout = dict(
        barmode="stack", bargap=0, height=height, hovermode="closest", clickmode="event+select",
        title={"text": title, "x": 0, "font": {"size": 14}} if title else None,
        margin={"l": 36, "r": 10, "t": 62 if title else 24, "b": 30, "autoexpand": False},
        showlegend=True, legend={"orientation": "h", "x": 0, "y": 0, "yref": "container", "yanchor": "bottom",
                                 "font": {"size": 11}},
        xaxis={"type": "date", "range": [months.min() - pd.Timedelta(days=31), months.max() + pd.Timedelta(days=3)],
               "fixedrange": True, "showgrid": False},
        yaxis={"title": "", "fixedrange": True, "rangemode": "tozero", "gridcolor": "#EEEEEE", "nticks": 4},
        plot_bgcolor="#FFFFFF", dragmode=False,
        shapes=shapes, annotations=annotations,
    )
    if traces:  # room for the key under the date axis
        layout["margin"]["b"] = 58
        layout["height"] = height + 28
    return go.Figure(data=traces, layout=layout)

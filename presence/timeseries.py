"""Presence over time: how many presences were active each month, by force (no Streamlit).

Counted with the same status rule as the map (``presence.status``): a handed-over presence counts for
its successor from the handover, a withdrawn one stops counting, and one with no report for over
the staleness horizon stops counting ("no report since").
"""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from presence.palette import force_key
from presence.status import ACTIVE, status_as_of

# The forces in the order they are stacked, and what the chart calls them.
FORCE_GROUPS = ("Wagner", "Africa Corps", "Russian MoD", "mixed")
FORCE_GROUP_LABELS = {"Wagner": "Wagner", "Africa Corps": "Africa Corps", "Russian MoD": "Russian MoD",
                      "mixed": "Several or unclear"}


def month_ends(first: pd.Timestamp, last: pd.Timestamp) -> pd.DatetimeIndex:
    """The last day of every month from ``first``'s month to ``last``'s (the day each month is read)."""
    months = pd.period_range(pd.Timestamp(first).to_period("M"), pd.Timestamp(last).to_period("M"), freq="M")
    return months.to_timestamp(how="end").normalize()


def monthly_presence(sites: pd.DataFrame, countries: Sequence[str], first: pd.Timestamp,
                     last: pd.Timestamp) -> pd.DataFrame:
    """One row per month (its last day, ``month``) with one column per force group: the number of
    presences in ``countries`` active on that day."""
    chosen = sites[sites["country"].isin(countries)]
    days = month_ends(first, last)
    # Every (presence, month) pair read at once, with the map's rule: one call instead of one a month
    # (a hundred months of the status rule took most of a second per set of countries).
    pairs = chosen.loc[chosen.index.repeat(len(days))].reset_index(drop=True)
    pair_days = pd.Series(np.tile(days.values, len(chosen)), dtype="datetime64[ns]")
    active = (status_as_of(pairs, pair_days) == ACTIVE).to_numpy()
    counts = (pd.DataFrame({"month": pair_days[active].to_numpy(),
                            "group": pairs.loc[active, "force"].map(force_key).to_numpy()})
              .groupby(["month", "group"]).size().unstack(fill_value=0)
              .reindex(index=days, columns=list(FORCE_GROUPS), fill_value=0))
    result = counts.astype(int).rename_axis(index="month", columns=None).reset_index()
    return result[["month", *FORCE_GROUPS]]


def data_span(sites: pd.DataFrame, cutoff: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
    """From the first month any presence was reported to the cutoff."""
    first = sites["first_start"].min() if not sites.empty else cutoff
    return pd.Timestamp(first), pd.Timestamp(cutoff)


def first_unreviewed_month(reviewed_to: Mapping[str, pd.Timestamp], countries: Sequence[str]) -> pd.Timestamp | None:
    """The first month whose last day falls after the earliest review date of the chosen countries
    (its count rests partly on months not yet reviewed), or None."""
    days = [reviewed_to[c] for c in countries if c in reviewed_to]
    return (min(days) + pd.offsets.MonthEnd(1)).normalize() if days else None

"""How a presence's status is read for any day: the one rule the map, the figures, the validator's
data checks and the tests share.

A site row is one force's presence at one place. Its ``status`` column says how the presence ended,
as far as the sources tell, at its ``last_reported`` date:

- ``active``: no report of Russians leaving that place;
- ``withdrawn``: a source reports them leaving that place (cited in ``status_source_ids``);
- ``handed_over``: a source reports the place passing to another force, whose presence is the row
  named by ``successor_id``;
- ``unknown``: the sources conflict, or the place was contested or lost with no clear report.

For a chosen day the shown status is:

- ``""`` before the first report (not shown);
- ``withdrawn`` / ``handed_over`` from the day the departure or handover was reported;
- ``unknown`` after the last report, for an ``unknown`` row;
- ``stale`` ("no report since …") once no report about the place is newer than ``STALE_AFTER``:
  reports stop, and a dashboard must not keep saying "active" years after the last one;
- ``active`` otherwise.
"""
from __future__ import annotations

import pandas as pd

# A presence not reported for this long is shown as "no report since <date>", not as active.
STALE_AFTER_MONTHS = 12
STALE_AFTER = pd.DateOffset(months=STALE_AFTER_MONTHS)

ACTIVE, WITHDRAWN, HANDED_OVER, UNKNOWN, STALE, NOT_YET = (
    "active", "withdrawn", "handed_over", "unknown", "stale", "")
# Values of the data's ``status`` column (``stale`` and ``""`` are only ever computed).
RECORDED_STATUSES = (ACTIVE, WITHDRAWN, HANDED_OVER, UNKNOWN)
# Statuses that end a presence: they need a site-level report of the departure or handover.
ENDED = (WITHDRAWN, HANDED_OVER)


def status_as_of(sites: pd.DataFrame, day: pd.Timestamp) -> pd.Series:
    """The status of each presence as of ``day`` (see the module docstring).

    ``sites`` needs ``status``, ``first_start``, ``last_start`` and ``last_end`` (the loader's
    columns); the result has the same index.
    """
    day = pd.Timestamp(day)
    status = pd.Series(ACTIVE, index=sites.index, dtype=object)
    ended = sites["status"].isin(ENDED) & (day >= sites["last_start"])
    stale = ~sites["status"].isin(ENDED) & (day > sites["last_end"] + STALE_AFTER)
    unknown = (sites["status"] == UNKNOWN) & (day > sites["last_end"]) & ~stale
    # .loc: a plain ``status[mask] = x`` first tries the mask as a label and formats it for the error
    # (several ms per call, and the map's chart calls this once per month).
    status.loc[unknown] = UNKNOWN
    status.loc[stale] = STALE
    status.loc[ended] = sites.loc[ended, "status"]
    status.loc[day < sites["first_start"]] = NOT_YET
    return status


def status_label(status: str, last_label: str) -> str:
    """Words for a computed status, as the map and the details say it."""
    return {
        ACTIVE: "active",
        WITHDRAWN: f"withdrawn (reported {last_label})",
        HANDED_OVER: f"handed over (reported {last_label})",
        UNKNOWN: f"unknown since {last_label}",
        STALE: f"no report since {last_label}",
        NOT_YET: "not yet reported",
    }[status]

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
- ``exited`` once the presence's force announced it left the country (``metadata.json``'s
  ``force_exits``, e.g. Wagner from Mali on 6 June 2025), for a presence of that force alone with no
  report about the place on or after that day: the place's fate is not reported, but the force is
  not "active" there either;
- ``unknown`` after the last report, for an ``unknown`` row;
- ``stale`` ("no report since …") once no report about the place is newer than ``STALE_AFTER``:
  reports stop, and a dashboard must not keep saying "active" years after the last one;
- ``active`` otherwise.

**The review date.** Past its country's ``reviewed_to`` date the sources were not searched, so a
presence keeps the status it had on that date ("not reviewed after <date>") instead of ageing into
"no report since": the record stopping is not the Russians leaving. The loader puts each site's review
date and force exit in the columns ``reviewed_day``, ``exit_day`` and ``exit_label``; without them
(a bare frame in a test) the rule reads the day as given.
"""
from __future__ import annotations

import pandas as pd

# A presence not reported for this long is shown as "no report since <date>", not as active.
STALE_AFTER_MONTHS = 12
STALE_AFTER = pd.DateOffset(months=STALE_AFTER_MONTHS)

ACTIVE, WITHDRAWN, HANDED_OVER, UNKNOWN, STALE, EXITED, NOT_YET = (
    "active", "withdrawn", "handed_over", "unknown", "stale", "exited", "")
# Values of the data's ``status`` column (``stale``, ``exited`` and ``""`` are only ever computed).
RECORDED_STATUSES = (ACTIVE, WITHDRAWN, HANDED_OVER, UNKNOWN)
# Statuses that end a presence: they need a site-level report of the departure or handover.
ENDED = (WITHDRAWN, HANDED_OVER)


def _days(sites: pd.DataFrame, day) -> pd.Series:
    """``day`` for every presence: one day for all, or a Series of days aligned with ``sites`` (one row
    per presence and month, as ``presence.timeseries`` reads a whole span at once)."""
    if isinstance(day, pd.Series):
        return day.astype("datetime64[ns]")
    return pd.Series(pd.Timestamp(day), index=sites.index, dtype="datetime64[ns]")


def reading_day(sites: pd.DataFrame, day) -> pd.Series:
    """The day each presence's status is read on: ``day``, or its country's review date if earlier."""
    days = _days(sites, day)
    if "reviewed_day" in sites.columns:
        reviewed = pd.to_datetime(sites["reviewed_day"])
        days = days.where(reviewed.isna() | (reviewed >= days), reviewed)
    return days


def past_review(sites: pd.DataFrame, day: pd.Timestamp) -> pd.Series:
    """True where ``day`` lies after the presence's country's review date."""
    if "reviewed_day" not in sites.columns:
        return pd.Series(False, index=sites.index)
    return pd.to_datetime(sites["reviewed_day"]) < pd.Timestamp(day)


def status_as_of(sites: pd.DataFrame, day) -> pd.Series:
    """The status of each presence as of ``day`` (see the module docstring); ``day`` may also be a
    Series of days aligned with ``sites`` (each row read on its own day).

    ``sites`` needs ``status``, ``first_start``, ``last_start`` and ``last_end`` (the loader's
    columns), and uses ``reviewed_day`` and ``exit_day`` where present; the result has the same index.
    """
    read = reading_day(sites, day)
    status = pd.Series(ACTIVE, index=sites.index, dtype=object)
    ended = sites["status"].isin(ENDED) & (read >= sites["last_start"])
    stale = ~sites["status"].isin(ENDED) & (read > sites["last_end"] + STALE_AFTER)
    unknown = (sites["status"] == UNKNOWN) & (read > sites["last_end"]) & ~stale
    # .loc: a plain ``status[mask] = x`` first tries the mask as a label and formats it for the error
    # (several ms per call, and the map's chart calls this once per month).
    status.loc[unknown] = UNKNOWN
    status.loc[stale] = STALE
    if "exit_day" in sites.columns:
        exit_day = pd.to_datetime(sites["exit_day"])
        exited = ~sites["status"].isin(ENDED) & exit_day.notna() & (read >= exit_day) & \
            (sites["last_end"] < exit_day)
        status.loc[exited] = EXITED
    status.loc[ended] = sites.loc[ended, "status"]
    status.loc[_days(sites, day) < sites["first_start"]] = NOT_YET
    return status


def status_label(status: str, last_label: str, exit_label: str = "", reviewed_label: str = "") -> str:
    """Words for a computed status, as the map and the details say it. ``exit_label`` is the
    force's exit announcement ("Wagner announced its exit from Mali on 6 June 2025"); a
    ``reviewed_label`` ("30 June 2026") adds that the record was not reviewed after that day."""
    words = {
        ACTIVE: "active",
        WITHDRAWN: f"withdrawn (reported {last_label})",
        HANDED_OVER: f"handed over (reported {last_label})",
        UNKNOWN: f"unknown since {last_label}",
        STALE: f"no report since {last_label}",
        EXITED: f"{exit_label or 'the force announced its exit'}; no report says what became of this site "
                f"(last report {last_label})",
        NOT_YET: "not yet reported",
    }[status]
    if reviewed_label and status != NOT_YET:
        words += f" · not reviewed after {reviewed_label}"
    return words


def status_words(sites: pd.DataFrame, day: pd.Timestamp, statuses: pd.Series | None = None) -> pd.Series:
    """``status_label`` for every presence as of ``day`` (the words the map, its list and the details
    share)."""
    statuses = status_as_of(sites, day) if statuses is None else statuses
    late = past_review(sites, day)
    blank = pd.Series("", index=sites.index)
    columns = [sites.get(c, blank) for c in ("last_label", "exit_label", "reviewed_label")]
    return pd.Series([status_label(s, last, ex or "", rev if is_late else "")
                      for s, last, ex, rev, is_late in zip(statuses, *columns, late)],
                     index=sites.index, dtype=object)

"""The places under the Map: the presences it shows for a month, and what changed between two months
(no Streamlit). Statuses come from ``presence.status`` (the one rule), in the map's words."""
from __future__ import annotations

from typing import Sequence

import pandas as pd

from presence.countries import NAMES
from presence.status import (ACTIVE, EXITED, HANDED_OVER, NOT_YET, STALE, UNKNOWN, WITHDRAWN, status_as_of,
                             status_label)

PLACE_COLUMNS = ["site_id", "Place", "Status", "Force", "Country", "Since", "Last report"]
CHANGE_COLUMNS = ["site_id", "Change", "Place", "Country", "Force", "Reported"]
STARTED, ENDED, HANDED, FORCE_LEFT, UNREPORTED, UNCLEAR = (
    "started", "ended (withdrawn)", "handed over", "force announced its exit (fate not reported)",
    "went unreported", "became unclear")
CHANGE_ORDER = (STARTED, HANDED, ENDED, FORCE_LEFT, UNREPORTED, UNCLEAR)


def drawn_sites(sites_shown: pd.DataFrame) -> pd.DataFrame:
    """The presences that have a marker: every one shown except those handed over (their successor is
    drawn instead). The map (``presence.figures.map``) and the places table both use this rule."""
    status = sites_shown["status_as_of"].fillna(ACTIVE).replace("", ACTIVE)
    return sites_shown[status != HANDED_OVER]


def places_table(sites_shown: pd.DataFrame) -> pd.DataFrame:
    """One row per marker on the map (``sites_shown`` as the map gets it, with ``status_as_of``):
    place, country, force, status in the map's words, since, last report; by country then place."""
    drawn = drawn_sites(sites_shown)
    table = pd.DataFrame({
        "site_id": drawn["site_id"],
        "Place": drawn["name"],
        "Country": drawn["country"].map(NAMES),
        "Force": drawn["force"].str.replace(";", " / "),
        "Status": (drawn["status_text"] if "status_text" in drawn.columns else
                   [status_label(s or ACTIVE, last) for s, last in zip(drawn["status_as_of"], drawn["last_label"])]),
        "Since": drawn["first_label"],
        "Last report": drawn["last_label"],
    }, columns=PLACE_COLUMNS)
    order = drawn["country"].map({c: i for i, c in enumerate(NAMES)})
    return table.assign(_o=order).sort_values(["_o", "Place"]).drop(columns="_o").reset_index(drop=True)


def changes_between(sites: pd.DataFrame, countries: Sequence[str], before: pd.Timestamp,
                    after: pd.Timestamp) -> pd.DataFrame:
    """Presences in ``countries`` whose status changed from ``before`` to ``after`` (two days): started,
    handed over, ended, went unreported (no report for over the staleness horizon), became unclear."""
    chosen = sites[sites["country"].isin(countries)]
    was, now = status_as_of(chosen, before), status_as_of(chosen, after)
    change = pd.Series("", index=chosen.index, dtype=object)
    change[(was == NOT_YET) & (now != NOT_YET)] = STARTED
    change[(now == UNKNOWN) & (was != UNKNOWN) & (was != NOT_YET)] = UNCLEAR
    change[(now == STALE) & (was != STALE) & (was != NOT_YET)] = UNREPORTED
    change[(now == WITHDRAWN) & (was != WITHDRAWN)] = ENDED
    change[(now == HANDED_OVER) & (was != HANDED_OVER)] = HANDED
    change[(now == EXITED) & (was != EXITED) & (was != NOT_YET)] = FORCE_LEFT
    # A presence that started and ended between the two months is listed as ended.
    changed = chosen[change != ""]
    reported = [row.first_label if c == STARTED else row.last_label
                for c, row in zip(change[change != ""], changed.itertuples())]
    table = pd.DataFrame({
        "site_id": changed["site_id"],
        "Change": change[change != ""],
        "Place": changed["name"],
        "Country": changed["country"].map(NAMES),
        "Force": changed["force"].str.replace(";", " / "),
        "Reported": reported,
    }, columns=CHANGE_COLUMNS)
    order = table["Change"].map({c: i for i, c in enumerate(CHANGE_ORDER)})
    return table.assign(_o=order).sort_values(["_o", "Country", "Place"]).drop(columns="_o").reset_index(drop=True)

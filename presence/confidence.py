"""The confidence rule, checkable from sources.csv alone (the validator and the tests use it).

``confirmed`` needs an official statement or document among the sources, or at least two
independent outlets: sources count by their *origin* (copies of one wire story count once), and
aggregator copies, reference works and partisan outlets never count.
"""
from __future__ import annotations

from typing import Iterable, Mapping

# What kind of page a source is (sources.csv, column source_kind).
SOURCE_KINDS = {
    "outlet": "the originating outlet's own page",
    "wire_copy": "a wire or syndicated story republished by another site (origin names the wire)",
    "official": "an official document or statement (government, UN body, court, sanctions notice)",
    "state_media": "state-controlled media (TASS, RIA Novosti, RT, Sputnik…)",
    "ngo_report": "an NGO, think-tank or investigative-consortium report",
    "aggregator": "an aggregator, scraped, machine-reworded or relayed copy (never counts alone)",
    "reference": "an encyclopaedia or wiki (never counts)",
    "partisan": "an outlet or channel of one side: opposition-only outlets, armed groups, Wagner or "
                "Africa Corps channels (never counts)",
}
COUNTING_KINDS = frozenset({"outlet", "wire_copy", "state_media", "ngo_report"})
OFFICIAL = "official"
CONFIRMED_MIN_ORIGINS = 2


def origin_key(kind: str, outlet: str, origin: str) -> str:
    """Who produced the content: the wire for a copy, the outlet itself otherwise (case-folded)."""
    return (origin or outlet).strip().casefold()


def independent_origins(sources: Iterable[Mapping[str, str]]) -> set[str]:
    """The distinct origins among the sources that count towards confirmation."""
    return {origin_key(s["source_kind"], s["outlet"], s.get("origin", ""))
            for s in sources if s["source_kind"] in COUNTING_KINDS}


def supports_confirmed(sources: Iterable[Mapping[str, str]]) -> bool:
    sources = list(sources)
    if any(s["source_kind"] == OFFICIAL for s in sources):
        return True
    return len(independent_origins(sources)) >= CONFIRMED_MIN_ORIGINS


def confirmed_problem(sources: Iterable[Mapping[str, str]]) -> str | None:
    """Why these sources cannot make a record confirmed, or None if they can."""
    sources = list(sources)
    if supports_confirmed(sources):
        return None
    counting = [s for s in sources if s["source_kind"] in COUNTING_KINDS]
    if not counting:
        return ("rests on no source that counts: aggregator copies, reference works and partisan outlets "
                "never confirm on their own (use 'reported', or add an independent outlet)")
    origin = (counting[0].get("origin") or counting[0]["outlet"]).strip()
    return (f"rests on one outlet ({origin}): 'confirmed' needs two independent outlets (copies of one "
            "wire story count once) or an official statement or document")


def confidence_reason(confidence: str, sources: Iterable[Mapping[str, str]]) -> str:
    """Why a record has its confidence level, in the rule's words, from the sources it cites."""
    sources = list(sources)
    if confidence == "confirmed":
        official = [s["outlet"] for s in sources if s["source_kind"] == OFFICIAL]
        if official:
            return f"confirmed: an official statement or document ({', '.join(dict.fromkeys(official))})"
        origins = sorted({(s.get("origin") or s["outlet"]).strip() for s in sources
                          if s["source_kind"] in COUNTING_KINDS}, key=str.casefold)
        return (f"confirmed: {len(origins)} independent outlets ({', '.join(origins)}); copies of one wire "
                "story count once")
    if confidence == "disputed":
        return "disputed: sources disagree on a key element; the summary says how"
    if confidence == "reported":
        return "reported: one credible outlet or investigation, including its re-publications"
    return confidence

"""The demo coders' structured coding on the sample articles: who said it, and each estimate's number,
hedge and what is counted, so that the comparison's Estimates, Sources and Timeline tabs are filled.

Sources are the people and bodies the sentences name. An estimate's number and hedge are read
from the coded words by the grammar the editor pre-fills with (:mod:`newscoder.core.hedge`); what
is counted and the source are given here. Blinken's 8,000 is "some" in AFP and "as many as" in
VOA: the hedge drift the comparison flags.
"""

from __future__ import annotations

from typing import Any

from newscoder.core import attribute_edits, edits, sources
from newscoder.core.hedge import parse_estimate
from newscoder.core.store import Project

SOURCES: dict[str, tuple[str, str]] = {
    "Antony Blinken": ("person", "United States"),
    "Lloyd Austin": ("person", "United States"),
    "John Kirby": ("person", "United States"),
    "US government": ("government body", "United States"),
    "US intelligence": ("intelligence service", "United States"),
    "South Korean intelligence": ("intelligence service", "South Korea"),
    "South Korean government": ("government body", "South Korea"),
    "Cho Tae-yul": ("person", "South Korea"),
    "Ukrainian sources": ("anonymous official", "Ukraine"),
    "Kremlin": ("government body", "Russia"),
    "North Korea": ("government body", "North Korea"),
    "Bruce Bennett": ("person", "RAND Corporation"),
}
KURSK, RUSSIA = "troops deployed to Kursk", "troops in Russia"
#: DEMO index -> (source, target or what is counted); for an estimate, per coder when the coders differ
VALUES: dict[int, tuple[str, str] | tuple[tuple[str, str], tuple[str, str]]] = {
    0: ("US government", KURSK), 1: (("Antony Blinken", KURSK), ("Antony Blinken", RUSSIA)),
    2: ("Antony Blinken", "North Korean troops"), 3: ("Lloyd Austin", "Russia"), 4: ("North Korea", ""),
    5: ("Lloyd Austin", "North Korean troops"), 6: ("Antony Blinken", "North Korean troops"),
    7: ("Antony Blinken", RUSSIA), 8: ("Antony Blinken", KURSK), 9: ("Antony Blinken", "North Korean troops"),
    10: ("Antony Blinken", "North Korean troops"), 11: ("South Korean government", "North Korea"),
    12: ("Bruce Bennett", "Russian casualties a day"), 13: ("US government", KURSK), 14: ("US intelligence", RUSSIA),
    15: ("South Korean intelligence", RUSSIA), 16: ("Ukrainian sources", RUSSIA),
    17: ("Cho Tae-yul", "North Korea"), 18: ("Lloyd Austin", "North Korean troops"),
    19: ("Lloyd Austin", "North Korean troops"), 20: ("Antony Blinken", KURSK),
    21: ("Antony Blinken", "North Korean troops"), 22: ("Lloyd Austin", "North Korean troops"),
    23: ("Lloyd Austin", "Russia"), 24: ("US government", RUSSIA), 25: ("Kremlin", "South Korean claims"),
    26: ("North Korea", "South Korean claims"), 27: ("Lloyd Austin", "North Korea"),
    28: ("John Kirby", "North Korean troops"),
}


def source_ids(project: Project) -> dict[str, str]:
    """The demo sources' ids (added when missing)."""
    out = {}
    for name, (kind, affiliation) in SOURCES.items():
        found = sources.source_by_name(project, name)
        if found is None:
            edits.apply(project, sources.add_source(project, name, kind, affiliation))
            found = sources.source_by_name(project, name)
        assert found is not None
        out[name] = found.id
    return out


def values_for(index: int, coder: int, code: str, text: str, start: int, end: int,
               ids: dict[str, str]) -> dict[str, Any]:
    """The attribute values of DEMO entry ``index`` as coded by coder 0 or 1 on ``text[start:end]``."""
    given = VALUES.get(index)
    if given is None:
        return {}
    pair = given[coder] if isinstance(given[0], tuple) else given
    source, detail = pair
    values: dict[str, Any] = {"source": ids[source]}
    if code != "estimate":
        return values | ({"target": detail} if detail else {})
    values["counted"] = detail
    found = parse_estimate(text[start:end], text[max(0, start - 80):start])
    if found is not None:
        values.update({k: v for k, v in (("value", found.value), ("low", found.low), ("high", found.high))
                       if v is not None})
        values["hedge"] = found.hedge
    return values


def apply(project: Project, segment_id: str, values: dict[str, Any]) -> None:
    if values:
        edits.apply(project, attribute_edits.set_segment_attributes(project, segment_id, values))

"""A QDPX export's gold user back into the gold layer (not into a coder).

:mod:`newscoder.core.exchange.refi_gold` writes the gold layer as a ``User`` named
:data:`~newscoder.core.gold_store.GOLD_CODER` whose selections say "Gold standard:
<decision> by <adjudicator>", then optionally "Reason: …", "From coders' segments: …" and
"Settles coders' segments: …". When such a project is imported or merged, :func:`lift_gold`
turns that user's selections back into gold rows (by the same ids), so the gold layer
round-trips and no pseudo-coder pollutes agreement. A user of that name whose selections
do not read like that stays an ordinary coder.
"""

from __future__ import annotations

import re
from typing import Any

from newscoder.core.exchange.bundle import Bundle, InSegment
from newscoder.core.exchange.refi_common import canonical_guid
from newscoder.core.gold_store import DECISIONS, GOLD_CODER, db_value
from newscoder.core.store import name_key

_HEAD = re.compile(r"^Gold standard: (?P<decision>\w+) by (?P<who>.+)$")
_GUIDS = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")


def parse_description(text: str) -> dict[str, Any] | None:
    """The decision, adjudicator, reason, sources and settled ids written by the export; ``None`` if not ours."""
    lines = text.split("\n")
    head = _HEAD.match(lines[0].strip()) if lines else None
    if head is None or head["decision"] not in DECISIONS:
        return None
    out: dict[str, Any] = {"decision": head["decision"], "adjudicator": head["who"].strip(), "reason": "",
                           "sources": [], "unit_segments": []}
    for line in lines[1:]:
        if line.startswith("Reason: "):
            out["reason"] = line[len("Reason: "):]
        elif line.startswith("From coders' segments: "):
            out["sources"] = sorted({g for g in map(canonical_guid, _GUIDS.findall(line)) if g})
        elif line.startswith("Settles coders' segments: "):
            out["unit_segments"] = sorted({g for g in map(canonical_guid, _GUIDS.findall(line)) if g})
    if not out["unit_segments"]:
        out["unit_segments"] = list(out["sources"])
    return out


def _row(seg: InSegment, parsed: dict[str, Any]) -> dict[str, Any]:
    """A gold row as another project's file would hold it (id lists as JSON text)."""
    row = {"id": seg.id, "document_id": seg.document_id, "code_id": seg.code_id, "start": seg.start,
           "end": seg.end, "quote": "", "created_at": seg.created_at, "updated_at": seg.updated_at,
           "deleted_at": None, "attributes": seg.attributes or "{}", **parsed}
    return {k: db_value(k, v) for k, v in row.items()}


def lift_gold(bundle: Bundle) -> int:
    """Move the gold user's selections of a REFI-QDA bundle into ``bundle.gold``; how many."""
    gold_users = {c.id for c in bundle.coders if name_key(c.name) == name_key(GOLD_CODER)}
    if not gold_users or bundle.gold:
        return 0
    theirs = [s for s in bundle.segments if s.coder_id in gold_users]
    parsed = [parse_description(s.memo) for s in theirs]
    if not theirs or any(p is None for p in parsed):
        return 0  # not our export: leave that user as a coder
    bundle.gold = [_row(s, p) for s, p in zip(theirs, parsed, strict=True) if p is not None]
    bundle.segments = [s for s in bundle.segments if s.coder_id not in gold_users]
    bundle.coders = [c for c in bundle.coders if c.id not in gold_users]
    bundle.statuses = [s for s in bundle.statuses if s.coder_id not in gold_users]
    return len(bundle.gold)

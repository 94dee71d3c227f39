"""Adjudication decisions as named, invertible edits on the gold layer.

Each builder returns one :class:`~newscoder.core.edits.Edit` touching only
``gold_segments``: a decision on a unit tombstones the unit's earlier live decision
(if any) and inserts the new gold row(s), so re-deciding, undo and redo are each
one step. The coders' ``segments`` are never read for writing, let alone changed.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from newscoder.core import gold_store, limits
from newscoder.core.edits import Edit, RowChange
from newscoder.core.errors import EditError
from newscoder.core.gold.units import Unit
from newscoder.core.gold.values import common_json
from newscoder.core.gold_store import GoldSegment
from newscoder.core.store import Project
from newscoder.core.timeutil import now_utc

ACCEPT, UNION, INTERSECTION, EDITED, NONE, ADDED, AGREED = (
    "accepted", "union", "intersection", "edited", "none", "added", "agreed")

LABELS = {
    ACCEPT: "Accept a coder's version", UNION: "Take the union", INTERSECTION: "Take the intersection",
    EDITED: "Edit the gold segment", NONE: "Accept nothing", ADDED: "Add a gold segment", AGREED: "Accept agreed",
}


def unit_decision(project: Project, unit: Unit, settled: dict[str, list[str]] | None = None) -> list[GoldSegment]:
    """The live gold rows that settle any of the unit's segments."""
    if settled is None:
        settled = gold_store.decided_segment_ids(project, [unit.document_id])
    ids = sorted({g for s in unit.segment_ids for g in settled.get(s, ())})
    rows = [gold_store.gold_row(project, g) for g in ids]
    return [r for r in rows if r is not None]


def is_decided(unit: Unit, settled: dict[str, list[str]]) -> bool:
    """Every segment of the unit is settled by a live decision."""
    return all(s in settled for s in unit.segment_ids)


def _row(project: Project, document_id: str, settles: Sequence[str], *, code_id: str, start: int, end: int,
         decision: str, adjudicator: str, reason: str, sources: Sequence[str], now: str,
         attributes: str = "{}") -> dict[str, object]:
    found = project.document_length_and_quote(document_id, start, end)
    if found is None:
        raise EditError(f"no such article: {document_id}")
    length, quote = found
    if not 0 <= start < end <= length:
        raise EditError(f"cannot put a gold segment at [{start}, {end}): the article has {length} characters")
    if project.code(code_id) is None:
        raise EditError(f"no such code: {code_id}")
    gold = GoldSegment(str(uuid.uuid4()), document_id, code_id, start, end, quote, decision,
                       adjudicator, reason, tuple(sources), tuple(settles), now, now, None, attributes)
    return gold_store.gold_as_row(gold)


def decide(project: Project, unit: Unit, decision: str, adjudicator: str, *, coder: int | None = None,
           span: tuple[int, int] | None = None, code_id: str | None = None, reason: str = "",
           settled: dict[str, list[str]] | None = None) -> Edit:
    """Settle ``unit``: accept coder ``coder``'s version, the union, the intersection, an
    edited span/code, or nothing. Replaces (tombstones) the unit's earlier decision."""
    adjudicator = " ".join(adjudicator.split())
    if not adjudicator:
        raise EditError("a decision needs the adjudicator's name")
    if len(adjudicator) > limits.MAX_NAME or len(reason) > limits.MAX_MEMO:
        raise EditError(f"the adjudicator's name (at most {limits.MAX_NAME} characters) or the reason "
                        f"(at most {limits.MAX_MEMO:,}) is too long")
    now = now_utc()
    label = LABELS.get(decision)
    if label is None:
        raise EditError(f"unknown decision {decision!r}")
    spans: list[tuple[int, int]] = []
    sources: list[str] = list(unit.segment_ids)
    kind = decision
    if decision == ACCEPT:
        version = unit.version_of(coder) if coder is not None else None
        if coder is None or not 0 <= coder < unit.n_coders:
            raise EditError("accept whose version?")
        if version is None:
            kind, sources = NONE, []  # this coder coded nothing here: accepting them is accepting nothing
        else:
            spans, sources = list(version.spans), list(version.segment_ids)
    elif decision == UNION:
        spans = [(unit.start, unit.end)]
    elif decision == INTERSECTION:
        lo = max(min(s for s, _ in v.spans) for v in unit.versions)
        hi = min(max(e for _, e in v.spans) for v in unit.versions)
        if len(unit.versions) < unit.n_coders or lo >= hi:
            raise EditError("the coders' versions have no text in common")
        spans = [(lo, hi)]
    elif decision == EDITED:
        if span is None:
            raise EditError("an edited gold segment needs its span")
        spans = [span]
    elif decision != NONE:
        raise EditError(f"cannot decide a unit by {decision!r}")
    if kind == NONE:
        spans, sources = [(unit.start, unit.end)], []
    changes: list[RowChange] = [RowChange("gold_segments", gold_store.gold_as_row(g),
                                          {**gold_store.gold_as_row(g), "deleted_at": now})
                                for g in unit_decision(project, unit, settled)]
    values = gold_store.segment_values(project, sources) if kind in (ACCEPT, UNION, INTERSECTION) else {}
    for start, end in spans:
        # accept: the values of the coder's segments in this span; union/intersection: the values
        # every coder's segment in the unit agrees on; edited and none: no values (gold.values)
        within = (start, end) if kind == ACCEPT else None
        changes.append(RowChange("gold_segments", None, _row(
            project, unit.document_id, unit.segment_ids, code_id=code_id or unit.code_id, start=start, end=end,
            decision=kind, adjudicator=adjudicator, reason=reason, sources=sources, now=now,
            attributes=common_json(values, sources, within) if values else "{}")))
    return Edit(label, tuple(changes))


def add_gold(project: Project, document_id: str, code_id: str, start: int, end: int, adjudicator: str,
             reason: str = "") -> Edit:
    """A gold segment no coder has: decision ``added``, no provenance, settling no unit."""
    adjudicator = " ".join(adjudicator.split())
    if not adjudicator or len(adjudicator) > limits.MAX_NAME:
        raise EditError("a gold segment needs the adjudicator's name (at most 200 characters)")
    now = now_utc()
    row = _row(project, document_id, (), code_id=code_id, start=start, end=end, decision=ADDED,
               adjudicator=adjudicator, reason=reason, sources=(), now=now)
    return Edit(LABELS[ADDED], (RowChange("gold_segments", None, row),))


def set_reason(project: Project, unit: Unit, reason: str, settled: dict[str, list[str]] | None = None) -> Edit:
    """Give the unit's decision a reason (every gold row of the decision)."""
    rows = unit_decision(project, unit, settled)
    if not rows:
        raise EditError("decide the unit first, then give the reason")
    if len(reason) > limits.MAX_MEMO:
        raise EditError(f"a reason has at most {limits.MAX_MEMO:,} characters")
    changes = tuple(RowChange("gold_segments", gold_store.gold_as_row(g), {**gold_store.gold_as_row(g),
                                                                              "reason": reason})
                    for g in rows if g.reason != reason)
    return Edit("Give a reason", changes)


def undecide(project: Project, unit: Unit, settled: dict[str, list[str]] | None = None) -> Edit:
    """Withdraw the unit's decision (its gold rows become tombstones)."""
    now = now_utc()
    return Edit("Withdraw the decision", tuple(
        RowChange("gold_segments", gold_store.gold_as_row(g), {**gold_store.gold_as_row(g), "deleted_at": now})
        for g in unit_decision(project, unit, settled)))

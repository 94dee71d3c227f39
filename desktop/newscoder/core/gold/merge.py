"""Merging another project's gold layer, by the rules segments merge by.

* Gold rows match by id. A row that differs on both sides is settled by ``updated_at``:
  the newer wins; on a tie a deletion wins, otherwise ours stays. It is a *conflict*
  when both sides changed it since the last merge of that project (or since the copy
  was made). Tombstones travel.
* Two adjudicators may decide the same unit (rows with different ids settling the same
  coders' segments) differently. That is a conflict too: the newer decision wins, the
  other becomes a tombstone (on a tie ours stays), and the report says so. The same decision reached twice
  (same code, span and decision) is kept once (ours).

The coders' segments are never touched here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from newscoder.core import gold_store
from newscoder.core.store import Project
from newscoder.core.timeutil import now_utc


@dataclass
class GoldTally:
    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    kept_ours: int = 0
    conflicts: int = 0
    skipped: list[str] = field(default_factory=list)

    def changed(self) -> bool:
        return bool(self.added or self.updated or self.deleted)

    def line(self) -> str:
        return (f"  gold: {self.added} added, {self.updated} updated, {self.deleted} deleted, {self.unchanged} "
                f"unchanged, {self.kept_ours} kept ours (newer), {self.conflicts} in conflict")


_COMPARED = ("document_id", "code_id", "start", "end", "decision", "adjudicator", "reason", "sources",
             "unit_segments", "deleted_at", "attributes")


def _theirs_wins(ours: Mapping[str, Any], theirs: Mapping[str, Any]) -> bool:
    if theirs["updated_at"] != ours["updated_at"]:
        return bool(theirs["updated_at"] > ours["updated_at"])
    return bool(theirs["deleted_at"]) and not ours["deleted_at"]


def _same_decision(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    return all(a[k] == b[k] for k in ("document_id", "code_id", "start", "end", "decision"))


def merge_gold(project: Project, rows: list[dict[str, Any]], doc_map: Mapping[str, str], code_map: Mapping[str, str],
               texts: Mapping[str, str], changed_since_base: Callable[[str], bool], conflicts: list[str],
               values: Callable[[str, str, str], str] | None = None) -> GoldTally:
    """Merge ``rows`` (another project's gold rows) into ``project``, inside the caller's transaction.

    ``values(attributes, code_id, row_id)`` maps and checks a row's attribute values as a coder's
    segment's are (their source ids to ours, each value against our code's definitions).
    """
    tally = GoldTally()
    written: list[dict[str, Any]] = []
    for theirs in rows:
        doc, code = doc_map.get(theirs["document_id"]), code_map.get(theirs["code_id"])
        if doc is None or code is None:
            tally.skipped.append(f"gold segment {theirs['id']}: its {'article' if doc is None else 'code'} "
                                 "is not in the other project's data")
            continue
        text = texts[doc]
        start, end = theirs["start"], theirs["end"]
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            tally.skipped.append(f"gold segment {theirs['id']}: [{start}, {end}) is outside its article")
            continue
        given = theirs.get("attributes") or "{}"
        row = {**theirs, "document_id": doc, "code_id": code, "quote": text[start:end],
               "attributes": values(given, code, theirs["id"]) if values is not None else given}
        ours = gold_store.gold_row_dict(project, row["id"])
        if ours is None:
            if row["deleted_at"]:
                tally.unchanged += 1
                continue
            twin = _twin(project, row)
            if twin is not None:
                tally.unchanged += 1  # the same decision, reached on both sides: ours stays
                continue
            gold_store.upsert_gold_rows(project, [row])
            tally.added += 1
            written.append(row)
            continue
        if all(ours[k] == row[k] for k in _COMPARED):
            tally.unchanged += 1
            continue
        take = _theirs_wins(ours, row)
        both = changed_since_base(ours["updated_at"]) and changed_since_base(row["updated_at"])
        if both:
            tally.conflicts += 1
            conflicts.append(f"gold segment {row['id']} changed in both: ours {ours['updated_at']} "
                             f"({ours['decision']} by {ours['adjudicator']}), theirs {row['updated_at']} "
                             f"({row['decision']} by {row['adjudicator']}); kept {'theirs' if take else 'ours'}")
        if not take:
            tally.kept_ours += not both
            continue
        gold_store.upsert_gold_rows(project, [row])
        if row["deleted_at"] and not ours["deleted_at"]:
            tally.deleted += 1
        else:
            tally.updated += 1
            written.append(row)
    for row in written:
        _settle_unit(project, row, tally, conflicts)
    return tally


def _live_rivals(project: Project, row: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Our other live gold rows that settle any of the same coders' segments."""
    ids = set(json.loads(row["unit_segments"])) if isinstance(row["unit_segments"], str) else set(row["unit_segments"])
    settled = gold_store.decided_segment_ids(project)
    rivals = {g for s in ids for g in settled.get(s, ()) if g != row["id"]}
    found = [gold_store.gold_row_dict(project, g) for g in sorted(rivals)]
    return [r for r in found if r is not None and not r["deleted_at"]]


def _twin(project: Project, row: Mapping[str, Any]) -> dict[str, Any] | None:
    rivals = _live_rivals(project, row)
    return next((r for r in rivals if _same_decision(r, row)), None) if rivals else None


def _decision_key(row: Mapping[str, Any]) -> tuple[str, str, str]:
    """The rows of one decision (e.g. a coder's version in two spans) share adjudicator, time and unit."""
    return (row["adjudicator"], row["created_at"], row["unit_segments"])


def _settle_unit(project: Project, row: Mapping[str, Any], tally: GoldTally, conflicts: list[str]) -> None:
    """Two live decisions on one unit: the newer stays, the older becomes tombstones (a conflict)."""
    current = gold_store.gold_row_dict(project, row["id"])
    if current is None or current["deleted_at"]:
        return
    mine = _decision_key(current)
    rivals = [r for r in _live_rivals(project, current) if _decision_key(r) != mine]
    if not rivals:
        return
    newest_rival = max(rivals, key=lambda r: (r["updated_at"], r["id"]))
    theirs_newer = current["updated_at"] > newest_rival["updated_at"]  # a tie: ours stays
    winner = current if theirs_newer else newest_rival
    group = [current, *rivals]
    losers = [r for r in group if _decision_key(r) != _decision_key(winner)]
    now = now_utc()
    gold_store.upsert_gold_rows(project, [{**r, "deleted_at": now, "updated_at": now} for r in losers])
    tally.conflicts += 1
    lost = "; ".join(sorted({f"{r['decision']} by {r['adjudicator']} ({r['updated_at']})" for r in losers}))
    conflicts.append(f"a unit was decided on both sides: {winner['decision']} by {winner['adjudicator']} "
                     f"({winner['updated_at']}) kept over {lost}")

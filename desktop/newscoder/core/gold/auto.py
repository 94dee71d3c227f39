"""``gold auto`` (as INCEpTION's auto-merge) and ``gold status``.

:func:`auto_accept` copies into gold every unit on which all the selected coders agree
(same code, same span: the F1 exact match) and that no live decision settles yet; a
second run finds nothing new. :func:`gold_status` counts decided and remaining units
per document, worst documents first.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from newscoder.core import gold_store, limits
from newscoder.core.edits import Edit, RowChange
from newscoder.core.errors import UserError
from newscoder.core.gold.decide import AGREED, is_decided
from newscoder.core.gold.units import Unit, load_units
from newscoder.core.gold.values import common_json
from newscoder.core.store import Project
from newscoder.core.timeutil import now_utc


@dataclass(frozen=True)
class AutoResult:
    accepted: int  # agreed units copied into gold by this run
    disagreements: int  # disagreement units no decision settles yet
    agreed_before: int  # agreed units already in gold
    dry_run: bool = False

    def message(self) -> str:
        head = "would accept" if self.dry_run else "accepted"
        return f"{head} {self.accepted}, disagreements {self.disagreements}"


def _agreed_rows(project: Project, units: Sequence[Unit], adjudicator: str
                 ) -> tuple[list[dict[str, object]], int, int]:
    """Gold rows for the agreed, undecided units; and the counts of undecided disagreements and agreed-before."""
    adjudicator = " ".join(adjudicator.split())
    if not adjudicator:
        raise UserError("gold auto needs the adjudicator's name (--adjudicator NAME)")
    if len(adjudicator) > limits.MAX_NAME:
        raise UserError(f"the adjudicator's name has more than {limits.MAX_NAME} characters")
    settled = gold_store.decided_segment_ids(project)
    new_rows: list[dict[str, object]] = []
    agreed_units: list[Unit] = []
    agreed_before = disagreements = 0
    now = now_utc()
    for unit in units:
        decided = is_decided(unit, settled)
        if not unit.agreed:
            disagreements += not decided
            continue
        if decided:
            agreed_before += 1
            continue
        start, end = unit.versions[0].spans[0]
        agreed_units.append(unit)
        new_rows.append({
            "id": str(uuid.uuid4()), "document_id": unit.document_id, "code_id": unit.code_id,
            "start": start, "end": end, "quote": "", "decision": AGREED, "adjudicator": adjudicator, "reason": "",
            "sources": unit.segment_ids, "unit_segments": unit.segment_ids,
            "created_at": now, "updated_at": now, "deleted_at": None, "attributes": "{}",
        })
    quotes = _quotes(project, new_rows)
    values = gold_store.segment_values(project, [s for u in agreed_units for s in u.segment_ids])
    for row, unit in zip(new_rows, agreed_units, strict=True):
        row["quote"] = quotes[str(row["id"])]
        row["attributes"] = common_json(values, unit.segment_ids)  # the values every coder gave alike
    return new_rows, disagreements, agreed_before


def auto_accept(project: Project, coder_ids: Sequence[str], adjudicator: str, *, dry_run: bool = False) -> AutoResult:
    """Copy every agreed, undecided unit into gold (one transaction); with ``dry_run`` only count."""
    rows, disagreements, agreed_before = _agreed_rows(project, load_units(project, coder_ids), adjudicator)
    if rows and not dry_run:
        gold_store.upsert_gold_rows(project, rows)
    return AutoResult(len(rows), disagreements, agreed_before, dry_run)


def agreed_edit(project: Project, units: Sequence[Unit], adjudicator: str) -> Edit:
    """The same as :func:`auto_accept`, as one undoable edit (the adjudication window's "Accept agreed")."""
    rows, _d, _a = _agreed_rows(project, units, adjudicator)
    return Edit("Accept agreed units", tuple(
        RowChange("gold_segments", None, {f: gold_store.db_value(f, row.get(f)) for f in gold_store.GOLD_FIELDS})
        for row in rows))


def _quotes(project: Project, rows: list[dict[str, object]]) -> dict[str, str]:
    texts: dict[str, str] = {}
    out = {}
    for row in rows:
        doc = str(row["document_id"])
        if doc not in texts:
            texts[doc] = project.document_text(doc)
        start, end = row["start"], row["end"]
        assert isinstance(start, int) and isinstance(end, int)
        out[str(row["id"])] = texts[doc][start:end]
    return out


@dataclass
class DocumentStatus:
    document_id: str
    title: str
    units: int = 0
    agreed: int = 0
    disagreements: int = 0
    decided: int = 0  # units a live decision settles (agreed or not)
    gold_segments: int = 0

    @property
    def remaining(self) -> int:
        return self.units - self.decided


@dataclass
class GoldStatus:
    coders: tuple[str, ...]
    documents: list[DocumentStatus] = field(default_factory=list)

    @property
    def decided(self) -> int:
        return sum(d.decided for d in self.documents)

    @property
    def remaining(self) -> int:
        return sum(d.remaining for d in self.documents)

    def lines(self) -> list[str]:
        out = [f"gold for coders {', '.join(self.coders)}: decided {self.decided}, remaining {self.remaining}"]
        if self.documents:
            out.append("decided\tremaining\tdisagreements\tgold segments\tarticle")
        for d in self.documents:
            out.append(f"{d.decided}\t{d.remaining}\t{d.disagreements}\t{d.gold_segments}\t{d.title}")
        return out


def worst_first(units: Sequence[Unit], titles: dict[str, str]) -> list[str]:
    """Document ids, most disagreement units first (then by title and id, for a stable order)."""
    counts: dict[str, int] = {}
    for u in units:
        counts[u.document_id] = counts.get(u.document_id, 0) + (not u.agreed)
    return sorted(counts, key=lambda d: (-counts[d], titles.get(d, "").casefold(), d))


def gold_status(project: Project, coder_ids: Sequence[str], coder_names: Sequence[str]) -> GoldStatus:
    """Decided and remaining units per document (worst documents first)."""
    units = load_units(project, coder_ids)
    settled = gold_store.decided_segment_ids(project)
    titles = gold_store.documents_titles(project)
    gold_counts = gold_store.gold_document_counts(project)
    per: dict[str, DocumentStatus] = {}
    for u in units:
        d = per.setdefault(u.document_id, DocumentStatus(u.document_id, titles.get(u.document_id, "")))
        d.units += 1
        d.agreed += u.agreed
        d.disagreements += not u.agreed
        d.decided += is_decided(u, settled)
    for doc, st in per.items():
        st.gold_segments = gold_counts.get(doc, (0, 0))[0]
    order = worst_first(units, titles)
    return GoldStatus(tuple(coder_names), [per[d] for d in order])

"""Autocode: the hits of one or more searches become segments, as one undoable edit.

:func:`propose` runs the searches and widens each hit to the chosen extent (match, word,
sentence, paragraph); a proposal whose span one of the coder's segments with that code
already covers is counted as *already coded* and left out, as is a repeat inside the batch
(two hits in one sentence code that sentence once). :func:`batch_edit` turns the accepted
proposals into one :class:`~newscoder.core.edits.Edit` ("Autocode: N segments") that adds
every segment and moves not-started articles to in progress; its inverse removes them all.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from newscoder.core import corpus
from newscoder.core import edits
from newscoder.core.edits import Edit, RowChange
from newscoder.core.errors import EditError
from newscoder.core.records import Status
from newscoder.core.search import engine
from newscoder.core.search import filters as filters_mod
from newscoder.core.search.extent import Extent, widen
from newscoder.core.store import Project
from newscoder.core.timeutil import now_utc


@dataclass(frozen=True)
class Search:
    """One search to code: its query (or pattern) and the code its hits get."""

    code_id: str
    query: str
    regex: bool = False


@dataclass(frozen=True)
class Proposal:
    """A hit and the span it would code."""

    code_id: str
    hit: engine.Hit
    start: int
    end: int

    @property
    def document_id(self) -> str:
        return self.hit.document_id


@dataclass
class Plan:
    proposals: list[Proposal] = field(default_factory=list)
    already: int = 0  # hits whose span the coder has already coded with that code
    per_code: dict[str, int] = field(default_factory=dict)  # proposals per code id


def propose(
    project: Project,
    searches: Sequence[Search],
    coder_id: str,
    *,
    extent: Extent | str = Extent.MATCH,
    where: Iterable[str | filters_mod.Filter] = (),
    cancel: Callable[[], bool] | None = None,
) -> Plan:
    """Every hit of ``searches`` as a proposal, grouped by code (in ``searches`` order)."""
    pairs: list[tuple[str, engine.Hit]] = []
    where = list(where)
    for s in searches:
        if project.code(s.code_id) is None:
            raise EditError(f"no such code: {s.code_id}")
        spans = engine.Spans(s.query, regex=s.regex)
        among = filters_mod.matching_ids(project, where)
        for doc in corpus.texts(project, spans.candidates(project, among)):
            if cancel is not None and cancel():
                raise engine.SearchCancelled("autocode was cancelled")
            pairs.extend((s.code_id, engine._kwic(doc, a, b, engine.CONTEXT)) for a, b in spans.find(doc[4]))
    return plan_hits(project, pairs, coder_id, extent=extent)


def plan_hits(project: Project, pairs: Sequence[tuple[str, engine.Hit]], coder_id: str, *,
              extent: Extent | str = Extent.MATCH) -> Plan:
    """Proposals for ``(code_id, hit)`` pairs: widened to ``extent``; coded ones and repeats left out."""
    plan = Plan()
    docs = {h.document_id for _c, h in pairs}
    texts = {d: t for d, _ti, _s, _p, t in corpus.texts(project, docs)}
    covered: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for code_id in dict.fromkeys(c for c, _h in pairs):
        for d, a, b in corpus.coded_spans(project, code_id, coder_id, docs):
            covered.setdefault((code_id, d), []).append((a, b))
    seen: set[tuple[str, str, int, int]] = set()
    for code_id, hit in pairs:
        text = texts.get(hit.document_id)
        if text is None:
            continue
        a, b = widen(text, hit.start, hit.end, extent)
        key = (code_id, hit.document_id, a, b)
        if key in seen:
            continue
        seen.add(key)
        if any(x <= a and b <= y for x, y in covered.get((code_id, hit.document_id), ())):
            plan.already += 1
            continue
        plan.proposals.append(Proposal(code_id, hit, a, b))
        plan.per_code[code_id] = plan.per_code.get(code_id, 0) + 1
    return plan


def batch_edit(project: Project, proposals: Sequence[Proposal], coder_id: str, *, coder_name: str = "") -> Edit:
    """One edit adding a segment per proposal (repeats dropped), labelled with how many it makes.

    As :func:`edits.add_segment`, a coder not in the project yet is registered by this edit
    when ``coder_name`` is given (the window's coder before their first segment).
    """
    if project.coder(coder_id) is None and not coder_name.strip():
        raise EditError(f"no such coder: {coder_id}")
    now = now_utc()
    changes: list[RowChange] = edits._new_coder(project, coder_id, coder_name)
    seen: set[tuple[str, str, int, int]] = set()
    docs: list[str] = []
    texts = {d: t for d, _ti, _s, _p, t in corpus.texts(project, {p.document_id for p in proposals})}
    for p in proposals:
        key = (p.code_id, p.document_id, p.start, p.end)
        if key in seen:
            continue
        seen.add(key)
        text = texts.get(p.document_id)
        if text is None:
            raise EditError("an article of the batch is no longer in the project")
        if not 0 <= p.start < p.end <= len(text):
            raise EditError(f"cannot code [{p.start}, {p.end}): the article has {len(text)} characters")
        changes.append(RowChange("segments", None, {
            "id": str(uuid.uuid4()), "document_id": p.document_id, "code_id": p.code_id, "coder_id": coder_id,
            "start": p.start, "end": p.end, "quote": text[p.start:p.end], "memo": "",
            "created_at": now, "updated_at": now, "deleted_at": None,
        }))
        if p.document_id not in docs:
            docs.append(p.document_id)
    n = sum(1 for c in changes if c.table == "segments")
    statuses = project.statuses(coder_id)
    for d in docs:
        current = statuses.get(d)
        if current is None:
            before = None
        elif current == Status.NOT_STARTED:
            before = {"document_id": d, "coder_id": coder_id, "status": Status.NOT_STARTED.value}
        else:
            continue
        changes.append(RowChange("document_status", before, {
            "document_id": d, "coder_id": coder_id, "status": Status.IN_PROGRESS.value, "updated_at": now}))
    return Edit(f"Autocode: {n} segment{'s' if n != 1 else ''}", tuple(changes))


def segments_made(edit: Edit) -> int:
    """How many segments an autocode edit adds."""
    return sum(1 for c in edit.changes if c.table == "segments" and c.before is None)

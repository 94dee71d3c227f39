"""How good are the suggestions? Precision and recall per code on articles the suggester did not learn from.

Leave one article out: for each article the coder coded, the engine learns from the coder's
segments in every *other* article and suggests in this one (the coder's own segments there
are not excluded, they are the answer). A suggestion is correct if it overlaps a segment of
the same code by that coder in that article; a segment is found if a suggestion of its code
overlaps it. Rows per code and per suggester kind ("rules", "neighbours", "all").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from newscoder.core.store import Project
from newscoder.core.suggest.engine import SuggestionEngine
from newscoder.core.suggest.types import Suggestion


@dataclass(frozen=True)
class Quality:
    code: str
    suggester: str  # "rules", "neighbours" or "all"
    suggested: int
    correct: int
    gold: int
    found: int

    @property
    def precision(self) -> float | None:
        return self.correct / self.suggested if self.suggested else None

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None


def _kinds(s: Suggestion) -> list[str]:
    kinds = ["all"]
    if "rules." in s.suggester:
        kinds.append("rules")
    if "neighbours/" in s.suggester:
        kinds.append("neighbours")
    return kinds


def leave_one_out(project: Project, coder_id: str, *, min_score: float = 0.0,
                  progress: Callable[[int, int], None] | None = None) -> tuple[list[Quality], int]:
    """Quality rows (by code name, then kind) and the number of articles evaluated."""
    segments = [s for s in project.segments(coder_id=coder_id)]
    documents = sorted({s.document_id for s in segments})
    names = {c.id: c.name for c in project.codes()}
    counts: dict[tuple[str, str], list[int]] = {}  # (code, kind) -> [suggested, correct, gold, found]
    engine = SuggestionEngine(project, coder_id)
    for n, held in enumerate(documents, start=1):
        engine.hold_out = held
        found = [s for s in engine.for_document(held, exclude_coded=False) if s.score >= min_score]
        gold = [(s.code_id, s.start, s.end) for s in segments if s.document_id == held]
        for s in found:
            hit = any(c == s.code_id and a < s.end and s.start < b for c, a, b in gold)
            for kind in _kinds(s):
                row = counts.setdefault((s.code_id, kind), [0, 0, 0, 0])
                row[0] += 1
                row[1] += int(hit)
        for code, a, b in gold:
            for kind in ("all", "rules", "neighbours"):
                row = counts.setdefault((code, kind), [0, 0, 0, 0])
                row[2] += 1
                row[3] += int(any(s.code_id == code and s.start < b and a < s.end and kind in _kinds(s)
                                  for s in found))
        if progress is not None:
            progress(n, len(documents))
    rows = [Quality(names.get(code, code), kind, *values) for (code, kind), values in counts.items()]
    order = {"all": 0, "rules": 1, "neighbours": 2}
    rows.sort(key=lambda q: (q.code.casefold(), order[q.suggester]))
    return rows, len(documents)

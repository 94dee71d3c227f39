"""Accepting many suggestions at once (the review list's "Code all"): one edit, provenance on every segment.

The segments, the articles' statuses and a new coder's registration are exactly
:func:`newscoder.core.search.autocode.batch_edit`'s (repeats dropped); each segment then gets
the ``segment_provenance`` row :func:`newscoder.core.suggest.edits.accept` would give it
(suggester, model SHA-256, score). The inverse deletes them all; nothing is written until the
edit is applied.
"""

from __future__ import annotations

from collections.abc import Sequence

from newscoder.core.edits import Edit, RowChange
from newscoder.core.search import autocode
from newscoder.core.search.engine import Hit
from newscoder.core.store import Project
from newscoder.core.suggest.types import Suggestion
from newscoder.core.timeutil import now_utc


def accept_many(project: Project, accepted: Sequence[tuple[Suggestion, str]], coder_id: str, *,
                coder_name: str = "") -> Edit:
    """One edit adding each ``(suggestion, code_id)`` as a segment of that code, with its provenance."""
    by_span: dict[tuple[str, int, int, str], Suggestion] = {}
    proposals = []
    for s, code_id in accepted:
        key = (s.document_id, s.start, s.end, code_id)
        if key in by_span:
            continue
        by_span[key] = s
        hit = Hit(s.document_id, "", "", "", s.start, s.end, "", "", "")
        proposals.append(autocode.Proposal(code_id, hit, s.start, s.end))
    base = autocode.batch_edit(project, proposals, coder_id, coder_name=coder_name)
    now = now_utc()
    provenance = []
    for change in base.changes:
        row = change.after
        if change.table != "segments" or row is None:
            continue
        s = by_span[(row["document_id"], row["start"], row["end"], row["code_id"])]
        provenance.append(RowChange("segment_provenance", None, {
            "segment_id": row["id"], "suggester": s.suggester, "model_sha256": s.model_sha256,
            "score": float(s.score), "created_at": now}))
    n = len(provenance)
    return Edit(f"Accept {n} suggestion{'s' if n != 1 else ''}", (*base.changes, *provenance))

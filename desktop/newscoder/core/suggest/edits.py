"""Accepting and rejecting a suggestion: two named, invertible edits (nothing is written until applied).

:func:`accept` is :func:`newscoder.core.edits.add_segment` (the same checks, the article's status,
the coder registered by their first edit) plus one ``segment_provenance`` row: the suggester's
name/version, the model file's SHA-256 (learned suggestions) and the score. Its inverse deletes
both rows. :func:`reject` adds one ``suggestion_rejections`` row for the coder; its inverse
removes it, so an undone rejection is suggested again.
"""

from __future__ import annotations

import uuid

from newscoder.core import edits
from newscoder.core import store_suggest
from newscoder.core.edits import Edit, RowChange
from newscoder.core.errors import EditError
from newscoder.core.store import Project
from newscoder.core.suggest.types import Suggestion
from newscoder.core.timeutil import now_utc


def accept(project: Project, s: Suggestion, coder_id: str, *, code_id: str | None = None,
           coder_name: str = "", attributes: str = "{}") -> Edit:
    """An edit adding ``s`` as a normal segment of ``code_id`` (default: the suggested code), with provenance."""
    base = edits.add_segment(project, s.document_id, code_id or s.code_id, coder_id, s.start, s.end,
                             attributes=attributes, coder_name=coder_name)
    segment = next(c.after for c in base.changes if c.table == "segments" and c.after is not None)
    row = {"segment_id": segment["id"], "suggester": s.suggester, "model_sha256": s.model_sha256,
           "score": float(s.score), "created_at": now_utc()}
    return Edit("Accept suggestion", (*base.changes, RowChange("segment_provenance", None, row)))


def reject(project: Project, s: Suggestion, coder_id: str, *, coder_name: str = "") -> Edit:
    """An edit remembering that this coder rejected ``s`` (never suggested to them again)."""
    if store_suggest.rejection_by_key(project, coder_id, s.key) is not None:
        raise EditError("that suggestion was already rejected")
    found = project.document_length_and_quote(s.document_id, s.start, s.end)
    if found is None:
        raise EditError("that article is no longer in the project")
    if not 0 <= s.start < s.end <= found[0]:
        raise EditError(f"cannot reject [{s.start}, {s.end}): the article has {found[0]} characters")
    if project.code(s.code_id) is None:
        raise EditError(f"no such code: {s.code_id}")
    changes = edits._new_coder(project, coder_id, coder_name)
    row = {"id": str(uuid.uuid4()), "coder_id": coder_id, "document_id": s.document_id, "code_id": s.code_id,
           "start": s.start, "end": s.end, "key": s.key, "suggester": s.suggester, "created_at": now_utc()}
    changes.append(RowChange("suggestion_rejections", None, row))
    return Edit("Reject suggestion", tuple(changes))

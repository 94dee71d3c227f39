"""Named queries for agreement studies (store layer): :mod:`newscoder.core.agreement` runs no SQL of its own."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newscoder.core.store import Project


def documents_by_title(project: Project) -> list[tuple[str, str, int]]:
    """``(id, title, length)`` of every article, ordered by title as the article list is (no text)."""
    return project.conn.execute(
        "SELECT id, title, length FROM documents ORDER BY title COLLATE NOCASE, title, id"
    ).fetchall()


def indexed_spans(project: Project, coder_ids: Sequence[str], code_ids: Sequence[str]) -> list[tuple[Any, ...]]:
    """Every live segment as ``(coder index, code index, document_id, start, end)``, in one query.

    The indices are positions in ``coder_ids`` and ``code_ids``, made in SQL; ``-1``: not selected
    (every code is ``-1`` when ``code_ids`` is empty).
    """
    coder_case = " ".join(f"WHEN ? THEN {i}" for i in range(len(coder_ids)))
    code_case = " ".join(f"WHEN ? THEN {i}" for i in range(len(code_ids)))
    return project.conn.execute(
        f"SELECT CASE coder_id {coder_case} ELSE -1 END, "
        f"{f'CASE code_id {code_case} ELSE -1 END' if code_ids else '-1'}, "
        'document_id, start, "end" FROM segments WHERE deleted_at IS NULL',
        [*coder_ids, *code_ids],
    ).fetchall()


def done_pairs(project: Project) -> list[tuple[str, str]]:
    """``(document_id, coder_id)`` of every article a coder marked done."""
    return project.conn.execute(
        "SELECT document_id, coder_id FROM document_status WHERE status = 'done'"
    ).fetchall()


def all_texts(project: Project) -> dict[str, str]:
    """Every article's text, by id."""
    return dict(project.conn.execute("SELECT id, text FROM documents"))


def code_segment_attributes(project: Project, code_id: str) -> list[tuple[Any, ...]]:
    """``(id, document_id, coder_id, start, end, attributes)`` of one code's live segments (attribute agreement)."""
    return project.conn.execute(
        'SELECT id, document_id, coder_id, start, "end", attributes FROM segments '
        "WHERE code_id = ? AND deleted_at IS NULL ORDER BY document_id, start, id", (code_id,)).fetchall()

"""Named queries for storing many articles at once (store layer; :mod:`newscoder.core.importers.bulk`)."""

from __future__ import annotations

from collections.abc import Sequence

from newscoder.core.records import DocumentInfo
from newscoder.core.store import DOC_INFO_COLUMNS, Project, _doc_info


def documents_with_sha(project: Project, shas: Sequence[str]) -> list[DocumentInfo]:
    """The stored documents whose content hash is one of ``shas`` (at most a few hundred per call)."""
    marks = ",".join("?" * len(shas))
    rows = project.conn.execute(
        f"SELECT {DOC_INFO_COLUMNS} FROM documents WHERE content_sha256 IN ({marks})", list(shas)
    ).fetchall()
    return [_doc_info(row) for row in rows]


def insert_documents(project: Project, rows: Sequence[tuple[object, ...]]) -> None:
    """Insert document rows ``(id, content_sha256, title, source, author, published, url, text, length,
    imported_at, metadata)`` in the caller's transaction (the caller indexes them for search)."""
    project.conn.executemany(
        "INSERT INTO documents (id, content_sha256, title, source, author, published, url, "
        "text, length, imported_at, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )

"""Storing many articles fast: one transaction and one ``executemany`` per batch."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from newscoder.core.importers.base import Article
from newscoder.core.records import DocumentInfo
from newscoder.core import store_documents
from newscoder.core.store import Project, content_hash, document_id_for
from newscoder.core.timeutil import now_utc

_LOOKUP_CHUNK = 500


def existing_by_sha(project: Project, shas: Sequence[str]) -> dict[str, DocumentInfo]:
    """The stored documents whose content hash is among ``shas``."""
    found: dict[str, DocumentInfo] = {}
    unique = list(dict.fromkeys(shas))
    for i in range(0, len(unique), _LOOKUP_CHUNK):
        chunk = unique[i:i + _LOOKUP_CHUNK]
        for info in store_documents.documents_with_sha(project, chunk):
            found[info.content_sha256] = info
    return found


def store_batch(
    project: Project, batch: Sequence[tuple[Path, Article]]
) -> tuple[list[tuple[Path, DocumentInfo]], list[tuple[Path, DocumentInfo]]]:
    """Insert the batch in one transaction: ``(imported, duplicates)``, each by file.

    A text already in the project, or seen earlier in the batch, is a duplicate
    of that document and is not stored again.
    """
    imported: list[tuple[Path, DocumentInfo]] = []
    duplicates: list[tuple[Path, DocumentInfo]] = []
    if not batch:
        return imported, duplicates
    hashed = [(path, art, content_hash(art.text)) for path, art in batch]
    rows: list[tuple[object, ...]] = []
    with project.atomic():
        known = existing_by_sha(project, [sha for _, _, sha in hashed])
        stamp = now_utc()
        for path, art, sha in hashed:
            if sha in known:
                duplicates.append((path, known[sha]))
                continue
            metadata = json.dumps(art.metadata, ensure_ascii=False, sort_keys=True)
            info = DocumentInfo(
                document_id_for(sha), art.title, art.source, art.author, art.published, art.url,
                sha, len(art.text), stamp, json.loads(metadata),
            )
            known[sha] = info
            imported.append((path, info))
            rows.append((
                info.id, sha, info.title, info.source, info.author, info.published, info.url,
                art.text, info.length, stamp, metadata,
            ))
        store_documents.insert_documents(project, rows)
        project.index_documents([str(r[0]) for r in rows])  # the search index, in the same transaction
    return imported, duplicates

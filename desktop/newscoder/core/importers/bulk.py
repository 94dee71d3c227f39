"""Storing many articles fast: one transaction and one ``executemany`` per batch."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from newscoder.core.importers.base import Article
from newscoder.core.records import DocumentInfo
from newscoder.core import publications, store_documents, store_publications
from newscoder.core.store_publications import PUBLICATION_FIELDS, Publication
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


class NewPublication(NamedTuple):
    """A file stored as another publication of a text already here."""

    path: Path
    document: DocumentInfo
    publication: Publication
    #: its place among the document's publications: 2 for the second, 3 for the third, …
    number: int

    def message(self, shown_path: str) -> str:
        """``added FILE as the second publication of 'TITLE' (ID): outlet, date`` (one line, plain text)."""
        what = ", ".join(x for x in (self.publication.source or "no source", self.publication.published) if x)
        return (f"added {shown_path} as the {ordinal(self.number)} publication of '{self.document.title}' "
                f"({self.document.id}): {what}")


def ordinal(n: int) -> str:
    words = {2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh", 8: "eighth", 9: "ninth"}
    return words.get(n, f"{n}th")


def _key_of(item: DocumentInfo | Article) -> str:
    return publications.metadata_key({f: getattr(item, f) for f in PUBLICATION_FIELDS})


def store_batch(
    project: Project, batch: Sequence[tuple[Path, Article]]
) -> tuple[list[tuple[Path, DocumentInfo]], list[tuple[Path, DocumentInfo]], list[NewPublication]]:
    """Insert the batch in one transaction: ``(imported, duplicates, new publications)``, each by file.

    A text already in the project, or seen earlier in the batch, is not stored again. With the
    same title, source, author, date and URL as one of its publications it is a duplicate of
    that document; with other metadata it is stored as a new publication of that document
    (the same wire story run by another outlet).
    """
    imported: list[tuple[Path, DocumentInfo]] = []
    duplicates: list[tuple[Path, DocumentInfo]] = []
    added: list[NewPublication] = []
    if not batch:
        return imported, duplicates, added
    hashed = [(path, art, content_hash(art.text)) for path, art in batch]
    rows: list[tuple[object, ...]] = []
    pub_rows: list[dict[str, object]] = []
    with project.atomic():
        known = existing_by_sha(project, [sha for _, _, sha in hashed])
        keys: dict[str, set[str]] = {info.id: {_key_of(info)} for info in known.values()}
        for doc_id, key in store_publications.publication_keys(project, list(keys)):
            keys[doc_id].add(key)
        stamp = now_utc()
        for path, art, sha in hashed:
            if sha in known:
                doc = known[sha]
                key = _key_of(art)
                if key in keys[doc.id]:
                    duplicates.append((path, doc))
                    continue
                row = publications.new_row(doc.id, {f: getattr(art, f) for f in PUBLICATION_FIELDS},
                                           art.metadata, stamp)
                keys[doc.id].add(key)
                pub_rows.append(row)
                added.append(NewPublication(path, doc, Publication(
                    str(row["id"]), doc.id, art.title, art.source, art.author, art.published, art.url,
                    dict(art.metadata), stamp), len(keys[doc.id])))
                continue
            metadata = json.dumps(art.metadata, ensure_ascii=False, sort_keys=True)
            info = DocumentInfo(
                document_id_for(sha), art.title, art.source, art.author, art.published, art.url,
                sha, len(art.text), stamp, json.loads(metadata),
            )
            known[sha] = info
            keys[info.id] = {_key_of(info)}
            imported.append((path, info))
            rows.append((
                info.id, sha, info.title, info.source, info.author, info.published, info.url,
                art.text, info.length, stamp, metadata,
            ))
        store_documents.insert_documents(project, rows)
        store_publications.insert_publications(project, pub_rows)
        project.index_documents([str(r[0]) for r in rows])  # the search index, in the same transaction
    return imported, duplicates, added

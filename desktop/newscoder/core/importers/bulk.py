"""Storing many articles fast: one transaction and one ``executemany`` per batch."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
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


@dataclass
class Stored:
    """What storing a batch did, by file."""

    imported: list[tuple[Path, DocumentInfo]] = field(default_factory=list)
    duplicates: list[tuple[Path, DocumentInfo]] = field(default_factory=list)
    added: list[NewPublication] = field(default_factory=list)
    #: a duplicate of a later publication (not of the document's own metadata): that publication
    duplicate_of: dict[Path, Publication] = field(default_factory=dict)

    def extend(self, other: Stored) -> None:
        self.imported += other.imported
        self.duplicates += other.duplicates
        self.added += other.added
        self.duplicate_of.update(other.duplicate_of)


def store_batch(project: Project, batch: Sequence[tuple[Path, Article]]) -> Stored:
    """Insert the batch in one transaction: what was imported, a duplicate, a new publication, by file.

    A text already in the project, or seen earlier in the batch, is not stored again. With the
    same title, source, author, date and URL as one of its publications it is a duplicate of
    that document; with other metadata it is stored as a new publication of that document
    (the same wire story run by another outlet).
    """
    out = Stored()
    if not batch:
        return out
    hashed = [(path, art, content_hash(art.text)) for path, art in batch]
    rows: list[tuple[object, ...]] = []
    pub_rows: list[dict[str, object]] = []
    with project.atomic():
        known = existing_by_sha(project, [sha for _, _, sha in hashed])
        #: per document, its publications by metadata key (None: the document's own, its first)
        keys: dict[str, dict[str, Publication | None]] = {info.id: {_key_of(info): None} for info in known.values()}
        for pub in store_publications.extra_publications(project, list(keys)):
            keys[pub.document_id][publications.metadata_key(pub.fields())] = pub
        stamp = now_utc()
        for path, art, sha in hashed:
            if sha in known:
                doc = known[sha]
                key = _key_of(art)
                if key in keys[doc.id]:
                    out.duplicates.append((path, doc))
                    matched = keys[doc.id][key]
                    if matched is not None:
                        out.duplicate_of[path] = matched
                    continue
                row = publications.new_row(doc.id, {f: getattr(art, f) for f in PUBLICATION_FIELDS},
                                           art.metadata, stamp)
                new = Publication(str(row["id"]), doc.id, art.title, art.source, art.author, art.published, art.url,
                                  dict(art.metadata), stamp)
                keys[doc.id][key] = new
                pub_rows.append(row)
                out.added.append(NewPublication(path, doc, new, len(keys[doc.id])))
                continue
            metadata = json.dumps(art.metadata, ensure_ascii=False, sort_keys=True)
            info = DocumentInfo(
                document_id_for(sha), art.title, art.source, art.author, art.published, art.url,
                sha, len(art.text), stamp, json.loads(metadata),
            )
            known[sha] = info
            keys[info.id] = {_key_of(info): None}
            out.imported.append((path, info))
            rows.append((
                info.id, sha, info.title, info.source, info.author, info.published, info.url,
                art.text, info.length, stamp, metadata,
            ))
        store_documents.insert_documents(project, rows)
        store_publications.insert_publications(project, pub_rows)
        project.index_documents([str(r[0]) for r in rows])  # the search index, in the same transaction
    return out

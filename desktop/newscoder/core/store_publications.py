"""Named queries for publications (store layer): the same text run by several outlets.

A document's own metadata is its *first* publication (its id is the document id); the
``publications`` table holds the second and later ones (see :mod:`newscoder.core.publications`
for the rules and the edits). Nothing here decides anything; it reads and writes rows.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from newscoder.core.store import Project

#: The fields that tell one publication of a text from another (and make it a duplicate when equal).
PUBLICATION_FIELDS = ("title", "source", "author", "published", "url")

_COLUMNS = "id, document_id, title, source, author, published, url, metadata, imported_at"
_CHUNK = 400


@dataclass(frozen=True, slots=True)
class Publication:
    """One outlet's run of a document's text: its own title, outlet (source), date, author and URL.

    ``first`` is the document's own metadata (``id == document_id``); the others are rows of
    the ``publications`` table.
    """

    id: str
    document_id: str
    title: str
    source: str
    author: str
    published: str
    url: str
    metadata: dict[str, Any]
    imported_at: str
    first: bool = False

    def fields(self) -> tuple[str, str, str, str, str]:
        return (self.title, self.source, self.author, self.published, self.url)


def _parse(text: str | None) -> dict[str, Any]:
    if not text or text == "{}":
        return {}
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _row(r: Sequence[Any], *, first: bool = False) -> Publication:
    return Publication(str(r[0]), str(r[1]), r[2], r[3], r[4], r[5], r[6], _parse(r[7]), r[8], first)


def _first_sql(where: str = "", *, light: bool = False) -> str:
    """The first publications (documents' own metadata). ``light``: without the document's metadata
    JSON and import time, which are stored after the text, so reading them reads the whole text."""
    extra = "'{}', ''" if light else "metadata, imported_at"
    return (f"SELECT id, id, title, source, author, published, url, {extra} FROM documents"
            + (f" WHERE {where}" if where else ""))


def extra_publications(project: Project, document_ids: Sequence[str] | None = None) -> list[Publication]:
    """The second and later publications (of these documents, if given), by document then in the order stored."""
    sql = f"SELECT {_COLUMNS} FROM publications"
    order = " ORDER BY document_id, rowid"
    if document_ids is None:
        return [_row(r) for r in project.conn.execute(sql + order)]
    out: list[Publication] = []
    ids = list(dict.fromkeys(document_ids))
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i:i + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        out += [_row(r) for r in project.conn.execute(f"{sql} WHERE document_id IN ({marks}){order}", chunk)]
    return out


def publications_of(project: Project, document_id: str, *, light: bool = False) -> list[Publication]:
    """Every publication of one document, the first (the document's own metadata) first; [] if unknown.

    ``light``: the first without the document's metadata and import time (see :func:`document_outlets`)."""
    first = project.conn.execute(_first_sql("id = ?", light=light), (document_id,)).fetchone()
    if first is None:
        return []
    return [_row(first, first=True), *extra_publications(project, [document_id])]


def document_outlets(project: Project, *, light: bool = False) -> dict[str, list[Publication]]:
    """Every document's publications (the first one first), by document id.

    The comparison counts a shared text once for each outlet that published it from this.
    ``light``: the first publications come without the document's metadata and import time
    (``{}`` and ``""``), several times faster on long texts.
    """
    out: dict[str, list[Publication]] = {
        str(r[0]): [_row(r, first=True)] for r in project.conn.execute(_first_sql(light=light))
    }
    for pub in extra_publications(project):
        if pub.document_id in out:
            out[pub.document_id].append(pub)
    return out


def document_outlets_of(project: Project, document_ids: Sequence[str], *,
                        light: bool = False) -> dict[str, list[Publication]]:
    """:func:`document_outlets` for these documents only (unknown ids are left out)."""
    out: dict[str, list[Publication]] = {}
    ids = list(dict.fromkeys(document_ids))
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i:i + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        out.update({str(r[0]): [_row(r, first=True)]
                    for r in project.conn.execute(_first_sql(f"id IN ({marks})", light=light), chunk)})
    for pub in extra_publications(project, list(out)):
        out[pub.document_id].append(pub)
    return out


def copy_rows(project: Project, document_ids: Sequence[str]) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Every column of the later publications of these documents (for a coder copy), in stored order."""
    cur = project.conn.execute("SELECT * FROM publications ORDER BY rowid")
    columns = [d[0] for d in cur.description]
    wanted = set(document_ids)
    return columns, [tuple(r) for r in cur if r[1] in wanted]


def shared_documents(project: Project) -> dict[str, int]:
    """How many publications each document has, for the documents with more than one."""
    return {str(r[0]): int(r[1]) + 1 for r in project.conn.execute(
        "SELECT document_id, count(*) FROM publications GROUP BY document_id")}


def shared_documents_of(project: Project, document_id: str) -> int:
    """How many later publications one document has (0: its text was run once)."""
    return int(project.conn.execute("SELECT count(*) FROM publications WHERE document_id = ?",
                                    (document_id,)).fetchone()[0])


def publication(project: Project, publication_id: str) -> Publication | None:
    """One publication by id (a document id is its first publication)."""
    row = project.conn.execute(f"SELECT {_COLUMNS} FROM publications WHERE id = ?", (publication_id,)).fetchone()
    if row is not None:
        return _row(row)
    first = project.conn.execute(_first_sql("id = ?"), (publication_id,)).fetchone()
    return _row(first, first=True) if first is not None else None


def insert_publications(project: Project, rows: Iterable[dict[str, Any]]) -> int:
    """Insert publication rows (every column of the table) in the caller's transaction, or one of its own.

    A row whose ``(document_id, metadata_key)`` is already stored is skipped (``INSERT OR IGNORE``
    on the unique key; the id is derived from both, so it is the same row). Returns rows written.
    """
    batch = [(r["id"], r["document_id"], r["title"], r["source"], r["author"], r["published"], r["url"],
              r["metadata"], r["metadata_key"], r["imported_at"]) for r in rows]
    if not batch:
        return 0
    with project.atomic():
        before = project.conn.total_changes
        project.conn.executemany(
            "INSERT OR IGNORE INTO publications (id, document_id, title, source, author, published, url, metadata, "
            "metadata_key, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
        return project.conn.total_changes - before


def publication_row(project: Project, publication_id: str) -> dict[str, Any] | None:
    """The stored row of an extra publication (every column), for an edit; ``None`` if it is none."""
    cur = project.conn.execute("SELECT * FROM publications WHERE id = ?", (publication_id,))
    row = cur.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cur.description], row, strict=True))


def bundle_publication_rows(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """Another project's extra publications (a merge source's connection), by id."""
    return conn.execute(f"SELECT {_COLUMNS} FROM publications ORDER BY id").fetchall()

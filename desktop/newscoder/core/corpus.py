"""Named queries for corpus search, autocode and document variables (the store layer).

The full-text index ``documents_fts`` (schema v3) is FTS5 over ``documents(title, text)``
with the documents table as external content, kept current by triggers on every insert,
delete and title/text update (importers, merge, copies and edits all write ``documents``).
sqlite-utils' FTS helpers see it (``db["documents"].detect_fts()``, ``rebuild_fts()``).

Variable values live in ``documents.metadata`` (a JSON object of strings); the
``variables`` table holds the definitions (type and choices).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple

from newscoder.core.errors import UserError
from newscoder.core.schema import FTS_TABLE
from newscoder.core.store import Project

#: built-in variables: columns of ``documents``
BUILTIN_VARIABLES = ("title", "source", "author", "published", "url")
_CHUNK = 400


class DocRow(NamedTuple):
    """An article with every variable, no text."""

    id: str
    title: str
    source: str
    author: str
    published: str
    url: str
    metadata: dict[str, Any]


class VariableDef(NamedTuple):
    """A project variable's definition (``choices`` only for a choice)."""

    id: str
    name: str
    type: str
    choices: tuple[str, ...]
    position: int


class QueryError(UserError):
    """A search query the index cannot run."""


def parse_metadata(raw: str | None) -> dict[str, Any]:
    """An article's metadata object (``{}`` if unreadable)."""
    return _metadata(raw)


def _metadata(raw: str | None) -> dict[str, Any]:
    try:
        value = json.loads(raw or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


# -- full-text index -------------------------------------------------------------------------
def matching_ids(project: Project, fts_query: str, among: set[str] | None = None) -> list[str]:
    """Ids of articles whose text matches an FTS5 query, ordered by title (then id).

    Articles the index does not hold yet (written by another program or an older copy) are
    included too: the caller's matcher reads them, so a search never misses an article.
    """
    try:
        rows = project.conn.execute(
            f"SELECT d.id FROM documents d WHERE d.rowid IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?) "
            f"OR d.rowid NOT IN (SELECT id FROM {FTS_TABLE}_docsize) "
            "ORDER BY d.title COLLATE NOCASE, d.title, d.id",
            (fts_query,),
        ).fetchall()
    except sqlite3.OperationalError as exc:
        raise QueryError(f"the search index cannot run this query ({exc})") from None
    except sqlite3.DatabaseError as exc:  # a damaged index (the articles themselves are fine)
        raise QueryError(f"the search index is damaged ({exc}); rebuild it with 'newscoder reindex'") from None
    ids = [r[0] for r in rows]
    return ids if among is None else [i for i in ids if i in among]


def all_ids(project: Project, among: set[str] | None = None) -> list[str]:
    """Every article id, ordered by title (then id)."""
    ids = [r[0] for r in project.conn.execute(
        "SELECT id FROM documents ORDER BY title COLLATE NOCASE, title, id")]
    return ids if among is None else [i for i in ids if i in among]


def texts(project: Project, ids: Iterable[str]) -> Iterator[tuple[str, str, str, str, str]]:
    """``(id, title, source, published, text)`` of these articles, in the given order, read in chunks."""
    ids = list(ids)
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i:i + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        got = {r[0]: r for r in project.conn.execute(
            f"SELECT id, title, source, published, text FROM documents WHERE id IN ({marks})", chunk)}
        for doc_id in chunk:
            if doc_id in got:
                yield got[doc_id]


def unindexed_count(project: Project) -> int:
    """How many articles the full-text index does not hold."""
    return int(project.conn.execute(
        f"SELECT count(*) FROM documents WHERE rowid NOT IN (SELECT id FROM {FTS_TABLE}_docsize)").fetchone()[0])


def catch_up_index(project: Project) -> int:
    """Index the articles the index lacks (a full rebuild if it holds articles that are gone)."""
    stale = project.conn.execute(
        f"SELECT count(*) FROM {FTS_TABLE}_docsize WHERE id NOT IN (SELECT rowid FROM documents)").fetchone()[0]
    if stale:
        return rebuild_index(project)
    missing = [r[0] for r in project.conn.execute(
        f"SELECT id FROM documents WHERE rowid NOT IN (SELECT id FROM {FTS_TABLE}_docsize)")]
    if missing:
        project.index_documents(missing)
    return len(missing)


def index_count(project: Project) -> int:
    """How many articles the index holds (its ``docsize`` rows)."""
    return int(project.conn.execute(f"SELECT count(*) FROM {FTS_TABLE}_docsize").fetchone()[0])


def rebuild_index(project: Project, progress: Callable[[int, int, str], None] | None = None) -> int:
    """Rebuild the full-text index from the articles (one transaction), reporting progress per chunk."""
    rowids = [r[0] for r in project.conn.execute("SELECT rowid FROM documents ORDER BY rowid")]
    with project.atomic():
        project.conn.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('delete-all')")
        for i in range(0, len(rowids), 1000):
            lo, hi = rowids[i], rowids[min(i + 1000, len(rowids)) - 1]
            project.conn.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, text) "
                "SELECT rowid, text FROM documents WHERE rowid BETWEEN ? AND ?", (lo, hi))
            if progress is not None:
                progress(min(i + 1000, len(rowids)), len(rowids), "")
    return len(rowids)


# -- documents and their variables -------------------------------------------------------------
def document_rows(project: Project) -> list[DocRow]:
    """Every article with its variables, ordered by title."""
    return [DocRow(r[0], r[1], r[2], r[3], r[4], r[5], _metadata(r[6])) for r in project.conn.execute(
        "SELECT id, title, source, author, published, url, metadata FROM documents "
        "ORDER BY title COLLATE NOCASE, title, id")]


def document_row(project: Project, document_id: str) -> DocRow | None:
    r = project.conn.execute(
        "SELECT id, title, source, author, published, url, metadata FROM documents WHERE id = ?",
        (document_id,)).fetchone()
    return DocRow(r[0], r[1], r[2], r[3], r[4], r[5], _metadata(r[6])) if r else None


def document_raw(project: Project, document_id: str) -> dict[str, str] | None:
    """An article's variable columns as stored (``metadata`` as its JSON text), for an edit's "before"."""
    r = project.conn.execute(
        "SELECT title, source, author, published, url, metadata FROM documents WHERE id = ?", (document_id,)
    ).fetchone()
    return dict(zip(("title", "source", "author", "published", "url", "metadata"), r, strict=True)) if r else None


def ids_with_prefix(project: Project, prefix: str) -> list[str]:
    """Article ids starting with ``prefix`` (at most two: enough to tell unique from ambiguous)."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return [r[0] for r in project.conn.execute(
        "SELECT id FROM documents WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT 2", (escaped + "%",))]


def ids_by_title(project: Project, title: str) -> list[str]:
    """The articles with this title, or a publication with it (another outlet's title of the text)."""
    return [r[0] for r in project.conn.execute(
        "SELECT id FROM documents WHERE title = ? UNION SELECT document_id FROM publications WHERE title = ?",
        (title, title))]


def variable_defs(project: Project) -> list[VariableDef]:
    """The defined project variables, by position then name."""
    out = []
    for r in project.conn.execute(
            "SELECT id, name, type, choices, position FROM variables ORDER BY position, name_key"):
        try:
            choices = tuple(str(c) for c in json.loads(r[3] or "[]"))
        except ValueError:
            choices = ()
        out.append(VariableDef(r[0], r[1], r[2], choices, int(r[4])))
    return out


def metadata_keys(project: Project) -> list[str]:
    """Every key used in any article's metadata (front matter, QDPX variables), sorted."""
    return [r[0] for r in project.conn.execute(
        "SELECT DISTINCT j.key FROM documents, json_each(CASE WHEN json_valid(documents.metadata) "
        "AND json_type(documents.metadata) = 'object' THEN documents.metadata ELSE '{}' END) AS j "
        "ORDER BY j.key")]


def add_variable_defs(project: Project, defs: Iterable[tuple[str, str, list[str]]]) -> None:
    """Define variables ``(name, type, choices)`` (an import's; the caller checked the names)."""
    import uuid

    from newscoder.core.store import name_key
    from newscoder.core.timeutil import now_utc

    with project.atomic():
        for name, kind, choices in defs:
            project.conn.execute(
                "INSERT INTO variables (id, name, name_key, type, choices, position, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (str(uuid.uuid4()), name, name_key(name), kind, json.dumps(choices), next_variable_position(project),
                 now_utc()))


def next_variable_position(project: Project) -> int:
    return int(project.conn.execute("SELECT coalesce(max(position), -1) + 1 FROM variables").fetchone()[0])


# -- filters -------------------------------------------------------------------------------------
def ids_with_status(project: Project, status: str, coder_id: str | None) -> set[str]:
    """Articles whose status is ``status`` (for one coder, or for any coder)."""
    params: tuple[str, ...]
    if status == "not_started":
        if coder_id is None:  # nobody has started it
            sql, params = ("SELECT id FROM documents WHERE id NOT IN (SELECT document_id FROM document_status "
                           "WHERE status != 'not_started')"), ()
        else:
            sql, params = ("SELECT id FROM documents WHERE id NOT IN (SELECT document_id FROM document_status "
                           "WHERE coder_id = ? AND status != 'not_started')"), (coder_id,)
    elif coder_id is None:
        sql, params = "SELECT DISTINCT document_id FROM document_status WHERE status = ?", (status,)
    else:
        sql, params = "SELECT document_id FROM document_status WHERE status = ? AND coder_id = ?", (status, coder_id)
    return {r[0] for r in project.conn.execute(sql, params)}


def ids_with_code(project: Project, code_id: str, coder_id: str | None = None) -> set[str]:
    """Articles with at least one live segment of this code (by one coder, if given)."""
    sql = "SELECT DISTINCT document_id FROM segments WHERE code_id = ? AND deleted_at IS NULL"
    params: tuple[str, ...] = (code_id,)
    if coder_id is not None:
        sql += " AND coder_id = ?"
        params += (coder_id,)
    return {r[0] for r in project.conn.execute(sql, params)}


def coded_spans(project: Project, code_id: str, coder_id: str,
                document_ids: Iterable[str]) -> set[tuple[str, int, int]]:
    """``(document_id, start, end)`` of one coder's live segments with one code in these articles."""
    ids = list(document_ids)
    out: set[tuple[str, int, int]] = set()
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i:i + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        out.update(project.conn.execute(
            f'SELECT document_id, start, "end" FROM segments WHERE code_id = ? AND coder_id = ? '
            f"AND deleted_at IS NULL AND document_id IN ({marks})", (code_id, coder_id, *chunk)))
    return out


def started_ids(project: Project, coder_id: str, document_ids: Iterable[str]) -> set[str]:
    """Of these articles, those whose status for the coder is set and not "not started"."""
    ids = list(document_ids)
    out: set[str] = set()
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i:i + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        out.update(r[0] for r in project.conn.execute(
            f"SELECT document_id FROM document_status WHERE coder_id = ? AND status != 'not_started' "
            f"AND document_id IN ({marks})", (coder_id, *chunk)))
    return out

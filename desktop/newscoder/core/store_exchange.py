"""Named queries for merge, QDPX import/export, segments CSV and copies (store layer).

:mod:`newscoder.core.exchange` runs no SQL of its own: it reads and writes the
project through these functions and :class:`~newscoder.core.store.Project`.
Segments are written by :meth:`Project.upsert_segments` only (user edits aside).
Rows are written as given (timestamps kept), in the caller's transaction.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from newscoder.core.store import SEGMENT_COLUMNS, SEGMENT_FIELDS, Project


# -- merge: coders, codes, statuses ---------------------------------------------
def insert_coder(project: Project, coder_id: str, name: str, key: str, created_at: str) -> None:
    """Add a coder row as it is (merge keeps the other project's UUID and time)."""
    project.conn.execute(
        "INSERT INTO coders (id, name, name_key, created_at) VALUES (?, ?, ?, ?)",
        (coder_id, name, key, created_at),
    )


def code_deleted(project: Project, code_id: str) -> bool:
    """Whether this code exists here as a deleted code."""
    row = project.conn.execute("SELECT deleted_at FROM codes WHERE id = ?", (code_id,)).fetchone()
    return bool(row and row[0])


def insert_code(project: Project, code_id: str, name: str, key: str, description: str, color: str,
                shortcut: str | None, parent_id: str | None, position: int, archived: bool, created_at: str,
                updated_at: str, attributes: str) -> None:
    """Add a code row as it is (merge keeps the other project's UUID and times)."""
    project.conn.execute(
        "INSERT INTO codes (id, name, name_key, description, color, shortcut, parent_id, position, archived, "
        "created_at, updated_at, deleted_at, attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)",
        (code_id, name, key, description, color, shortcut, parent_id, position, int(archived), created_at,
         updated_at, attributes),
    )


def code_attributes(project: Project, code_id: str) -> str:
    """A code's attribute definitions as stored (JSON text)."""
    return str(project.conn.execute("SELECT attributes FROM codes WHERE id = ?", (code_id,)).fetchone()[0])


def set_code_attributes(project: Project, code_id: str, definitions: str) -> None:
    project.conn.execute("UPDATE codes SET attributes = ? WHERE id = ?", (definitions, code_id))


# -- merge: sources -----------------------------------------------------------------
def source_link(project: Project, source_id: object) -> tuple[str, str | None] | None:
    """``(id, merged_into)`` of a source (merged away or deleted ones too), or ``None``."""
    row = project.conn.execute("SELECT id, merged_into FROM sources WHERE id = ?", (source_id,)).fetchone()
    return (row[0], row[1]) if row is not None else None


def live_source_by_key(project: Project, key: str) -> str | None:
    """The id of the live source with this name key, if any."""
    row = project.conn.execute("SELECT id FROM sources WHERE name_key = ? AND deleted_at IS NULL", (key,)).fetchone()
    return row[0] if row is not None else None


def insert_source(project: Project, source_id: str, name: str, key: str, kind: str, affiliation: str,
                  created_at: str, updated_at: str) -> None:
    """Add a source row as it is (merge keeps the other project's UUID and times)."""
    project.conn.execute(
        "INSERT INTO sources (id, name, name_key, kind, affiliation, merged_into, created_at, updated_at, "
        "deleted_at) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, NULL)",
        (source_id, name, key, kind, affiliation, created_at, updated_at))


def set_code_shortcut(project: Project, code_id: str, shortcut: str) -> None:
    """Give a code a shortcut key (QDPX import hands out free keys to new codes)."""
    project.conn.execute("UPDATE codes SET shortcut = ? WHERE id = ?", (shortcut, code_id))


def status_row(project: Project, document_id: str, coder_id: str) -> tuple[str, str] | None:
    """``(status, updated_at)`` of one coder on one article, or ``None`` when never set."""
    row = project.conn.execute(
        "SELECT status, updated_at FROM document_status WHERE document_id = ? AND coder_id = ?",
        (document_id, coder_id),
    ).fetchone()
    return (row[0], row[1]) if row else None


def insert_status(project: Project, document_id: str, coder_id: str, status: str, updated_at: str) -> None:
    project.conn.execute(
        "INSERT INTO document_status (document_id, coder_id, status, updated_at) VALUES (?, ?, ?, ?)",
        (document_id, coder_id, status, updated_at),
    )


def update_status(project: Project, document_id: str, coder_id: str, status: str, updated_at: str) -> None:
    project.conn.execute(
        "UPDATE document_status SET status = ?, updated_at = ? WHERE document_id = ? AND coder_id = ?",
        (status, updated_at, document_id, coder_id),
    )


def scratch_copy(project: Project) -> Project:
    """An in-memory copy of the project (dry runs): the file is only read."""
    mem = sqlite3.connect(":memory:", isolation_level=None)
    project.conn.backup(mem)
    mem.execute("PRAGMA foreign_keys = ON")
    return Project(project.path, mem)


# -- merge: segments (read here; written by Project.upsert_segments) ------------------------
def segment_coder(project: Project, segment_id: str) -> str | None:
    """The coder of a segment (deleted ones too), or ``None`` when there is no such segment."""
    row = project.conn.execute("SELECT coder_id FROM segments WHERE id = ?", (segment_id,)).fetchone()
    return row[0] if row is not None else None


def segment_merge_state(project: Project, segment_id: str) -> tuple[Any, ...] | None:
    """What a merge compares of a segment (no quote): document_id, code_id, coder_id, start, end, memo,
    deleted_at, attributes, then updated_at and created_at; ``None`` when there is no such segment."""
    row: tuple[Any, ...] | None = project.conn.execute(
        'SELECT document_id, code_id, coder_id, start, "end", memo, deleted_at, attributes, updated_at, created_at '
        "FROM segments WHERE id = ?",
        (segment_id,),
    ).fetchone()
    return row


# -- QDPX export and import, segments CSV import ---------------------------------------
def live_segment_at(project: Project, document_id: str, code_id: str, coder_id: str, start: int,
                    end: int) -> str | None:
    """The id of a live segment with exactly this article, code, coder and span (the lowest id), if any."""
    row = project.conn.execute(
        'SELECT id FROM segments WHERE document_id = ? AND code_id = ? AND coder_id = ? AND start = ? '
        'AND "end" = ? AND deleted_at IS NULL ORDER BY id LIMIT 1',
        (document_id, code_id, coder_id, start, end),
    ).fetchone()
    return row[0] if row is not None else None


def all_statuses(project: Project) -> list[tuple[str, str, str, str]]:
    """Every status row: ``(document_id, coder_id, status, updated_at)``, by document then coder."""
    return project.conn.execute(
        "SELECT document_id, coder_id, status, updated_at FROM document_status ORDER BY 1, 2"
    ).fetchall()


def segment_states(project: Project, segment_ids: Sequence[str], batch: int) -> dict[str, dict[str, Any]]:
    """These segments (any that exist) by id: every column but the quote, ``batch`` ids per query."""
    found: dict[str, dict[str, Any]] = {}
    for i in range(0, len(segment_ids), batch):
        chunk = segment_ids[i : i + batch]
        cur = project.conn.execute(
            'SELECT id, document_id, code_id, coder_id, start, "end", memo, created_at, updated_at, deleted_at, '
            f"attributes FROM segments WHERE id IN ({', '.join('?' for _ in chunk)})",
            chunk,
        )
        names = [d[0] for d in cur.description]
        for row in cur:
            found[row[0]] = dict(zip(names, row, strict=True))
    return found


def live_segment_keys(project: Project, document_ids: Iterable[str]) -> set[tuple[Any, ...]]:
    """``(document_id, coder_id, code_id, start, end, memo)`` of every live segment on these articles."""
    keys: set[tuple[Any, ...]] = set()
    for doc_id in set(document_ids):
        for row in project.conn.execute(
            'SELECT document_id, coder_id, code_id, start, "end", memo FROM segments '
            "WHERE document_id = ? AND deleted_at IS NULL",
            (doc_id,),
        ):
            keys.add(tuple(row))
    return keys


def document_titles_and_lengths(project: Project) -> list[tuple[str, str, int]]:
    """``(id, title, length)`` of every article, in table order (no text read)."""
    return project.conn.execute("SELECT id, title, length FROM documents").fetchall()


# -- coder copies ------------------------------------------------------------------
#: rows as read for a copy: the column names and the rows, in table order
TableRows = tuple[list[str], list[tuple[Any, ...]]]


def _rows(conn: sqlite3.Connection, sql: str, params: Sequence[object] = ()) -> TableRows:
    cur = conn.execute(sql, list(params))
    return [d[0] for d in cur.description], cur.fetchall()


def document_rows(project: Project, document_ids: Sequence[str]) -> TableRows:
    """Every column of these documents, by id."""
    marks = ", ".join("?" for _ in document_ids)
    return _rows(project.conn, f"SELECT * FROM documents WHERE id IN ({marks}) ORDER BY id", document_ids)


def live_code_rows(project: Project) -> TableRows:
    """Every column of the codes not deleted, by position."""
    return _rows(project.conn, "SELECT * FROM codes WHERE deleted_at IS NULL ORDER BY position")


def source_rows(project: Project) -> TableRows:
    """Every column of every source (merged-away and deleted ones too), by id."""
    return _rows(project.conn, "SELECT * FROM sources ORDER BY id")


def defer_foreign_keys(project: Project) -> None:
    """Check foreign keys at commit (a copy's sources may point forward via ``merged_into``)."""
    project.conn.execute("PRAGMA defer_foreign_keys = ON")


def coder_rows(project: Project, coder_id: str) -> TableRows:
    """Every column of one coder's row."""
    return _rows(project.conn, "SELECT * FROM coders WHERE id = ?", [coder_id])


def coder_live_segments(project: Project, coder_id: str, document_ids: Sequence[str]) -> list[dict[str, Any]]:
    """One coder's live segments on these documents, by id, as rows for :meth:`Project.upsert_segments`."""
    marks = ", ".join("?" for _ in document_ids)
    cur = project.conn.execute(
        f"SELECT {SEGMENT_COLUMNS} FROM segments WHERE coder_id = ? AND deleted_at IS NULL "
        f"AND document_id IN ({marks}) ORDER BY id",
        [coder_id, *document_ids],
    )
    return [dict(zip(SEGMENT_FIELDS, r, strict=True)) for r in cur]


def coder_status_rows(project: Project, coder_id: str, document_ids: Sequence[str]) -> TableRows:
    """Every column of one coder's statuses on these documents."""
    marks = ", ".join("?" for _ in document_ids)
    return _rows(project.conn, f"SELECT * FROM document_status WHERE coder_id = ? AND document_id IN ({marks})",
                 [coder_id, *document_ids])


def insert_rows(project: Project, table: str, rows: TableRows) -> None:
    """Insert rows as read by the functions above (into a new file: a coder copy).

    Not segments: those are written by :meth:`Project.upsert_segments` only.
    """
    if table == "segments":
        raise ValueError("segments are written by Project.upsert_segments")
    columns, values = rows
    if not values:
        return
    cols = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    project.conn.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", values)


def set_meta_rows(project: Project, pairs: Sequence[tuple[str, str]]) -> None:
    """Set these project meta keys (in the caller's transaction)."""
    project.conn.executemany(
        "INSERT INTO project (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        pairs,
    )


@contextlib.contextmanager
def filling(path: Path) -> Iterator[Project]:
    """A new project file (made by :func:`projectfile.create_file`) filled in one transaction, then closed.

    Foreign keys are on; the transaction commits when the block ends and is dropped with the
    connection when it raises. SQLite errors come out as they are.
    """
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN")
        yield Project(path, conn)
        conn.execute("COMMIT")
    finally:
        conn.close()


# -- checkpoint ----------------------------------------------------------------------
def wal_checkpoint(project: Project) -> bool:
    """``PRAGMA wal_checkpoint(TRUNCATE)``: True when complete; False inside a transaction or on an error."""
    if project.conn.in_transaction:
        return False
    try:
        busy, _log, _done = project.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.Error:
        return False
    return int(busy) == 0


# -- reading another project file (a merge's bundle), on its own read-only connection ------------
#: name -> (table, query) of what a merge reads from another project, in the order it reads it
BUNDLE_QUERIES: dict[str, tuple[str, str]] = {
    "meta": ("project", "SELECT key, value FROM project"),
    "documents": (
        "documents",
        "SELECT id, text, title, source, author, published, url, imported_at, metadata FROM documents ORDER BY id",
    ),
    "codes": (
        "codes",
        "SELECT id, name, description, color, shortcut, parent_id, archived, created_at, updated_at, attributes "
        "FROM codes WHERE deleted_at IS NULL ORDER BY position, name_key",
    ),
    "coders": ("coders", "SELECT id, name, created_at FROM coders ORDER BY name_key"),
    "segments": (
        "segments",
        'SELECT id, document_id, code_id, coder_id, start, "end", memo, created_at, updated_at, deleted_at, '
        "attributes FROM segments ORDER BY id",
    ),
    "statuses": ("document_status",
                 "SELECT document_id, coder_id, status, updated_at FROM document_status ORDER BY 1, 2"),
    "gold": ("gold_segments", "SELECT 1 FROM gold_segments"),
    "sources": ("sources", "SELECT id, name, kind, affiliation, merged_into, created_at, updated_at, deleted_at "
                "FROM sources ORDER BY id"),
    "variables": ("variables", "SELECT name, type, choices FROM variables ORDER BY position, name_key"),
    # issue 19: rejected suggestions and accepted suggestions' provenance (columns: store_suggest's *_FIELDS)
    "rejections": ("suggestion_rejections", 'SELECT id, coder_id, document_id, code_id, start, "end", key, suggester, '
                   "created_at FROM suggestion_rejections ORDER BY id"),
    "provenance": ("segment_provenance", "SELECT segment_id, suggester, model_sha256, score, created_at "
                   "FROM segment_provenance ORDER BY segment_id"),
}


def bundle_rows(conn: sqlite3.Connection, name: str) -> list[tuple[Any, ...]]:
    """The rows of one of :data:`BUNDLE_QUERIES` from another project's connection."""
    return conn.execute(BUNDLE_QUERIES[name][1]).fetchall()


def bundle_count(conn: sqlite3.Connection, name: str, cap: int) -> int:
    """How many rows the table of one of :data:`BUNDLE_QUERIES` yields, counting no further than ``cap + 1``.

    A generator (a view in place of a table) is never run, or sorted, in full.
    """
    table = BUNDLE_QUERIES[name][0]
    (found,) = conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} LIMIT {cap + 1})").fetchone()
    return int(found)


def readonly_project(path: Path, conn: sqlite3.Connection) -> Project:
    """A :class:`Project` over a read-only connection (foreign keys on, as on open); closes it on an error."""
    from newscoder.core.errors import CorruptProjectError

    try:
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as exc:
        conn.close()
        raise CorruptProjectError(f"{path}: cannot be read ({exc})") from exc
    return Project(path, conn)


# -- the estimate ledger -------------------------------------------------------------
def ledger_query(project: Project, code_id: str, source_path: str, coder_ids: Sequence[str]) -> sqlite3.Cursor:
    """The estimate ledger's rows in ledger order, one statement (values read with ``json_extract``).

    ``source_path``: the JSON path of the code's source attribute; ``coder_ids``: only these coders, if any.
    """
    where = "s.code_id = :code AND s.deleted_at IS NULL"
    params: dict[str, Any] = {"code": code_id, "src": source_path}
    if coder_ids:
        marks = ", ".join(f":c{i}" for i in range(len(coder_ids)))
        where += f" AND s.coder_id IN ({marks})"
        params.update({f"c{i}": c for i, c in enumerate(coder_ids)})
    sql = f"""
        WITH e AS (
            SELECT s.id, s.document_id, s.coder_id, s.start, s."end", s.quote,
                json_extract(s.attributes, '$.value') AS value, json_extract(s.attributes, '$.low') AS low,
                json_extract(s.attributes, '$.high') AS high,
                coalesce(json_extract(s.attributes, '$.hedge'), '') AS hedge,
                coalesce(json_extract(s.attributes, '$.counted'), '') AS counted,
                json_extract(s.attributes, :src) AS source_id
            FROM segments AS s WHERE {where})
        SELECT e.id, e.document_id, d.title, d.source, d.published, cr.name, e.value, e.low, e.high, e.hedge,
            e.counted, coalesce(src.name, ''), coalesce(src.kind, ''), e.quote, e.start, e."end",
            coalesce(src.id, '')
        FROM e JOIN documents AS d ON d.id = e.document_id JOIN coders AS cr ON cr.id = e.coder_id
        LEFT JOIN sources AS src ON src.id = e.source_id
        ORDER BY e.counted = '', e.counted COLLATE NOCASE, e.counted, e.value IS NULL, e.value,
            d.title COLLATE NOCASE, d.id, e.start, e."end", cr.name_key, e.id
    """
    return project.conn.execute(sql, params)

"""The project store: one SQLite file, opened through sqlite-utils.

Reads are plain methods returning records from :mod:`newscoder.core.records`.
Writes that a user makes go through :mod:`newscoder.core.edits`, one
transaction per action; bulk writers (importers, merge) use :meth:`Project.atomic`.
The connection, transactions and metadata live in :mod:`newscoder.core.connection`
(:class:`ProjectConnection`, the base of :class:`Project`); column lists, row builders,
content ids and name keys in :mod:`newscoder.core.rows` (re-exported here).
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from newscoder.core import projectfile
from newscoder.core.connection import ProjectConnection
from newscoder.core.errors import EditError
from newscoder.core.records import Code, Coder, Document, DocumentInfo, Segment, Status
from newscoder.core.rows import (CODE_COLUMNS, DOC_INFO_COLUMNS, DOCUMENT_NAMESPACE, SEGMENT_COLUMNS, SEGMENT_FIELDS,
                                 ArticleRow, SegmentSpan, _code, _context_where, _doc_info, _segment, content_hash,
                                 default_code_rows, default_codebook, document_id_for, name_key)
from newscoder.core.rows import segment_cells
from newscoder.core.schema import FTS_TABLE
from newscoder.core.timeutil import now_utc

__all__ = [
    "CODE_COLUMNS", "DOCUMENT_NAMESPACE", "DOC_INFO_COLUMNS", "SEGMENT_COLUMNS", "SEGMENT_FIELDS", "ArticleRow",
    "Project", "SegmentSpan", "content_hash", "default_codebook", "document_id_for", "name_key",
]


#: rows per statement of the bulk writer: multi-row VALUES do far less work per row than ``executemany``
UPSERT_ROWS = 400


def upsert_segments_sql(rows: int) -> str:
    """The bulk writer's statement for ``rows`` rows: every column of SEGMENT_FIELDS, replaced on a known id."""
    one = "(" + ", ".join("?" for _ in SEGMENT_FIELDS) + ")"
    return (f"INSERT INTO segments ({', '.join(chr(34) + f + chr(34) for f in SEGMENT_FIELDS)}) "
            f"VALUES {', '.join([one] * rows)} ON CONFLICT (id) DO UPDATE SET "
            + ", ".join(f'"{f}" = excluded."{f}"' for f in SEGMENT_FIELDS if f != "id"))


class Project(ProjectConnection):
    """An open project file and its named queries. Use as a context manager or call :meth:`close`."""

    # -- opening -------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, *, create: bool = False, check: bool = True) -> Project:
        """Open the project at ``path``; with ``create``, make it if missing."""
        path = Path(path)
        if create and not path.exists():
            return cls.create(path)
        conn, backup = projectfile.open_connection(path, check=check)
        project = cls(path, conn, backup)
        project.hold_in_use()
        return project


    @classmethod
    def create(cls, path: str | Path, name: str | None = None, *, codebook: bool = True) -> Project:
        """Create a new project (with the default codebook unless told not to)."""
        path = Path(path)
        projectfile.create_file(path, name or path.stem)
        project = cls.open(path, check=False)
        if codebook:
            project.install_default_codebook()
        return project

    # -- documents -----------------------------------------------------------
    def documents(self) -> list[DocumentInfo]:
        """Every document, without its text, ordered by title."""
        rows = self.conn.execute(
            f"SELECT {DOC_INFO_COLUMNS} FROM documents ORDER BY title COLLATE NOCASE, title, id"
        ).fetchall()
        return [_doc_info(r) for r in rows]

    def document_info(self, document_id: str) -> DocumentInfo | None:
        row = self.conn.execute(
            f"SELECT {DOC_INFO_COLUMNS} FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        return _doc_info(row) if row else None

    def document(self, document_id: str) -> Document | None:
        row = self.conn.execute(
            f"SELECT {DOC_INFO_COLUMNS}, text FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        if row is None:
            return None
        info = _doc_info(row[:10])
        return Document(**{f: getattr(info, f) for f in info.__slots__}, text=row[10])

    def document_text(self, document_id: str) -> str:
        row = self.conn.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()
        if row is None:
            raise KeyError(document_id)
        return str(row[0])

    def document_length_and_quote(self, document_id: str, start: int, end: int) -> tuple[int, str] | None:
        """An article's length and the text of ``[start, end)``, without reading the whole text."""
        row = self.conn.execute(
            "SELECT length, substr(text, ?, ?) FROM documents WHERE id = ?",
            (max(start, 0) + 1, max(end - start, 0), document_id),
        ).fetchone()
        return (int(row[0]), str(row[1])) if row else None

    def document_by_sha(self, sha256_hex: str) -> DocumentInfo | None:
        row = self.conn.execute(
            f"SELECT {DOC_INFO_COLUMNS} FROM documents WHERE content_sha256 = ?", (sha256_hex,)
        ).fetchone()
        return _doc_info(row) if row else None

    def documents_by_title(self, title: str) -> list[DocumentInfo]:
        rows = self.conn.execute(
            f"SELECT {DOC_INFO_COLUMNS} FROM documents WHERE title = ?", (title,)
        ).fetchall()
        return [_doc_info(r) for r in rows]

    def add_document(
        self,
        text: str,
        title: str,
        *,
        source: str = "",
        author: str = "",
        published: str = "",
        url: str = "",
        metadata: dict[str, Any] | None = None,
        imported_at: str | None = None,
    ) -> tuple[DocumentInfo, bool]:
        """Store a document unless its text is already here.

        ``text`` must already be canonical (``\\n`` newlines). Returns the
        document and whether it was newly added (``False``: a duplicate).
        """
        if "\r" in text:
            raise ValueError("document text must be normalised to \\n newlines before storing")
        sha = content_hash(text)
        existing = self.document_by_sha(sha)
        if existing is not None:
            return existing, False
        doc_id = document_id_for(sha)
        with self.atomic():
            self.conn.execute(
                "INSERT INTO documents (id, content_sha256, title, source, author, published, url, "
                "text, length, imported_at, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    doc_id, sha, title, source, author, published, url, text, len(text),
                    imported_at or now_utc(), json.dumps(metadata or {}, ensure_ascii=False, sort_keys=True),
                ),
            )
            self.index_documents([doc_id])
        info = self.document_info(doc_id)
        assert info is not None
        return info, True

    def index_documents(self, document_ids: list[str]) -> None:
        """Add these articles' text to the full-text index (a writer calls it in its transaction)."""
        with self.atomic():
            for i in range(0, len(document_ids), 500):
                chunk = document_ids[i:i + 500]
                self.conn.execute(
                    f"INSERT INTO {FTS_TABLE} (rowid, text) SELECT rowid, text FROM documents "
                    f"WHERE id IN ({', '.join('?' * len(chunk))}) "
                    f"AND rowid NOT IN (SELECT id FROM {FTS_TABLE}_docsize)", chunk)

    # -- codes ---------------------------------------------------------------
    def codes(self, *, include_archived: bool = True) -> list[Code]:
        """The codebook (never deleted codes), by position then name."""
        where = "deleted_at IS NULL" + ("" if include_archived else " AND archived = 0")
        rows = self.conn.execute(
            f"SELECT {CODE_COLUMNS} FROM codes WHERE {where} ORDER BY position, name_key"
        ).fetchall()
        return [_code(r) for r in rows]

    def code(self, code_id: str) -> Code | None:
        row = self.conn.execute(f"SELECT {CODE_COLUMNS} FROM codes WHERE id = ?", (code_id,)).fetchone()
        return _code(row) if row else None

    def code_by_name(self, name: str) -> Code | None:
        row = self.conn.execute(
            f"SELECT {CODE_COLUMNS} FROM codes WHERE name_key = ? AND deleted_at IS NULL",
            (name_key(name),),
        ).fetchone()
        return _code(row) if row else None

    def install_default_codebook(self) -> None:
        """Add the default codes (``resources/codebook/default.json``) after any codes already here.

        The defaults are trusted data, so they are written as rows here (in the store layer,
        which keeps the store free of the codebook module's edit builders).
        """
        now = now_utc()
        with self.atomic():
            last = int(self.conn.execute("SELECT coalesce(max(position), -1) FROM codes").fetchone()[0])
            rows = default_code_rows(last + 1, now)
            self.db.table("codes").insert_all(rows)

    def code_attribute_json(self) -> dict[str, str]:
        """Every code's attribute definitions as stored (JSON text), by code id (deleted codes too)."""
        return {r[0]: r[1] for r in self.conn.execute("SELECT id, attributes FROM codes")}

    # -- coders --------------------------------------------------------------
    def coders(self) -> list[Coder]:
        rows = self.conn.execute("SELECT id, name FROM coders ORDER BY name_key").fetchall()
        return [Coder(*r) for r in rows]

    def coder(self, coder_id: str) -> Coder | None:
        row = self.conn.execute("SELECT id, name FROM coders WHERE id = ?", (coder_id,)).fetchone()
        return Coder(*row) if row else None

    def coder_by_name(self, name: str) -> Coder | None:
        row = self.conn.execute(
            "SELECT id, name FROM coders WHERE name_key = ?", (name_key(name),)
        ).fetchone()
        return Coder(*row) if row else None

    def ensure_coder(self, name: str, coder_id: str | None = None) -> Coder:
        """The coder of that name, created if missing (one transaction)."""
        clean = " ".join(name.split())
        if not clean:
            raise EditError("a coder needs a name")
        existing = self.coder_by_name(clean)
        if existing is not None:
            return existing
        new = Coder(coder_id or str(uuid.uuid4()), clean)
        with self.atomic():
            self.conn.execute(
                "INSERT INTO coders (id, name, name_key, created_at) VALUES (?, ?, ?, ?)",
                (new.id, new.name, name_key(clean), now_utc()),
            )
        return new

    # -- segments ------------------------------------------------------------
    def segments(
        self,
        *,
        document_id: str | None = None,
        coder_id: str | None = None,
        code_id: str | None = None,
        include_deleted: bool = False,
    ) -> list[Segment]:
        """Segments matching the filters, ordered by document, start, end."""
        clauses: list[str] = []
        params: list[str] = []
        for column, value in (("document_id", document_id), ("coder_id", coder_id), ("code_id", code_id)):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        if not include_deleted:
            clauses.append("deleted_at IS NULL")
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        rows = self.conn.execute(
            f'SELECT {SEGMENT_COLUMNS} FROM segments {where} ORDER BY document_id, start, "end", id',
            params,
        ).fetchall()
        return [_segment(r) for r in rows]

    def segment(self, segment_id: str) -> Segment | None:
        row = self.conn.execute(
            f"SELECT {SEGMENT_COLUMNS} FROM segments WHERE id = ?", (segment_id,)
        ).fetchone()
        return _segment(row) if row else None

    def segment_counts(self, coder_id: str, document_ids: list[str] | None = None) -> dict[str, int]:
        """Live segments per document for one coder (of these documents only, if given)."""
        sql = "SELECT document_id, count(*) FROM segments WHERE coder_id = ? AND deleted_at IS NULL"
        params: list[str] = [coder_id]
        if document_ids is not None:
            sql += f" AND document_id IN ({', '.join('?' * len(document_ids))})"
            params.extend(document_ids)
        rows = self.conn.execute(sql + " GROUP BY document_id", params).fetchall()
        return {r[0]: int(r[1]) for r in rows}

    def segment_spans(self, document_id: str, coder_id: str | None = None) -> list[SegmentSpan]:
        """The live segments of a document as light spans (of one coder, if given)."""
        sql = 'SELECT id, code_id, coder_id, start, "end" FROM segments WHERE document_id = ? AND deleted_at IS NULL'
        params = [document_id]
        if coder_id is not None:
            sql += " AND coder_id = ?"
            params.append(coder_id)
        return self.conn.execute(sql, params).fetchall()

    def segments_by_id(self, segment_ids: list[str]) -> list[Segment]:
        """These segments' records (any order; unknown ids are left out)."""
        out: list[Segment] = []
        for i in range(0, len(segment_ids), 500):
            chunk = segment_ids[i:i + 500]
            marks = ", ".join("?" * len(chunk))
            out.extend(_segment(r) for r in self.conn.execute(
                f"SELECT {SEGMENT_COLUMNS} FROM segments WHERE id IN ({marks})", chunk))
        return out

    def live_segment_counts(self, by: str) -> dict[str, int]:
        """Live segments counted per ``coder_id`` or per ``code_id``."""
        if by not in ("coder_id", "code_id"):
            raise ValueError(f"cannot count segments by {by!r}")
        rows = self.conn.execute(
            f"SELECT {by}, count(*) FROM segments WHERE deleted_at IS NULL GROUP BY {by}"
        ).fetchall()
        return {r[0]: int(r[1]) for r in rows}

    def coded_in_context_count(self, code_id: str, coder_id: str | None = None) -> int:
        """How many live segments have this code (of one coder, if given)."""
        where, params = _context_where(code_id, coder_id)
        return int(self.conn.execute(f"SELECT count(*) FROM segments s WHERE {where}", params).fetchone()[0])

    def coded_in_context(self, code_id: str, coder_id: str | None, context: int, limit: int,
                         offset: int) -> list[tuple[Any, ...]]:
        """A page of one code's live segments with their context, by article title then position.

        Each row: segment id, document id, title, coder name, start, end, memo, the ``context``
        characters before, the quote, the ``context`` characters after.
        """
        where, params = _context_where(code_id, coder_id)
        params.update(ctx=context, limit=limit, offset=offset)
        return list(self.conn.execute(
            f"""SELECT s.id, s.document_id, d.title, c.name, s.start, s."end", s.memo,
                   substr(d.text, max(1, s.start + 1 - :ctx), min(s.start, :ctx)),
                   substr(d.text, s.start + 1, s."end" - s.start),
                   substr(d.text, s."end" + 1, :ctx)
            FROM segments s JOIN documents d ON d.id = s.document_id JOIN coders c ON c.id = s.coder_id
            WHERE {where}
            ORDER BY d.title COLLATE NOCASE, d.id, s.start, s."end", c.name_key, s.id
            LIMIT :limit OFFSET :offset""",
            params,
        ).fetchall())

    # -- the article list --------------------------------------------------------------
    def article_rows(self) -> list[ArticleRow]:
        """Every article's id, title and source, ordered by title (no text)."""
        return [ArticleRow(*r) for r in self.conn.execute(
            "SELECT id, title, source FROM documents ORDER BY title COLLATE NOCASE, title, id")]

    def article_dates(self) -> dict[str, str]:
        """Every article's publication date as stored (ISO text, or "")."""
        return {r[0]: r[1] or "" for r in self.conn.execute("SELECT id, published FROM documents")}

    def article_state(self, document_id: str, coder_id: str) -> tuple[ArticleRow, Status, int] | None:
        """One article's row, and one coder's status and live segment count on it."""
        got = self.conn.execute(
            "SELECT title, source, "
            "(SELECT status FROM document_status WHERE document_id = d.id AND coder_id = ?), "
            "(SELECT count(*) FROM segments WHERE document_id = d.id AND coder_id = ? AND deleted_at IS NULL) "
            "FROM documents AS d WHERE d.id = ?",
            (coder_id, coder_id, document_id),
        ).fetchone()
        if got is None:
            return None
        status = Status(got[2]) if got[2] else Status.NOT_STARTED
        return ArticleRow(document_id, got[0], got[1]), status, int(got[3])

    def upsert_segments(self, rows: Iterable[Mapping[str, Any]]) -> int:
        """The one bulk writer of segments (merge, CSV import, QDPX import, copies).

        Each row (the columns of :data:`SEGMENT_FIELDS`; a missing ``deleted_at`` is ``NULL``)
        is inserted, or replaces every column of the segment with its id. One transaction,
        or part of the caller's. User edits write segments through :mod:`newscoder.core.edits`.
        The statement is the ``INSERT … VALUES (…), (…) … ON CONFLICT (id) DO UPDATE`` that
        sqlite-utils' ``upsert_all`` builds, in chunks of :data:`UPSERT_ROWS` rows, without its
        per-value conversions: 20,000 rows take about 0.15 s of CPU against 0.27 s for ``upsert_all``
        and 0.30 s for an ``executemany`` of a one-row upsert (tests/perf/bench_merge.py).
        """
        batch = [segment_cells(row) for row in rows]
        if batch:
            limit = self.conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // len(SEGMENT_FIELDS)
            size = max(1, min(UPSERT_ROWS, limit))
            full = upsert_segments_sql(size)
            with self.atomic():
                for first in range(0, len(batch), size):
                    part = batch[first:first + size]
                    sql = full if len(part) == size else upsert_segments_sql(len(part))
                    self.conn.execute(sql, list(itertools.chain.from_iterable(part)))
        return len(batch)

    def start_statuses(self, pairs: Iterable[tuple[str, str]], now: str) -> None:
        """Mark these ``(document_id, coder_id)`` pairs in progress where they were not started."""
        with self.atomic():
            self.conn.executemany(
                "INSERT INTO document_status (document_id, coder_id, status, updated_at) "
                "VALUES (?, ?, 'in_progress', ?) ON CONFLICT (document_id, coder_id) DO UPDATE SET "
                "status = 'in_progress', updated_at = excluded.updated_at WHERE status = 'not_started'",
                [(d, c, now) for d, c in sorted(set(pairs))],
            )

    # -- status --------------------------------------------------------------
    def status(self, document_id: str, coder_id: str) -> Status:
        row = self.conn.execute(
            "SELECT status FROM document_status WHERE document_id = ? AND coder_id = ?",
            (document_id, coder_id),
        ).fetchone()
        return Status(row[0]) if row else Status.NOT_STARTED

    def statuses(self, coder_id: str) -> dict[str, Status]:
        rows = self.conn.execute(
            "SELECT document_id, status FROM document_status WHERE coder_id = ?", (coder_id,)
        ).fetchall()
        return {r[0]: Status(r[1]) for r in rows}

"""The project store: one SQLite file, opened through sqlite-utils.

Reads are plain methods returning records from :mod:`newscoder.core.model`.
Writes that a user makes go through :mod:`newscoder.core.edits`, one
transaction per action; bulk writers (importers, merge) use :meth:`Project.atomic`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscoder.core import inuse, projectfile
from newscoder.core.errors import EditError
from newscoder.core.model import Code, Coder, Document, DocumentInfo, Segment, Status
from newscoder.core.timeutil import now_utc

if TYPE_CHECKING:
    import sqlite_utils

#: Namespace for document ids derived from content hashes.
DOCUMENT_NAMESPACE = uuid.UUID("6b1f0c52-5d1e-4a57-9a4b-4e5c0d3e2a11")

DOC_INFO_COLUMNS = (
    "id, title, source, author, published, url, content_sha256, length, imported_at, metadata"
)
SEGMENT_COLUMNS = (
    'id, document_id, code_id, coder_id, start, "end", quote, memo, created_at, updated_at, deleted_at'
)
CODE_COLUMNS = "id, name, description, color, shortcut, parent_id, position, archived"


def content_hash(text: str) -> str:
    """SHA-256 of the canonical (UTF-8, ``\\n``-newline) text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_id_for(sha256_hex: str) -> str:
    """The stable document id: a UUID derived from the content hash."""
    return str(uuid.uuid5(DOCUMENT_NAMESPACE, sha256_hex))


def name_key(name: str) -> str:
    """The case-insensitive key under which code and coder names are unique."""
    return " ".join(name.split()).casefold()


def _doc_info(row: tuple[Any, ...]) -> DocumentInfo:
    return DocumentInfo(*row[:9], metadata=json.loads(row[9] or "{}"))


def _segment(row: tuple[Any, ...]) -> Segment:
    return Segment(*row)


def _code(row: tuple[Any, ...]) -> Code:
    return Code(*row[:7], archived=bool(row[7]))


class Project:
    """An open project file. Use as a context manager or call :meth:`close`."""

    def __init__(self, path: Path, conn: sqlite3.Connection, migration_backup: Path | None = None):
        self.path = path
        self.conn = conn
        self._db: sqlite_utils.Database | None = None
        self.migration_backup = migration_backup

    @property
    def db(self) -> sqlite_utils.Database:
        """The sqlite-utils view of the connection, made on first use.

        sqlite-utils takes most of a second to import, so it is kept off the
        path to the first paint of the window.
        """
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

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

    _in_use: inuse.Hold | None = None

    def hold_in_use(self, *, read_only: bool = False) -> None:
        """Mark the file in use by this process while open (core/inuse.py); closes on failure."""
        try:
            self._in_use = inuse.hold(self.path, read_only=read_only)
        except BaseException:
            self.close()
            raise

    @classmethod
    def create(cls, path: str | Path, name: str | None = None, *, codebook: bool = True) -> Project:
        """Create a new project (with the default codebook unless told not to)."""
        path = Path(path)
        projectfile.create_file(path, name or path.stem)
        project = cls.open(path, check=False)
        if codebook:
            from newscoder.core.codebook import install_default_codebook

            with project.atomic():
                install_default_codebook(project)
        return project

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()
        if self._in_use is not None:
            inuse.release(self._in_use)

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions --------------------------------------------------------
    @contextlib.contextmanager
    def atomic(self) -> Iterator[Project]:
        """One transaction (or a savepoint inside an outer one).

        The outermost level starts with ``BEGIN IMMEDIATE``: it takes the write
        lock up front (waiting up to the busy timeout for another program), so
        a read-then-write edit can never fail half-way on a lock upgrade.
        SQLite errors a user can act on (busy, disk full, read-only, I/O) come
        out as a clear :class:`~newscoder.core.projectfile.ProjectWriteError`.
        """
        with projectfile.sqlite_errors(self.path):
            if self.conn.in_transaction:
                with self.db.atomic():
                    yield self
                return
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                self._rollback()
                raise
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

    def filesystem_warning(self) -> str | None:
        """A warning if the project lives on a network filesystem (Linux only), else ``None``."""
        return projectfile.network_warning(self.path)

    def data_version(self) -> int:
        """Changes when *another* connection commits (``PRAGMA data_version``)."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    # -- project metadata ----------------------------------------------------
    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM project WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self.atomic():
            self.conn.execute(
                "INSERT INTO project (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    @property
    def uuid(self) -> str:
        return self.meta("uuid") or ""

    @property
    def name(self) -> str:
        return self.meta("name") or self.path.stem

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
        info = self.document_info(doc_id)
        assert info is not None
        return info, True

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

    def segment_counts(self, coder_id: str) -> dict[str, int]:
        """Live segments per document for one coder."""
        rows = self.conn.execute(
            "SELECT document_id, count(*) FROM segments WHERE coder_id = ? AND deleted_at IS NULL "
            "GROUP BY document_id",
            (coder_id,),
        ).fetchall()
        return {r[0]: int(r[1]) for r in rows}

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

"""Every migration of the project file, and running them (a backup first).

``MIGRATIONS[i]`` takes a file from version ``i`` to ``i + 1`` (``PRAGMA user_version``).
A new project runs every migration from 0 (:func:`run_migrations`), so old files and new
files end up with the very same schema. :func:`migrate` brings an older file up to
:data:`~newscoder.core.schema.SCHEMA_VERSION` under SQLite's write lock, backing it up first.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from newscoder.core import paths
from newscoder.core.schema import FTS_TABLE, FTS_TOKENIZE, SCHEMA_VERSION, SOURCE_KINDS
from newscoder.core.timeutil import now_utc


def _run(conn: sqlite3.Connection, script: str) -> None:
    """Run a script statement by statement, inside the caller's transaction.

    (``executescript`` would commit first, which a migration must not do.)
    """
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v1_initial(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        """
        CREATE TABLE project (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            content_sha256 TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            author TEXT NOT NULL DEFAULT '',
            published TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            length INTEGER NOT NULL CHECK (length >= 0),
            imported_at TEXT NOT NULL,
            metadata TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE codes (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            name_key TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            color TEXT NOT NULL DEFAULT '#999999',
            shortcut TEXT,
            parent_id TEXT REFERENCES codes(id),
            position INTEGER NOT NULL DEFAULT 0,
            archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        );
        CREATE UNIQUE INDEX codes_name_key ON codes(name_key) WHERE deleted_at IS NULL;
        CREATE TABLE coders (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            name_key TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL
        );
        CREATE TABLE segments (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id),
            code_id TEXT NOT NULL REFERENCES codes(id),
            coder_id TEXT NOT NULL REFERENCES coders(id),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            quote TEXT NOT NULL,
            memo TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT,
            CHECK (0 <= start AND start < "end")
        );
        CREATE INDEX segments_document_coder ON segments(document_id, coder_id);
        CREATE INDEX segments_code ON segments(code_id);
        """
    )


def _v2_status_and_shortcuts(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        """
        CREATE TABLE document_status (
            document_id TEXT NOT NULL REFERENCES documents(id),
            coder_id TEXT NOT NULL REFERENCES coders(id),
            status TEXT NOT NULL
                CHECK (status IN ('not_started', 'in_progress', 'done')),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (document_id, coder_id)
        );
        CREATE INDEX document_status_coder ON document_status(coder_id);
        CREATE UNIQUE INDEX codes_shortcut ON codes(shortcut)
            WHERE shortcut IS NOT NULL AND deleted_at IS NULL;
        """
    )


def _v3_search_and_variables(conn: sqlite3.Connection) -> None:
    """Issue 14: the full-text index of the articles and typed document variables.

    A variable's values live in each article's ``metadata`` JSON (where front matter and QDPX
    variables already go); ``variables`` holds the definitions: type and, for a choice, its list.
    """
    conn.execute(
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5 (text, content=\"documents\", "
        f"tokenize=\"{FTS_TOKENIZE}\")"
    )
    conn.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('rebuild')")
    _run(
        conn,
        """
        CREATE TABLE variables (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            name_key TEXT NOT NULL UNIQUE,
            type TEXT NOT NULL CHECK (type IN ('text', 'number', 'date', 'choice')),
            choices TEXT NOT NULL DEFAULT '[]',
            position INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        )
        """,
    )


def _gold_layer(conn: sqlite3.Connection) -> None:
    """The gold layer (issue 17): adjudicated segments, stored apart from every coder's.

    A row is one decision on one unit of the coders' segments. ``decision`` says how it
    was reached; ``none`` rows record "accept nothing" and are not segments (no export,
    no agreement). ``unit_segments`` (JSON array) are the coders' segment ids the decision
    settles; ``sources`` (JSON array) the ids the gold span came from (provenance). (No
    ``json_valid`` CHECK: the schema check opens files with ``trusted_schema`` off, which
    refuses functions in the schema; the store writes only ``json.dumps`` output here.)
    Tombstones (``deleted_at``) travel in merges as for segments. Attribute values come
    with a later migration (:func:`_gold_attributes`).
    """
    _run(
        conn,
        """
        CREATE TABLE gold_segments (
            id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL REFERENCES documents(id),
            code_id TEXT NOT NULL REFERENCES codes(id),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            quote TEXT NOT NULL,
            decision TEXT NOT NULL CHECK (decision IN
                ('agreed', 'accepted', 'union', 'intersection', 'edited', 'added', 'none')),
            adjudicator TEXT NOT NULL CHECK (length(trim(adjudicator)) > 0),
            reason TEXT NOT NULL DEFAULT '',
            sources TEXT NOT NULL DEFAULT '[]',
            unit_segments TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT,
            CHECK (0 <= start AND start < "end")
        );
        CREATE INDEX gold_segments_document ON gold_segments(document_id)
        """
    )


def _attributes_and_sources(conn: sqlite3.Connection) -> None:
    """Typed attributes on codes (definitions) and segments (values, JSON); the project's sources."""
    kinds = ", ".join(f"'{k}'" for k in SOURCE_KINDS)
    _run(
        conn,
        f"""
        ALTER TABLE codes ADD COLUMN attributes TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE segments ADD COLUMN attributes TEXT NOT NULL DEFAULT '{{}}';
        CREATE TABLE sources (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            name_key TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ({kinds})),
            affiliation TEXT NOT NULL DEFAULT '',
            merged_into TEXT REFERENCES sources(id),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        );
        CREATE UNIQUE INDEX sources_name_key ON sources(name_key) WHERE deleted_at IS NULL
        """,
    )


def _gold_attributes(conn: sqlite3.Connection) -> None:
    """Issue 17 with issue 15: gold segments carry attribute values, as ``segments.attributes`` does
    (a canonical JSON object keyed by attribute name; ``{}`` is "no values yet")."""
    _run(conn, "ALTER TABLE gold_segments ADD COLUMN attributes TEXT NOT NULL DEFAULT '{}'")


def _suggestions(conn: sqlite3.Connection) -> None:
    """Issue 19: private suggestions. A coder's rejected suggestions (never suggested again) and
    where an accepted suggestion came from (suggester name/version, model file hash, score).

    ``key`` is the suggestion's stable identity (document, span, code); a rejection belongs to
    one coder. Provenance is keyed by the segment it describes; a hand-coded segment has none.
    """
    _run(
        conn,
        """
        CREATE TABLE suggestion_rejections (
            id TEXT PRIMARY KEY,
            coder_id TEXT NOT NULL REFERENCES coders(id),
            document_id TEXT NOT NULL REFERENCES documents(id),
            code_id TEXT NOT NULL REFERENCES codes(id),
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            key TEXT NOT NULL,
            suggester TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            CHECK (0 <= start AND start < "end")
        );
        CREATE UNIQUE INDEX suggestion_rejections_key ON suggestion_rejections(coder_id, key);
        CREATE TABLE segment_provenance (
            segment_id TEXT PRIMARY KEY REFERENCES segments(id),
            suggester TEXT NOT NULL CHECK (length(trim(suggester)) > 0),
            model_sha256 TEXT NOT NULL DEFAULT '',
            score REAL NOT NULL CHECK (score >= 0 AND score <= 1),
            created_at TEXT NOT NULL
        )
        """,
    )


#: ``MIGRATIONS[i]`` takes a file from schema version ``i`` to ``i + 1``.
#: TO ADD A MIGRATION: write a function above (one transaction is open; use ``_run``, never
#: ``executescript``), APPEND it at the END of this list (never reorder or edit a released one),
#: and raise :data:`newscoder.core.schema.SCHEMA_VERSION` by one (checked below).
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v1_initial,
    _v2_status_and_shortcuts,
    _v3_search_and_variables,
    _gold_layer,
    _attributes_and_sources,
    _gold_attributes,
    _suggestions,
    # append new migrations here
]

if len(MIGRATIONS) != SCHEMA_VERSION:
    raise RuntimeError(f"schema.SCHEMA_VERSION is {SCHEMA_VERSION} but there are {len(MIGRATIONS)} migrations")


def run_migrations(conn: sqlite3.Connection, upto: int) -> None:
    """Create a schema at exactly version ``upto`` (used for new files and tests)."""
    for version in range(0, upto):
        MIGRATIONS[version](conn)
    conn.execute(f"PRAGMA user_version = {upto}")


def backup_to(conn: sqlite3.Connection, target: Path) -> Path:
    """Copy the open database to ``target`` with SQLite's online backup API."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".partial")
    try:
        dest = sqlite3.connect(str(tmp))
        try:
            conn.backup(dest)
        finally:
            dest.close()
        os.replace(tmp, target)
    finally:  # never leave a .partial (or its journal) behind
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
    return target


def migration_backup_path(path: Path, old_version: int) -> Path:
    stamp = now_utc().replace(":", "").replace("-", "")
    return paths.backups_dir() / "migrations" / f"{path.stem}.v{old_version}.{stamp}{path.suffix or '.newscoder'}"


def migrate(conn: sqlite3.Connection, path: Path, from_version: int) -> Path | None:
    """Bring the file to :data:`SCHEMA_VERSION`, writing a backup first.

    Everything happens under SQLite's write lock (``BEGIN IMMEDIATE``, which
    waits up to the busy timeout): when several programs open an older file at
    once, one migrates and the others wait, then find the version already
    current and do nothing.
    """
    if from_version >= SCHEMA_VERSION:
        return None
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if current >= SCHEMA_VERSION:
            conn.execute("COMMIT")
            return None
        backup = None
        if current > 0:
            timeout_ms = int(conn.execute("PRAGMA busy_timeout").fetchone()[0])  # projectfile.BUSY_TIMEOUT_MS
            backup = _backup_under_lock(path, migration_backup_path(path, current), timeout_ms)
        for version in range(current, SCHEMA_VERSION):
            MIGRATIONS[version](conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return backup


def _backup_under_lock(path: Path, target: Path, timeout_ms: int) -> Path:
    """Back ``path`` up while our connection holds its write lock.

    SQLite's backup cannot read through a connection that is writing, so a
    second, read-only SQLite connection copies the file. (SQLite shares the
    file's locks between its connections in one process, so closing it
    releases none of ours.) It waits for a lock as long as ``conn`` would (``timeout_ms``).
    """
    from urllib.parse import quote

    src = sqlite3.connect("file:" + quote(str(path.resolve())) + "?mode=ro", uri=True, timeout=timeout_ms / 1000)
    try:
        return backup_to(src, target)
    finally:
        src.close()

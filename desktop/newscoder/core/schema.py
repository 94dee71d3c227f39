"""The project file's schema and its migrations.

The schema version lives in ``PRAGMA user_version``; ``MIGRATIONS[i]`` takes a
file from version ``i`` to ``i + 1``. A new project runs every migration from 0,
so old files and new files end up with the very same schema.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

#: ``PRAGMA application_id`` of every Newscoder file: ASCII "NSCD".
APPLICATION_ID = 0x4E534344


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


SOURCE_KINDS = ("person", "government body", "military", "intelligence service", "media outlet",
                "anonymous official", "other")


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


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v1_initial,
    _v2_status_and_shortcuts,
    _attributes_and_sources,
]

#: The schema version this build writes.
SCHEMA_VERSION = len(MIGRATIONS)

TABLES = ("project", "documents", "codes", "coders", "segments", "document_status", "sources")

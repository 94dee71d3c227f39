"""Named queries for backups (store layer): :mod:`newscoder.core.backup` runs no SQL of its own."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from newscoder.core.store import Project


def fingerprint(project: Project) -> str:
    """A digest over every row of every table (and the schema version): any change shows."""
    conn = project.conn
    digest = hashlib.blake2b(digest_size=32)
    digest.update(str(conn.execute("PRAGMA user_version").fetchone()[0]).encode())
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")  # a read transaction: one snapshot, no write lock
    try:
        for table in tables:
            digest.update(b"\x1d" + table.encode())
            cursor = conn.execute(f'SELECT * FROM "{table}"')
            while True:
                rows = cursor.fetchmany(5000)
                if not rows:
                    break
                digest.update(repr(rows).encode("utf-8", "surrogatepass"))
    finally:
        if own:
            conn.execute("COMMIT")
    return digest.hexdigest()


def file_uuid(conn: sqlite3.Connection) -> str | None:
    """The project UUID stored in a project file (on its own connection), or ``None`` when it has none."""
    row = conn.execute("SELECT value FROM project WHERE key = 'uuid'").fetchone()
    return str(row[0]) if row else None


def copy_to(project: Project, path: Path) -> None:
    """SQLite's online backup of the open project into a new file at ``path`` (the caller fsyncs and renames)."""
    dest = sqlite3.connect(str(path))
    try:
        project.conn.backup(dest)
    finally:
        dest.close()

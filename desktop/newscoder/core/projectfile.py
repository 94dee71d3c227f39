"""Opening and creating project files: checks, pragmas, migrations, backups.

Everything here is about the *file*; :mod:`newscoder.core.store` is about what
is in it.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from pathlib import Path

from newscoder.core import paths
from newscoder.core.errors import (
    CorruptProjectError,
    NewerSchemaError,
    NotAProjectError,
    ProjectNotFoundError,
    ProjectOpenError,
)
from newscoder.core.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from newscoder.core.timeutil import now_utc

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _configure(conn: sqlite3.Connection, path: Path) -> None:
    try:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    except sqlite3.OperationalError as exc:
        raise ProjectOpenError(f"{path}: cannot open the project for writing ({exc})") from exc
    if str(mode).lower() != "wal":
        raise ProjectOpenError(f"{path}: cannot switch the project to WAL mode (got {mode})")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")


def _check_writable(path: Path) -> None:
    if not os.access(path, os.W_OK):
        raise ProjectOpenError(f"{path}: the project file is read-only; copy it somewhere writable")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise ProjectOpenError(
            f"{path}: the folder {path.parent} is read-only; SQLite needs to write its journal there"
        )


def _read_header(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(100)
    except IsADirectoryError as exc:
        raise NotAProjectError(f"{path}: is a folder, not a project file") from exc
    except PermissionError as exc:
        raise ProjectOpenError(f"{path}: permission denied") from exc
    except OSError as exc:
        raise ProjectOpenError(f"{path}: cannot be read ({exc.strerror})") from exc


def inspect_file(path: Path) -> tuple[int, int]:
    """Return ``(application_id, user_version)`` or raise a clear open error."""
    header = _read_header(path)
    if len(header) == 0:
        raise NotAProjectError(f"{path}: the file is empty; it is not a Newscoder project")
    if not header.startswith(SQLITE_HEADER):
        raise NotAProjectError(f"{path}: not a Newscoder project (not an SQLite database)")
    if len(header) < 100:
        raise CorruptProjectError(f"{path}: the project file is truncated or damaged")
    app_id = int.from_bytes(header[68:72], "big")
    user_version = int.from_bytes(header[60:64], "big")
    return app_id, user_version


def quick_check(conn: sqlite3.Connection, path: Path) -> None:
    """Run ``PRAGMA quick_check`` and raise :class:`CorruptProjectError` if it fails."""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        raise CorruptProjectError(f"{path}: the project file is damaged ({exc})") from exc
    if [r[0] for r in rows] != ["ok"]:
        detail = "; ".join(str(r[0]) for r in rows[:3])
        raise CorruptProjectError(f"{path}: the project file is damaged ({detail})")


def backup_to(conn: sqlite3.Connection, target: Path) -> Path:
    """Copy the open database to ``target`` with SQLite's online backup API."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".partial")
    dest = sqlite3.connect(str(tmp))
    try:
        conn.backup(dest)
    finally:
        dest.close()
    os.replace(tmp, target)
    return target


def migration_backup_path(path: Path, old_version: int) -> Path:
    stamp = now_utc().replace(":", "").replace("-", "")
    return paths.backups_dir() / "migrations" / f"{path.stem}.v{old_version}.{stamp}{path.suffix or '.newscoder'}"


def migrate(conn: sqlite3.Connection, path: Path, from_version: int) -> Path | None:
    """Bring the file to :data:`SCHEMA_VERSION`, writing a backup first."""
    if from_version >= SCHEMA_VERSION:
        return None
    backup = None
    if from_version > 0:
        backup = backup_to(conn, migration_backup_path(path, from_version))
    conn.execute("BEGIN IMMEDIATE")
    try:
        for version in range(from_version, SCHEMA_VERSION):
            MIGRATIONS[version](conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return backup


def run_migrations(conn: sqlite3.Connection, upto: int) -> None:
    """Create a schema at exactly version ``upto`` (used for new files and tests)."""
    for version in range(0, upto):
        MIGRATIONS[version](conn)
    conn.execute(f"PRAGMA user_version = {upto}")


def open_connection(path: Path, *, check: bool = True) -> tuple[sqlite3.Connection, Path | None]:
    """Open an existing project file, refusing anything that is not a sound project.

    Returns the configured connection and the path of a migration backup, if one
    was written.
    """
    if not path.exists():
        raise ProjectNotFoundError(f"no project at {path}")
    app_id, version = inspect_file(path)
    if app_id != APPLICATION_ID:
        raise NotAProjectError(f"{path}: not a Newscoder project (an SQLite file of another application)")
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"{path}: this project was written by a newer Newscoder (schema {version}; "
            f"this version reads up to {SCHEMA_VERSION}). Please update Newscoder."
        )
    _check_writable(path)
    try:
        conn = _connect(path)
    except sqlite3.Error as exc:
        raise ProjectOpenError(f"{path}: cannot open ({exc})") from exc
    try:
        if check:
            quick_check(conn, path)
        _configure(conn, path)
        backup = migrate(conn, path, version)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise CorruptProjectError(f"{path}: the project file is damaged ({exc})") from exc
    except BaseException:
        conn.close()
        raise
    return conn, backup


def create_file(path: Path, name: str, *, version: int = SCHEMA_VERSION) -> None:
    """Write a new, empty project file at ``path`` (which must not exist).

    The file is built under a temporary name and renamed into place, so a
    failure never leaves a half-made project behind.
    """
    if path.exists():
        raise ProjectOpenError(f"{path}: a file already exists there")
    if not path.parent.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ProjectOpenError(f"{path}: cannot create the folder ({exc.strerror})") from exc
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.creating")
    try:
        conn = _connect(tmp)
    except sqlite3.Error as exc:
        raise ProjectOpenError(f"{path}: cannot create the project ({exc})") from exc
    try:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("BEGIN")
        run_migrations(conn, version)
        now = now_utc()
        conn.executemany(
            "INSERT INTO project (key, value) VALUES (?, ?)",
            [("uuid", str(uuid.uuid4())), ("name", name), ("created_at", now)],
        )
        conn.execute("COMMIT")
        conn.close()
        os.replace(tmp, path)
    except sqlite3.Error as exc:
        conn.close()
        tmp.unlink(missing_ok=True)
        raise ProjectOpenError(f"{path}: cannot create the project ({exc})") from exc
    except BaseException:
        conn.close()
        tmp.unlink(missing_ok=True)
        raise

"""Opening and creating project files: checks, pragmas; migrations (run by :mod:`newscoder.core.migrations`).

Everything here is about the *file*; :mod:`newscoder.core.store` is about what
is in it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import uuid
from collections.abc import Iterator
from pathlib import Path

from newscoder.core import limits
from newscoder.core.errors import (
    CorruptProjectError,
    NewerSchemaError,
    NotAProjectError,
    ProjectNotFoundError,
    ProjectOpenError,
    UserError,
)
from newscoder.core.migrations import migrate, run_migrations
from newscoder.core.schema import APPLICATION_ID, SCHEMA_VERSION
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


def _is_read_only(path: Path) -> bool:
    """True if ``path`` is not writable for us, or carries no write bit at all.

    The mode bits are checked too so that a read-only file is refused even when
    running as root (for whom ``os.access`` always says yes).
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return True
    return not os.access(path, os.W_OK) or not (mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def _check_writable(path: Path) -> None:
    if _is_read_only(path):
        raise ProjectOpenError(f"{path}: the project file is read-only; copy it somewhere writable")
    folder = path.parent
    if _is_read_only(folder) or not os.access(folder, os.X_OK):
        raise ProjectOpenError(
            f"{path}: the folder {folder} is read-only; SQLite needs to write its journal there"
        )


# -- translating SQLite's errors into messages for people ---------------------
class ProjectWriteError(UserError):
    """Writing to the project failed for a reason outside Newscoder (busy, full, read-only, I/O)."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_IOERR = 5, 6, 8, 10
_SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 11, 13, 14, 26


def _primary_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        text = str(exc).lower()
        for needle, guess in (
            ("database is locked", _SQLITE_BUSY),
            ("database table is locked", _SQLITE_LOCKED),
            ("database or disk is full", _SQLITE_FULL),
            ("readonly database", _SQLITE_READONLY),
            ("disk i/o error", _SQLITE_IOERR),
            ("malformed", _SQLITE_CORRUPT),
            ("file is not a database", _SQLITE_NOTADB),
        ):
            if needle in text:
                return guess
        return None
    return int(code) & 0xFF


def translate_error(exc: sqlite3.Error, path: Path | str) -> ProjectWriteError | None:
    """A clear :class:`UserError` for an SQLite error the user can act on, else ``None``."""
    limit = limits.limit_message(exc)
    if limit is not None:
        return ProjectWriteError(f"{path}: refused: {limit}; nothing was saved from this action", "limit")
    code = _primary_code(exc)
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return ProjectWriteError(
            f"{path}: the project is busy in another program; try again in a moment", "busy"
        )
    if code == _SQLITE_FULL:
        return ProjectWriteError(
            f"{path}: the disk is full; nothing was saved from the last action. "
            "Free some space and try again",
            "full",
        )
    if code == _SQLITE_READONLY:
        return ProjectWriteError(
            f"{path}: the project cannot be written (read-only file, folder or disk); "
            "copy it somewhere writable",
            "readonly",
        )
    if code in (_SQLITE_IOERR, _SQLITE_CANTOPEN):
        return ProjectWriteError(
            f"{path}: the disk reported an input/output error; nothing was saved from the last action. "
            "Check the disk or network drive",
            "io",
        )
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return ProjectWriteError(
            f"{path}: the project file is damaged; restore a backup (newscoder backup list)", "corrupt"
        )
    return None


@contextlib.contextmanager
def sqlite_errors(path: Path | str) -> Iterator[None]:
    """Re-raise SQLite errors a user can act on as clear :class:`ProjectWriteError` s."""
    try:
        yield
    except sqlite3.Error as exc:
        clear = translate_error(exc, path)
        if clear is None:
            raise
        raise clear from exc


# -- network filesystems ------------------------------------------------------
#: Filesystem types on which SQLite's WAL mode (shared memory, locks) is unsafe.
NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "sshfs", "fuse.sshfs", "9p",
        "afs", "ncpfs", "coda", "ceph", "glusterfs", "fuse.glusterfs", "lustre", "gpfs",
        "davfs", "fuse.davfs2", "fuse.rclone", "fuse.s3fs", "webdav", "virtiofs", "vboxsf",
        "fuse.gvfsd-fuse", "fuse.dropbox", "fuse.onedriver",
    }
)


def _unescape_mount(field: str) -> str:
    """/proc/mounts writes spaces, tabs, newlines and backslashes as octal escapes."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def parse_mounts(text: str) -> list[tuple[str, str]]:
    """``(mount point, fstype)`` pairs from the text of ``/proc/mounts``."""
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            mounts.append((_unescape_mount(fields[1]), fields[2]))
    return mounts


def filesystem_type(path: Path | str, mounts_text: str) -> str | None:
    """The fstype of the mount holding ``path`` (the longest matching mount point)."""
    target = os.path.abspath(os.fspath(path))
    best: tuple[int, str] | None = None
    for point, fstype in parse_mounts(mounts_text):
        prefix = point.rstrip("/") + "/"
        if target == point or target.startswith(prefix) or point == "/":
            if best is None or len(point) >= best[0]:
                best = (len(point), fstype)
    return best[1] if best else None


def network_filesystem(path: Path | str, mounts_text: str | None = None) -> str | None:
    """The network filesystem type ``path`` lives on (e.g. ``"nfs4"``), or ``None``.

    Only Linux can tell (via ``/proc/mounts``); elsewhere this returns ``None``.
    """
    if mounts_text is None:
        try:
            mounts_text = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        path = Path(path).resolve()
    fstype = filesystem_type(path, mounts_text)
    if fstype is None:
        return None
    fstype = fstype.lower()
    if fstype in NETWORK_FILESYSTEMS or fstype.split(".")[0] in {"nfs", "cifs", "smb3"}:
        return fstype
    return None


def network_warning(path: Path | str) -> str | None:
    """A warning to show when the project lives on a network filesystem."""
    fstype = network_filesystem(path)
    if fstype is None:
        return None
    return (
        f"{path} is on a network drive ({fstype}); SQLite cannot lock files reliably there. "
        "Work on a local copy and merge it back, or make sure only one computer opens it at a time"
    )


def _read_header(path: Path) -> bytes:
    from newscoder.core.inputs import open_regular

    try:
        with open_regular(path, NotAProjectError) as fh:
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
        clear = translate_error(exc, path)
        if clear is not None and clear.kind != "corrupt":
            raise clear from exc
        raise CorruptProjectError(f"{path}: the project file is damaged ({exc})") from exc
    if [r[0] for r in rows] != ["ok"]:
        detail = "; ".join(str(r[0]) for r in rows[:3])
        raise CorruptProjectError(f"{path}: the project file is damaged ({detail})")


def verified_version(conn: sqlite3.Connection, path: Path, *, integrity: bool = True) -> int:
    """Check the file (exact schema, sane data, and with ``integrity`` SQLite's
    quick_check) in one read snapshot; return its schema version.

    The schema and data checks always run (they are cheap; see
    :mod:`newscoder.core.schemacheck`): the window opens without the slower
    quick_check, and a hostile file must not get past it either.

    The version is read inside the same transaction as the checks, so a
    migration by another program in between cannot make them disagree.
    """
    from newscoder.core import schemacheck

    conn.execute("BEGIN")
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise NewerSchemaError(
                f"{path}: this project was written by a newer Newscoder (schema {version}; "
                f"this version reads up to {SCHEMA_VERSION}). Please update Newscoder."
            )
        schemacheck.verify(conn, path, version, deep=integrity)
        if integrity:
            quick_check(conn, path)
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")
    return version


def _header_via_sqlite(path: Path) -> tuple[int, int]:
    """``(application_id, user_version)`` read by SQLite, for a file this process already has open.

    SQLite shares one file per inode among a process's connections and keeps a
    closed connection's descriptor until the last lock is gone, so this never
    drops the locks of the connection already open.
    """
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return (int(conn.execute("PRAGMA application_id").fetchone()[0]),
                    int(conn.execute("PRAGMA user_version").fetchone()[0]))
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise ProjectOpenError(f"{path}: cannot open ({exc})") from exc


def check_project_file(path: Path) -> int:
    """Refuse a missing file, a non-project or a newer schema; return the schema version.

    Reads only the header, so it never changes the file.
    """
    from newscoder.core.inputs import not_regular_reason, shown

    if not path.exists():
        raise ProjectNotFoundError(f"no project at {shown(path)}")
    reason = not_regular_reason(path)
    if reason is not None and not path.is_dir():
        raise NotAProjectError(f"{shown(path)}: {reason}; a project is a regular file")
    from newscoder.core import inuse

    # Reading the header of a file this process has open would drop SQLite's POSIX locks on it.
    app_id, version = _header_via_sqlite(path) if inuse.open_here(path) else inspect_file(path)
    if app_id != APPLICATION_ID:
        raise NotAProjectError(f"{path}: not a Newscoder project (an SQLite file of another application)")
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"{path}: this project was written by a newer Newscoder (schema {version}; "
            f"this version reads up to {SCHEMA_VERSION}). Please update Newscoder."
        )
    return version


def open_connection(path: Path, *, check: bool = True) -> tuple[sqlite3.Connection, Path | None]:
    """Open an existing project file, refusing anything that is not a sound project.

    Returns the configured connection and the path of a migration backup, if one
    was written.
    """
    version = check_project_file(path)
    _check_writable(path)
    try:
        conn = _connect(path)
    except sqlite3.Error as exc:
        raise ProjectOpenError(f"{path}: cannot open ({exc})") from exc
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        version = verified_version(conn, path, integrity=check)
        _configure(conn, path)
        backup = migrate(conn, path, version)
        limits.install_guards(conn)
    except sqlite3.Error as exc:
        conn.close()
        clear = translate_error(exc, path)
        if clear is not None and clear.kind != "corrupt":
            raise clear from exc
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

"""Reading another project file without writing beside it (issue 11, items 6 and 11).

A plain ``mode=ro`` SQLite connection to a WAL-mode file creates ``-wal`` and
``-shm`` beside it and cannot remove them (they stay behind), and on a
read-only medium it cannot open the file at all. So:

* with no ``-wal`` beside the file (nobody has unsaved work in it), the file is
  opened ``immutable=1``: SQLite reads the main file only and creates nothing;
  :func:`read_consistently` checks that the file did not change during the
  read (and falls back to a locking read if it did);
* with a ``-wal`` beside it (the file is open elsewhere, or a program crashed
  with unsaved work in it), it is opened ``mode=ro`` so that the work in the
  WAL is read too.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

T = TypeVar("T")


def has_wal(path: Path) -> bool:
    try:
        return os.stat(f"{path}-wal").st_size > 0
    except OSError:
        return False


def _state(path: Path) -> tuple[int, int, int, bool]:
    st = os.stat(path)
    return (st.st_ino, st.st_size, st.st_mtime_ns, has_wal(path))


def connect_readonly(path: Path, *, immutable: bool | None = None) -> sqlite3.Connection:
    """A read-only connection that writes nothing beside ``path`` when it can."""
    if immutable is None:
        immutable = not has_wal(path)
    uri = "file:" + quote(str(Path(path).resolve())) + "?mode=ro" + ("&immutable=1" if immutable else "")
    return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)


def read_consistently(path: Path, read: Callable[[sqlite3.Connection], T]) -> T:
    """Run ``read`` on a read-only connection; redo it with locks if the file changed meanwhile."""
    path = Path(path)
    before = _state(path)
    if not before[3]:
        conn = connect_readonly(path, immutable=True)
        try:
            result = read(conn)
        finally:
            conn.close()
        if _state(path) == before:
            return result
    conn = connect_readonly(path, immutable=False)
    try:
        return read(conn)
    finally:
        conn.close()


def can_write_beside(path: Path) -> bool:
    """True if SQLite could write the project and its journal (file and folder writable, write bits set)."""
    import stat

    writable = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
    path = Path(path)
    folder = path.resolve().parent
    try:
        mode, folder_mode = os.stat(path).st_mode, os.stat(folder).st_mode
    except OSError:
        return False
    # the mode bits too, so that root (for whom os.access says yes) is treated like Project.open treats it
    return (os.access(path, os.W_OK) and bool(mode & writable)
            and os.access(folder, os.W_OK | os.X_OK) and bool(folder_mode & writable))


def open_project_readonly(path: Path):  # type: ignore[no-untyped-def]  # -> Project (imported lazily)
    """A :class:`~newscoder.core.store.Project` to *read* a file that cannot be written (read-only file,
    folder or medium): nothing is written to or beside it. An older schema is migrated in memory."""
    from newscoder.core import projectfile, store_exchange
    from newscoder.core.schema import SCHEMA_VERSION

    path = Path(path)
    version = projectfile.check_project_file(path)
    if version < SCHEMA_VERSION or has_wal(path):
        from newscoder.core.exchange.bundle import open_readonly

        conn = open_readonly(path)  # an in-memory copy (migrated if older)
    else:
        conn = connect_readonly(path, immutable=True)
        try:
            projectfile.quick_check(conn, path)
        except BaseException:
            conn.close()
            raise
    return store_exchange.readonly_project(path, conn)

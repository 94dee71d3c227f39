"""An open project file: its connection, transactions and metadata.

:class:`ProjectConnection` is the base of :class:`~newscoder.core.store.Project`, which
adds the named queries. It holds the SQLite connection (and the sqlite-utils view of it),
the "in use" hold, one transaction per :meth:`~ProjectConnection.atomic`, and the
``project`` key/value table.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Self

from newscoder.core import inuse, projectfile

if TYPE_CHECKING:
    import sqlite_utils


class ProjectConnection:
    """The open file under a :class:`~newscoder.core.store.Project`. Use as a context manager or call :meth:`close`."""

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

    _in_use: inuse.Hold | None = None

    def hold_in_use(self, *, read_only: bool = False) -> None:
        """Mark the file in use by this process while open (core/inuse.py); closes on failure."""
        try:
            self._in_use = inuse.hold(self.path, read_only=read_only)
        except BaseException:
            self.close()
            raise

    def checkpoint(self) -> tuple[int, int, int] | None:
        """Copy the WAL into the project file without waiting for anyone (``PASSIVE``).

        Returns (busy, frames in the WAL, frames copied), or ``None`` inside a
        transaction. When both counts are equal the file alone holds every commit.
        """
        if self.conn.in_transaction:
            return None
        row = self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        return (int(row[0]), int(row[1]), int(row[2])) if row else None

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()
        if self._in_use is not None:
            inuse.release(self._in_use)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions --------------------------------------------------------
    @contextlib.contextmanager
    def atomic(self) -> Iterator[Self]:
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

    def quick_check(self) -> str:
        """SQLite's ``PRAGMA quick_check``: ``"ok"`` or the first problem found."""
        row = self.conn.execute("PRAGMA quick_check").fetchone()
        return str(row[0]) if row else "ok"

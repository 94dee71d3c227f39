"""Opening a project read-only (it is being edited in another window).

A :class:`ReadOnlyProject` reads like any project but never writes: SQLite
opens the file with ``mode=ro`` and ``PRAGMA query_only``, every write through
:meth:`ReadOnlyProject.atomic` raises a clear :class:`ReadOnlyError` (the
window shows it as "Not saved"), and no lock file is created beside it.
"""

from __future__ import annotations

import contextlib
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Self

from newscoder.core import projectfile
from newscoder.core.errors import ProjectOpenError, UserError
from newscoder.core.model import Coder
from newscoder.core.schema import SCHEMA_VERSION
from newscoder.core.store import Project


class ReadOnlyError(UserError):
    """A write was asked of a project opened read-only."""


class ReadOnlyProject(Project):
    """A project opened read-only: reads as usual, refuses every write."""

    read_only = True

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Self]:
        raise ReadOnlyError(f"{self.path}: opened read-only (it is open in another window); nothing was saved")
        yield self  # pragma: no cover - unreachable, keeps this a generator

    _unsaved_coders: dict[str, Coder] | None = None

    def ensure_coder(self, name: str, coder_id: str | None = None) -> Coder:
        """The coder of that name; one not in the project yet is shown but never written."""
        clean = " ".join(name.split())
        existing = self.coder_by_name(clean)
        if existing is not None:
            return existing
        coder = Coder(coder_id or str(uuid.uuid4()), clean)
        self._unsaved_coders = {**(self._unsaved_coders or {}), coder.id: coder}
        return coder

    def coder(self, coder_id: str) -> Coder | None:
        """A coder of the project, or the unsaved one this window codes as (so a write reaches atomic())."""
        return super().coder(coder_id) or (self._unsaved_coders or {}).get(coder_id)


def open_read_only(path: str | Path) -> ReadOnlyProject:
    """Open ``path`` without ever writing to it (nor beside it)."""
    path = Path(path)
    version = projectfile.check_project_file(path)
    if version != SCHEMA_VERSION:
        raise ProjectOpenError(
            f"{path}: this project has an older format; it can be opened read-only once "
            "the window that has it open upgraded it (close and reopen it there)"
        )
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                               timeout=projectfile.BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {projectfile.BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA query_only = ON")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        raise ProjectOpenError(f"{path}: cannot open read-only ({exc})") from exc
    project = ReadOnlyProject(path, conn)
    project.hold_in_use(read_only=True)
    return project


def is_read_only(project: Project | None) -> bool:
    return bool(getattr(project, "read_only", False))

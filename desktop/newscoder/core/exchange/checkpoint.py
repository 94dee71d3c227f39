"""Checkpointing the WAL before a project file is copied or handed on (issue 11, item 4)."""

from __future__ import annotations

import sqlite3

from newscoder.core.store import Project


def checkpoint(project: Project) -> bool:
    """Move every committed save from the ``-wal`` into the project file and truncate the WAL.

    Returns True when the checkpoint was complete. Another program reading the
    project at that moment can keep it from completing; that is not an error
    (our copies read through SQLite and see the WAL anyway).
    """
    if project.conn.in_transaction:
        return False
    try:
        busy, _log, _done = project.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.Error:
        return False
    return int(busy) == 0

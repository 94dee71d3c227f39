"""Checkpointing the WAL before a project file is copied or handed on (issue 11, item 4)."""

from __future__ import annotations

from newscoder.core import store_exchange
from newscoder.core.store import Project


def checkpoint(project: Project) -> bool:
    """Move every committed save from the ``-wal`` into the project file and truncate the WAL.

    Returns True when the checkpoint was complete. Another program reading the
    project at that moment can keep it from completing; that is not an error
    (our copies read through SQLite and see the WAL anyway).
    """
    return store_exchange.wal_checkpoint(project)

"""Checkpointing the WAL when the window is idle and when it closes.

Every save is committed at once, but into the ``-wal`` file: until a
checkpoint copies it into the project file, a copy of the project file alone
(``cp``, a sync tool, a backup of the folder) misses recent saves. SQLite
checkpoints by itself only every 1,000 pages and when the *last* connection
closes. So the window checkpoints (``PASSIVE``: it never waits for another
program) :data:`IDLE_MS` after its last save, and again when it closes.
Read-only windows never do.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer

from newscoder.core.readonly import is_read_only

#: Quiet time after the last save before the WAL is checkpointed.
IDLE_MS = 2000


def checkpoint(project: Any) -> tuple[int, int, int] | None:
    """``PRAGMA wal_checkpoint(PASSIVE)``: (busy, WAL frames, frames copied), or None if not possible now."""
    if project is None or is_read_only(project):
        return None
    try:
        return project.checkpoint()
    except sqlite3.Error:  # closed, or busy: the next idle moment tries again
        return None


class IdleCheckpointer(QObject):
    """Watches a main window: checkpoints after its saves go quiet, and on close."""

    def __init__(self, window: Any, idle_ms: int = IDLE_MS) -> None:
        super().__init__(window)
        self.window = window
        self.last: tuple[int, int, int] | None = None
        self.count = 0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(idle_ms)
        self.timer.timeout.connect(self.run)
        self._controller: Any = None
        window.installEventFilter(self)

    def watch(self, controller: Any) -> None:
        """Restart the idle timer after every save, undo and redo of ``controller``."""
        if controller is not None and controller is not self._controller:
            controller.applied.connect(self.saved)
            self._controller = controller
        self.timer.start()

    def saved(self, *_args: object) -> None:
        self.timer.start()

    def run(self) -> tuple[int, int, int] | None:
        result = checkpoint(getattr(self.window, "project", None))
        if result is not None:
            self.last = result
            self.count += 1
            if result[0] or result[1] != result[2]:  # readers in the way: try again later
                self.timer.start()
        return result

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.timer.stop()
            self.run()
        return False


def install(window: Any) -> IdleCheckpointer:
    """The window's checkpointer (made once), watching its current controller."""
    existing = getattr(window, "checkpointer", None)
    if not isinstance(existing, IdleCheckpointer):
        existing = IdleCheckpointer(window)
        window.checkpointer = existing
    existing.watch(getattr(window, "controller", None))
    return existing

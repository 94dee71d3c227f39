"""Noticing changes written by other processes (the CLI, a second window, a merge).

:class:`ProjectWatcher` polls ``PRAGMA data_version`` (it changes only when
*another* connection commits) once a second. :class:`ExternalChanges` then
refreshes the session's caches and hands ``Changes.everything()`` to the window's
parts, which re-read themselves without moving the text, keeping the selected
article and segment. The
undo stack is left alone: if an undo later finds its row changed, the
controller's ``failed`` message is shown.

It also warns once per project when the file lives on a network share (WAL
needs a local disk: exchange work via coder copies and merge instead).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from newscoder.core import projectfile
from newscoder.core.changes import Changes
from newscoder.core.session import CodingSession
from newscoder.ui.tagging_panel import TaggingPanel

POLL_MS = 1000


def tr(text: str) -> str:
    return QCoreApplication.translate("Watcher", text)


class ProjectWatcher(QObject):
    """Emits :attr:`changed` when another connection has committed to the project."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None, interval_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self.project: Any = None
        self._version: int | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)

    def watch(self, project: Any) -> None:
        self.project = project
        self._version = self._read()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.project = None

    def _read(self) -> int | None:
        if self.project is None:
            return None
        try:
            return int(self.project.data_version())
        except sqlite3.Error:  # closed or busy: try again next time
            return None

    def sync(self) -> None:
        """Take the file's current version as seen (the window itself wrote it on another connection)."""
        version = self._read()
        if version is not None:
            self._version = version

    def poll(self) -> bool:
        """Check now; True (and :attr:`changed` emitted) if another connection wrote."""
        version = self._read()
        if version is None:
            return False
        if self._version is not None and version != self._version:
            self._version = version
            self.changed.emit()
            return True
        self._version = version
        return False


class ExternalChanges(QObject):
    """Turns another program's commits into :class:`Changes` for the window's parts.

    ``changed`` carries ``Changes.everything()`` after the session has re-read its caches.
    A memo being typed is never wiped: the refresh waits until it is saved or abandoned.
    """

    changed = Signal(object)

    def __init__(self, window: QWidget, panel: TaggingPanel, say: Callable[[str, int], None]) -> None:
        super().__init__(window)
        self._window, self._panel, self._say = window, panel, say
        self.session: CodingSession | None = None
        self._pending = False
        self.watcher = ProjectWatcher(self)
        self.watcher.changed.connect(self.refresh)

    def watch(self, session: CodingSession) -> None:
        self.session = session
        self.watcher.watch(session.project)
        self.warn_if_network(session.project.path)

    def stop(self) -> None:
        self.watcher.stop()

    def refresh(self) -> None:
        """Re-read what another process may have changed; keep the article, segment and scroll."""
        if self.session is None:
            return
        panel = self._panel
        if panel.memo.hasFocus() and panel.segment is not None and panel.memo.text() != panel.segment.memo:
            if not self._pending:  # do not wipe a memo being typed: try again shortly
                self._pending = True
                QTimer.singleShot(POLL_MS, self, self._retry)
            return
        changes = Changes.everything()
        self.session.absorb(changes)
        self.changed.emit(changes)
        self._say(tr("Updated with changes saved by another program."), 4000)

    def _retry(self) -> None:
        self._pending = False
        if not self.watcher.timer.isActive():  # the window was closed meanwhile
            return
        try:
            self.refresh()
        except sqlite3.Error:
            pass

    def network_message(self, path: Any) -> str | None:
        fstype = projectfile.network_filesystem(path)
        if fstype is None:
            return None
        return tr("%1 is on a network drive (%2). Newscoder needs a local disk to save safely: "
                  "work on a local copy (File ▸ Export coder copy…) and merge it back "
                  "(File ▸ Merge coder project…).").replace("%1", str(path)).replace("%2", fstype)

    _network_warned: set[str] = set()  # once per project per process

    def warn_if_network(self, path: Any) -> str | None:
        """Warn once per project (status bar and a message box) when it lives on a network share."""
        message = self.network_message(path)
        key = str(path)
        if message is None or key in self._network_warned:
            return None
        self._network_warned.add(key)
        self._say(message, 15000)
        box = QMessageBox(QMessageBox.Icon.Warning, tr("Project on a network drive"), message,
                          QMessageBox.StandardButton.Ok, self._window)
        box.setObjectName("networkWarning")
        from newscoder.ui.plain import plain_box

        plain_box(box)  # the message holds the path
        box.setModal(False)
        box.show()
        self._network_box = box
        return message

"""Noticing changes written by other processes (the CLI, a second window, a merge).

:class:`ProjectWatcher` polls ``PRAGMA data_version`` (it changes only when
*another* connection commits) once a second. :class:`ExternalChangeSlots`
(a main-window mixin) then re-reads the models and the current article's
marks without moving the text, keeping the selected article and segment. The
undo stack is left alone: if an undo later finds its row changed, the
controller's ``failed`` message is shown.

It also warns once per project when the file lives on a network share (WAL
needs a local disk: exchange work via coder copies and merge instead).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox

from newscoder.core import projectfile

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


class ExternalChangeSlots:
    """Mixin for MainWindow: show other processes' changes, warn about network shares."""

    project: Any
    _refresh_pending = False
    _network_warned: set[str] = set()

    def start_watching(self) -> None:
        watcher = getattr(self, "watcher", None)
        if watcher is None:
            watcher = self.watcher = ProjectWatcher(self)  # type: ignore[arg-type]
            watcher.changed.connect(self.refresh_external)
        if self.project is not None:
            watcher.watch(self.project)
            self.warn_if_network(self.project.path)
        from newscoder.ui import checkpoint

        checkpoint.install(self)  # the WAL goes into the project file when idle and on close

    def refresh_external(self) -> None:
        """Re-read what another process may have changed; keep the article, segment and scroll."""
        if self.project is None:
            return
        panel = self.panel  # type: ignore[attr-defined]
        if panel.memo.hasFocus() and panel.segment is not None and panel.memo.text() != panel.segment.memo:
            if not self._refresh_pending:  # do not wipe a memo being typed: try again shortly
                self._refresh_pending = True
                QTimer.singleShot(POLL_MS, self, self._retry_refresh)  # type: ignore[call-overload]
            return
        doc = self.document_id  # type: ignore[attr-defined]
        selected = self.view.selected_id  # type: ignore[attr-defined]
        self._coder_names = {c.id: c.name for c in self.project.coders()}
        self.codebook.load(self.project)  # type: ignore[attr-defined]
        self.articles.load(self.project, self.coder_id)  # type: ignore[attr-defined]
        if doc is None or self.articles.row_for(doc) < 0:  # type: ignore[attr-defined]
            self.refresh_all()  # type: ignore[attr-defined]
            return
        self.select_article(doc)  # type: ignore[attr-defined]  (same article: the text is not reloaded)
        info = self.project.document_info(doc)
        if info is not None:
            self.title_label.setText(info.title)  # type: ignore[attr-defined]
            meta = [x for x in (info.source, info.author, info.published) if x]
            self.meta_label.setText("  ·  ".join(meta))  # type: ignore[attr-defined]
        self.view.set_marks(self._document_marks(doc))  # type: ignore[attr-defined]
        self.segment_model.set_segments(  # type: ignore[attr-defined]
            self.project.segments(document_id=doc, coder_id=self.coder_id))  # type: ignore[attr-defined]
        still = selected if selected and self.segment_model.segment(selected) else None  # type: ignore[attr-defined]
        self.select_segment(still)  # type: ignore[attr-defined]
        self._update_progress()  # type: ignore[attr-defined]
        self.statusBar().showMessage(tr("Updated with changes saved by another program."), 4000)  # type: ignore[attr-defined]

    def _retry_refresh(self) -> None:
        self._refresh_pending = False
        watcher = getattr(self, "watcher", None)
        if watcher is None or not watcher.timer.isActive():  # the window was closed meanwhile
            return
        try:
            self.refresh_external()
        except sqlite3.Error:
            pass

    def network_message(self, path: Any) -> str | None:
        fstype = projectfile.network_filesystem(path)
        if fstype is None:
            return None
        return tr("%1 is on a network drive (%2). Newscoder needs a local disk to save safely: "
                  "work on a local copy (File ▸ Export coder copy…) and merge it back "
                  "(File ▸ Merge coder project…).").replace("%1", str(path)).replace("%2", fstype)

    def warn_if_network(self, path: Any) -> str | None:
        """Warn once per project (status bar and a message box) when it lives on a network share."""
        message = self.network_message(path)
        key = str(path)
        if message is None or key in self._network_warned:
            return None
        self._network_warned.add(key)
        self.statusBar().showMessage(message, 15000)  # type: ignore[attr-defined]
        box = QMessageBox(QMessageBox.Icon.Warning, tr("Project on a network drive"), message,
                          QMessageBox.StandardButton.Ok, self)  # type: ignore[arg-type]
        box.setObjectName("networkWarning")
        from newscoder.ui.plain import plain_box

        plain_box(box)  # the message holds the path
        box.setModal(False)
        box.show()
        self._network_box = box
        return message

"""Opening a project in the window without ever breaking another program's locks.

* The project already open in this window: switch to it (nothing is opened,
  nothing reads its file: that would drop SQLite's POSIX locks).
* A project another window (another program) is editing: say so and offer
  read-only or cancel (core/inuse.py tells, without opening the project file).
* Otherwise open it and claim it for this window.

A read-only window disables every action that writes (:data:`WRITING_ACTIONS`);
its project refuses any write that still gets through (core/readonly.py).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from newscoder.core import inuse
from newscoder.core.readonly import is_read_only, open_read_only
from newscoder.core.store import Project
from newscoder.ui.actions import ActionId

#: Actions that write to the open project (directly or on a connection of their own).
WRITING_ACTIONS = (
    ActionId.IMPORT_ARTICLES, ActionId.IMPORT_FOLDER, ActionId.MERGE_PROJECT, ActionId.IMPORT_CODEBOOK,
    ActionId.IMPORT_QDPX, ActionId.RESTORE_BACKUP, ActionId.CODEBOOK, ActionId.MARK_DONE,
    ActionId.DELETE_SEGMENT, ActionId.ARTICLE_PROPERTIES, ActionId.UNDO, ActionId.REDO,
)


def tr(text: str) -> str:
    return QCoreApplication.translate("ProjectOpening", text)


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (``stat`` only: the file is never opened)."""
    try:
        sa, sb = os.stat(a), os.stat(b)
    except OSError:
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def ask_read_only(parent: QWidget | None, path: Path) -> bool:
    """"Open in another window": True if the user chose read-only, False for cancel."""
    note = inuse.window_note(path)
    text = tr("%1 is open in another Newscoder window. Two windows editing one project can undo each "
              "other's work, so only one may edit it.\n\nOpen it read-only here, or cancel?").replace("%1", str(path))
    box = QMessageBox(QMessageBox.Icon.Warning, tr("Project open elsewhere"), text, QMessageBox.StandardButton.NoButton,
                      parent)
    box.setObjectName("openElsewhere")
    box.setTextFormat(Qt.TextFormat.PlainText)
    if note:
        box.setDetailedText(note)
    read_only = box.addButton(tr("Open &read-only"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is read_only


def open_for_window(parent: QWidget | None, path: Path) -> Project | None:
    """Open ``path`` for a window: claimed for editing, or read-only if the user chose so.

    ``None`` if the user cancelled. Errors opening the file propagate (the caller shows them).
    """
    if inuse.open_in_other_window(path):
        return open_read_only(path) if ask_read_only(parent, path) else None
    project = Project.open(path, check=False)
    if inuse.claim_for_window(path):
        return project
    project.close()  # another window claimed it between our check and our open
    return open_read_only(path) if ask_read_only(parent, path) else None


def apply_read_only(window: Any) -> None:
    """Disable the writing actions of a read-only window and say so in its title."""
    read_only = is_read_only(window.project)
    for action_id in WRITING_ACTIONS:
        window.action(action_id).setEnabled(not read_only)
    if read_only and window.project is not None:
        window.setWindowTitle(tr("%1 (read-only) — Newscoder").replace("%1", window.project.name))
        window.statusBar().showMessage(
            tr("Read-only: this project is open in another window. Nothing you do here is saved."))
    elif window.controller is not None:
        window.undo_action.setEnabled(window.controller.stack.canUndo())
        window.redo_action.setEnabled(window.controller.stack.canRedo())


def switch_to_open_project(window: Any, path: Path) -> bool:
    """True (and a status message) if ``path`` is the project this window has open."""
    if window.project is None or not same_file(window.project.path, path) or not inuse.open_here(path):
        return False  # (a project the window has just closed, e.g. for a restore, is opened again)
    window.statusBar().showMessage(tr("%1 is already open.").replace("%1", window.project.name), 5000)
    window.raise_()
    window.activateWindow()
    return True

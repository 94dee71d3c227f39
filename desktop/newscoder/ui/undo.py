"""Undo and redo: every user change is one core :class:`Edit` in a ``QUndoCommand``.

Widgets never write to the store themselves. They build an edit with a core
builder (``edits.add_segment(...)``, ``codebook.rename...``) and call
:meth:`UndoController.push`. The controller applies it (one transaction) and
emits :attr:`UndoController.applied` after every do, undo and redo, so models
can refresh just the rows the edit touched.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from newscoder.core import edits
from newscoder.core.edits import Edit
from newscoder.core.errors import UserError
from newscoder.core.store import Project


class EditCommand(QUndoCommand):
    """A ``QUndoCommand`` that applies a core edit and its inverse."""

    def __init__(self, controller: UndoController, edit: Edit) -> None:
        super().__init__(QCoreApplication.translate("Undo", edit.label))
        self._controller = controller
        self.edit = edit

    def redo(self) -> None:
        if not self._controller._run(self.edit):
            self.setObsolete(True)

    def undo(self) -> None:
        if not self._controller._run(self.edit.inverse()):
            # The store has moved on (another program, a merge) or refused the
            # write: drop the command so the stack never disagrees with the data.
            self.setObsolete(True)


class UndoController(QObject):
    """Owns the one ``QUndoStack`` of a window and the project it edits."""

    #: emitted with the edit just written (for undo: the inverse edit)
    applied = Signal(object)
    #: emitted with a message when an edit could not be applied
    failed = Signal(str)
    #: emitted (before ``applied``) only for undo and redo, with the edit written,
    #: so a window can first switch to the article the edit belongs to
    replayed = Signal(object)

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.stack = QUndoStack(self)

    def push(self, edit: Edit) -> bool:
        """Apply ``edit`` and put it on the undo stack. False if it could not be applied."""
        if not edit.changes:
            return False
        try:
            edits.apply(self.project, edit)
        except UserError as exc:
            self.failed.emit(str(exc))
            return False
        command = EditCommand(self, edit)
        command.setObsolete(False)
        self._skip_first_redo = True
        self.stack.push(command)
        self.applied.emit(edit)
        return True

    _skip_first_redo = False

    def _run(self, edit: Edit) -> bool:
        """Apply an edit for undo/redo; False (and ``failed``) if it was refused."""
        if self._skip_first_redo:
            # QUndoStack.push() calls redo() at once; the edit was applied in push().
            self._skip_first_redo = False
            return True
        try:
            edits.apply(self.project, edit)
        except UserError as exc:
            self.failed.emit(str(exc))
            return False
        self.replayed.emit(edit)
        self.applied.emit(edit)
        return True

    def set_project(self, project: Project) -> None:
        """Switch projects: the history of the old one no longer applies."""
        self.stack.clear()
        self.project = project

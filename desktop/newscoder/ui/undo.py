"""Undo and redo: every user change is one core :class:`Edit` in a ``QUndoCommand``.

Widgets never write to the store themselves. They build an edit (through the coding
session, or a core builder such as ``codebook.update_code``) and call
:meth:`UndoController.push`. ``QUndoStack`` is used as designed: ``push`` calls the
command's ``redo()``, which applies the edit; when the store refuses it (another
program changed the row meanwhile, a constraint), ``redo()``/``undo()`` mark the
command obsolete and the stack drops it, so the history never disagrees with the data.
Every applied edit is announced once, as typed :class:`~newscoder.core.changes.Changes`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from newscoder.core import edits
from newscoder.core.changes import Changes
from newscoder.core.edits import Edit
from newscoder.core.errors import UserError
from newscoder.core.store import Project

#: writes one edit and says what changed (``edits.apply`` or ``CodingSession.apply``)
Applier = Callable[[Edit], Changes]


class EditCommand(QUndoCommand):
    """A ``QUndoCommand`` whose ``redo()`` applies a core edit and ``undo()`` its inverse."""

    def __init__(self, controller: UndoController, edit: Edit) -> None:
        super().__init__(QCoreApplication.translate("Undo", edit.label))
        self._controller = controller
        self.edit = edit
        self._replay = False  # the first redo() is the do itself

    def redo(self) -> None:
        if not self._controller.run(self.edit, replay=self._replay):
            self.setObsolete(True)
        self._replay = True

    def undo(self) -> None:
        if not self._controller.run(self.edit.inverse(), replay=True):
            self.setObsolete(True)


class UndoController(QObject):
    """Owns the one ``QUndoStack`` of a window and what its commands apply edits to."""

    #: emitted with the :class:`Changes` of every edit written (do, undo and redo)
    applied = Signal(object)
    #: emitted with a message when an edit could not be applied
    failed = Signal(str)
    #: emitted (before ``applied``) only for undo and redo, with their :class:`Changes`,
    #: so a window can first switch to the article the edit belongs to
    replayed = Signal(object)

    def __init__(self, project: Project | None, parent: QObject | None = None, *,
                 apply: Applier | None = None) -> None:
        super().__init__(parent)
        self.project: Project = project  # type: ignore[assignment]  # None only until a window opens one
        self._apply: Applier = apply or self._apply_to_project
        self.stack = QUndoStack(self)
        self._ok = False

    def push(self, edit: Edit) -> bool:
        """Apply ``edit`` (through the stack) and keep it for undo. False if it was refused."""
        if not edit.changes:
            return False
        self._ok = False
        self.stack.push(EditCommand(self, edit))  # redo() applies it; an obsolete command is dropped
        return self._ok

    def run(self, edit: Edit, *, replay: bool) -> bool:
        """Apply one edit for a command; False (and :attr:`failed`) if the store refused it."""
        try:
            changes = self._apply(edit)
        except UserError as exc:
            self._ok = False
            self.failed.emit(str(exc))
            return False
        self._ok = True
        if replay:
            self.replayed.emit(changes)
        self.applied.emit(changes)
        return True

    def _apply_to_project(self, edit: Edit) -> Changes:
        return edits.apply(self.project, edit)

    def set_project(self, project: Project, *, apply: Applier | None = None) -> None:
        """Switch projects (or coders): the old history no longer applies."""
        self.stack.clear()
        self.project = project
        self._apply = apply or self._apply_to_project

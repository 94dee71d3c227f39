"""The Documents table: every article × every variable, editable; a paste is one edit.

Each edit (one cell, or a pasted block) is built by :func:`newscoder.core.variables.set_values`
and pushed on the window's undo stack, so it is checked (types, choices) and undoable; the
rows it touched are read again from the store.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from newscoder.core import corpus, variables
from newscoder.core.changes import Changes
from newscoder.core.errors import EditError
from newscoder.core.search import filters
from newscoder.ui.undo import UndoController

Index = QModelIndex | QPersistentModelIndex


class DocumentsTableModel(QAbstractTableModel):
    """Rows: articles (by title); columns: built-in variables, then the project's."""

    def __init__(self, undo: UndoController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo = undo
        self.error = ""
        self.names: list[str] = []
        self._rows: list[corpus.DocRow] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.names = filters.variable_names(self.undo.project)
        self._rows = corpus.document_rows(self.undo.project)
        self.endResetModel()

    def document_id(self, row: int) -> str:
        return self._rows[row].id

    # -- Qt ------------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.names)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.names[section] if 0 <= section < len(self.names) else None
        return str(section + 1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows) and 0 <= index.column() < len(self.names)):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return variables.value_of(self._rows[index.row()], self.names[index.column()])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        return self.set_block(index.row(), index.column(), [[str(value)]])

    # -- edits -----------------------------------------------------------------------------------------
    def set_block(self, top: int, left: int, block: list[list[str]]) -> bool:
        """Set a block of cells from ``(top, left)`` as one undoable edit; False (and :attr:`error`) if refused."""
        values: dict[str, dict[str, str]] = {}
        for r, line in enumerate(block):
            if top + r >= len(self._rows):
                break
            doc = self._rows[top + r].id
            for c, cell in enumerate(line):
                if left + c < len(self.names):
                    values.setdefault(doc, {})[self.names[left + c]] = cell
        if not values:
            return False
        try:
            edit = variables.set_values(self.undo.project, values,
                                        label="Edit variable" if len(block) == 1 and len(block[0]) == 1
                                        else "Paste variables")
        except EditError as exc:
            self.error = str(exc)
            return False
        if edit.changes and not self.undo.push(edit):
            self.error = "the project refused the change"
            return False
        self.error = ""
        self.refresh(list(values))
        return True

    def refresh(self, document_ids: list[str]) -> None:
        """Read these articles' rows again."""
        where = {r.id: i for i, r in enumerate(self._rows)}
        for doc in document_ids:
            i = where.get(doc)
            row = corpus.document_row(self.undo.project, doc) if i is not None else None
            if i is not None and row is not None:
                self._rows[i] = row
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.names) - 1))

    def apply_changes(self, changes: Changes) -> None:
        """Follow an undo, a redo or another program."""
        if changes.external:
            self.reload()
        else:
            self.refresh(sorted(changes.documents))

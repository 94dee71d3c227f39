"""The project's sources as a table: name, kind, affiliation, segments citing it.

Name, kind and affiliation are editable in place (F2); an edit is not written here:
:attr:`SourcesModel.commit` (set by the pane) turns it into one undoable core edit,
and the model is re-read from the store when the edit's changes arrive.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from newscoder.core import sources as src
from newscoder.core.records import Source
from newscoder.core.store import Project
from newscoder.ui.models.rows import RowTableModel

Index = QModelIndex | QPersistentModelIndex
SOURCE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
FIELDS = ("name", "kind", "affiliation")


class SourcesModel(RowTableModel[Source]):
    HEADERS = ("Name", "Kind", "Affiliation", "Segments")
    CONTEXT = "SourcesPane"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((), parent)
        self.counts: dict[str, int] = {}
        #: ``(source_id, field, value) -> bool``: write one edit (True if written)
        self.commit: Callable[[str, str, str], bool] | None = None

    def load(self, project: Project | None) -> None:
        if project is None:
            self.counts = {}
            self.set_rows(())
            return
        self.counts = src.use_counts(project)
        self.set_rows(src.list_sources(project))

    def row_of(self, source_id: str) -> int:
        return next((i for i, s in enumerate(self._rows) if s.id == source_id), -1)

    def cell(self, row: Source, column: int, role: int) -> Any:
        if role == SOURCE_ID_ROLE:
            return row.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (row.name, row.kind, row.affiliation, self.counts.get(row.id, 0))[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() < len(FIELDS):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        row = self.row(index.row()) if index.isValid() else None
        if row is None or role != Qt.ItemDataRole.EditRole or index.column() >= len(FIELDS) or self.commit is None:
            return False
        if str(value) == (row.name, row.kind, row.affiliation)[index.column()]:
            return False
        return self.commit(row.id, FIELDS[index.column()], str(value))

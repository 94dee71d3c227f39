"""One base for the read-only row tables: a list of plain rows, headers, and a cell function.

A subclass names its columns (``HEADERS``, translated in the ``context`` given) and
answers :meth:`RowTableModel.cell`; row bounds, column counts, headers and resets live here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
R = TypeVar("R")


class RowTableModel(QAbstractTableModel, Generic[R]):
    """Rows of type ``R``, one per line; columns as in :attr:`HEADERS`."""

    #: column titles (untranslated source text)
    HEADERS: tuple[str, ...] = ()
    #: the translation context of the headers
    CONTEXT = "Table"

    def __init__(self, rows: Iterable[R] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = list(rows)

    def set_rows(self, rows: Iterable[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def append_rows(self, rows: list[R]) -> None:
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def rows(self) -> list[R]:
        return list(self._rows)

    def row(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def cell(self, row: R, column: int, role: int) -> Any:
        """What ``role`` shows in ``column`` of ``row`` (``None``: nothing)."""
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.HEADERS)):
            return QCoreApplication.translate(self.CONTEXT, self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row(index.row()) if index.isValid() else None
        if row is None or not 0 <= index.column() < len(self.HEADERS):
            return None
        return self.cell(row, index.column(), role)

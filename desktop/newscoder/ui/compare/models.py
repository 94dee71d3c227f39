"""Qt models for the comparison window: a grid of numbers (each cell knows its spans) and the span list."""

from __future__ import annotations

from collections.abc import Callable, Sequence
import html
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from newscoder.core.compare.spans import SpanRef

Index = QModelIndex | QPersistentModelIndex
RefsFn = Callable[[int, int], list[SpanRef]]
#: the role under which a cell's number (for sorting and tests) is given
NUMBER_ROLE = Qt.ItemDataRole.UserRole + 1


def tr(text: str) -> str:
    return QCoreApplication.translate("Compare", text)


def plain_tip(text: str) -> str:
    """A tooltip that shows user text as text (Qt would render text that looks like HTML)."""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


class GridModel(QAbstractTableModel):
    """Rows × columns of plain cells; ``refs(row, column)`` gives the spans behind a cell (none: not clickable)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns: list[str] = []
        self.row_names: list[str] = []
        self.cells: list[list[Any]] = []
        self.tips: list[list[str]] = []
        self.refs: RefsFn = lambda r, c: []
        self.clickable: Callable[[int, int], bool] = lambda r, c: False

    def set_grid(self, columns: Sequence[str], row_names: Sequence[str], cells: Sequence[Sequence[Any]],
                 refs: RefsFn | None = None, clickable: Callable[[int, int], bool] | None = None,
                 tips: Sequence[Sequence[str]] | None = None) -> None:
        self.beginResetModel()
        self.columns, self.row_names = list(columns), list(row_names)
        self.cells = [list(r) for r in cells]
        self.tips = [list(t) for t in tips] if tips is not None else []
        self.refs = refs or (lambda r, c: [])
        self.clickable = clickable or (lambda r, c: False)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.cells)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        names = self.columns if orientation == Qt.Orientation.Horizontal else self.row_names
        return names[section] if 0 <= section < len(names) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.cells)) or not (
                0 <= index.column() < len(self.columns)):
            return None
        value = self.cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if value is None:
                return "—"
            if isinstance(value, float):
                return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
            return str(value)
        if role == NUMBER_ROLE:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, (int, float)):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self.tips[index.row()][index.column()] if self.tips else ""
            if self.clickable(index.row(), index.column()):
                tip = (tip + "\n" if tip else "") + tr("Click to list the spans behind this number")
            return plain_tip(tip) if tip else None
        if role == Qt.ItemDataRole.FontRole and self.clickable(index.row(), index.column()):
            from PySide6.QtGui import QFont

            font = QFont()
            font.setUnderline(True)
            return font
        return None


class SpanModel(QAbstractTableModel):
    """The spans behind the number last clicked."""

    HEADERS = ("Article", "Outlet", "Coder", "Code", "Start", "End", "Text")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.spans: list[SpanRef] = []

    def set_spans(self, spans: Sequence[SpanRef]) -> None:
        self.beginResetModel()
        self.spans = list(spans)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.spans)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.HEADERS):
            return tr(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.spans)) or not (
                0 <= index.column() < len(self.HEADERS)):
            return None
        s = self.spans[index.row()]
        value = (s.title, s.outlet, s.coder, s.code, s.start, s.end, s.text)[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return value
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(str(value))
        return None

"""The codebook as a table model for the codebook editor.

Rows follow the codebook's order as a tree (archived codes included, greyed
and marked "(archived)"): each sub-code indented right under its parent. The name and
the definition can be edited in place: each edit is one undoable change
pushed through the :class:`~newscoder.ui.undo.UndoController`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal,
)
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from newscoder.core import codebook
from newscoder.core.edits import Edit
from newscoder.core.errors import EditError
from newscoder.core.records import Code
from newscoder.ui.undo import UndoController
from newscoder.ui.plain import tip

Index = QModelIndex | QPersistentModelIndex

NAME, SHORTCUT, PARENT, SEGMENTS, DEFINITION = range(5)
HEADERS = ("Code", "Key", "Parent", "Segments", "Definition")
#: the code's id, for any column
CODE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def tr(text: str) -> str:
    return QCoreApplication.translate("CodebookModel", text)


def code_depths(codes: list[Code]) -> dict[str, int]:
    """How deep each code sits under its ancestors (0: top level)."""
    by_id = {c.id: c for c in codes}
    depths: dict[str, int] = {}
    for code in codes:
        depth, parent, seen = 0, code.parent_id, {code.id}
        while parent is not None and parent in by_id and parent not in seen:
            seen.add(parent)
            depth += 1
            parent = by_id[parent].parent_id
        depths[code.id] = depth
    return depths


def tree_order(codes: list[Code]) -> list[Code]:
    """Each code followed by its sub-codes (depth first), siblings in codebook order.

    So a sub-code is drawn under its own parent, wherever the two sit in the flat codebook order.
    """
    ids = {c.id for c in codes}
    children: dict[str | None, list[Code]] = {}
    for code in codes:
        parent = code.parent_id if code.parent_id in ids and code.parent_id != code.id else None
        children.setdefault(parent, []).append(code)
    out: list[Code] = []
    seen: set[str] = set()
    stack = list(reversed(children.get(None, [])))
    while stack:
        code = stack.pop()
        if code.id in seen:
            continue
        seen.add(code.id)
        out.append(code)
        stack.extend(reversed(children.get(code.id, [])))
    out.extend(c for c in codes if c.id not in seen)  # a (refused, but stored) cycle: shown at the end
    return out


def display_name(code: Code) -> str:
    return tr("{name} (archived)").format(name=code.name) if code.archived else code.name


class CodebookTableModel(QAbstractTableModel):
    """Every code of the project, in codebook order."""

    #: a change was refused (a builder raised); the message is for the user
    problem = Signal(str)

    def __init__(self, controller: UndoController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._codes: list[Code] = []
        self._counts: dict[str, int] = {}
        self._depths: dict[str, int] = {}
        self.reload()

    # -- reading -------------------------------------------------------------
    def reload(self) -> None:
        project = self.controller.project
        self.beginResetModel()
        self._codes = tree_order(project.codes())
        self._counts = project.live_segment_counts("code_id")
        self._depths = code_depths(self._codes)
        self.endResetModel()

    def codes(self) -> list[Code]:
        return list(self._codes)

    def code_at(self, row: int) -> Code | None:
        return self._codes[row] if 0 <= row < len(self._codes) else None

    def row_of(self, code_id: str | None) -> int:
        return next((i for i, c in enumerate(self._codes) if c.id == code_id), -1)

    def segment_count(self, code_id: str) -> int:
        return self._counts.get(code_id, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._codes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return tr(HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        code = self.code_at(index.row()) if index.isValid() else None
        if code is None:
            return None
        column = index.column()
        if role == CODE_ID_ROLE:
            return code.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(code, column)
        if role == Qt.ItemDataRole.EditRole:
            return {NAME: code.name, DEFINITION: code.description}.get(column, self._display(code, column))
        if role == Qt.ItemDataRole.DecorationRole and column == NAME:
            return QColor(code.color)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == NAME:
                return tip(tr("{name} — colour {color}").format(name=code.name, color=code.color))
            if column == DEFINITION:
                return tip(code.description) or None
        if role == Qt.ItemDataRole.ForegroundRole and code.archived:
            return QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if role == Qt.ItemDataRole.FontRole and code.archived:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (SHORTCUT, SEGMENTS):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _display(self, code: Code, column: int) -> str:
        if column == NAME:
            return "    " * self._depths.get(code.id, 0) + display_name(code)
        if column == SHORTCUT:
            return code.shortcut or ""
        if column == PARENT:
            parent = next((c for c in self._codes if c.id == code.parent_id), None)
            return parent.name if parent else ""
        if column == SEGMENTS:
            return str(self._counts.get(code.id, 0))
        if column == DEFINITION:
            return " ".join(code.description.split())
        return ""

    # -- editing in place ----------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (NAME, DEFINITION):
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        code = self.code_at(index.row()) if index.isValid() else None
        if code is None or role != Qt.ItemDataRole.EditRole:
            return False
        if index.column() == NAME:
            if str(value) == code.name:
                return False
            return self.push(lambda: codebook.update_code(self.controller.project, code.id, name=str(value)))
        if index.column() == DEFINITION:
            if str(value) == code.description:
                return False
            return self.push(lambda: codebook.update_code(self.controller.project, code.id, description=str(value)))
        return False

    def push(self, build: Any) -> bool:
        """Build an edit and push it; a refused request is reported through :attr:`problem`."""
        try:
            edit: Edit = build()
        except EditError as exc:
            self.problem.emit(str(exc))
            return False
        return self.controller.push(edit)

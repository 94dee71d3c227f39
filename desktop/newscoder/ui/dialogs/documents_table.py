"""Article ▸ Documents table (Ctrl+Shift+T): every article and its variables.

Edit a cell in place (F2 or typing), paste a block copied from a spreadsheet (Ctrl+V, one
undoable edit), add a typed variable, and show only the articles where NAME=VALUE.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSortFilterProxyModel, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from newscoder.core import variables
from newscoder.core.errors import UserError
from newscoder.core.search import filters
from newscoder.ui.models.documents_table import DocumentsTableModel
from newscoder.ui.plain import label
from newscoder.ui.undo import UndoController

MAX_PASTE_CELLS = 200_000


def tr(text: str) -> str:
    return QCoreApplication.translate("DocumentsTable", text)


def parse_block(text: str) -> list[list[str]]:
    """A spreadsheet's clipboard block: lines of tab-separated cells (a trailing newline dropped)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.split("\t") for line in lines]


class NewVariableDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("New variable"))
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.type = QComboBox()
        for t in variables.TYPES:
            self.type.addItem(t, t)
        self.choices = QLineEdit()
        self.choices.setPlaceholderText(tr("for a choice: left; centre; right"))
        form.addRow(tr("&Name:"), self.name)
        form.addRow(tr("&Type:"), self.type)
        form.addRow(tr("&Choices:"), self.choices)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class DocumentsDialog(QDialog):
    def __init__(self, undo: UndoController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Documents"))
        self.resize(1000, 560)
        self.undo = undo
        self.model = DocumentsTableModel(undo, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table = QTableView()
        self.table.setObjectName("documentsTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setColumnWidth(0, 320)
        self.table.setWordWrap(False)
        self.where = QLineEdit()
        self.where.setPlaceholderText(tr("only where NAME=VALUE; NAME=VALUE (Enter)"))
        self.where.setAccessibleName(tr("Only articles where"))
        self.where.returnPressed.connect(self.apply_filter)
        add = QPushButton(tr("&New variable…"))
        add.clicked.connect(self.new_variable)
        self.message = label()  # errors quote values and variable names
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        top = QHBoxLayout()
        top.addWidget(self.where, 1)
        top.addWidget(add)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(self.table, 1)
        box.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Paste), self.table, self.paste)
        self.model.dataChanged.connect(lambda *_a: self.message.setText(self.model.error))
        undo.applied.connect(self.model.apply_changes)

    def apply_filter(self) -> None:
        parts = [p.strip() for p in self.where.text().split(";") if p.strip()]
        try:
            keep = filters.matching_ids(self.undo.project, parts)
        except UserError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText("")
        for row in range(self.model.rowCount()):
            source = self.proxy.mapFromSource(self.model.index(row, 0)).row()
            self.table.setRowHidden(source, keep is not None and self.model.document_id(row) not in keep)

    def paste(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        block = parse_block(QGuiApplication.clipboard().text())
        if not block or sum(len(r) for r in block) > MAX_PASTE_CELLS:
            self.message.setText(tr("Nothing to paste (or too many cells)."))
            return
        source = self.proxy.mapToSource(index)
        ok = self.model.set_block(source.row(), source.column(), block)
        self.message.setText(self.model.error if not ok else
                             tr("Pasted %1 row(s).").replace("%1", str(len(block))))

    def new_variable(self) -> None:
        dialog = NewVariableDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        choices = tuple(c.strip() for c in dialog.choices.text().split(";") if c.strip())
        try:
            edit = variables.define(self.undo.project, dialog.name.text(), dialog.type.currentData(), choices)
        except UserError as exc:
            self.message.setText(str(exc))
            return
        if self.undo.push(edit):
            self.model.reload()
            self.message.setText(tr("Added the variable %1.").replace("%1", dialog.name.text().strip()))

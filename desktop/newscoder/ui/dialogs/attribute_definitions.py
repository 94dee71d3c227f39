"""Edit ▸ Codebook… ▸ Edit attributes…: a code's typed attributes, one row each.

Columns: name, type (a list), required, default, choices (for a choice; separated by
``;``) and a help line. Insert adds a row, Delete removes the current one, Ctrl+Up/Down
move it; OK checks every row in the core and names the first bad one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from newscoder.core import attributes as attrs
from newscoder.ui.plain import label

NAME, TYPE, REQUIRED, DEFAULT, CHOICES, HELP = range(6)


def summary(defs: list[attrs.AttributeDef]) -> str:
    """One line: ``value (integer, required), hedge (choice), …``; empty: none."""
    return ", ".join(f"{d.name} ({d.type}{', required' if d.required else ''})" for d in defs)


class AttributeDefinitionsDialog(QDialog):
    def __init__(self, code_name: str, defs: list[attrs.AttributeDef], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Attributes of %1").replace("%1", code_name))
        self.setObjectName("attributeDefinitions")
        self.resize(900, 380)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Each segment of this code can carry these values. Types: %1. "
                               "Choices are separated by “;”.").replace("%1", ", ".join(attrs.TYPES)))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("attributeTable")
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Type"), self.tr("Required"),
                                              self.tr("Default"), self.tr("Choices"), self.tr("Help")])
        self.table.horizontalHeader().setSectionResizeMode(HELP, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(True)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        for text, key, slot in ((self.tr("&Add attribute"), QKeySequence(Qt.Key.Key_Insert), self.add_row),
                                (self.tr("&Remove"), QKeySequence(QKeySequence.StandardKey.Delete), self.remove_row),
                                (self.tr("Move &up"), QKeySequence("Ctrl+Up"), lambda: self.move_row(-1)),
                                (self.tr("Move do&wn"), QKeySequence("Ctrl+Down"), lambda: self.move_row(1))):
            action = QAction(text, self)
            action.setShortcut(key)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.clicked.connect(action.trigger)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.problem = label()  # an error names the attribute or choice
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        for box_button in box.buttons():  # Enter commits the cell being edited; Ctrl+Enter is OK
            if isinstance(box_button, QPushButton):
                box_button.setAutoDefault(False)
                box_button.setDefault(False)
        ok = QAction(self)
        ok.setShortcut(QKeySequence("Ctrl+Return"))
        ok.triggered.connect(self.accept)
        self.addAction(ok)
        layout.addWidget(box)
        self.result_defs: list[dict[str, Any]] = []
        for d in defs:
            self.add_row(d)
        if self.table.rowCount():
            self.table.setCurrentCell(0, NAME)

    def add_row(self, defn: attrs.AttributeDef | None = None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        d = defn if isinstance(defn, attrs.AttributeDef) else attrs.AttributeDef("", "text")
        self.table.setItem(row, NAME, QTableWidgetItem(d.name))
        kind = QComboBox()
        kind.addItems(list(attrs.TYPES))
        kind.setCurrentText(d.type)
        self.table.setCellWidget(row, TYPE, kind)
        required = QTableWidgetItem()
        required.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        required.setCheckState(Qt.CheckState.Checked if d.required else Qt.CheckState.Unchecked)
        self.table.setItem(row, REQUIRED, required)
        self.table.setItem(row, DEFAULT, QTableWidgetItem(attrs.format_value(d, d.default)))
        self.table.setItem(row, CHOICES, QTableWidgetItem("; ".join(d.choices)))
        self.table.setItem(row, HELP, QTableWidgetItem(d.help))
        if defn is None or not isinstance(defn, attrs.AttributeDef):
            self.table.setCurrentCell(row, NAME)
            item = self.table.item(row, NAME)
            if item is not None:
                self.table.editItem(item)

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def _row_json(self, row: int) -> dict[str, Any]:
        def text(col: int) -> str:
            item = self.table.item(row, col)
            return item.text() if item is not None else ""

        kind = self.table.cellWidget(row, TYPE)
        assert isinstance(kind, QComboBox)
        required = self.table.item(row, REQUIRED)
        out: dict[str, Any] = {"name": text(NAME), "type": kind.currentText(),
                               "required": required is not None and required.checkState() == Qt.CheckState.Checked,
                               "default": text(DEFAULT).strip() or None, "help": text(HELP)}
        if kind.currentText() == "choice":
            out["choices"] = [c.strip() for c in text(CHOICES).split(";") if c.strip()]
        return out

    def move_row(self, delta: int) -> None:
        row = self.table.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        rows = [self._row_json(r) for r in range(self.table.rowCount())]
        rows[row], rows[target] = rows[target], rows[row]
        self._refill(rows)
        self.table.setCurrentCell(target, NAME)

    def _refill(self, rows: list[dict[str, Any]]) -> None:
        self.table.setRowCount(0)
        for r in rows:
            d = attrs.AttributeDef(r["name"], r["type"], r["required"], r["default"], r["help"],
                                   tuple(r.get("choices", ())))
            self.add_row(d)

    def accept(self) -> None:
        rows = [self._row_json(r) for r in range(self.table.rowCount())]
        try:
            for n, r in enumerate(rows, start=1):
                try:
                    attrs.definition_from_json(r)
                except attrs.AttributeValueError as exc:
                    raise attrs.AttributeValueError(self.tr("row %1: ").replace("%1", str(n)) + str(exc)) from exc
            attrs.parse_definitions(attrs.canonical(rows))
        except attrs.AttributeValueError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        self.result_defs = rows
        super().accept()

"""The codebook editor's widgets: the new-code row, the table of codes, the buttons, the form, the problem line.

:class:`CodebookEditorLayout` builds them into the dialog and keeps references; the
:class:`~newscoder.ui.dialogs.codebook_editor.CodebookEditor` connects them to what they do.
Every button is an action (shortcut from the registry, shown in its tooltip).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit, QPlainTextEdit, QPushButton, QTableView, QVBoxLayout,
)

from newscoder.ui.actions import ActionId, keys_of
from newscoder.ui.models.codebook_table import DEFINITION, NAME, CodebookTableModel
from newscoder.ui.plain import label as label_plain


def tr(text: str) -> str:
    return QCoreApplication.translate("CodebookEditor", text)


class CodebookEditorLayout:
    """Builds the editor's widgets into ``dialog``; ``editor_actions`` by key: up, down, archive, delete, definition,
    attributes (for the dialog to connect), undo, redo (the stack's)."""

    def __init__(self, dialog: QDialog, model: CodebookTableModel, stack: QUndoStack) -> None:
        self.dialog = dialog
        layout = QVBoxLayout(dialog)
        add_row = QHBoxLayout()
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(tr("Name of a new code"))
        self.new_name.setAccessibleName(tr("New code name"))
        new_label = QLabel(tr("&New code:"))
        new_label.setBuddy(self.new_name)
        self.add_button = QPushButton(tr("&Add"))
        self.add_button.setAutoDefault(False)
        add_row.addWidget(new_label)
        add_row.addWidget(self.new_name, 1)
        add_row.addWidget(self.add_button)
        layout.addLayout(add_row)

        self.table = QTableView()
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked)
        self.table.setAccessibleName(tr("Codes"))
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(DEFINITION, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(NAME, 200)
        codes_label = QLabel(tr("&Codes (F2 renames in place):"))
        codes_label.setBuddy(self.table)
        layout.addWidget(codes_label)
        layout.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        self.editor_actions: dict[str, QAction] = {}
        for key, text, shortcut in (
            ("up", tr("Move &up"), keys_of(ActionId.CODEBOOK_MOVE_UP)[0]),
            ("down", tr("Move do&wn"), keys_of(ActionId.CODEBOOK_MOVE_DOWN)[0]),
            ("archive", tr("A&rchive"), keys_of(ActionId.CODEBOOK_ARCHIVE)[0]),
            ("delete", tr("&Delete…"), keys_of(ActionId.CODEBOOK_DELETE)[0]),
        ):
            self._button(buttons, key, text, shortcut)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        box = QGroupBox(tr("Selected code"))
        form = QFormLayout(box)
        self.name_edit = QLineEdit()
        form.addRow(tr("Na&me:"), self.name_edit)
        self.color_button = QPushButton()
        self.color_button.setAutoDefault(False)
        form.addRow(tr("C&olour:"), self.color_button)
        self.shortcut_combo = QComboBox()
        form.addRow(tr("&Shortcut key:"), self.shortcut_combo)
        self.parent_combo = QComboBox()
        form.addRow(tr("&Parent code:"), self.parent_combo)
        self.definition_edit = QPlainTextEdit()
        self.definition_edit.setTabChangesFocus(True)
        self.definition_edit.setMaximumHeight(90)
        save_row = QHBoxLayout()
        save_row.addWidget(self.definition_edit, 1)
        self.save_definition_button = self._button(
            save_row, "definition", tr("Sa&ve definition"), keys_of(ActionId.CODEBOOK_SAVE_DEFINITION)[0])
        definition_label = QLabel(tr("De&finition:"))  # a label given as text to a layout row keeps its "&"
        definition_label.setBuddy(self.definition_edit)
        form.addRow(definition_label, save_row)
        attr_row = QHBoxLayout()
        self.attributes_label = QLabel()
        self.attributes_label.setTextFormat(Qt.TextFormat.PlainText)
        self.attributes_label.setWordWrap(True)
        attr_row.addWidget(self.attributes_label, 1)
        self.attributes_button = self._button(
            attr_row, "attributes", tr("Edit a&ttributes…"), keys_of(ActionId.CODEBOOK_ATTRIBUTES)[0])
        form.addRow(tr("Attributes:"), attr_row)
        layout.addWidget(box)

        self.problem_label = label_plain()
        self.problem_label.setWordWrap(True)
        self.problem_label.setAccessibleName(tr("Problem"))
        self.problem_label.hide()
        layout.addWidget(self.problem_label)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(dialog.reject)
        close_button = close.button(QDialogButtonBox.StandardButton.Close)
        close_button.setAutoDefault(False)  # Return in a field must not close the editor
        close_button.setDefault(False)
        layout.addWidget(close)

        undo = stack.createUndoAction(dialog, tr("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = stack.createRedoAction(dialog, tr("&Redo"))
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        for action in (undo, redo):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            dialog.addAction(action)
        self.editor_actions["undo"], self.editor_actions["redo"] = undo, redo

    def _button(self, row: QHBoxLayout, key: str, text: str, shortcut: QKeySequence) -> QPushButton:
        """A button for the action ``key`` (its shortcut in the tooltip); the dialog connects the action."""
        action = QAction(text, self.dialog)
        action.setShortcut(shortcut)
        action.setShortcutContext(
            Qt.ShortcutContext.WidgetShortcut if key == "delete" else Qt.ShortcutContext.WidgetWithChildrenShortcut)
        (self.table if key == "delete" else self.dialog).addAction(action)
        self.editor_actions[key] = action
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.setToolTip(
            f"{text.replace('&', '')} ({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})"
        )
        button.clicked.connect(action.trigger)

        def follow() -> None:  # the button shows the action's state and text (Archive / Restore)
            button.setEnabled(action.isEnabled())
            button.setText(action.text())

        action.changed.connect(follow)
        row.addWidget(button)
        return button

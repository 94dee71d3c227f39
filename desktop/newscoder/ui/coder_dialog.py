"""Ask who is coding (first start, File ▸ Switch coder, a coder copy)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget


class CoderDialog(QDialog):
    def __init__(self, proposed: str = "", known: list[str] | None = None, parent: QWidget | None = None,
                 note: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Who is coding?"))
        layout = QVBoxLayout(self)
        label = QLabel(
            note
            or self.tr("Your name is stored with every segment you code, so that several coders' work "
                       "can be merged and compared.")
        )
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)  # the note names a coder
        layout.addWidget(label)
        self.name = QComboBox()
        self.name.setEditable(True)
        # Enter accepts the dialog with the text shown: it never inserts the text as an item nor snaps
        # back to the list's current item (which made a first Enter turn "Ben" into the first known name).
        self.name.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.name.addItems(known or [])
        self.name.setCurrentIndex(self.name.findText(proposed, Qt.MatchFlag.MatchFixedString) if proposed else -1)
        self.name.setEditText(proposed)
        line_edit = self.name.lineEdit()
        assert line_edit is not None  # an editable combo box has one
        line_edit.selectAll()
        # the combo box swallows Enter when the text is one of its items: accept on Enter ourselves
        line_edit.returnPressed.connect(self._accept)
        self.name.setAccessibleName(self.tr("Coder name"))
        field = QLabel(self.tr("Your &name:"))
        field.setBuddy(self.name)
        layout.addWidget(field)
        layout.addWidget(self.name)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(380, self.sizeHint().height())

    def _accept(self) -> None:
        if self.coder_name():
            self.accept()

    def coder_name(self) -> str:
        return " ".join(self.name.currentText().split())


def ask_coder(parent: QWidget | None, proposed: str = "", known: list[str] | None = None, note: str = "") -> str | None:
    dialog = CoderDialog(proposed, known, parent, note)
    return dialog.coder_name() if dialog.exec() == QDialog.DialogCode.Accepted else None

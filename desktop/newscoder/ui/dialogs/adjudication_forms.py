"""The adjudication window's two small forms: edit a gold span or code (E), give a reason (R)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget,
)

#: characters of the quote shown in the edit form's preview
PREVIEW = 300


def tr(text: str) -> str:
    return QCoreApplication.translate("AdjudicationForms", text)


class EditSpanDialog(QDialog):
    """Start and end (code points, half-open) and the code of the gold segment; the quote previews."""

    def __init__(self, parent: QWidget | None, text: str, length: int, codes: list[tuple[str, str]],
                 start: int, end: int, code_id: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Edit the gold segment"))
        self.setMinimumWidth(420)
        self.text = text
        self.start_box, self.end_box = QSpinBox(self), QSpinBox(self)
        self.start_box.setRange(0, max(length - 1, 0))
        self.end_box.setRange(1, max(length, 1))
        self.start_box.setValue(start)
        self.end_box.setValue(end)
        self.code_box = QComboBox(self)
        for cid, name in codes:
            self.code_box.addItem(name, cid)
        self.code_box.setCurrentIndex(max(self.code_box.findData(code_id), 0))
        self.preview = QLabel(self)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(tr("&Start"), self.start_box)
        form.addRow(tr("E&nd"), self.end_box)
        form.addRow(tr("&Code"), self.code_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.buttons)
        self.start_box.valueChanged.connect(self._update)
        self.end_box.valueChanged.connect(self._update)
        self._update()
        self.start_box.setFocus()
        self.start_box.selectAll()

    def span(self) -> tuple[int, int]:
        return self.start_box.value(), self.end_box.value()

    def code_id(self) -> str:
        return str(self.code_box.currentData())

    def _update(self) -> None:
        start, end = self.span()
        ok = start < end
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        quote = self.text[start:end]
        if len(quote) > PREVIEW:
            quote = quote[:PREVIEW] + "…"
        self.preview.setText(quote if ok else tr("The end must come after the start."))


class ReasonDialog(QDialog):
    """One line: why the adjudicator decided as they did."""

    def __init__(self, parent: QWidget | None, reason: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Reason for the decision"))
        self.setMinimumWidth(420)
        self.edit = QLineEdit(reason, self)
        self.edit.setMaxLength(2000)
        self.edit.setPlaceholderText(tr("Why this decision?"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("&Reason:"), self))
        layout.addWidget(self.edit)
        layout.addWidget(buttons)
        self.edit.setFocus()

    def reason(self) -> str:
        return " ".join(self.edit.text().split())


class SetupDialog(QDialog):
    """Before adjudicating: which coders (ticked), who adjudicates, blind or named."""

    def __init__(self, parent: QWidget | None, coders: list[tuple[str, str]], adjudicator: str,
                 ticked: list[str] | None = None) -> None:
        from PySide6.QtWidgets import QCheckBox, QListView

        from newscoder.ui.models.agreement import CheckListModel

        super().__init__(parent)
        self.setWindowTitle(tr("Adjudicate"))
        self.coders = coders
        self.model = CheckListModel(coders, self)
        if ticked is not None and len(ticked) >= 2:
            self.model.set_checked(ticked)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.name = QLineEdit(adjudicator, self)
        self.name.setMaxLength(200)
        self.blind = QCheckBox(tr("&Blind: call the coders A, B, … instead of by name"), self)
        self.message = QLabel(self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("&Start"))
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Coders whose disagreements to settle (in this order: keys 1, 2, …):"), self))
        layout.addWidget(self.list)
        form = QFormLayout()
        form.addRow(tr("&Adjudicator"), self.name)
        layout.addLayout(form)
        layout.addWidget(self.blind)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def chosen(self) -> list[tuple[str, str]]:
        checked = set(self.model.checked())
        return [(cid, name) for cid, name in self.coders if cid in checked]

    def adjudicator(self) -> str:
        return " ".join(self.name.text().split())

    def _check(self) -> None:
        if len(self.chosen()) < 2:
            self.message.setText(tr("Tick two or more coders."))
        elif not self.adjudicator():
            self.message.setText(tr("Give the adjudicator's name."))
        elif len(self.chosen()) > 9:
            self.message.setText(tr("Nine coders at most (keys 1–9)."))
        else:
            self.accept()

"""Coding a span that overlaps my segment of the same code: extend it, or add a second segment?"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def ask_extend_or_add(parent: QWidget, code_name: str) -> str | None:
    """"extend", "add" or ``None`` (cancelled). Answered by keyboard: E, A, Enter (extend) or Escape."""
    box = QMessageBox(QMessageBox.Icon.Question, parent.tr("Same code here already"),
                      parent.tr("The selection overlaps a segment you coded “%1”. Extend that segment to cover "
                                "the selection, or add a second segment?").replace("%1", code_name),
                      QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("extendOrAdd")
    box.setTextFormat(Qt.TextFormat.PlainText)
    extend = box.addButton(parent.tr("&Extend it"), QMessageBox.ButtonRole.AcceptRole)
    add = box.addButton(parent.tr("&Add a second segment"), QMessageBox.ButtonRole.ActionRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(extend)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    box.deleteLater()
    return "extend" if clicked is extend else "add" if clicked is add else None

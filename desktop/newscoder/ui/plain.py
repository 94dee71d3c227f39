"""User text on screen is plain text: labels, tooltips and message boxes that cannot render HTML.

Qt guesses whether a string is rich text (``Qt.mightBeRichText``) for every
QLabel, tooltip and message box left at ``AutoText``. A title, memo, code name
or file name such as ``<img src="/dev/zero">`` would then be rendered, and the
image "loaded" until memory runs out. So:

* labels showing user text are :func:`label` / :func:`plain` (``Qt.PlainText``);
* tooltips and the few rich labels build their HTML with :func:`esc` /
  :func:`tip`, which escape every piece of user text;
* message boxes come from :func:`message`, :func:`warning`, :func:`information`,
  :func:`critical`, :func:`question` (plain text, informative text included).

tests/ui/test_plain_text.py walks every label, tooltip and delegate of the
window and its dialogs with such text in every field.
"""

from __future__ import annotations

import html

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QWidget

_PLAIN = Qt.TextFormat.PlainText


def esc(text: object) -> str:
    """``text`` escaped for HTML (``<``, ``>``, ``&`` and quotes)."""
    return html.escape(str(text), quote=True)


def tip(text: str) -> str:
    """A tooltip that shows ``text`` literally, newlines kept ("" stays "": no tooltip).

    Text Qt would show as plain text anyway is returned as it is; text Qt would
    take for HTML is escaped inside a paragraph that keeps its line breaks.
    """
    if not text or not QtGui.Qt.mightBeRichText(text):
        return text
    return f"<p style='white-space:pre-wrap'>{esc(text)}</p>"


def plain(*labels: QLabel) -> QLabel:
    """Make labels plain text; returns the first."""
    for one in labels:
        one.setTextFormat(_PLAIN)
    return labels[0]


def label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A QLabel that never renders its text as HTML."""
    made = QLabel(parent)
    made.setTextFormat(_PLAIN)
    made.setText(text)
    return made


def plain_box(box: QMessageBox) -> QMessageBox:
    """Every text of a message box plain (its text, informative and detailed text)."""
    box.setTextFormat(_PLAIN)
    for child in box.findChildren(QLabel):
        child.setTextFormat(_PLAIN)
    return box


def message(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
            buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
            default: QMessageBox.StandardButton = QMessageBox.StandardButton.NoButton) -> QMessageBox.StandardButton:
    """Show a modal message box with plain text; the button pressed."""
    box = QMessageBox(icon, title, "", buttons, parent)
    box.setTextFormat(_PLAIN)
    box.setText(text)
    if default != QMessageBox.StandardButton.NoButton:
        box.setDefaultButton(default)
    else:  # as Qt's static functions do: the first accepting button
        accepting = [b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole]
        if accepting and isinstance(accepting[0], QPushButton):
            box.setDefaultButton(accepting[0])
    plain_box(box)
    try:
        return QMessageBox.StandardButton(box.exec())
    finally:
        box.deleteLater()  # as Qt's static functions do: nothing outlives the question


def warning(parent: QWidget | None, title: str, text: str) -> QMessageBox.StandardButton:
    return message(parent, QMessageBox.Icon.Warning, title, text)


def information(parent: QWidget | None, title: str, text: str) -> QMessageBox.StandardButton:
    return message(parent, QMessageBox.Icon.Information, title, text)


def critical(parent: QWidget | None, title: str, text: str) -> QMessageBox.StandardButton:
    return message(parent, QMessageBox.Icon.Critical, title, text)


def question(parent: QWidget | None, title: str, text: str,
             buttons: QMessageBox.StandardButton = (QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No),
             default: QMessageBox.StandardButton = QMessageBox.StandardButton.NoButton) -> QMessageBox.StandardButton:
    return message(parent, QMessageBox.Icon.Question, title, text, buttons, default)

"""An inline message bar above the article: errors that matter are seen where the analyst looks.

The status bar can be off screen or unnoticed; "Not saved" and "No code has the key 7" also
appear here, in plain text, with a close button. A message may hide itself after a while.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget


class MessageBar(QFrame):
    """One line of plain text and a close button; hidden until :meth:`show_message`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#messageBar { background: #FDECEA; border: 1px solid #E3A59F; border-radius: 4px; }"
                           "#messageBar QLabel { color: #5F1F17; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 4, 4)
        self.label = QLabel()
        self.label.setObjectName("messageText")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setAccessibleName(self.tr("Message"))
        close = QToolButton()
        close.setText("×")
        close.setAutoRaise(True)
        close.setToolTip(self.tr("Dismiss"))
        close.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        close.clicked.connect(self.dismiss)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.dismiss)
        self.hide()

    def show_message(self, text: str, ms: int = 0) -> None:
        """Show ``text`` (plain); hide it after ``ms`` milliseconds unless 0."""
        self.label.setText(text)
        self.show()
        if ms > 0:
            self._timer.start(ms)
        else:
            self._timer.stop()

    def dismiss(self) -> None:
        self._timer.stop()
        self.hide()

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""

"""Ctrl+F: find within the article; every match highlighted, Enter for the next."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QTextEdit, QToolButton, QWidget

MAX_MATCHES = 2000


class FindBar(QWidget):
    closed = Signal()

    def __init__(self, view: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self._matches: list[QTextCursor] = []
        self._current = -1
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("Find in article"))
        self.edit.setAccessibleName(self.tr("Find in article"))
        self.edit.setClearButtonEnabled(True)
        self.edit.textChanged.connect(self.search)
        self.edit.returnPressed.connect(self.next_match)
        self.count = QLabel()
        prev_btn, next_btn, close_btn = QToolButton(), QToolButton(), QToolButton()
        prev_btn.setText("↑")
        prev_btn.setToolTip(self.tr("Previous match (Shift+Enter)"))
        next_btn.setText("↓")
        next_btn.setToolTip(self.tr("Next match (Enter)"))
        close_btn.setText("×")
        close_btn.setToolTip(self.tr("Close (Esc)"))
        prev_btn.clicked.connect(self.previous_match)
        next_btn.clicked.connect(self.next_match)
        close_btn.clicked.connect(self.close_bar)
        for w in (QLabel(self.tr("Find:")), self.edit, prev_btn, next_btn, self.count, close_btn):
            layout.addWidget(w)
        layout.addStretch(1)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()
        self.search(self.edit.text())

    def close_bar(self) -> None:
        """Hide the bar; the current match stays selected in the article (a code key codes it)."""
        self.hide()
        self._view.setExtraSelections([])
        self._view.setFocus()
        self.closed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
        elif (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.previous_match()
        else:
            super().keyPressEvent(event)

    def search(self, text: str) -> None:
        self._matches = []
        self._current = -1
        doc = self._view.document()
        if text:
            cur = QTextCursor(doc)
            while len(self._matches) < MAX_MATCHES:
                cur = doc.find(text, cur, QTextDocument.FindFlag(0))
                if cur.isNull():
                    break
                self._matches.append(QTextCursor(cur))
        self._paint()
        if self._matches:
            self.next_match()
        else:
            self.count.setText(self.tr("no matches") if text else "")

    def matches(self) -> list[tuple[int, int]]:
        """UTF-16 spans of the matches (for tests and callers)."""
        return [(c.selectionStart(), c.selectionEnd()) for c in self._matches]

    def _paint(self) -> None:
        selections = []
        for n, cur in enumerate(self._matches):
            sel = QTextEdit.ExtraSelection()
            sel.cursor = cur
            sel.format.setBackground(QColor("#FFD54F") if n == self._current else QColor("#FFF3B0"))
            sel.format.setForeground(QColor("#000000"))
            selections.append(sel)
        self._view.setExtraSelections(selections)

    def _go(self, step: int) -> None:
        if not self._matches:
            return
        self._current = (self._current + step) % len(self._matches)
        match = self._matches[self._current]
        cur = QTextCursor(match)  # the match is selected: Escape, then a code key codes it
        cur.setPosition(match.selectionEnd())
        cur.setPosition(match.selectionStart(), QTextCursor.MoveMode.KeepAnchor)
        self._view.setTextCursor(cur)
        self._view.ensureCursorVisible()
        self.count.setText(
            self.tr("%1 of %2").replace("%1", str(self._current + 1)).replace("%2", str(len(self._matches)))
        )
        self._paint()

    def next_match(self) -> None:
        self._go(1)

    def previous_match(self) -> None:
        self._go(-1)

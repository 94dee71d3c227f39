"""Helpers for the dialog tests: answering modal boxes without blocking."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget



class ModalAnswerer:
    """Polls for modal dialogs (from the event loop a blocking ``exec()`` runs) and answers them.

    ``handler(widget)`` is called once per new modal widget; it must close it
    (e.g. click a button). Every widget seen is kept in :attr:`seen`, with
    the message-box texts in :attr:`texts`.
    """

    def __init__(self, handler: Callable[[QWidget], None] | None = None) -> None:
        self.handler = handler or answer_default
        self.seen: list[QWidget] = []
        self.texts: list[str] = []
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._poll)
        self.timer.start()

    def _poll(self) -> None:
        widget = QApplication.activeModalWidget()
        if widget is None or not widget.isVisible() or widget in self.seen:
            return
        if type(widget).__name__ == "ProgressDialog":
            return  # the background runner's own dialog closes itself
        self.seen.append(widget)
        if isinstance(widget, QMessageBox):
            self.texts.append(widget.text() + "\n" + widget.informativeText())
        self.handler(widget)

    def stop(self) -> None:
        self.timer.stop()


def answer_default(widget: QWidget) -> None:
    if isinstance(widget, QMessageBox):
        widget.defaultButton().click() if widget.defaultButton() else widget.accept()
    elif isinstance(widget, QDialog):
        widget.accept()
    else:
        widget.close()


def click(button: QMessageBox.StandardButton) -> Callable[[QWidget], None]:
    def handler(widget: QWidget) -> None:
        assert isinstance(widget, QMessageBox), widget
        widget.button(button).click()

    return handler

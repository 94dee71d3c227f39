"""Running slow work off the UI thread behind a modal progress dialog.

:func:`run_with_progress` runs ``fn(*args, **kw)`` in a worker thread and
spins a local ``QEventLoop`` until it ends, so the window keeps repainting
and the progress dialog stays live. It returns ``fn``'s value, or re-raises
``fn``'s exception in the UI thread.

``fn`` learns about progress and cancelling through optional keyword
parameters, detected from its signature:

* ``progress``: a thread-safe callback ``progress(done, total, detail)``; the
  dialog then shows a determinate bar (indeterminate otherwise);
* ``cancelled``: a callable returning ``True`` once the user pressed Cancel
  (without it the dialog has no Cancel button).

SQLite connections belong to one thread, so worker functions take *paths*
and open their own :class:`~newscoder.core.store.Project`; never pass a
project opened in the UI thread.
"""

from __future__ import annotations

import inspect
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QThread, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from newscoder.core.errors import UserError

T = TypeVar("T")

#: The dialog appears only if the work takes longer than this (no flicker).
SHOW_DELAY_MS = 250
#: Progress reports closer together than this are coalesced (the last one always gets through).
PROGRESS_INTERVAL_S = 0.05


def tr(text: str) -> str:
    return QCoreApplication.translate("Background", text)


def accepts_keyword(fn: Callable[..., Any], name: str) -> bool:
    """Whether ``fn`` can be called with the keyword argument ``name``."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    param = params.get(name)
    if param is not None:
        return param.kind in (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return False


class _Worker(QThread):
    """Runs the function; reports through signals (delivered queued in the UI thread)."""

    progressed = Signal(int, int, str)
    done = Signal()

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...], kw: dict[str, Any]) -> None:
        super().__init__()
        self._fn = fn
        self._args = args
        self._kw = kw
        self.result: Any = None
        self.error: BaseException | None = None
        self.cancel_event = threading.Event()
        self._last_report = 0.0

    def report(self, done: int, total: int, detail: str = "") -> None:
        """The ``progress`` callback handed to the function (any thread)."""
        now = time.monotonic()
        if done < total and now - self._last_report < PROGRESS_INTERVAL_S:
            return
        self._last_report = now
        self.progressed.emit(int(done), int(total), str(detail))

    def run(self) -> None:  # worker thread
        try:
            self.result = self._fn(*self._args, **self._kw)
        except BaseException as exc:  # re-raised in the UI thread
            self.error = exc
        finally:
            self.done.emit()


class ProgressDialog(QProgressDialog):
    """A progress dialog that cannot be closed unless the work can be cancelled."""

    def __init__(self, parent: QWidget | None, title: str, cancellable: bool) -> None:
        super().__init__(parent)
        self.cancellable = cancellable
        self.setWindowTitle(title)
        self.setLabelText(title)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumDuration(SHOW_DELAY_MS)  # shown only if the work takes longer
        self.setRange(0, 0)  # indeterminate until the first report
        if cancellable:
            self.setCancelButtonText(tr("Cancel"))
        else:
            self.setCancelButton(None)  # type: ignore[arg-type]
        self.setMinimumWidth(420)
        self.setValue(0)  # (re)starts the show timer with our minimum duration

    def request_cancel(self) -> None:
        """What the Cancel button, Esc and closing the window do."""
        if self.cancellable and not self.wasCanceled():
            self.canceled.emit()  # also runs QProgressDialog.cancel()

    def reject(self) -> None:  # Esc
        self.request_cancel()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.request_cancel()
        event.ignore()


class ProgressRunner(QObject):
    """One run of one function; :meth:`run` blocks the caller but not the UI."""

    #: (done, total, detail) as shown in the dialog (UI thread)
    progressed = Signal(int, int, str)
    #: emitted once the dialog exists, before the work may end
    started = Signal()

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.title = title
        self.dialog: ProgressDialog | None = None
        self._parent = parent
        self._worker: _Worker | None = None
        self._finished = False
        self._loop: QEventLoop | None = None

    def run(self, fn: Callable[..., T], *args: Any, **kw: Any) -> T:
        cancellable = accepts_keyword(fn, "cancelled") and "cancelled" not in kw
        wants_progress = accepts_keyword(fn, "progress") and "progress" not in kw
        worker = _Worker(fn, args, kw)
        if wants_progress:
            kw["progress"] = worker.report
        if cancellable:
            kw["cancelled"] = worker.cancel_event.is_set
        self._worker = worker
        self._finished = False
        self._loop = QEventLoop()
        dialog = ProgressDialog(self._parent, self.title, cancellable)
        self.dialog = dialog
        dialog.canceled.connect(self._on_cancel)
        worker.progressed.connect(self._on_progress)
        worker.done.connect(self._on_done)
        worker.start()
        self.started.emit()
        if not self._finished:  # _on_done runs in this thread: no race
            loop = self._loop
            loop.exec()
        worker.wait()
        dialog.reset()  # stops its show timer
        dialog.hide()
        dialog.deleteLater()
        self.dialog = None
        if worker.error is not None:
            raise worker.error
        return worker.result  # type: ignore[no-any-return]

    def _on_done(self) -> None:
        self._finished = True
        if self._loop is not None:
            self._loop.quit()

    def _on_progress(self, done: int, total: int, detail: str) -> None:
        dialog = self.dialog
        if dialog is None:
            return
        if total > 0:
            if dialog.maximum() != total:
                dialog.setRange(0, total)
            dialog.setValue(min(done, total))
        if detail and not (self._worker is not None and self._worker.cancel_event.is_set()):
            dialog.setLabelText(tr("{title}\n{detail} ({done} of {total})").format(
                title=self.title, detail=detail, done=done, total=total))
        self.progressed.emit(done, total, detail)

    def _on_cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel_event.set()
        if self.dialog is not None:
            self.dialog.setLabelText(tr("Cancelling…"))


def run_with_progress(parent: QWidget | None, title: str, fn: Callable[..., T], *args: Any, **kw: Any) -> T:
    """Run ``fn(*args, **kw)`` in a worker thread behind a modal progress dialog.

    Returns ``fn``'s result; re-raises its exception here, in the UI thread.
    """
    runner = ProgressRunner(parent, title)
    try:
        return runner.run(fn, *args, **kw)
    finally:
        runner.deleteLater()


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    """Show an error as a message box: a :class:`UserError` as its message only."""
    box = QMessageBox(parent)
    box.setWindowTitle(title or tr("Newscoder"))
    if isinstance(exc, UserError):
        box.setIcon(QMessageBox.Icon.Warning)
        lines = str(exc).split("\n", 1)
        box.setText(lines[0])
        if len(lines) > 1:
            box.setInformativeText(lines[1])
    else:
        box.setIcon(QMessageBox.Icon.Critical)
        box.setText(tr("Something went wrong: {error}").format(error=str(exc) or type(exc).__name__))
        box.setInformativeText(tr("This is a bug in Newscoder; please report it with the details below."))
        box.setDetailedText("".join(traceback.format_exception(exc)))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    from newscoder.ui.plain import plain_box

    plain_box(box)  # the message may quote a file name, a title, a code
    box.exec()
    box.deleteLater()

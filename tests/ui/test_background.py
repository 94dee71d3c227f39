"""The background runner: off-thread work behind a modal progress dialog."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QThread, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from newscoder.core.errors import EditError, InputError, UserError
from newscoder.ui import background
from newscoder.ui.background import ProgressRunner, accepts_keyword, run_with_progress, show_error
from tests.ui.dialog_fixtures import ModalAnswerer


def test_returns_the_value(qtbot) -> None:
    assert run_with_progress(None, "Adding", lambda a, b: a + b, 2, b=3) == 5


def test_runs_off_the_ui_thread(qtbot) -> None:
    ui_thread = QThread.currentThread()
    worker_thread = run_with_progress(None, "Where", QThread.currentThread)
    assert worker_thread is not ui_thread


@pytest.mark.parametrize("exc", [UserError("bad file"), EditError("no"), InputError("x", ["p"]), ValueError("bug")])
def test_reraises_the_exception_in_the_ui_thread(qtbot, exc: Exception) -> None:
    def fail() -> None:
        raise exc

    with pytest.raises(type(exc)) as info:
        run_with_progress(None, "Failing", fail)
    assert info.value is exc


def test_ui_stays_responsive_while_working(qtbot) -> None:
    """A timer in the UI thread fires while the work waits for it: the UI is not blocked."""
    released = threading.Event()

    def wait_for_ui() -> bool:
        return released.wait(10)

    QTimer.singleShot(0, released.set)
    assert run_with_progress(None, "Waiting", wait_for_ui) is True


def test_progress_updates_reach_the_dialog(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(background, "PROGRESS_INTERVAL_S", 0.0)
    runner = ProgressRunner(None, "Counting")
    seen: list[tuple[int, int, str, int, int]] = []

    def record(done: int, total: int, detail: str) -> None:
        assert runner.dialog is not None
        seen.append((done, total, detail, runner.dialog.value(), runner.dialog.maximum()))

    runner.progressed.connect(record)

    def count(n: int, *, progress: Callable[[int, int, str], None]) -> int:
        for i in range(1, n + 1):
            progress(i, n, f"item {i}")
        return n

    with qtbot.waitSignal(runner.progressed, check_params_cb=lambda d, t, s: d == t == 5):
        assert runner.run(count, 5) == 5
    assert [s[0] for s in seen] == [1, 2, 3, 4, 5]
    assert seen[-1] == (5, 5, "item 5", 5, 5)


def test_progress_is_coalesced_but_the_last_report_arrives(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(background, "PROGRESS_INTERVAL_S", 60.0)
    runner = ProgressRunner(None, "Counting")
    seen: list[int] = []
    runner.progressed.connect(lambda d, t, s: seen.append(d))

    def count(*, progress: Callable[[int, int, str], None]) -> None:
        for i in range(1, 1001):
            progress(i, 1000, "")

    runner.run(count)
    assert seen[-1] == 1000
    assert len(seen) < 10


@pytest.mark.parametrize("how", ["button", "escape", "close"])
def test_cancel_stops_cancellable_work(qtbot, how: str) -> None:
    runner = ProgressRunner(None, "Long")

    def long_job(*, cancelled: Callable[[], bool]) -> str:
        gate = threading.Event()
        for _ in range(1000):
            if cancelled():
                return "stopped"
            gate.wait(0.01)
        return "finished"

    def press_cancel() -> None:
        dialog = runner.dialog
        assert dialog is not None and dialog.cancellable
        if how == "button":
            (button,) = dialog.findChildren(QPushButton)
            assert button.text() == "Cancel"
            button.click()
        elif how == "escape":
            dialog.show()
            QTest.keyClick(dialog, Qt.Key.Key_Escape)
        else:
            dialog.close()

    runner.started.connect(lambda: QTimer.singleShot(0, press_cancel))
    assert runner.run(long_job) == "stopped"


def test_work_without_cancelled_cannot_be_dismissed(qtbot) -> None:
    runner = ProgressRunner(None, "Uncancellable")
    released = threading.Event()
    state: dict[str, bool] = {}

    def try_to_dismiss() -> None:
        dialog = runner.dialog
        assert dialog is not None
        state["cancellable"] = dialog.cancellable
        dialog.reject()  # Esc
        state["was_canceled"] = dialog.wasCanceled()
        released.set()

    runner.started.connect(lambda: QTimer.singleShot(0, try_to_dismiss))
    assert runner.run(lambda: released.wait(10)) is True
    assert state == {"cancellable": False, "was_canceled": False}


def test_slow_work_shows_the_modal_dialog(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(background, "SHOW_DELAY_MS", 0)
    runner = ProgressRunner(None, "Slow")
    released = threading.Event()
    seen: dict[str, object] = {}
    poll = QTimer()
    poll.setInterval(5)

    def check() -> None:
        dialog = runner.dialog
        if dialog is not None and dialog.isVisible():
            seen["modal"] = QApplication.activeModalWidget() is dialog
            seen["title"] = dialog.windowTitle()
            released.set()

    poll.timeout.connect(check)
    poll.start()
    runner.run(lambda: released.wait(10))
    poll.stop()
    assert seen == {"modal": True, "title": "Slow"}


def _kw_only(*, progress: object = None) -> None: ...
def _positional(progress: object) -> None: ...
def _varargs(*args: object, **kw: object) -> None: ...


@pytest.mark.parametrize(
    ("fn", "name", "expected"),
    [(_kw_only, "progress", True), (_positional, "progress", True), (_varargs, "progress", False),
     (_kw_only, "cancelled", False), (len, "progress", False)],
)
def test_accepts_keyword(fn: Callable[..., object], name: str, expected: bool) -> None:
    assert accepts_keyword(fn, name) is expected


@pytest.mark.parametrize(
    ("exc", "icon", "text"),
    [
        (UserError("no project at /tmp/x"), QMessageBox.Icon.Warning, "no project at /tmp/x"),
        (InputError("bad codebook", ["line 2: no name"]), QMessageBox.Icon.Warning, "bad codebook\n  line 2: no name"),
        (RuntimeError("boom"), QMessageBox.Icon.Critical, "Something went wrong: boom"),
    ],
)
def test_show_error(qtbot, exc: Exception, icon: QMessageBox.Icon, text: str) -> None:
    found: list[tuple[QMessageBox.Icon, str, str]] = []

    def handler(box: object) -> None:
        assert isinstance(box, QMessageBox)
        found.append((box.icon(), box.text(), box.detailedText()))
        box.accept()

    answerer = ModalAnswerer(handler)
    show_error(None, exc)
    answerer.stop()
    assert len(found) == 1
    assert found[0][0] == icon
    assert text.split("\n")[0] == found[0][1]
    assert ("RuntimeError" in found[0][2]) == (not isinstance(exc, UserError))

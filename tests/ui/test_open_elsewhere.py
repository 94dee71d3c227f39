"""Issue 11 item 1 (b, c): re-opening the open project switches to it; one open in another window is
offered read-only or cancel, and a read-only window saves nothing.

The other window is a real process (tests/reliability/holder.py --window).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QWidget

from newscoder.core.store import Project
from newscoder.ui import file_dialogs
from newscoder.ui.actions import ActionId
from newscoder.ui.project_opening import WRITING_ACTIONS
from tests.ui.dialog_fixtures import ModalAnswerer

from tests.fixtures import make_project

RELIABILITY = Path(__file__).resolve().parents[1] / "reliability"
sys.path.insert(0, str(RELIABILITY))
from locks import AVAILABLE, holds_project_locks  # noqa: E402

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="flock")


def hold_as_window(path: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, str(RELIABILITY / "holder.py"), str(path), "--window"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().split() == ["ready", "claimed"]
    return proc


def release(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None
    proc.stdin.close()
    proc.wait(timeout=60)


def answer(button_text: str, seen: list[str]):  # type: ignore[no-untyped-def]
    def handler(widget: QWidget) -> None:
        assert isinstance(widget, QMessageBox), widget
        seen.append(widget.text())
        assert widget.textFormat() == Qt.TextFormat.PlainText
        for button in widget.buttons():
            if button_text in button.text().replace("&", ""):
                button.click()
                return
        raise AssertionError([b.text() for b in widget.buttons()])
    return handler


@pytest.mark.skipif(not AVAILABLE, reason="reads /proc/locks (Linux)")
def test_reopening_the_open_project_switches_to_it(main_window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = main_window()
    project = window.project
    assert holds_project_locks(project.path)
    monkeypatch.setattr(file_dialogs, "open_file_name", lambda *a, **k: str(project.path))
    window.action(ActionId.OPEN_PROJECT).trigger()
    assert window.project is project  # the same connection: nothing was opened or closed
    assert "already open" in window.statusBar().currentMessage()
    assert holds_project_locks(project.path)  # no header check read the file
    window.files.open_path(Path(str(project.path.parent) + "/./" + project.path.name))  # another spelling
    assert window.project is project and holds_project_locks(project.path)


def test_a_project_open_in_another_window_opens_read_only(main_window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = main_window()
    other = tmp_path / "shared.newscoder"
    make_project(other).close()
    data = other.read_bytes()
    holder = hold_as_window(other)
    try:
        seen: list[str] = []
        answerer = ModalAnswerer(answer("read-only", seen))
        try:
            assert window.files.open_path(other)
        finally:
            answerer.stop()
        assert len(seen) == 1 and "open in another Newscoder window" in seen[0]
        assert window.project.path == other and window.project.read_only
        assert "(read-only)" in window.windowTitle()
        assert all(not window.action(a).isEnabled() for a in WRITING_ACTIONS)
        assert window.coder_id is not None and window.articles.rowCount() == 3
        # code with a real key press: refused through the usual "Not saved" path
        cursor = QTextCursor(window.view.document())
        cursor.setPosition(0)
        cursor.setPosition(6, QTextCursor.MoveMode.KeepAnchor)
        window.view.setTextCursor(cursor)
        QTest.keyClick(window.view, Qt.Key.Key_1)
        assert window.saved_label.text() == "Not saved"
        assert "read-only" in window.last_failure
        window.project.close()
    finally:
        release(holder)
    assert other.read_bytes() == data  # not a byte written
    with Project.open(other) as after:
        assert after.segments() == [] and after.coder_by_name("Alice") is None


def test_cancel_keeps_the_current_project(main_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = main_window()
    before = window.project
    other = tmp_path / "shared.newscoder"
    make_project(other).close()
    holder = hold_as_window(other)
    try:
        seen: list[str] = []
        answerer = ModalAnswerer(answer("Cancel", seen))
        try:
            assert not window.files.open_path(other)
        finally:
            answerer.stop()
        assert len(seen) == 1 and window.project is before and not getattr(before, "read_only", False)
    finally:
        release(holder)


def test_a_window_claims_what_it_opens(main_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """After File ▸ Open, another program's window sees the project as taken."""
    window = main_window()
    other = tmp_path / "mine.newscoder"
    make_project(other).close()
    assert window.files.open_path(other)
    probe = subprocess.run(
        [sys.executable, "-c", "import sys; from newscoder.core import inuse; "
                               "print(inuse.open_in_other_window(sys.argv[1]))", str(other)],
        capture_output=True, text=True, timeout=60)
    assert probe.stdout.strip() == "True", probe.stderr
    window.project.close()

"""Who is coding: Enter accepts the proposed name, cancelling says what happens, coders are added lazily.

Real dialogs answered with real key presses (through ModalAnswerer, since the dialogs are modal), real project files.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox, QWidget

from newscoder.core import settings
from newscoder.core.exchange.copy import export_copy
from newscoder.core.store import Project
from newscoder.ui.coder_dialog import CoderDialog, ask_coder
from newscoder.ui.first_run import choose_coder
from tests.ui.dialog_fixtures import ModalAnswerer

from tests.fixtures import make_project


def press_enter(shown: list[str], qtbot, typed: str | None = None) -> Callable[[QWidget], None]:  # type: ignore[no-untyped-def]
    """In the coder dialog: note the proposal, optionally type over it, then press Enter once."""

    def handler(widget: QWidget) -> None:
        assert isinstance(widget, CoderDialog), widget
        edit = widget.name.lineEdit()
        shown.append(edit.text())
        if typed is not None:
            edit.selectAll()
            qtbot.keyClicks(edit, typed)
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    return handler


def press_escape(qtbot, seen: list[str]) -> Callable[[QWidget], None]:  # type: ignore[no-untyped-def]
    def handler(widget: QWidget) -> None:
        seen.append(type(widget).__name__)
        qtbot.keyClick(widget.name.lineEdit() if isinstance(widget, CoderDialog) else widget, Qt.Key.Key_Escape)

    return handler


def test_one_enter_accepts_the_proposed_name_not_the_first_known_one(qtbot) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    answerer = ModalAnswerer(press_enter(shown, qtbot))
    name = ask_coder(None, "Ben", ["Ana", "Carol"])
    answerer.stop()
    assert shown == ["Ben"] and name == "Ben" and len(answerer.seen) == 1


def test_enter_keeps_a_proposed_name_that_begins_a_known_one(qtbot) -> None:  # type: ignore[no-untyped-def]
    answerer = ModalAnswerer(press_enter([], qtbot))
    assert ask_coder(None, "Ben", ["Ana", "Benjamin"]) == "Ben"
    answerer.stop()


def test_enter_on_a_known_proposed_name_and_on_a_typed_name(qtbot) -> None:  # type: ignore[no-untyped-def]
    answerer = ModalAnswerer(press_enter([], qtbot))
    assert ask_coder(None, "Carol", ["Ana", "Carol"]) == "Carol"
    answerer.stop()
    answerer = ModalAnswerer(press_enter([], qtbot, typed="Dora"))
    assert ask_coder(None, "Ben", ["Ana", "Carol"]) == "Dora"
    answerer.stop()


def test_switch_coder_keeps_the_current_name_on_enter(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window(coder="Zed")
    w.project.ensure_coder("Ana")
    shown: list[str] = []
    answerer = ModalAnswerer(press_enter(shown, qtbot))
    w.files.switch_coder()
    answerer.stop()
    assert shown == ["Zed"] and w.coder_name == "Zed" and "Zed" in w.coder_label.text()
    answerer = ModalAnswerer(press_enter([], qtbot, typed="Ben"))
    w.files.switch_coder()
    answerer.stop()
    assert w.coder_name == "Ben" and settings.get("coder_name") == "Ben"


def _select_and_code(w, qtbot, key: Qt.Key = Qt.Key.Key_1) -> None:  # type: ignore[no-untyped-def]
    cur = QTextCursor(w.view.document())
    cur.setPosition(0)
    cur.setPosition(6, QTextCursor.MoveMode.KeepAnchor)
    w.view.setTextCursor(cur)
    with qtbot.waitSignal(w.controller.applied):
        qtbot.keyClick(w.view, key)


def test_opening_a_project_adds_no_coder_until_the_first_edit(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window(coder="Alice")
    assert w.project.coders() == [] and w.coder_name == "Alice"
    _select_and_code(w, qtbot)
    [alice] = w.project.coders()
    assert alice.name == "Alice" and alice.id == w.coder_id
    [seg] = w.project.segments(coder_id=alice.id)
    assert w.coding.last_coded == seg.id  # the new segment is the one just coded, not the coder row
    w.undo()  # the coder came with the first segment and goes with it
    assert w.project.coders() == [] and w.project.segments() == []
    w.redo()
    assert [c.name for c in w.project.coders()] == ["Alice"]


def test_marking_done_also_registers_the_coder(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window(coder="Alice")
    doc = w.document_id
    w.mark_done()
    [alice] = w.project.coders()
    assert w.project.status(doc, alice.id).value == "done"


def test_opening_someone_elses_copy_and_cancelling_adds_no_coder(main_window, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    with make_project(tmp_path / "main.newscoder") as project:
        export_copy(project, tmp_path / "carol.newscoder", "Carol")
    with Project.open(tmp_path / "carol.newscoder") as copy:
        before = [c.name for c in copy.coders()]
    w = main_window(coder="Alice")
    seen: list[str] = []
    answerer = ModalAnswerer(press_escape(qtbot, seen))
    assert w.files.open_path(tmp_path / "carol.newscoder")
    answerer.stop()
    assert seen == ["CoderDialog"] and w.coder_name == "Alice"
    assert [c.name for c in w.project.coders()] == before
    assert "Alice" not in before


def test_first_run_cancel_explains_and_can_go_back(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    project = make_project(tmp_path / "p.newscoder")
    seen: list[str] = []

    def handler(widget: QWidget) -> None:
        seen.append(type(widget).__name__)
        if isinstance(widget, QMessageBox):
            assert "closes" in widget.informativeText()
            qtbot.keyClick(widget, Qt.Key.Key_Return)  # the default button: back to the name
        elif len(seen) == 1:
            qtbot.keyClick(widget.name.lineEdit(), Qt.Key.Key_Escape)  # type: ignore[attr-defined]
        else:
            qtbot.keyClicks(widget.name.lineEdit(), "Dana")  # type: ignore[attr-defined]
            qtbot.keyClick(widget.name.lineEdit(), Qt.Key.Key_Return)  # type: ignore[attr-defined]

    answerer = ModalAnswerer(handler)
    assert choose_coder(project) == "Dana"
    answerer.stop()
    assert seen == ["CoderDialog", "QMessageBox", "CoderDialog"]
    assert project.coders() == []  # asking registers nobody
    project.close()


def test_first_run_cancel_then_quit(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    project = make_project(tmp_path / "p.newscoder")
    texts: list[str] = []

    def handler(widget: QWidget) -> None:
        if isinstance(widget, QMessageBox):
            texts.append(widget.text() + " " + widget.informativeText())
            [quit_button] = [b for b in widget.buttons() if "Quit" in b.text()]
            qtbot.mouseClick(quit_button, Qt.MouseButton.LeftButton)
        else:
            qtbot.keyClick(widget.name.lineEdit(), Qt.Key.Key_Escape)  # type: ignore[attr-defined]

    answerer = ModalAnswerer(handler)
    assert choose_coder(project) is None
    answerer.stop()
    assert len(texts) == 1 and "needs your name" in texts[0] and "closes now" in texts[0]
    assert settings.get("coder_name") is None
    project.close()

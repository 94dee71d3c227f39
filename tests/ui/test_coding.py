"""Coding in the main window: keys, overlaps, delete, recode, memo, undo, status, coders."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor

from newscoder.core.records import Status
from newscoder.ui.actions import ActionId

from tests.fixtures import add_segment, make_project


def select_utf16(window, start: int, end: int) -> None:  # type: ignore[no-untyped-def]
    cur = QTextCursor(window.view.document())
    cur.setPosition(start)
    cur.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    window.view.setTextCursor(cur)


def live(window):  # type: ignore[no-untyped-def]
    return window.project.segments(document_id=window.document_id, coder_id=window.coder_id)


def code(window, name: str):  # type: ignore[no-untyped-def]
    return window.project.code_by_name(name)


def test_select_and_press_key_saves_segment(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    assert w.text.startswith("Troops moved north")
    select_utf16(w, 0, 12)  # "Troops moved"
    with qtbot.waitSignal(w.controller.applied):
        qtbot.keyClick(w.view, Qt.Key.Key_1)
    [seg] = live(w)
    assert (seg.start, seg.end, seg.quote) == (0, 12, "Troops moved")
    assert seg.code_id == code(w, "claim").id
    assert w.segment_model.rowCount() == 1
    assert seg.id in w.view.index
    assert w.view.selected_id is None  # a new coding leaves no segment selected (the next key recodes nothing)
    assert w.coding.last_coded == seg.id
    assert "Saved" in w.saved_label.text()
    assert w.project.status(w.document_id, w.coder_id) == Status.IN_PROGRESS


def test_snapping_extends_partial_words_and_can_be_turned_off(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    select_utf16(w, 2, 9)  # "oops mo"
    qtbot.keyClick(w.view, Qt.Key.Key_2)
    assert [s.quote for s in live(w)] == ["Troops moved"]
    w.action(ActionId.SNAP_TO_WORDS).setChecked(False)
    select_utf16(w, 2, 9)
    qtbot.keyClick(w.view, Qt.Key.Key_3)
    assert sorted(s.quote for s in live(w)) == ["Troops moved", "oops mo"]


def test_overlapping_segments_and_cycling(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    select_utf16(w, 0, 12)
    qtbot.keyClick(w.view, Qt.Key.Key_1)
    select_utf16(w, 7, 18)  # "moved north"
    qtbot.keyClick(w.view, Qt.Key.Key_3)
    segs = live(w)
    assert [(s.start, s.end) for s in segs] == [(0, 12), (7, 18)]
    assert len(w.view.index.at(8)) == 2  # both drawn where they overlap
    cur = w.view.textCursor()
    cur.setPosition(9)
    w.view.setTextCursor(cur)
    w.select_segment(None)
    qtbot.keyClick(w.view, Qt.Key.Key_QuoteLeft)
    first = w.view.selected_id
    qtbot.keyClick(w.view, Qt.Key.Key_QuoteLeft)
    second = w.view.selected_id
    assert {first, second} == {s.id for s in segs}


def test_click_selects_segment_then_delete_and_recode(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    select_utf16(w, 0, 6)
    qtbot.keyClick(w.view, Qt.Key.Key_1)
    w.select_segment(None)
    cur = w.view.textCursor()
    cur.setPosition(3)
    rect = w.view.cursorRect(cur)
    qtbot.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    [seg] = live(w)
    assert w.view.selected_id == seg.id
    qtbot.keyClick(w.view, Qt.Key.Key_4)  # a code key on a selected segment recodes it
    assert live(w)[0].code_id == code(w, "condemnation").id
    assert w.segment_model.rowCount() == 1
    qtbot.keyClick(w.view, Qt.Key.Key_Delete)
    assert live(w) == []
    assert w.segment_model.rowCount() == 0
    assert seg.id not in w.view.index
    w.undo()
    assert [s.id for s in live(w)] == [seg.id]
    assert seg.id in w.view.index


def test_memo_and_code_combo_edit(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    select_utf16(w, 0, 6)
    qtbot.keyClick(w.view, Qt.Key.Key_1)
    w.select_segment(live(w)[0].id)  # as a click on it
    w.panel.memo.setFocus()
    w.panel.memo.setText("check the date")
    qtbot.keyClick(w.panel.memo, Qt.Key.Key_Return)  # a memo has lines: Return is a new line
    qtbot.keyClicks(w.panel.memo, "and source")
    with qtbot.waitSignal(w.controller.applied):
        qtbot.keyClick(w.panel.memo, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert live(w)[0].memo == "check the date\nand source"
    w.panel.code_combo.activated.emit(1)  # as if the user picked "denial"
    assert live(w)[0].code_id == code(w, "denial").id
    w.undo()
    w.undo()
    assert live(w)[0].memo == "" and live(w)[0].code_id == code(w, "claim").id
    assert w.panel.memo.text() == ""


def test_undo_redo_chain(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    for (a, b), key in [((0, 6), Qt.Key.Key_1), ((7, 12), Qt.Key.Key_2), ((13, 18), Qt.Key.Key_3)]:
        select_utf16(w, a, b)
        qtbot.keyClick(w.view, key)
    w.select_segment(live(w)[-1].id)
    qtbot.keyClick(w.view, Qt.Key.Key_Delete)
    assert len(live(w)) == 2
    for expected in (3, 2, 1, 0):
        w.undo()
        assert len(live(w)) == expected
        assert w.segment_model.rowCount() == expected
        assert len(w.view.index) == expected
    assert w.project.status(w.document_id, w.coder_id) == Status.NOT_STARTED
    for expected in (1, 2, 3, 2):
        w.redo()
        assert len(live(w)) == expected
    assert w.controller.stack.count() == 4


def test_mark_done_moves_on_and_undo_switches_back(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    first = w.document_id
    qtbot.keyClick(w, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    if w.document_id == first:  # the window shortcut needs an active window; use the action
        w.action(ActionId.MARK_DONE).trigger()
    assert w.document_id != first
    assert w.project.status(first, w.coder_id) == Status.DONE
    assert "1 of 3" in w.progress_label.text()
    assert w.articles.article(first).status == Status.DONE
    w.undo()
    assert w.document_id == first  # undo of an edit in another article goes back to it
    assert w.project.status(first, w.coder_id) == Status.NOT_STARTED
    assert "0 of 3" in w.progress_label.text()


def test_previous_next_and_filter(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    titles = ["Alpha report", "Beta story", "Gamma note"]
    assert w.title_label.text() == titles[0]
    w.next_article()
    assert w.title_label.text() == titles[1]
    w.next_article()
    w.next_article()
    assert w.title_label.text() == titles[2]
    w.previous_article()
    assert w.title_label.text() == titles[1]
    qtbot.keyClicks(w.filter_edit, "gam")
    assert w.filtered.rowCount() == 1
    w.article_list.setCurrentIndex(w.filtered.index(0, 0))
    assert w.title_label.text() == "Gamma note"
    w.filter_edit.clear()
    assert w.filtered.rowCount() == 3


def test_switching_coder_hides_others_segments(main_window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    project = make_project(tmp_path / "two.newscoder")
    doc = project.documents()[0].id
    bob_seg = add_segment(project, doc, "denial", "Bob", 0, 6)
    w = main_window(project=project, coder="Alice")
    assert bob_seg not in w.view.index  # blind coding: off by default
    w.action(ActionId.SHOW_OTHER_CODERS).setChecked(True)
    mark = w.view.index.get(bob_seg)
    assert mark is not None and not mark.mine
    w.action(ActionId.SHOW_OTHER_CODERS).setChecked(False)
    w.set_coder("Bob")
    assert w.view.index.get(bob_seg).mine and w.segment_model.rowCount() == 1
    w.set_coder("Alice")
    assert bob_seg not in w.view.index and w.segment_model.rowCount() == 0
    assert "Alice" in w.coder_label.text()


UNICODE = "Smile 😀 café cafe\u0301 👍🏽 done.\nNext line 北朝鮮 here."


@pytest.mark.parametrize(
    ("word", "occurrence"),
    [("😀", 0), ("café", 0), ("cafe\u0301", 0), ("👍🏽", 0), ("done", 0), ("Next", 0), ("北朝鮮", 0), ("here", 0)],
)
def test_unicode_article_codes_code_point_offsets(main_window, qtbot, word: str, occurrence: int) -> None:  # type: ignore[no-untyped-def]
    w = main_window(articles={"Unicode": UNICODE})
    cp_start = UNICODE.index(word)
    cp_end = cp_start + len(word)
    u16 = lambda s: len(s.encode("utf-16-le")) // 2  # noqa: E731
    select_utf16(w, u16(UNICODE[:cp_start]), u16(UNICODE[:cp_end]))
    w.action(ActionId.SNAP_TO_WORDS).setChecked(False)
    qtbot.keyClick(w.view, Qt.Key.Key_1)
    [seg] = live(w)
    assert (seg.start, seg.end) == (cp_start, cp_end)
    assert seg.quote == word
    mark = w.view.index.get(seg.id)
    assert (mark.start, mark.end) == (u16(UNICODE[:cp_start]), u16(UNICODE[:cp_end]))


def test_code_key_via_key_event_text(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A key event carrying only text (e.g. a keypad digit) codes too."""
    w = main_window()
    select_utf16(w, 0, 6)
    event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_2, Qt.KeyboardModifier.KeypadModifier, "2")
    w.view.keyPressEvent(event)
    assert live(w)[0].code_id == code(w, "denial").id


def test_clicking_a_code_in_the_panel_codes_the_selection(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    select_utf16(w, 13, 18)
    row = w.codebook.row_of(code(w, "estimate").id)
    rect = w.panel.codes.visualRect(w.codebook.index(row, 0))
    qtbot.mouseClick(w.panel.codes.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert [(s.quote, s.code_id) for s in live(w)] == [("north", code(w, "estimate").id)]

"""Issue 13: no edit the analyst cannot see (real key presses and mouse events on the real window)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox

from newscoder.core.records import Status
from newscoder.ui.actions import ActionId

from tests.fixtures import add_segment

LONG = {"Long": "\n".join(f"Paragraph {i} says troops moved north and officials denied it." for i in range(200))}


def select(window, start: int, end: int) -> None:  # type: ignore[no-untyped-def]
    cur = QTextCursor(window.view.document())
    cur.setPosition(start)
    cur.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    window.view.setTextCursor(cur)


def activate(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Window shortcuts (Ctrl+F, Ctrl+D) need the window active, as on a desktop."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def mine(window):  # type: ignore[no-untyped-def]
    return window.project.segments(document_id=window.document_id, coder_id=window.coder_id)


def code_id(window, key: str) -> str:  # type: ignore[no-untyped-def]
    return window.session.code_for_key(key).id


def test_a_new_coding_leaves_nothing_selected_so_the_next_key_recodes_nothing(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    select(w, 0, 6)
    qtbot.keyClick(w.view, Qt.Key.Key_1)
    qtbot.keyClick(w.view, Qt.Key.Key_2)  # no selection: nothing happens, and the window says so
    [seg] = mine(w)
    assert seg.code_id == code_id(w, "1")
    assert "Select some words" in w.message_bar.text()


def test_shift_key_gives_the_span_just_coded_a_second_code(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    select(w, 0, 9)  # "Troops mo" -> "Troops moved"
    qtbot.keyClick(w.view, Qt.Key.Key_1)
    qtbot.keyClick(w.view, Qt.Key.Key_3, Qt.KeyboardModifier.ShiftModifier)
    segs = mine(w)
    assert sorted((s.quote, s.code_id) for s in segs) == sorted(
        [("Troops moved", code_id(w, "1")), ("Troops moved", code_id(w, "3"))])
    w.undo()
    assert [s.code_id for s in mine(w)] == [code_id(w, "1")]  # one undo removes only the second code


def test_shift_key_with_nothing_just_coded_says_so(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    qtbot.keyClick(w.view, Qt.Key.Key_2, Qt.KeyboardModifier.ShiftModifier)
    assert mine(w) == []
    assert "Nothing was just coded" in w.message_bar.text()


def test_scrolling_the_selected_segment_away_clears_it(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window(articles=LONG)
    sid = add_segment(w.project, w.document_id, "claim", "Alice", 0, 9)
    w.refresh_all()
    w.select_segment(sid)
    assert w.view.selected_id == sid and w.view.segment_visible(sid)
    bar = w.view.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert w.view.selected_id is None and w.panel.segment is None
    qtbot.keyClick(w.view, Qt.Key.Key_3)
    assert [s.code_id for s in mine(w)] == [code_id(w, "1")]  # the off-screen segment kept its code


def test_a_selected_segment_off_screen_is_never_recoded(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window(articles=LONG)
    sid = add_segment(w.project, w.document_id, "claim", "Alice", 0, 9)
    w.refresh_all()
    w.view.blockSignals(True)  # even if the scroll went unnoticed, the key checks what is on screen
    w.view.verticalScrollBar().setValue(w.view.verticalScrollBar().maximum())
    w.view.blockSignals(False)
    w.view.selected_id = sid
    qtbot.keyClick(w.view, Qt.Key.Key_3)
    assert [s.code_id for s in mine(w)] == [code_id(w, "1")]
    assert "not on screen" in w.message_bar.text()


def test_find_clears_the_segment_and_then_a_key_codes_the_found_text(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    sid = add_segment(w.project, w.document_id, "claim", "Alice", 0, 6)
    w.refresh_all()
    w.select_segment(sid)
    activate(w, qtbot)
    qtbot.keyClick(w, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert w.find_bar.isVisible() and w.view.selected_id is None
    qtbot.keyClicks(w.find_bar.edit, "denied")
    qtbot.keyClick(w.find_bar.edit, Qt.Key.Key_Escape)
    assert not w.find_bar.isVisible()
    qtbot.keyClick(w.view, Qt.Key.Key_2)
    quotes = {s.quote: s.code_id for s in mine(w)}
    assert quotes == {"Troops": code_id(w, "1"), "denied": code_id(w, "2")}


def test_escape_clears_the_text_selection_and_the_segment(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    sid = add_segment(w.project, w.document_id, "claim", "Alice", 0, 6)
    w.refresh_all()
    w.select_segment(sid)
    qtbot.keyClick(w.view, Qt.Key.Key_Escape)
    assert w.view.selected_id is None and w.panel.segment is None
    select(w, 7, 12)
    assert w.view.preview is not None
    qtbot.keyClick(w.view, Qt.Key.Key_Escape)
    assert not w.view.textCursor().hasSelection() and w.view.preview is None
    qtbot.keyClick(w.view, Qt.Key.Key_1)
    assert [s.id for s in mine(w)] == [sid]


def test_backspace_never_deletes_delete_works_in_the_segment_list(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    sid = add_segment(w.project, w.document_id, "claim", "Alice", 0, 6)
    w.refresh_all()
    w.select_segment(sid)
    qtbot.keyClick(w.view, Qt.Key.Key_Backspace)
    assert [s.id for s in mine(w)] == [sid]
    w.select_segment(None)
    table = w.panel.segments
    rect = table.visualRect(w.segment_model.index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.view.selected_id == sid
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Backspace)
    assert [s.id for s in mine(w)] == [sid]
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert mine(w) == []


def test_the_snapped_extent_is_outlined_before_the_key(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window(articles={"N": "As many as 10,000 troops crossed."})
    start = w.text.index("000")
    select(w, start, start + 2)  # inside "10,000"
    assert w.view.preview == (w.text.index("10,000"), w.text.index("10,000") + 6)
    assert "10,000" in w.panel.selection.text()
    plain = w.view.viewport().grab().toImage()
    w.view.set_preview(None)
    without = w.view.viewport().grab().toImage()
    assert plain != without  # the outline is painted


def test_alt_arrows_move_the_selected_segments_boundaries_by_word(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window(articles={"N": "As many as 10,000 U.S. troops crossed."})
    a = w.text.index("10,000")
    sid = add_segment(w.project, w.document_id, "estimate", "Alice", a, a + 6, memo="rough")
    w.refresh_all()
    w.select_segment(sid)
    alt_shift = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(w.view, Qt.Key.Key_Right, alt_shift)
    qtbot.keyClick(w.view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    seg = w.project.segment(sid)
    assert (seg.quote, seg.memo, seg.id) == ("as 10,000 U.S.", "rough", sid)
    assert w.view.index.get(sid).end == w.text.index("U.S.") + 4  # the mark moved with it
    w.undo()
    assert w.project.segment(sid).quote == "10,000 U.S."
    w.undo()
    assert w.project.segment(sid).quote == "10,000"


def test_dragging_the_selected_segments_end_with_the_mouse(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window(articles={"N": "As many as 10,000 troops crossed the river."})
    a = w.text.index("10,000")
    sid = add_segment(w.project, w.document_id, "estimate", "Alice", a, a + 6, memo="m")
    w.refresh_all()
    w.select_segment(sid)
    view = w.view

    def point(pos: int) -> QPoint:
        cur = QTextCursor(view.document())
        cur.setPosition(pos)
        return view.cursorRect(cur).center()

    vp = view.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=point(a + 6))
    qtbot.mouseMove(vp, point(w.text.index("crossed") + 3))
    assert view.preview is not None and view.preview[1] > a + 6  # the new extent is shown while dragging
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=point(w.text.index("crossed") + 3))
    seg = w.project.segment(sid)
    assert (seg.quote, seg.memo) == ("10,000 troops crossed", "m")  # snapped to the whole word
    w.undo()
    assert w.project.segment(sid).quote == "10,000"


def _answer(qtbot, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    def press() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() == "extendOrAdd":
            qtbot.keyClick(box, key)
        else:
            QTimer.singleShot(20, press)

    QTimer.singleShot(0, press)


def test_same_code_over_an_overlap_asks_extend_or_add(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    w.interactive = True  # the window asks (a scripted window adds, as the benchmarks expect)
    sid = add_segment(w.project, w.document_id, "claim", "Alice", 0, 12)  # "Troops moved"
    w.refresh_all()
    select(w, 7, 18)  # "moved north"
    _answer(qtbot, Qt.Key.Key_E)
    qtbot.keyClick(w.view, Qt.Key.Key_1)
    [seg] = mine(w)
    assert (seg.id, seg.quote) == (sid, "Troops moved north")
    select(w, 13, 24)  # "north on Monday"
    _answer(qtbot, Qt.Key.Key_A)
    qtbot.keyClick(w.view, Qt.Key.Key_1)
    assert sorted(s.quote for s in mine(w)) == ["Troops moved north", "north on Monday"]
    select(w, 0, 3)
    _answer(qtbot, Qt.Key.Key_Escape)
    qtbot.keyClick(w.view, Qt.Key.Key_1)
    assert len(mine(w)) == 2
    select(w, 0, 3)
    qtbot.keyClick(w.view, Qt.Key.Key_2)  # another code: no question
    assert len(mine(w)) == 3


def test_errors_show_in_the_window_not_only_the_status_bar(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    free = next(str(k) for k in range(1, 10) if w.session.code_for_key(str(k)) is None)
    select(w, 0, 6)
    qtbot.keyClick(w.view, getattr(Qt.Key, f"Key_{free}"))
    assert w.message_bar.isVisible() and f"No code has the key {free}" in w.message_bar.text()
    w._on_failed("the segment changed meanwhile")
    assert "Not saved" in w.message_bar.text()


def test_reopen_an_article_by_key(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    first = w.document_id
    activate(w, qtbot)
    qtbot.keyClick(w, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert w.project.status(first, w.coder_id) == Status.DONE
    w.select_article(first)
    qtbot.keyClick(w, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert w.project.status(first, w.coder_id) == Status.NOT_STARTED
    assert "Reopen" in w.action(ActionId.REOPEN_ARTICLE).text().replace("&", "")


def test_focus_starts_in_the_article(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is w.view)


def test_alt_comma_and_period_move_the_end_where_the_desktop_takes_alt_shift_arrows(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window(articles={"N": "As many as 10,000 U.S. troops crossed."})
    a = w.text.index("10,000")
    sid = add_segment(w.project, w.document_id, "estimate", "Alice", a, a + 6)
    w.refresh_all()
    w.select_segment(sid)
    qtbot.keyClick(w.view, Qt.Key.Key_Period, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(w.view, Qt.Key.Key_Period, Qt.KeyboardModifier.AltModifier)
    assert w.project.segment(sid).quote == "10,000 U.S. troops"
    qtbot.keyClick(w.view, Qt.Key.Key_Comma, Qt.KeyboardModifier.AltModifier)
    assert w.project.segment(sid).quote == "10,000 U.S."

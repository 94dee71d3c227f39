"""The inline attribute editor, the sources pane and Analysis ▸ Estimates, driven by real key presses."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit

from newscoder.core import attributes as attrs
from newscoder.core import sources as src
from newscoder.ui.actions import ActionId
from newscoder.ui.models.segments import INCOMPLETE_ROLE


def _open_beta(w) -> str:  # type: ignore[no-untyped-def]
    doc = w.project.documents_by_title("Beta story")[0].id
    w.select_article(doc)
    return doc


def _select(w, words: str) -> None:  # type: ignore[no-untyped-def]
    start = w.text.index(words)
    cur = QTextCursor(w.view.document())
    cur.setPosition(w.view.offsets.to_utf16(start))
    cur.setPosition(w.view.offsets.to_utf16(start + len(words)), QTextCursor.MoveMode.KeepAnchor)
    w.view.setTextCursor(cur)


def _field(w, name: str) -> QLineEdit:  # type: ignore[no-untyped-def]
    edit = w.attribute_editing.editor.findChild(QLineEdit, f"attr:{name}")
    assert edit is not None
    return edit


def _values(w, segment_id: str) -> dict:  # type: ignore[no-untyped-def]
    seg = w.project.segment(segment_id)
    assert seg is not None
    return attrs.parse_values(seg.attributes)


def test_coding_an_estimate_prefills_and_the_keyboard_confirms(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    _open_beta(w)
    _select(w, "8,000 soldiers")
    w.view.setFocus()
    with qtbot.waitSignal(w.controller.applied):
        qtbot.keyClick(w.view, Qt.Key.Key_3)  # estimate
    editor = w.attribute_editing.editor
    assert editor.isVisible()
    seg_id = w.coding.last_coded  # the segment just coded (a new coding leaves none selected)
    assert _values(w, seg_id) == {"value": 8000, "high": 8000, "hedge": "as many as"}
    assert _field(w, "value").text() == "8000" and _field(w, "hedge").text() == "as many as"
    # the segment is incomplete (counted and source are required), said in the list
    row = w.segment_model.row_of(seg_id)
    assert w.segment_model.index(row, 0).data(INCOMPLETE_ROLE) == ["counted", "source"]
    # focus starts in the first missing field; Tab moves on and stays inside the card
    qtbot.waitUntil(lambda: _field(w, "counted").hasFocus())
    qtbot.keyClicks(_field(w, "counted"), "soldiers near the border")
    qtbot.keyClick(_field(w, "counted"), Qt.Key.Key_Tab)
    assert _field(w, "source").hasFocus()
    qtbot.keyClicks(_field(w, "source"), "Pentagon")
    qtbot.keyClick(_field(w, "source"), Qt.Key.Key_Tab)
    assert _field(w, "value").hasFocus()  # wrapped round to the first field
    qtbot.keyClick(_field(w, "value"), Qt.Key.Key_Backtab)
    assert _field(w, "source").hasFocus()
    with qtbot.waitSignal(w.controller.applied):
        qtbot.keyClick(_field(w, "source"), Qt.Key.Key_Return)
    assert not editor.isVisible()
    pentagon = src.source_by_name(w.project, "Pentagon")
    assert pentagon is not None and pentagon.kind == "other"
    assert _values(w, seg_id) == {"value": 8000, "high": 8000, "hedge": "as many as",
                                  "counted": "soldiers near the border", "source": pentagon.id}
    assert w.segment_model.index(row, 0).data(INCOMPLETE_ROLE) == []
    assert w.sources_pane.model.rowCount() == 1
    # one undo takes back the values and the new source together
    with qtbot.waitSignal(w.controller.applied):
        w.action(ActionId.UNDO).trigger()
    assert _values(w, seg_id) == {"value": 8000, "high": 8000, "hedge": "as many as"}
    assert src.source_by_name(w.project, "Pentagon") is None
    assert w.sources_pane.model.rowCount() == 0


def test_f2_opens_escape_keeps_and_a_bad_value_is_named(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    w.activateWindow()
    _open_beta(w)
    _select(w, "8,000 soldiers")
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key.Key_3)
    seg_id = w.coding.last_coded  # the segment just coded (a new coding leaves none selected)
    editor = w.attribute_editing.editor
    qtbot.keyClick(_field(w, "counted"), Qt.Key.Key_Escape)
    assert not editor.isVisible()
    w.activateWindow()
    qtbot.waitUntil(w.view.hasFocus)  # focus goes back to the article
    before = w.project.segment(seg_id)
    w.select_segment(seg_id)  # as a click on it: a new coding leaves no segment selected
    qtbot.keyClick(w.view, Qt.Key.Key_F2)
    assert editor.isVisible()
    _field(w, "value").setFocus()
    _field(w, "value").selectAll()
    qtbot.keyClicks(_field(w, "value"), "lots")
    qtbot.keyClick(_field(w, "value"), Qt.Key.Key_Return)
    assert editor.isVisible() and "value: not an integer" in editor.problem.text()
    qtbot.keyClick(_field(w, "value"), Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert w.project.segment(seg_id) == before  # nothing written


def test_a_code_without_attributes_opens_no_card(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from newscoder.core import attribute_edits, edits

    w = main_window()
    claim = w.project.code_by_name("claim")
    edits.apply(w.project, attribute_edits.set_code_attributes(w.project, claim.id, []))
    w.refresh_all()
    _select(w, "Troops moved")
    w.view.setFocus()
    with qtbot.waitSignal(w.controller.applied):
        qtbot.keyClick(w.view, Qt.Key.Key_1)
    assert not w.attribute_editing.editor.isVisible()


def test_sources_pane_rename_and_merge_by_keyboard(main_window, qtbot, qtmodeltester, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from newscoder.core import edits

    w = main_window()
    for name in ("Antony Blinken", "Blinken"):
        edits.apply(w.project, src.add_source(w.project, name, "person"))
    w.refresh_all()
    w.action(ActionId.SOURCES_PANE).trigger()
    pane = w.sources_pane
    assert pane.isVisible()
    qtmodeltester.check(pane.model)
    table = pane.table
    w.activateWindow()
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    table.setCurrentIndex(pane.model.index(1, 2))  # Blinken, affiliation
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, "United States")
    with qtbot.waitSignal(w.controller.applied):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert src.source_by_name(w.project, "Blinken").affiliation == "United States"  # type: ignore[union-attr]
    # merge "Blinken" into "Antony Blinken" (the choice dialog answered as a user would)
    table.setCurrentIndex(pane.model.index(pane.model.row_of(src.source_by_name(w.project, "Blinken").id), 0))  # type: ignore[union-attr]
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Antony Blinken", True))
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    with qtbot.waitSignal(w.controller.applied):
        qtbot.keyClick(table, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert [s.name for s in src.list_sources(w.project)] == ["Antony Blinken"]
    assert pane.model.rowCount() == 1


def test_estimates_window_groups_flags_drift_and_opens_the_span(main_window, qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    from newscoder.core import attribute_edits, edits
    from tests.fixtures import add_segment

    arts = {"AFP story": "Blinken said up to 8,000 troops moved.", "VOA story": "Blinken said as many as 8,000 went."}
    w = main_window(articles=arts)
    p = w.project
    add = src.add_source(p, "Antony Blinken", "person")
    edits.apply(p, add)
    blinken = str(add.changes[0].after["id"])  # type: ignore[index]
    for title, words, hedge in (("AFP story", "8,000 troops", "up to"), ("VOA story", "8,000", "as many as")):
        doc = p.documents_by_title(title)[0]
        edits.apply(p, edits.update_document(p, doc.id, source=title.split()[0]))
        text = p.document_text(doc.id)
        seg = add_segment(p, doc.id, "estimate", "Alice", text.index(words), text.index(words) + len(words))
        edits.apply(p, attribute_edits.set_segment_attributes(
            p, seg, {"value": 8000, "hedge": hedge, "counted": "troops deployed to Kursk", "source": blinken}))
    w.refresh_all()
    w.action(ActionId.ESTIMATES).trigger()
    window = w.analysis._estimates_window
    qtmodeltester.check(window.model)
    group = window.model.index(0, 0)
    assert group.data() == "troops deployed to Kursk (2)"
    assert window.model.rowCount(group) == 2
    assert window.model.index(0, 9, group).data() == "⚑ drift"
    assert {window.model.index(i, 6, group).data() for i in range(2)} == {"AFP", "VOA"}  # the outlet, not a title
    assert "Antony Blinken 8,000" in window.drift_label.text()
    window.tree.setFocus()
    window.tree.setCurrentIndex(window.model.index(1, 0, group))
    from newscoder.ui.dialogs.estimates_window import SEGMENT_ROLE

    target = window.model.index(1, 0, group).data(SEGMENT_ROLE)
    with qtbot.waitSignal(window.open_segment):
        qtbot.keyClick(window.tree, Qt.Key.Key_Return)
    assert w.view.selected_id == target
    assert w.project.segment(target).document_id == w.document_id  # type: ignore[union-attr]
    window.close()


@pytest.mark.parametrize("words", ["8,000 soldiers"])
def test_prefill_follows_the_grammar_in_the_window(main_window, qtbot, words: str) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    _open_beta(w)
    prefill = w.session.prefill(w.project.code_by_name("estimate").id, w.text.index(words),
                                w.text.index(words) + len(words))
    assert prefill.values["hedge"] == "as many as"

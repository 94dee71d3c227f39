"""The Search pane: Ctrl+Shift+F, hits followed in the article, the review loop with real keys, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from newscoder.core import corpus, variables
from newscoder.ui.actions import ActionId
from newscoder.ui.models.search_hits import Review, SearchHitsModel

ARTICLES = {
    "Alpha": "Officials denied the report. 👍 Troops denied nothing.\nA new paragraph dismissed it.",
    "Beta": "Nobody denied that 8,000 troops moved.",
    "Gamma": "Nothing to see here.",
}


def search(w, qtbot, query: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(w, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    pane = w.search_pane
    if not pane.isVisible():  # a window shortcut needs an active window (none offscreen): use the action
        w.action(ActionId.SEARCH_CORPUS).trigger()
    assert pane.isVisible()
    pane.query.clear()
    qtbot.keyClicks(pane.query, query)
    qtbot.keyClick(pane.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: pane.model.rowCount() > 0)


def test_search_hits_follow_in_the_article(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window(articles=ARTICLES)
    search(w, qtbot, "denied OR dismissed")
    pane = w.search_pane
    assert [(r.hit.title, r.hit.text) for r in pane.model.rows()] == [
        ("Alpha", "denied"), ("Alpha", "denied"), ("Alpha", "dismissed"), ("Beta", "denied")]
    assert "4 hits in 2 articles" in pane.status.text()
    assert w.document_id == pane.model.row(0).hit.document_id
    text = w.text
    # every hit of this article highlighted, in UTF-16 (the emoji counts twice there)
    expected = [w.view.offsets.span_to_utf16(r.hit.start, r.hit.end) for r in pane.model.rows()[:3]]
    assert pane.hits_in_view() == expected
    assert text[pane.model.row(1).hit.start:pane.model.row(1).hit.end] == "denied"
    qtbot.keyClick(pane.table, Qt.Key.Key_Down)
    qtbot.keyClick(pane.table, Qt.Key.Key_Down)
    qtbot.keyClick(pane.table, Qt.Key.Key_Down)
    assert pane.current_row() == 3 and w.title_label.text() == "Beta"
    assert w.view.textCursor().position() == w.text.index("denied")


def test_review_loop_with_real_keys_and_one_undo_per_batch(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window(articles=ARTICLES)
    search(w, qtbot, "denied OR dismissed")
    pane = w.search_pane
    pane.code.setCurrentIndex(pane.code.findData(w.project.code_by_name("denial").id))
    pane.extent.setCurrentIndex(pane.extent.findData("sentence"))
    with qtbot.waitSignal(w.controller.applied):
        qtbot.keyClick(pane.table, Qt.Key.Key_Return)  # code hit 0 (its sentence) and move on
    assert pane.model.row(0).review is Review.CODED and pane.current_row() == 1
    segs = w.project.segments(coder_id=w.coder_id)
    assert [s.quote for s in segs] == ["Officials denied the report."]
    qtbot.keyClick(pane.table, Qt.Key.Key_Backspace)  # skip hit 1
    assert pane.model.row(1).review is Review.SKIPPED and pane.current_row() == 2
    with qtbot.waitSignal(w.controller.applied):
        qtbot.keyClick(pane.table, Qt.Key.Key_3)  # code key 3 = estimate
    assert pane.model.row(2).review is Review.CODED
    assert w.project.code_by_name("estimate").id in {s.code_id for s in w.project.segments(coder_id=w.coder_id)}
    assert "1 to review" in pane.status.text() and pane.code_all.text() == "Code all 1 hits"
    with qtbot.waitSignal(w.controller.applied):
        qtbot.keyClick(pane.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # code all the rest
    assert len(w.project.segments(coder_id=w.coder_id)) == 3
    assert w.controller.stack.undoText() == "Autocode: 1 segment"
    w.undo()
    assert len(w.project.segments(coder_id=w.coder_id)) == 2
    w.redo()
    assert len(w.project.segments(coder_id=w.coder_id)) == 3
    # a second search: the same hit is already coded, never coded twice
    search(w, qtbot, "denied")
    pane.code.setCurrentIndex(pane.code.findData(w.project.code_by_name("denial").id))
    pane.extent.setCurrentIndex(pane.extent.findData("sentence"))
    qtbot.keyClick(pane.table, Qt.Key.Key_Return)
    assert pane.model.row(0).review is Review.ALREADY
    assert len(w.project.segments(coder_id=w.coder_id)) == 3


def test_code_all_is_one_edit_that_says_how_many(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window(articles=ARTICLES)
    search(w, qtbot, "troops OR denied")
    pane = w.search_pane
    with qtbot.waitSignal(w.controller.applied):
        pane.code_all.click()
    assert w.controller.stack.count() == 1 and w.controller.stack.undoText() == "Autocode: 5 segments"
    assert "Coded 5, already coded 0" in w.statusBar().currentMessage()
    w.undo()
    assert w.project.segments(coder_id=w.coder_id) == []


def test_bad_query_and_regex_say_why_in_the_pane(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window(articles=ARTICLES)
    pane = w.search_pane
    pane.open_pane()
    pane.query.setText("a AND")
    pane.run_search()
    assert "the query ends" in pane.status.text()
    pane.regex.setChecked(True)
    pane.query.setText(r"\d{1,3}(,\d{3})+")
    pane.run_search()
    assert [r.hit.text for r in pane.model.rows()] == ["8,000"]
    pane.query.setText("(")
    pane.run_search()
    assert "not a valid regular expression" in pane.status.text()


def test_search_can_be_cancelled(main_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from newscoder.ui import search_pane as sp

    w = main_window(articles=ARTICLES)
    pane = w.search_pane
    pane.open_pane()
    pane.query.setText("denied")
    original = sp.search_worker

    def cancelled_at_once(path: Path, query: str, regex: bool, where: list[str], *, cancelled):  # type: ignore[no-untyped-def]
        return original(path, query, regex, where, cancelled=lambda: True)

    from newscoder.ui.background import accepts_keyword

    assert accepts_keyword(original, "cancelled")  # so the progress dialog has a Cancel button
    monkeypatch.setattr(sp, "search_worker", cancelled_at_once)
    pane.run_search()
    assert pane.model.rowCount() == 0 and "cancelled" in w.statusBar().currentMessage()


def test_dictionary_hits_are_grouped_by_code(main_window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w = main_window(articles=ARTICLES)
    f = tmp_path / "d.csv"
    f.write_text("estimate,troops,number\ndenial,denied\n", encoding="utf-8")
    pane = w.search_pane
    pane.open_pane()
    pane.run_dictionary(f)
    names = [pane.model.data(pane.model.index(r, SearchHitsModel.CODE)) for r in range(pane.model.rowCount())]
    assert names == ["denial", "denial", "denial", "estimate"]
    with qtbot.waitSignal(w.controller.applied):
        qtbot.keyClick(pane.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    got = sorted((w.project.code(s.code_id).name, s.quote) for s in w.project.segments(coder_id=w.coder_id))
    assert got == [("denial", "denied")] * 3 + [("estimate", "8,000 troops")]


def test_hits_model(qtmodeltester, main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window(articles=ARTICLES)
    search(w, qtbot, "denied")
    qtmodeltester.check(w.search_pane.model)


def test_documents_table_edits_pastes_and_undoes(main_window, qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    from newscoder.core import edits
    from newscoder.ui.dialogs.documents_table import DocumentsDialog

    w = main_window(articles=ARTICLES)
    edits.apply(w.project, variables.define(w.project, "leaning", "choice", ("left", "right")))
    dialog = DocumentsDialog(w.controller, w)
    qtmodeltester.check(dialog.model)
    model = dialog.model
    col = model.names.index("leaning")
    assert model.setData(model.index(0, col), "LEFT")
    assert corpus.document_row(w.project, model.document_id(0)).metadata == {"leaning": "left"}
    assert not model.setData(model.index(0, col), "up") and "not one of" in model.error
    QApplication.clipboard().setText("right\tx\nleft\ty\n")
    dialog.table.setCurrentIndex(dialog.proxy.mapFromSource(model.index(1, col)))
    dialog.paste()
    assert [model.data(model.index(r, col)) for r in range(3)] == ["left", "right", "left"]
    assert w.controller.stack.undoText() == "Paste variables"
    w.undo()
    assert [model.data(model.index(r, col)) for r in range(3)] == ["left", "", ""]
    dialog.where.setText("leaning=left")
    dialog.apply_filter()
    shown = [model.document_id(dialog.proxy.mapToSource(dialog.proxy.index(r, 0)).row())
             for r in range(3) if not dialog.table.isRowHidden(r)]
    assert shown == [model.document_id(0)]
    dialog.deleteLater()


@pytest.mark.parametrize("key", ["Search pane"])
def test_pane_keys_are_on_the_shortcuts_page(key: str) -> None:
    from newscoder.ui.actions import shortcut_rows

    rows = [r for r in shortcut_rows() if r[0] == key]
    assert {r[2] for r in rows} >= {"Return, Enter", "Backspace", "Ctrl+Return"}


def test_article_list_filters_by_variables(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from newscoder.core import edits

    w = main_window(articles=ARTICLES)
    beta = w.project.documents_by_title("Beta")[0].id
    edits.apply(w.project, variables.set_values(w.project, {beta: {"source": "AFP", "country": "Chad"}}))
    w.refresh_all()
    qtbot.keyClicks(w.filter_edit, "source=afp")
    shown = [w.filtered.index(r, 0).data() .split("\n")[0] for r in range(w.filtered.rowCount())]
    assert shown == ["Beta"]
    w.filter_edit.clear()
    qtbot.keyClicks(w.filter_edit, "country!=chad; source=wire")
    assert w.filtered.rowCount() == 2
    w.filter_edit.clear()
    qtbot.keyClicks(w.filter_edit, "colour=red")
    assert w.filtered.rowCount() == 0 and "no variable named" in w.filtered.error
    w.filter_edit.clear()
    assert w.filtered.rowCount() == 3

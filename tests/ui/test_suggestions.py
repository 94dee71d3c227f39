"""View ▸ Suggestions in the real window: ghost marks, Tab / Enter / code key / Backspace, undo, tooltips.

Real key presses on the article view, a real project file in tmp_path and the real
suggestion engine (rules on hand-built text; no mocks of the store or the engine).
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtGui
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip

from newscoder.core import codebook, settings, store_suggest
from newscoder.core.store import Project
from newscoder.ui.actions import ActionId
from newscoder.ui.suggestions import SETTING

from tests.fixtures import make_project

ARTICLE = ("Officials denied the report on Monday, calling it fake news. "
           "As many as 8,000 troops crossed the border overnight.\n"
           "The minister condemned the attack as a dangerous escalation.")
ARTICLES = {"Denials": ARTICLE, "Quiet": "Nothing happened today at all."}


def turn_on(w) -> None:  # type: ignore[no-untyped-def]
    action = w.action(ActionId.SHOW_SUGGESTIONS)
    if not action.isChecked():
        action.trigger()
    assert action.isChecked()


def live(w):  # type: ignore[no-untyped-def]
    return w.project.segments(document_id=w.document_id, coder_id=w.coder_id)


def ghost_texts(w) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(code name, text) of every ghost drawn, from the suggestions behind them."""
    out = []
    for g in w.suggestions.layer.all():
        s = w.suggestions.suggestions[g.key]
        out.append((w.project.code(s.code_id).name, w.text[s.start:s.end]))
    return out


def open_window(main_window, qtbot, tmp_path: Path, articles=ARTICLES):  # type: ignore[no-untyped-def]
    project = make_project(tmp_path / "sugg.newscoder", articles)
    w = main_window(project=project)
    w.select_article(next(d.id for d in project.documents() if d.title == "Denials"))
    w.activateWindow()
    w.view.setFocus()
    qtbot.waitUntil(w.view.hasFocus)
    return w


def test_ghost_marks_appear_for_a_hand_built_article(main_window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w = open_window(main_window, qtbot, tmp_path)
    assert not w.action(ActionId.SHOW_SUGGESTIONS).isChecked()  # off by default
    assert len(w.suggestions.layer) == 0 and w.suggestions.engine is None  # nothing loaded yet
    turn_on(w)
    found = ghost_texts(w)
    assert any(code == "denial" and "denied" in text for code, text in found), found
    assert any(code == "condemnation" and "condemned" in text for code, text in found), found
    for g in w.suggestions.layer.all():  # the ghost's span in UTF-16 is the suggestion's in code points
        s = w.suggestions.suggestions[g.key]
        assert (g.start, g.end) == w.view.offsets.span_to_utf16(s.start, s.end)
        assert g.label  # the code by its key, not by colour alone
    assert live(w) == []  # nothing saved without a key press
    assert settings.get(SETTING) is True


def test_tab_shows_the_current_suggestion_and_enter_accepts_it(main_window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w = open_window(main_window, qtbot, tmp_path)
    turn_on(w)
    w.view.setFocus()
    w.view.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.keyClick(w.view, Qt.Key.Key_Tab)
    s = w.suggestions.current
    assert s is not None and s.key == w.suggestions.layer.all()[0].key
    assert w.view.hasFocus()  # Tab went to the suggestion, not to the next widget
    message = w.statusBar().currentMessage()
    assert "Suggestion:" in message and "\n" not in message and s.reason.split()[0] in message
    assert w.view.textCursor().position() == w.view.offsets.to_utf16(s.start)
    with qtbot.waitSignal(w.controller.applied):
        qtbot.keyClick(w.view, Qt.Key.Key_Return)
    [seg] = live(w)
    assert (seg.start, seg.end, seg.code_id) == (s.start, s.end, s.code_id)
    assert store_suggest.provenance(w.project, [seg.id])[seg.id]["suggester"] == s.suggester
    assert seg.id in w.view.index  # drawn as a normal segment
    assert s.key not in w.suggestions.suggestions  # its ghost is gone
    # Ctrl+Z: the segment goes, the ghost comes back, current again
    qtbot.keyClick(w.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert live(w) == []
    assert s.key in w.suggestions.suggestions and w.suggestions.current == s


def test_a_code_key_accepts_with_another_code(main_window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w = open_window(main_window, qtbot, tmp_path)
    turn_on(w)
    w.view.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.keyClick(w.view, Qt.Key.Key_Tab)
    s = w.suggestions.current
    assert s is not None and w.project.code(s.code_id).shortcut != "1"
    with qtbot.waitSignal(w.controller.applied):
        qtbot.keyClick(w.view, Qt.Key.Key_1)  # claim instead
    [seg] = live(w)
    assert (seg.start, seg.end) == (s.start, s.end)
    assert seg.code_id == w.project.code_by_name("claim").id
    assert s.key not in w.suggestions.suggestions  # "not that code": the suggested code does not linger
    assert w.suggestions.current is None or w.suggestions.current.start >= s.start
    assert w.controller.stack.count() == 1  # one undo step
    w.undo()
    assert live(w) == [] and s.key in w.suggestions.suggestions


def test_backspace_rejects_for_good_and_undo_brings_it_back(main_window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w = open_window(main_window, qtbot, tmp_path)
    turn_on(w)
    w.view.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.keyClick(w.view, Qt.Key.Key_Tab)
    s = w.suggestions.current
    with qtbot.waitSignal(w.controller.applied):
        qtbot.keyClick(w.view, Qt.Key.Key_Backspace)
    assert live(w) == []  # a rejection is no segment
    assert s.key not in w.suggestions.suggestions
    assert w.controller.stack.count() == 1
    w.undo()
    assert s.key in w.suggestions.suggestions
    w.redo()
    assert s.key not in w.suggestions.suggestions
    path = Path(w.project.path)
    w.close()
    w.project.close()
    again = main_window(project=Project.open(path))  # reopened: still never suggested
    again.select_article(next(d.id for d in again.project.documents() if d.title == "Denials"))
    turn_on(again)  # (remembered on: computed once the window is shown)
    qtbot.waitUntil(lambda: len(again.suggestions.layer) > 0)
    assert s.key not in again.suggestions.suggestions


def test_keys_keep_their_meaning_without_a_current_suggestion(main_window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w = open_window(main_window, qtbot, tmp_path)
    cur = QTextCursor(w.view.document())
    cur.setPosition(0)
    cur.setPosition(9, QTextCursor.MoveMode.KeepAnchor)  # "Officials"
    w.view.setTextCursor(cur)
    with qtbot.waitSignal(w.controller.applied):
        qtbot.keyClick(w.view, Qt.Key.Key_1)  # codes the selection, as always
    [seg] = live(w)
    turn_on(w)
    w.select_segment(seg.id)
    qtbot.keyClick(w.view, Qt.Key.Key_Backspace)  # no current suggestion: Backspace never deletes a segment
    qtbot.keyClick(w.view, Qt.Key.Key_Return)  # nor does Enter accept anything
    assert [x.id for x in live(w)] == [seg.id] and w.controller.stack.count() == 1
    # Tab makes one current (the segment is let go, in the panel too); Esc lets go of it, Enter is inert again
    qtbot.keyClick(w.view, Qt.Key.Key_Tab)
    assert w.suggestions.current is not None
    assert w.view.selected_id is None and w.panel.segment is None
    qtbot.keyClick(w.view, Qt.Key.Key_Escape)
    assert w.suggestions.current is None
    qtbot.keyClick(w.view, Qt.Key.Key_Return)
    assert len(live(w)) == 1


def test_view_suggestions_toggles_and_is_remembered(main_window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w = open_window(main_window, qtbot, tmp_path)
    action = w.action(ActionId.SHOW_SUGGESTIONS)
    assert action.shortcut().toString() == "Ctrl+Shift+H"
    turn_on(w)
    assert len(w.suggestions.layer) > 0 and w.suggestions.next_action.isEnabled()
    action.trigger()  # off
    assert len(w.suggestions.layer) == 0 and not w.suggestions.next_action.isEnabled()
    assert settings.get(SETTING) is False
    w.view.setFocus()
    QApplication.processEvents()
    qtbot.keyClick(w.view, Qt.Key.Key_Tab)  # off: Tab moves the focus on, as before
    assert w.suggestions.current is None
    action.trigger()
    assert settings.get(SETTING) is True
    other = main_window(project=make_project(tmp_path / "second.newscoder", ARTICLES))
    assert other.action(ActionId.SHOW_SUGGESTIONS).isChecked()  # a new window remembers it


def test_switching_articles_shows_that_articles_suggestions(main_window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w = open_window(main_window, qtbot, tmp_path)
    turn_on(w)
    assert len(w.suggestions.layer) > 0
    w.select_article(next(d.id for d in w.project.documents() if d.title == "Quiet"))
    assert len(w.suggestions.layer) == 0 and w.suggestions.current is None
    assert not w.suggestions.next_action.isEnabled()  # nothing to go to: Tab keeps its meaning


def test_ghost_tooltip_is_plain_text_with_hostile_names(main_window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    hostile = "<img src=/dev/zero>"
    articles = {"Denials": ARTICLE, "Second": "The ministry denied the allegations on Tuesday, calling them fake."}
    w = open_window(main_window, qtbot, tmp_path, articles)
    w.controller.push(codebook.add_code(w.project, hostile, shortcut="7"))
    odd = w.project.code_by_name(hostile)
    text = w.text
    a, b = 0, text.index("news.") + len("news.")
    cur = QTextCursor(w.view.document())
    cur.setPosition(w.view.offsets.to_utf16(a))
    cur.setPosition(w.view.offsets.to_utf16(b), QTextCursor.MoveMode.KeepAnchor)
    w.view.setTextCursor(cur)
    with qtbot.waitSignal(w.controller.applied):
        qtbot.keyClick(w.view, Qt.Key.Key_7)  # one example of the hostile code: the learner suggests it elsewhere
    turn_on(w)
    w.select_article(next(d.id for d in w.project.documents() if d.title == "Second"))
    mine = [g for g in w.suggestions.layer.all() if w.suggestions.suggestions[g.key].code_id == odd.id]
    assert mine, ghost_texts(w)
    g = mine[0]
    s = w.suggestions.suggestions[g.key]
    assert hostile in s.reason  # "like 1 confirmed <img src=/dev/zero> segment": user text in the reason too
    assert g.label == "7"
    geom = w.view._geometry()
    rect = w.suggestions.layer.rects(geom, g.key)[0]
    pos = QPoint(int(rect.left()) + 4, int(rect.center().y()))
    QApplication.sendEvent(w.view.viewport(), QHelpEvent(QEvent.Type.ToolTip, pos, w.view.viewport().mapToGlobal(pos)))
    shown = QToolTip.text()
    assert shown and s.suggester in shown
    if QtGui.Qt.mightBeRichText(shown):  # Qt would render it as HTML: every piece of user text must be escaped
        assert "&lt;img src=/dev/zero&gt;" in shown and "<img" not in shown
    else:  # Qt shows it as plain text: the name appears literally
        assert hostile in shown
    QToolTip.hideText()
    plain = w.suggestions.input.tooltip_at(g.start)
    assert plain.count(hostile) == 2 and s.suggester in plain  # code name and reason, as typed
    # over a segment too: the segment's tooltip follows, the whole is HTML with every name escaped
    w.select_article(next(d.id for d in w.project.documents() if d.title == "Denials"))
    g2 = next(g for g in w.suggestions.layer.all() if w.suggestions.suggestions[g.key].start < len("Officials"))
    rect2 = w.suggestions.layer.rects(w.view._geometry(), g2.key)[0]
    pos2 = QPoint(int(rect2.left()) + 4, int(rect2.center().y()))
    QApplication.sendEvent(w.view.viewport(), QHelpEvent(QEvent.Type.ToolTip, pos2,
                                                         w.view.viewport().mapToGlobal(pos2)))
    both = QToolTip.text()
    assert QtGui.Qt.mightBeRichText(both) and "<img" not in both
    assert both.count("&lt;img src=/dev/zero&gt;") >= 1 and "Alice" in both  # the segment's code and coder
    QToolTip.hideText()
    qtbot.keyClick(w.view, Qt.Key.Key_Tab)
    assert w.suggestions.current is not None
    assert "\n" not in w.statusBar().currentMessage()  # the reason on one line (a status bar shows plain text)


def test_more_like_this_fills_the_review_list(main_window, qtbot, tmp_path, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    articles = {
        "Denials": ARTICLE,
        "Second": "The ministry denied the allegations on Tuesday. Rain fell.",
        "Third": "Spokesmen dismissed the claims as baseless. A market opened.",
        "Fourth": "The spokesman denied the report on Friday, calling it fake news. Talks resumed.",
        "Fifth": "Officials denied the story on Sunday, calling it fake news and propaganda.",
        "Quiet": "Nothing happened today at all.",
    }
    w = open_window(main_window, qtbot, tmp_path, articles)
    text = w.text
    a = text.index("Officials")
    b = text.index("news.") + len("news.")
    cur = QTextCursor(w.view.document())
    cur.setPosition(w.view.offsets.to_utf16(a))
    cur.setPosition(w.view.offsets.to_utf16(b), QTextCursor.MoveMode.KeepAnchor)
    w.view.setTextCursor(cur)
    with qtbot.waitSignal(w.controller.applied):
        qtbot.keyClick(w.view, Qt.Key.Key_2)  # denial
    [seg] = live(w)
    w.select_segment(seg.id)
    w.action(ActionId.MORE_LIKE_THIS).trigger()
    pane = w.search_pane
    qtbot.waitUntil(lambda: pane.model.rowCount() > 0)
    qtmodeltester.check(pane.model)
    rows = pane.model.rows()
    assert all(r.code_id == seg.code_id for r in rows)
    titles = [r.hit.title for r in rows]
    assert "Second" in titles or "Third" in titles, titles
    for r in rows:  # each passage is the article's own text at its offsets
        doc = w.project.document(r.hit.document_id)
        assert doc.text[r.hit.start:r.hit.end] == r.hit.text
    assert pane.current_row() == 0
    first = rows[0]
    with qtbot.waitSignal(w.controller.applied):
        qtbot.keyClick(pane.table, Qt.Key.Key_Return)  # accept as a denial
    made = [s for s in w.project.segments(coder_id=w.coder_id) if s.id != seg.id]
    assert [(s.document_id, s.start, s.end, s.code_id) for s in made] == [
        (first.hit.document_id, first.hit.start, first.hit.end, seg.code_id)]
    prov = store_suggest.provenance(w.project, [made[0].id])[made[0].id]  # accepted as a suggestion
    assert prov["suggester"] == first.suggestion.suggester and prov["score"] == first.suggestion.score
    assert store_suggest.provenance(w.project, [seg.id]) == {}  # the hand-coded one has none
    assert pane.model.rowCount() >= 3
    qtbot.keyClick(pane.table, Qt.Key.Key_Backspace)  # skip: nothing written
    assert len(w.project.segments(coder_id=w.coder_id)) == 2
    left = [pane.model.row(r) for r in pane.model.pending()]
    with qtbot.waitSignal(w.controller.applied):
        qtbot.keyClick(pane.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # code all the rest
    assert w.controller.stack.undoText().startswith("Accept ")  # one step, each segment with its provenance
    rest = [s for s in w.project.segments(coder_id=w.coder_id) if s.id not in {seg.id, made[0].id}]
    assert sorted((s.document_id, s.start, s.end) for s in rest) == sorted(
        (r.hit.document_id, r.hit.start, r.hit.end) for r in left)
    prov = store_suggest.provenance(w.project, [s.id for s in rest])
    assert set(prov) == {s.id for s in rest}
    w.undo()
    assert len(w.project.segments(coder_id=w.coder_id)) == 2


def test_more_like_this_needs_a_selected_segment(main_window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w = open_window(main_window, qtbot, tmp_path)
    w.action(ActionId.MORE_LIKE_THIS).trigger()
    assert "segment" in w.statusBar().currentMessage()
    assert w.search_pane.model.rowCount() == 0


def test_nothing_is_written_by_looking(main_window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w = open_window(main_window, qtbot, tmp_path)
    before = w.project.conn.execute("PRAGMA data_version").fetchone()[0]
    changes_before = w.project.conn.total_changes
    turn_on(w)
    for _ in range(3):
        qtbot.keyClick(w.view, Qt.Key.Key_Tab)
    qtbot.keyClick(w.view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert w.project.conn.total_changes == changes_before
    assert w.project.conn.execute("PRAGMA data_version").fetchone()[0] == before
    assert w.controller.stack.count() == 0


def test_edits_are_one_undo_step_each(main_window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w = open_window(main_window, qtbot, tmp_path)
    turn_on(w)
    w.view.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.keyClick(w.view, Qt.Key.Key_Tab)
    first = w.suggestions.current
    qtbot.keyClick(w.view, Qt.Key.Key_Return)
    second = w.suggestions.current  # Enter moved on to the next suggestion
    assert second is not None and second.key != first.key
    qtbot.keyClick(w.view, Qt.Key.Key_Backspace)
    assert w.controller.stack.count() == 2
    w.undo()
    assert second.key in w.suggestions.suggestions
    w.undo()
    assert first.key in w.suggestions.suggestions and live(w) == []


def test_a_long_article_is_prepared_in_a_worker_thread(main_window, qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    from newscoder.ui import suggestion_support as sugg
    from newscoder.ui import suggestion_engine as engine_module

    threads: list[str] = []
    real = sugg.prepare_worker

    def spy(*args, **kw):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return real(*args, **kw)

    monkeypatch.setattr(sugg, "prepare_worker", spy)
    long_text = "\n".join(f"Paragraph {i}. " + ARTICLE for i in range(60))
    assert len(long_text) > engine_module.SYNC_CHARS
    w = open_window(main_window, qtbot, tmp_path, {"Denials": long_text, "Quiet": "Nothing happened."})
    cur = QTextCursor(w.view.document())
    cur.setPosition(0)
    cur.setPosition(len("Paragraph 0."), QTextCursor.MoveMode.KeepAnchor)
    w.view.setTextCursor(cur)
    with qtbot.waitSignal(w.controller.applied):
        qtbot.keyClick(w.view, Qt.Key.Key_1)  # an example: the worker gets (a copy of) the coder's examples
    turn_on(w)
    assert w.suggestions.engine.examples() is not None  # embedded in a worker, adopted by the window's engine
    assert threads and threads[0] != threading.main_thread().name
    assert w.suggestions.engine.prepared(w.document_id) is not None  # the window's engine took the work
    found = ghost_texts(w)
    assert sum(1 for code, text in found if code == "denial" and "denied" in text) >= 60, len(found)
    qtbot.keyClick(w.view, Qt.Key.Key_Tab)
    s = w.suggestions.current
    with qtbot.waitSignal(w.controller.applied):
        qtbot.keyClick(w.view, Qt.Key.Key_Return)
    assert (s.start, s.end) in [(x.start, x.end) for x in live(w)] and len(live(w)) == 2
    assert len(threads) == 1  # re-scoring after the accept needed no worker: the article was prepared


def test_a_click_on_a_ghost_makes_it_current(main_window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w = open_window(main_window, qtbot, tmp_path)
    turn_on(w)
    g = w.suggestions.layer.all()[-1]
    rect = w.suggestions.layer.rects(w.view._geometry(), g.key)[0]
    on_ghost = QPoint(int(rect.left()) + 3, int(rect.center().y()))
    qtbot.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton, pos=on_ghost)
    assert w.suggestions.current is not None and w.suggestions.current.key == g.key
    with qtbot.waitSignal(w.controller.applied):
        qtbot.keyClick(w.view, Qt.Key.Key_Return)
    s = w.suggestions.suggestions.get(g.key)
    assert s is None and len(live(w)) == 1
    qtbot.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(2, 2))  # off every ghost: lets go
    assert w.suggestions.current is None


def test_more_like_this_worker_reports_progress_and_stops_on_cancel(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from newscoder.core import edits
    from newscoder.ui.suggestion_review import MoreLikeThisCancelled, more_like_this_worker
    from newscoder.ui.suggestion_support import suggestion_engine

    project = make_project(tmp_path / "mlt.newscoder", {**ARTICLES, "Third": "The ministry denied the reports."})
    doc = next(d for d in project.documents() if d.title == "Denials")
    alice = project.ensure_coder("Alice")
    changes = edits.apply(project, edits.add_segment(project, doc.id, project.code_by_name("denial").id, alice.id,
                                                     0, ARTICLE.index("news.") + 5))
    (seg_id,) = changes.added_segments
    path = Path(project.path)
    project.close()
    seen: list[tuple[int, int]] = []
    pairs = more_like_this_worker(path, alice.id, seg_id, suggestion_engine,
                                  progress=lambda done, total, detail="": seen.append((done, total)),
                                  cancelled=lambda: False)
    assert pairs and seen and seen[-1][0] == seen[-1][1] == 3  # every article read, progress to the end
    for s, hit in pairs:
        assert (hit.document_id, hit.start, hit.end) == (s.document_id, s.start, s.end)
    with pytest.raises(MoreLikeThisCancelled):
        more_like_this_worker(path, alice.id, seg_id, suggestion_engine, progress=lambda *a: None,
                              cancelled=lambda: True)


def test_review_suggestions_in_all_articles(main_window, qtbot, tmp_path, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    articles = {**ARTICLES, "Second": "The ministry denied the allegations on Tuesday. Up to 300 troops left."}
    w = open_window(main_window, qtbot, tmp_path, articles)
    w.action(ActionId.REVIEW_SUGGESTIONS).trigger()
    pane = w.search_pane
    qtbot.waitUntil(lambda: pane.model.rowCount() > 0)
    qtmodeltester.check(pane.model)
    rows = pane.model.rows()
    titles = {r.hit.title for r in rows}
    assert {"Denials", "Second"} <= titles and "Quiet" not in titles
    for r in rows:  # the suggested code per row, the article's own text at the offsets
        assert r.code_id == r.suggestion.code_id
        assert w.project.document(r.hit.document_id).text[r.hit.start:r.hit.end] == r.hit.text
    assert not pane.table.isColumnHidden(pane.model.CODE)  # the code is shown by name in its column
    assert live(w) == []  # listing writes nothing
    first = rows[0]
    with qtbot.waitSignal(w.controller.applied):
        qtbot.keyClick(pane.table, Qt.Key.Key_Return)
    [seg] = w.project.segments(coder_id=w.coder_id)
    assert (seg.document_id, seg.start, seg.end, seg.code_id) == (
        first.hit.document_id, first.hit.start, first.hit.end, first.suggestion.code_id)
    assert store_suggest.provenance(w.project, [seg.id])[seg.id]["suggester"] == first.suggestion.suggester


def test_corpus_worker_keeps_what_it_found_when_cancelled(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from newscoder.ui.suggestion_review import corpus_worker
    from newscoder.ui.suggestion_support import suggestion_engine

    texts = {f"A{i}": f"Item {i}. {ARTICLE}" for i in range(3)} | {"Q": "Nothing."}
    project = make_project(tmp_path / "c.newscoder", texts)
    path = Path(project.path)
    coder = project.ensure_coder("Alice").id
    project.close()
    seen: list[tuple[int, int]] = []
    pairs, stopped = corpus_worker(path, coder, suggestion_engine, progress=lambda d, t: seen.append((d, t)),
                                   cancelled=lambda: False)
    assert not stopped and seen[-1] == (4, 4) and len({s.document_id for s, _h in pairs}) == 3
    pairs, stopped = corpus_worker(path, coder, suggestion_engine, limit=2, progress=lambda d, t: None,
                                   cancelled=lambda: False)
    assert stopped and len(pairs) == 2
    calls = iter([False, True])  # cancelled after the first article
    pairs, stopped = corpus_worker(path, coder, suggestion_engine, progress=lambda d, t: None,
                                   cancelled=lambda: next(calls, True))
    assert stopped and len({s.document_id for s, _h in pairs}) <= 1


def test_remembered_on_the_window_is_shown_first_then_suggested(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from newscoder.ui.main_window import MainWindow

    settings.put(SETTING, True)
    settings.put("coder_name", "Alice")
    project = make_project(tmp_path / "start.newscoder", {"Denials": ARTICLE})
    w = MainWindow(project, "Alice", interactive=False)
    try:
        assert w.action(ActionId.SHOW_SUGGESTIONS).isChecked()
        assert w.suggestions.engine is None  # nothing suggested (nor loaded) while the window is built
        w.show()
        qtbot.waitUntil(lambda: len(w.suggestions.layer) > 0)
        assert any(code == "denial" for code, _text in ghost_texts(w))
    finally:
        w.close()
        project.close()
        w.deleteLater()


def test_a_current_suggestion_scrolled_out_of_sight_is_let_go(main_window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = "\n".join(f"Line {i} is quiet." for i in range(80)) + "\n" + ARTICLE
    w = open_window(main_window, qtbot, tmp_path, {"Denials": text, "Quiet": "Nothing."})
    turn_on(w)
    w.view.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.keyClick(w.view, Qt.Key.Key_Tab)  # the first suggestion is far below: scrolled to
    s = w.suggestions.current
    assert s is not None and s.start > text.index("Officials") - 1
    bar = w.view.verticalScrollBar()
    assert bar.value() > 0
    bar.setValue(0)  # out of sight: no key may act on it
    assert w.suggestions.current is None
    qtbot.keyClick(w.view, Qt.Key.Key_Return)
    assert live(w) == []
    qtbot.keyClick(w.view, Qt.Key.Key_Tab)  # from the top of the page (the cursor is out of sight)
    assert w.suggestions.current == s


def test_after_an_answer_the_next_is_never_one_already_passed(main_window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # two suggestions start at "As many as": the estimate (shorter, first) and the claim (the sentence)
    text = "As many as 8,000 troops crossed the border, officials said on Monday. The minister condemned it."
    w = open_window(main_window, qtbot, tmp_path, {"Denials": text, "Quiet": "Nothing happened today."})
    turn_on(w)
    qtbot.waitUntil(lambda: len(w.suggestions.layer) > 2)
    ghosts = w.suggestions.layer.all()
    assert ghosts[0].start == ghosts[1].start and ghosts[0].end < ghosts[1].end
    w.view.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.keyClick(w.view, Qt.Key.Key_Tab)
    qtbot.keyClick(w.view, Qt.Key.Key_Tab)  # past the estimate, to the claim starting at the same place
    assert w.suggestions.layer.current == ghosts[1].key
    with qtbot.waitSignal(w.controller.applied):
        qtbot.keyClick(w.view, Qt.Key.Key_Backspace)
    assert w.suggestions.layer.current == ghosts[2].key  # not back to the estimate the coder passed


START_CODE = """
import sys, pathlib
from PySide6.QtWidgets import QApplication
app = QApplication([])
from newscoder.core import settings
from newscoder.core.store import Project
settings.put("coder_name", "Alice")
project = Project.create(pathlib.Path(sys.argv[1]))
project.add_document("Officials denied it. Up to 8,000 troops crossed.", "A")
from newscoder.ui.main_window import MainWindow
w = MainWindow(project, "Alice", interactive=False)
w.show()
for _ in range(50):
    app.processEvents()
# (numpy itself may come with sqlite_utils here: it imports pandas when the test extras installed it)
heavy = ("threadpoolctl", "newscoder.core.suggest.engine", "newscoder.core.suggest.embed",
         "newscoder.core.suggest.learned")
print(",".join(m for m in heavy if m in sys.modules) or "none")
"""


def test_start_up_with_suggestions_off_loads_none_of_them(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "NEWSCODER_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2] / "desktop")
    done = subprocess.run([sys.executable, "-c", START_CODE, str(tmp_path / "s.newscoder")], capture_output=True,
                          text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "none"


def test_quotes_in_messages_are_one_line_and_cut_with_an_ellipsis() -> None:
    from newscoder.ui.suggestion_support import one_line

    assert one_line("Officials\ndenied  it.\t") == "Officials denied it."
    long = "The spokesman denied the report on Friday, calling it fake news and propaganda."
    assert one_line(long, 60) == long[:59] + "…" and len(one_line(long, 60)) == 60

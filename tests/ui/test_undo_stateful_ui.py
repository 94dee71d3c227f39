"""Stateful test of the real main window: random coding, recoding, memos, deletes, undo and redo.

A Hypothesis state machine drives a real :class:`MainWindow` on a real project
file with the same inputs a user gives (a selection and a key press, the memo
field and Return, Delete, the Undo/Redo actions). After every step the store
and the window agree: the segment list model's rows and the article view's
highlight index hold exactly the live segments of the current article.
Undoing everything restores the starting state (ignoring ``updated_at``).
Default: 20 examples; ``NEWSCODER_FULL=1``: 150.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from newscoder.ui.actions import ActionId

from tests.reliability.harness import full_run, snapshot

from tests.fixtures import make_project

KEYS = {"1": Qt.Key.Key_1, "2": Qt.Key.Key_2, "3": Qt.Key.Key_3, "4": Qt.Key.Key_4}
ARTICLES = {
    "One": "Officials said troops moved north. The ministry denied it.\nAbout 8,000 men, critics say.",
    "Two": "Talks resumed; both sides condemned the shelling of the town.",
}


class WindowMachine(RuleBasedStateMachine):
    runs = 0  # examples started, for the figure in docs/reliability.md

    @initialize()
    def start(self) -> None:
        from newscoder.ui.main_window import MainWindow

        WindowMachine.runs += 1

        self.folder = Path(tempfile.mkdtemp(prefix="nc-ui-machine-"))
        project = make_project(self.folder / "m.newscoder", ARTICLES)
        self.window = MainWindow(project, "Alice", interactive=False)
        self.window.resize(1000, 700)
        self.window.show()
        self.start_state = snapshot(self.window.project)

    # -- helpers --------------------------------------------------------------------
    @property
    def w(self):  # type: ignore[no-untyped-def]
        return self.window

    def _live_ids(self) -> list[str]:
        return [s.id for s in self.w.segment_model.segments()]

    def _select(self, index: int) -> str:
        ids = self._live_ids()
        seg_id = ids[index % len(ids)]
        self.w.select_segment(seg_id)
        return seg_id

    # -- rules ----------------------------------------------------------------------
    @rule(start=st.integers(0, 200), length=st.integers(1, 40), key=st.sampled_from(sorted(KEYS)))
    def code_selection(self, start: int, length: int, key: str) -> None:
        n = len(self.w.text)
        a = start % n
        b = min(n, a + length)
        cur = QTextCursor(self.w.view.document())
        cur.setPosition(a)
        cur.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        self.w.view.setTextCursor(cur)
        self.w.select_segment(None)
        from PySide6.QtTest import QTest

        QTest.keyClick(self.w.view, KEYS[key])

    @precondition(lambda self: self.w.segment_model.rowCount() > 0)
    @rule(index=st.integers(0, 50), key=st.sampled_from(sorted(KEYS)))
    def recode(self, index: int, key: str) -> None:
        from PySide6.QtTest import QTest

        self._select(index)
        cur = self.w.view.textCursor()
        cur.clearSelection()
        self.w.view.setTextCursor(cur)
        QTest.keyClick(self.w.view, KEYS[key])

    @precondition(lambda self: self.w.segment_model.rowCount() > 0)
    @rule(index=st.integers(0, 50))
    def delete(self, index: int) -> None:
        from PySide6.QtTest import QTest

        self._select(index)
        QTest.keyClick(self.w.view, Qt.Key.Key_Delete)

    @precondition(lambda self: self.w.segment_model.rowCount() > 0)
    @rule(index=st.integers(0, 50), memo=st.sampled_from(["", "check", "source?", "dated 3 May"]))
    def write_memo(self, index: int, memo: str) -> None:
        from PySide6.QtTest import QTest

        self._select(index)
        self.w.panel.memo.setText(memo)
        QTest.keyClick(self.w.panel.memo, Qt.Key.Key_Return)

    @rule()
    def undo(self) -> None:
        self.w.action(ActionId.UNDO).trigger()

    @rule()
    def redo(self) -> None:
        self.w.action(ActionId.REDO).trigger()

    @rule()
    def other_article(self) -> None:
        self.w.next_article() if self.w.articles.row_for(self.w.document_id) == 0 else self.w.previous_article()

    # -- the store and the window agree ---------------------------------------------------
    @invariant()
    def models_match_store(self) -> None:
        if not hasattr(self, "window"):
            return
        stored = self.w.project.segments(document_id=self.w.document_id, coder_id=self.w.coder_id)
        rows = self.w.segment_model.segments()
        key = lambda s: (s.start, s.end, s.id)  # noqa: E731
        assert [(s.id, s.code_id, s.start, s.end, s.memo) for s in sorted(rows, key=key)] == [
            (s.id, s.code_id, s.start, s.end, s.memo) for s in sorted(stored, key=key)
        ]
        assert self.w.segment_model.rowCount() == len(stored)
        marks = {m.segment_id: m for m in self.w.view.index.all()}
        assert set(marks) == {s.id for s in stored}
        for s in stored:
            m = marks[s.id]
            assert (m.start, m.end, m.code_id) == (s.start, s.end, s.code_id)  # ASCII: UTF-16 = code points
        assert self.w.undo_action.isEnabled() == self.w.controller.stack.canUndo()

    def teardown(self) -> None:
        if not hasattr(self, "window"):
            return
        try:
            stack = self.w.controller.stack
            while stack.canUndo():
                stack.undo()
            self.models_match_store()
            assert snapshot(self.w.project) == self.start_state
        finally:
            self.w.close()
            self.w.project.close()
            self.w.deleteLater()
            shutil.rmtree(self.folder, ignore_errors=True)


@pytest.mark.parametrize("examples", [150 if full_run() else 20])
def test_window_undo_machine(qtbot, examples: int) -> None:  # type: ignore[no-untyped-def]
    WindowMachine.TestCase.settings = settings(
        max_examples=examples, stateful_step_count=25 if full_run() else 12, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    WindowMachine.runs = 0
    WindowMachine.TestCase().runTest()
    s = WindowMachine.TestCase.settings
    print(
        f"\nui undo machine: {WindowMachine.runs} runs (max_examples={s.max_examples}, "
        f"up to {s.stateful_step_count} steps)"
    )

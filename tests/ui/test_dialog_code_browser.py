"""The code browser: every live segment of a code, in context, lazily; opens segments."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from newscoder.core import codebook, edits
from newscoder.core.store import Project
from newscoder.ui.models import code_browser  # the rows model and its constants
from newscoder.ui.dialogs.code_browser import (
    ARTICLE, CODER, CONTEXT, CONTEXT_PARTS_ROLE, MEMO, CodeBrowser, SegmentsOfCodeModel,
)
from tests.fixtures import add_segment, make_project


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    project = make_project(tmp_path / "x.newscoder", 2, source=None, coders=("alice", "bob"))
    d0, d1 = project.documents()
    add_segment(project, d0.id, "claim", "alice", 10, 27, memo="troops")  # "says troops moved"
    add_segment(project, d1.id, "claim", "bob", 0, 9)
    add_segment(project, d0.id, "denial", "bob", 29, 53)
    gone = add_segment(project, d1.id, "claim", "alice", 20, 30)
    edits.apply(project, edits.delete_segment(project, gone))
    yield project
    project.close()


@pytest.fixture
def browser(project: Project, qtbot) -> CodeBrowser:
    window = CodeBrowser(project)
    qtbot.addWidget(window)
    window.show()
    return window


def cell(window: CodeBrowser, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> object:
    return window.model.data(window.model.index(row, column), role)


def test_lists_live_segments_of_the_first_code(browser: CodeBrowser, qtmodeltester) -> None:
    assert not browser.isModal()
    assert browser.code_combo.currentText().startswith("claim")
    assert browser.model.rowCount() == 2
    qtmodeltester.check(browser.model)
    assert [cell(browser, r, ARTICLE) for r in range(2)] == ["Title 0", "Title 1"]
    assert [cell(browser, r, CODER) for r in range(2)] == ["alice", "bob"]
    assert cell(browser, 0, MEMO) == "troops"
    assert browser.count_label.text() == "2 segment(s)"


def test_context_emphasises_the_coded_part(browser: CodeBrowser) -> None:
    assert (
        cell(browser, 0, CONTEXT) == "Article 0 «says troops moved». Officials denied it. Estimates vary widely. End 0."
    )
    before, coded, after = cell(browser, 0, CONTEXT, CONTEXT_PARTS_ROLE)  # type: ignore[misc]
    assert (before, coded) == ("Article 0 ", "says troops moved")
    assert after.startswith(". Officials")
    assert cell(browser, 1, CONTEXT).startswith("«Article 1»")
    browser.table.viewport().grab()  # the delegate paints without error


def test_long_context_is_cut_with_ellipses(tmp_path: Path, qtbot) -> None:
    project = Project.create(tmp_path / "long.newscoder")
    text = "a" * 200 + "CODED" + "b" * 200
    doc, _ = project.add_document(text, "Long")
    project.ensure_coder("alice")
    add_segment(project, doc.id, "claim", "alice", 200, 205)
    model = SegmentsOfCodeModel(project)
    model.set_filter(project.code_by_name("claim").id)
    before, coded, after = model.data(model.index(0, CONTEXT), CONTEXT_PARTS_ROLE)
    assert before == "…" + "a" * code_browser.CONTEXT_CHARS
    assert coded == "CODED"
    assert after == "b" * code_browser.CONTEXT_CHARS + "…"
    project.close()


def test_switch_code_and_filter_by_coder(browser: CodeBrowser, project: Project) -> None:
    browser.set_code(project.code_by_name("denial").id)
    assert browser.model.rowCount() == 1 and cell(browser, 0, CODER) == "bob"
    assert "denial" in browser.windowTitle()
    browser.set_code(project.code_by_name("claim").id)
    browser.set_coder(project.coder_by_name("alice").id)
    assert browser.model.rowCount() == 1 and cell(browser, 0, CODER) == "alice"
    browser.set_code(project.code_by_name("estimate").id)
    assert browser.model.rowCount() == 0 and browser.count_label.text() == "0 segment(s)"


@pytest.mark.parametrize("how", ["double-click", "enter"])
def test_activating_a_row_emits_open_segment(browser: CodeBrowser, project: Project, qtbot, how: str) -> None:
    expected = project.segments(coder_id=project.coder_by_name("bob").id, code_id=project.code_by_name("claim").id)[0]
    index = browser.model.index(1, ARTICLE)
    with qtbot.waitSignal(browser.open_segment) as blocker:
        if how == "double-click":
            rect = browser.table.visualRect(index)
            QTest.mouseClick(browser.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            QTest.mouseDClick(browser.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        else:
            browser.table.setFocus()
            browser.table.setCurrentIndex(index)
            QTest.keyClick(browser.table, Qt.Key.Key_Return)
    assert blocker.args == [expected.document_id, expected.id]


def test_refresh_picks_up_new_segments_coders_and_codes(browser: CodeBrowser, project: Project) -> None:
    doc = project.documents()[0]
    project.ensure_coder("carol")
    add_segment(project, doc.id, "claim", "carol", 0, 7)
    edits.apply(project, codebook.add_code(project, "speculation"))
    edits.apply(project, codebook.archive_code(project, project.code_by_name("estimate").id))
    assert browser.model.rowCount() == 2
    browser.refresh()
    assert browser.code_combo.currentText().startswith("claim")
    assert browser.model.rowCount() == 3
    assert browser.coder_combo.findText("carol") >= 0
    labels = [browser.code_combo.itemText(i) for i in range(browser.code_combo.count())]
    assert "estimate (archived)" in labels and "speculation" in labels


def test_rows_are_fetched_lazily(project: Project, monkeypatch: pytest.MonkeyPatch, qtmodeltester, qtbot) -> None:
    monkeypatch.setattr(code_browser, "PAGE", 3)
    doc = project.documents()[0]
    for start in range(0, 40, 4):
        add_segment(project, doc.id, "estimate", "alice", start, start + 3)
    model = SegmentsOfCodeModel(project)
    model.set_filter(project.code_by_name("estimate").id)
    assert model.total == 10 and model.rowCount() == 3 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 6
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 10
    starts = [model.row(r).start for r in range(10)]
    assert starts == sorted(starts)
    qtmodeltester.check(model)

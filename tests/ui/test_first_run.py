"""First run: asking who codes (also for coder copies), the sample project, the coding hint, empty states."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox, QWidget

from newscoder.core import settings
from newscoder.core.exchange.copy import export_copy
from newscoder.core.store import Project
from newscoder.ui.coder_dialog import CoderDialog
from newscoder.ui.first_run import HINT_DONE, choose_coder, no_articles_text, no_segments_text, proposed_coder
from tests.ui.dialog_fixtures import ModalAnswerer

from tests.fixtures import make_project


def answer_coder(name: str | None, proposals: list[str]):  # type: ignore[no-untyped-def]
    """A handler typing ``name`` into the coder dialog (None: cancel), noting what was proposed."""

    def handler(widget: QWidget) -> None:
        assert isinstance(widget, CoderDialog), widget
        proposals.append(widget.name.currentText())
        if name is None:
            widget.reject()
        else:
            widget.name.setCurrentText(name)
            widget._accept()

    return handler


@pytest.fixture
def copy_for_carol(tmp_path: Path) -> Path:
    with make_project(tmp_path / "main.newscoder") as project:
        export_copy(project, tmp_path / "carol.newscoder", "Carol")
    return tmp_path / "carol.newscoder"


def test_first_start_asks_for_a_name_and_remembers_it(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    project = make_project(tmp_path / "p.newscoder")
    assert settings.get("coder_name") is None
    proposals: list[str] = []
    answerer = ModalAnswerer(answer_coder("  Dana   Scully ", proposals))
    name = choose_coder(project)
    answerer.stop()
    assert name == "Dana Scully" and proposals == [""]
    assert settings.get("coder_name") == "Dana Scully"
    assert choose_coder(project) == "Dana Scully"  # not asked again (an unanswered dialog would block)
    project.close()


def test_cancelled_first_question_gives_none(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    project = make_project(tmp_path / "p.newscoder")
    cancel = answer_coder(None, [])

    def handler(widget: QWidget) -> None:  # cancel the name, then choose to quit in the box that explains it
        if isinstance(widget, QMessageBox):
            widget.buttons()[-1].click() if "Quit" not in widget.buttons()[0].text() else widget.buttons()[0].click()
        else:
            cancel(widget)

    answerer = ModalAnswerer(handler)
    assert choose_coder(project) is None
    answerer.stop()
    assert any("closes" in t for t in answerer.texts)
    assert settings.get("coder_name") is None
    project.close()


def test_coder_copy_proposes_its_intended_coder_once(copy_for_carol: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    settings.put("coder_name", "Alice")
    with Project.open(copy_for_carol) as copy:
        assert proposed_coder(copy, "Carol") is None
        proposals: list[str] = []
        answerer = ModalAnswerer(answer_coder("Carol B", proposals))
        assert choose_coder(copy) == "Carol B"
        answerer.stop()
        assert proposals == ["Carol"]
        assert proposed_coder(copy, "Carol B") is None  # the answer for this copy is remembered


def test_opening_a_coder_copy_from_the_file_menu_switches_coder(main_window, copy_for_carol: Path) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    assert w.coder_name == "Alice"
    proposals: list[str] = []
    answerer = ModalAnswerer(answer_coder("Carol", proposals))
    assert w.files.open_path(copy_for_carol)
    answerer.stop()
    assert proposals == ["Carol"]
    assert w.coder_name == "Carol" and "Carol" in w.coder_label.text()
    assert settings.get("coder_name") == "Carol"


def test_first_start_opens_the_seeded_sample_project(qtbot) -> None:  # type: ignore[no-untyped-def]
    from newscoder.ui.app import open_start_project

    project = open_start_project(None)
    assert project is not None
    try:
        assert len(project.documents()) >= 3
        assert [c.shortcut for c in project.codes(include_archived=False)][:4] == ["1", "2", "3", "4"]
    finally:
        project.close()


# -- the coding hint --------------------------------------------------------------------------
def test_hint_shown_until_the_first_segment_is_coded(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    assert w.hint.isVisible()
    assert "press 1–4" in w.hint.label.text() and "Shift+1–4" in w.hint.label.text()
    cur = QTextCursor(w.view.document())
    cur.setPosition(0)
    cur.setPosition(6, QTextCursor.MoveMode.KeepAnchor)
    w.view.setTextCursor(cur)
    with qtbot.waitSignal(w.hint.dismissed):
        qtbot.keyClick(w.view, Qt.Key.Key_1)
    assert not w.hint.isVisible()
    assert settings.get(HINT_DONE) is True
    w2 = main_window()
    assert not w2.hint.isVisible()


def test_hint_can_be_dismissed(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    qtbot.mouseClick(w.hint.close_button, Qt.MouseButton.LeftButton)
    assert not w.hint.isVisible() and settings.get(HINT_DONE) is True


# -- empty states ------------------------------------------------------------------------------
def test_empty_project_says_what_to_do(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window(articles={})
    assert "Import articles" in no_articles_text()
    assert w.view.placeholderText() == no_articles_text()
    assert w.empty_articles.showing() and w.empty_segments.showing()
    assert "Import articles" in w.title_label.text()
    w.article_list.viewport().repaint()  # the hint paints without error


def test_segment_list_hint_goes_once_there_is_a_segment(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    assert "press 1–4" in no_segments_text()
    assert w.empty_segments.showing() and not w.empty_articles.showing()
    cur = QTextCursor(w.view.document())
    cur.setPosition(0)
    cur.setPosition(6, QTextCursor.MoveMode.KeepAnchor)
    w.view.setTextCursor(cur)
    qtbot.keyClick(w.view, Qt.Key.Key_2)
    assert not w.empty_segments.showing()


def test_first_run_walk_name_sample_project_and_one_coded_span(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A new user: asked for a name, lands in the sample project, selects a span, presses 1."""
    from newscoder.ui.app import open_start_project
    from newscoder.ui.main_window import MainWindow

    assert settings.get("coder_name") is None and settings.last_project() is None
    project = open_start_project(None)
    assert project is not None
    answerer = ModalAnswerer(answer_coder("Dana", []))
    name = choose_coder(project)
    answerer.stop()
    assert name == "Dana"
    window = MainWindow(project, name, interactive=False)
    qtbot.addWidget(window)
    window.resize(1200, 760)
    window.show()
    qtbot.waitExposed(window)
    try:
        assert window.hint.isVisible()
        assert window.document_id is not None and len(window.text) > 1000
        first_word_end = window.text.index(" ")
        cursor = QTextCursor(window.view.document())
        cursor.setPosition(0)
        cursor.setPosition(first_word_end, QTextCursor.MoveMode.KeepAnchor)
        window.view.setTextCursor(cursor)
        with qtbot.waitSignal(window.controller.applied):
            qtbot.keyClick(window.view, Qt.Key.Key_1)
        dana = project.coder_by_name("Dana")
        assert dana is not None
        [segment] = project.segments(coder_id=dana.id)
        assert (segment.document_id, segment.start, segment.end) == (window.document_id, 0, first_word_end)
        assert project.code(segment.code_id).name == "claim"  # type: ignore[union-attr]
        assert segment.quote == window.text[:first_word_end]
        qtbot.waitUntil(lambda: not window.hint.isVisible())
    finally:
        window.close()
        project.close()

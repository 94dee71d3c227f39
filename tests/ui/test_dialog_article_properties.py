"""Article properties: only changed fields are pushed, as one undoable edit; no empty title."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from newscoder.core.errors import EditError
from newscoder.core.store import Project
from newscoder.ui.dialogs.article_properties import ArticlePropertiesDialog
from newscoder.ui.undo import UndoController
from tests.fixtures import make_project


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    project = make_project(tmp_path / "x.newscoder", 1, source=None, coders=("alice", "bob"))
    yield project
    project.close()


@pytest.fixture
def controller(project: Project, qtbot) -> UndoController:
    return UndoController(project)


@pytest.fixture
def dialog(controller: UndoController, project: Project, qtbot) -> ArticlePropertiesDialog:
    d = ArticlePropertiesDialog(controller, project.documents()[0].id)
    qtbot.addWidget(d)
    d.show()
    return d


def test_shows_fields_and_read_only_info(dialog: ArticlePropertiesDialog, project: Project) -> None:
    info = project.documents()[0]
    assert dialog.fields["title"].text() == "Title 0"
    assert dialog.fields["source"].text() == "Source 0"
    texts = [w.text() for w in dialog.findChildren(type(dialog.problem_label))]
    assert info.id in texts and info.content_sha256 in texts and info.imported_at in texts
    assert f"{info.length} characters" in texts


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ({"title": "  New title  "}, {"title": "New title"}),
        ({"author": "Jane Doe", "published": "2024-10-23"}, {"author": "Jane Doe", "published": "2024-10-23"}),
        ({"url": "https://example.org/a", "source": "AFP"}, {"url": "https://example.org/a", "source": "AFP"}),
    ],
)
def test_ok_pushes_only_changed_fields(
    dialog: ArticlePropertiesDialog,
    controller: UndoController,
    project: Project,
    typed: dict[str, str],
    expected: dict[str, str],
    qtbot,
) -> None:
    doc_id = dialog.document_id
    before = project.document_info(doc_id)
    for name, value in typed.items():
        dialog.fields[name].setText(value)
    assert dialog.changed_fields() == expected
    with qtbot.waitSignal(controller.applied) as blocker:
        dialog.fields["title"].setFocus()
        QTest.keyClick(dialog.fields["title"], Qt.Key.Key_Return)  # Return = OK
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Accepted
    assert blocker.args[0].documents == {doc_id}  # the typed Changes name the article
    after = project.document_info(doc_id)
    assert {f for f in ("title", "source", "author", "published", "url")
            if getattr(after, f) != getattr(before, f)} == set(expected)
    for name, value in expected.items():
        assert getattr(after, name) == value
    controller.stack.undo()
    assert project.document_info(doc_id) == before


def test_no_change_pushes_nothing(dialog: ArticlePropertiesDialog, controller: UndoController) -> None:
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert controller.stack.count() == 0


@pytest.mark.parametrize("title", ["", "   "])
def test_empty_title_is_refused_clearly(dialog: ArticlePropertiesDialog, controller: UndoController,
                                        project: Project, title: str) -> None:
    dialog.fields["title"].setText(title)
    dialog.fields["author"].setText("Someone")
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.problem_label.isVisible()
    assert "needs a title" in dialog.problem_label.text()
    assert controller.stack.count() == 0
    assert project.documents()[0].title == "Title 0"


def test_cancel_changes_nothing(dialog: ArticlePropertiesDialog, controller: UndoController, project: Project) -> None:
    dialog.fields["title"].setText("Other")
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert project.documents()[0].title == "Title 0"
    assert controller.stack.count() == 0


def test_changes_by_another_process_are_kept(dialog: ArticlePropertiesDialog, tmp_path: Path,
                                                       controller: UndoController) -> None:
    from newscoder.core import edits

    with Project.open(controller.project.path) as other:
        edits.apply(other, edits.update_document(other, dialog.document_id, author="Other process"))
    dialog.fields["title"].setText("Mine")
    # the edit is built from the current row, so it applies on top of the other change
    dialog.accept()
    assert controller.project.document_info(dialog.document_id).author == "Other process"
    assert controller.project.document_info(dialog.document_id).title == "Mine"


def test_unknown_article_is_refused(controller: UndoController, qtbot) -> None:
    with pytest.raises(EditError, match="no such article"):
        ArticlePropertiesDialog(controller, "missing")


def test_project_variables_are_edited_typed_and_undoable(project: Project, controller: UndoController, qtbot) -> None:
    from newscoder.core import corpus, edits, variables
    from PySide6.QtWidgets import QComboBox

    edits.apply(project, variables.define(project, "leaning", "choice", ("left", "right")))
    edits.apply(project, variables.define(project, "words", "number"))
    doc = project.documents()[0].id
    d = ArticlePropertiesDialog(controller, doc)
    qtbot.addWidget(d)
    assert isinstance(d.variables["leaning"], QComboBox)
    d.variables["leaning"].setCurrentText("right")
    d.variables["words"].setText("12x")
    d.accept()
    assert "not a number" in d.problem_label.text() and corpus.document_row(project, doc).metadata == {}
    d.variables["words"].setText("1,200")
    d.accept()
    assert corpus.document_row(project, doc).metadata == {"leaning": "right", "words": "1200"}
    assert controller.stack.undoText() == "Edit article properties"
    controller.stack.undo()
    assert corpus.document_row(project, doc).metadata == {}

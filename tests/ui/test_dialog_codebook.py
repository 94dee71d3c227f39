"""The codebook editor: every change is one undoable edit through the controller."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from newscoder.core.records import Code
from newscoder.core.store import Project
from newscoder.ui.dialogs.codebook_editor import CodebookEditor
from newscoder.ui.models.codebook_table import DEFINITION, NAME, PARENT, SEGMENTS, SHORTCUT, CodebookTableModel
from newscoder.ui.undo import UndoController
from tests.fixtures import add_segment, make_project


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    project = make_project(tmp_path / "x.newscoder", 2, source=None, coders=("alice", "bob"))
    yield project
    project.close()


@pytest.fixture
def controller(project: Project, qtbot) -> UndoController:
    return UndoController(project)


@pytest.fixture
def editor(controller: UndoController, qtbot) -> CodebookEditor:
    dialog = CodebookEditor(controller)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def names(project: Project) -> list[str]:
    return [c.name for c in project.codes()]


def code(project: Project, name: str) -> Code:
    found = project.code_by_name(name)
    assert found is not None
    return found


def select(editor: CodebookEditor, name: str) -> Code:
    c = code(editor.project, name)
    editor.select_code(c.id)
    assert editor.current_code() == c
    return c


def test_model_passes_modeltester(editor: CodebookEditor, qtmodeltester) -> None:
    qtmodeltester.check(editor.model)
    assert editor.model.rowCount() == 4


def test_model_shows_swatch_name_key_and_definition(editor: CodebookEditor) -> None:
    m = editor.model
    assert m.data(m.index(0, NAME)) == "claim"
    assert m.data(m.index(0, NAME), Qt.ItemDataRole.DecorationRole) == QColor("#0072B2")
    assert m.data(m.index(0, SHORTCUT)) == "1"
    assert m.data(m.index(0, DEFINITION)).startswith("A source asserts")
    assert m.data(m.index(0, SEGMENTS)) == "0"


def test_add_by_typing_a_name_then_undo(editor: CodebookEditor, controller: UndoController, qtbot) -> None:
    editor.new_name.setFocus()
    QTest.keyClicks(editor.new_name, "speculation")
    with qtbot.waitSignal(controller.applied):
        QTest.keyClick(editor.new_name, Qt.Key.Key_Return)
    added = code(editor.project, "speculation")
    assert added.shortcut == "5"
    assert editor.current_code() == added
    assert editor.new_name.text() == ""
    assert editor.isVisible()  # Return added the code; it did not close the editor
    assert editor.model.rowCount() == 5
    controller.stack.undo()
    assert editor.project.code_by_name("speculation") is None
    assert editor.model.rowCount() == 4


@pytest.mark.parametrize(("name", "message"), [("Claim", "already exists"), ("   ", "needs a name")])
def test_refused_add_is_shown(editor: CodebookEditor, name: str, message: str) -> None:
    assert not editor.add_code(name)
    assert editor.problem_label.isVisible()
    assert message in editor.problem_label.text()
    assert len(editor.project.codes()) == 4


def test_rename_in_the_form_and_undo(editor: CodebookEditor, controller: UndoController) -> None:
    c = select(editor, "denial")
    editor.name_edit.setFocus()
    editor.name_edit.selectAll()
    QTest.keyClicks(editor.name_edit, "rebuttal")
    QTest.keyClick(editor.name_edit, Qt.Key.Key_Return)
    assert editor.project.code(c.id).name == "rebuttal"
    assert editor.model.data(editor.model.index(1, NAME)) == "rebuttal"
    assert editor.isVisible()
    controller.stack.undo()
    assert editor.project.code(c.id).name == "denial"
    assert editor.name_edit.text() == "denial"


def test_rename_to_a_duplicate_is_refused_and_reset(editor: CodebookEditor) -> None:
    select(editor, "denial")
    editor.name_edit.setText("estimate")
    editor.name_edit.editingFinished.emit()
    assert "already exists" in editor.problem_label.text()
    assert editor.name_edit.text() == "denial"
    assert names(editor.project) == ["claim", "denial", "estimate", "condemnation"]


def test_rename_in_place_through_the_model(editor: CodebookEditor) -> None:
    m = editor.model
    assert m.setData(m.index(2, NAME), "guess")
    assert names(editor.project)[2] == "guess"
    assert not m.setData(m.index(2, NAME), "claim")
    assert "already exists" in editor.problem_label.text()
    assert m.setData(m.index(2, DEFINITION), "A guess.")
    assert code(editor.project, "guess").description == "A guess."


def test_recolour_through_the_colour_dialog(editor: CodebookEditor, controller: UndoController, qtbot) -> None:
    c = select(editor, "claim")
    editor.color_button.click()
    dialog = editor.color_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.setCurrentColor(QColor("#112233"))
    with qtbot.waitSignal(controller.applied):
        dialog.accept()
    assert editor.project.code(c.id).color == "#112233"
    assert editor.color_button.text() == "#112233"
    controller.stack.undo()
    assert editor.project.code(c.id).color == "#0072B2"


def test_change_shortcut_moves_it_from_its_holder(editor: CodebookEditor, controller: UndoController) -> None:
    c = select(editor, "claim")
    combo = editor.shortcut_combo
    index = combo.findData("4")
    assert "condemnation" in combo.itemText(index)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    assert editor.project.code(c.id).shortcut == "4"
    assert code(editor.project, "condemnation").shortcut is None
    assert controller.stack.count() == 1
    controller.stack.undo()
    assert editor.project.code(c.id).shortcut == "1"
    assert code(editor.project, "condemnation").shortcut == "4"


def test_remove_shortcut(editor: CodebookEditor) -> None:
    c = select(editor, "estimate")
    editor.shortcut_combo.activated.emit(editor.shortcut_combo.findData(None))
    assert editor.project.code(c.id).shortcut is None


def test_edit_definition_with_ctrl_return(editor: CodebookEditor, controller: UndoController) -> None:
    c = select(editor, "estimate")
    assert not editor.save_definition_button.isEnabled()
    editor.definition_edit.setFocus()
    editor.definition_edit.setPlainText("A number given as approximate.")
    assert editor.save_definition_button.isEnabled()
    QTest.keyClick(editor.definition_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert editor.project.code(c.id).description == "A number given as approximate."
    assert not editor.save_definition_button.isEnabled()
    controller.stack.undo()
    assert editor.project.code(c.id).description.startswith("A quantity")


def test_unsaved_definition_is_saved_when_moving_to_another_code(editor: CodebookEditor) -> None:
    c = select(editor, "estimate")
    editor.definition_edit.setPlainText("Changed.")
    select(editor, "claim")
    assert editor.project.code(c.id).description == "Changed."
    assert editor.current_code().name == "claim"
    assert editor.definition_edit.toPlainText().startswith("A source asserts")


@pytest.mark.parametrize(("name", "key", "expected"), [
    ("estimate", Qt.Key.Key_Up, ["claim", "estimate", "denial", "condemnation"]),
    ("estimate", Qt.Key.Key_Down, ["claim", "denial", "condemnation", "estimate"]),
    ("claim", Qt.Key.Key_Up, ["claim", "denial", "estimate", "condemnation"]),
])
def test_reorder_with_ctrl_arrows(editor: CodebookEditor, controller: UndoController, name: str,
                                  key: Qt.Key, expected: list[str]) -> None:
    select(editor, name)
    editor.table.setFocus()
    QTest.keyClick(editor.table, key, Qt.KeyboardModifier.ControlModifier)
    assert names(editor.project) == expected
    assert editor.current_code().name == name
    if expected != ["claim", "denial", "estimate", "condemnation"]:
        controller.stack.undo()
        assert names(editor.project) == ["claim", "denial", "estimate", "condemnation"]


def test_set_parent_and_refuse_a_cycle(editor: CodebookEditor, controller: UndoController) -> None:
    denial = select(editor, "denial")
    claim = code(editor.project, "claim")
    combo = editor.parent_combo
    combo.activated.emit(combo.findData(claim.id))
    assert editor.project.code(denial.id).parent_id == claim.id
    assert editor.model.data(editor.model.index(1, PARENT)) == "claim"
    assert editor.model.data(editor.model.index(1, NAME)).strip() == "denial"
    select(editor, "claim")
    assert editor.parent_combo.findData(denial.id) == -1  # a descendant is never offered
    assert not editor.set_parent(claim.id, denial.id)
    assert "under itself" in editor.problem_label.text()
    controller.stack.undo()
    assert editor.project.code(denial.id).parent_id is None


def test_archive_shows_greyed_and_restore(editor: CodebookEditor, controller: UndoController) -> None:
    c = select(editor, "condemnation")
    editor.editor_actions["archive"].trigger()
    assert editor.project.code(c.id).archived
    m = editor.model
    row = m.row_of(c.id)
    assert m.data(m.index(row, NAME)) == "condemnation (archived)"
    assert m.data(m.index(row, NAME), Qt.ItemDataRole.ForegroundRole) is not None
    assert m.data(m.index(row, NAME), Qt.ItemDataRole.FontRole).italic()
    assert editor.editor_actions["archive"].text().replace("&", "") == "Restore"
    assert c.id not in [x.id for x in editor.project.codes(include_archived=False)]
    editor.editor_actions["archive"].trigger()
    assert not editor.project.code(c.id).archived
    controller.stack.undo()
    controller.stack.undo()
    assert editor.project.code(c.id).shortcut == "4"


def test_delete_unused_code_needs_no_confirmation(editor: CodebookEditor, controller: UndoController) -> None:
    select(editor, "condemnation")
    editor.table.setFocus()
    QTest.keyClick(editor.table, Qt.Key.Key_Delete)
    assert editor.confirm_box is None
    assert names(editor.project) == ["claim", "denial", "estimate"]
    controller.stack.undo()
    assert names(editor.project)[-1] == "condemnation"


@pytest.mark.parametrize("confirm", [True, False])
def test_delete_code_with_segments_asks_first(project: Project, editor: CodebookEditor,
                                              controller: UndoController, confirm: bool, qtbot) -> None:
    doc = project.documents()[0]
    add_segment(project, doc.id, "claim", "alice", 0, 9)
    add_segment(project, doc.id, "claim", "bob", 10, 20)
    editor.model.reload()
    c = select(editor, "claim")
    assert editor.model.data(editor.model.index(0, SEGMENTS)) == "2"
    editor.editor_actions["delete"].trigger()
    box = editor.confirm_box
    assert box is not None and box.isVisible()
    assert "2 coded segment(s)" in box.text() and "claim" in box.text()
    if confirm:
        (delete,) = [b for b in box.buttons() if "Delete" in b.text()]
        delete.click()
    else:
        QTest.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not box.isVisible())
    if confirm:
        assert project.code_by_name("claim") is None
        assert project.segments() == []
        controller.stack.undo()
        assert len(project.segments()) == 2
        assert project.code_by_name("claim") == c
    else:
        assert project.code_by_name("claim") is not None
        assert controller.stack.count() == 0


def test_delete_code_with_subcodes_is_refused(editor: CodebookEditor) -> None:
    claim = code(editor.project, "claim")
    denial = code(editor.project, "denial")
    assert editor.set_parent(denial.id, claim.id)
    assert not editor.delete_code(claim.id)
    assert "sub-codes" in editor.problem_label.text()


def test_external_edits_refresh_the_editor(editor: CodebookEditor, controller: UndoController) -> None:
    from newscoder.core import codebook

    c = code(editor.project, "claim")
    controller.push(codebook.update_code(editor.project, c.id, name="assertion"))
    assert editor.model.data(editor.model.index(0, NAME)) == "assertion"
    controller.failed.emit("the project was changed meanwhile")
    assert "changed meanwhile" in editor.problem_label.text()


def test_undo_shortcut_inside_the_editor(editor: CodebookEditor, controller: UndoController) -> None:
    select(editor, "claim")
    editor.editor_actions["down"].trigger()
    assert names(editor.project)[0] == "denial"
    editor.table.setFocus()
    QTest.keyClick(editor.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert names(editor.project)[0] == "claim"


def test_standalone_model(controller: UndoController, qtmodeltester) -> None:
    model = CodebookTableModel(controller)
    qtmodeltester.check(model)
    assert model.row_of("missing") == -1
    assert model.code_at(99) is None

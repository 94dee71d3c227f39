"""Small defects of issue 13: the codebook editor's labels and hierarchy, and the shortcuts page's key names."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel

from newscoder.core import codebook, edits
from newscoder.ui.actions import shortcut_rows
from newscoder.ui.dialogs.codebook_editor import CodebookEditor
from newscoder.ui.models.codebook_table import NAME, PARENT, CodebookTableModel, tree_order
from newscoder.ui.help_dialogs import shortcuts_page
from newscoder.ui.undo import UndoController
from tests.fixtures import make_project


@pytest.fixture
def editor(tmp_path: Path, qtbot) -> Iterator[CodebookEditor]:  # type: ignore[no-untyped-def]
    project = make_project(tmp_path / "x.newscoder", 2, source=None, coders=("alice", "bob"))
    dialog = CodebookEditor(UndoController(project))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    yield dialog
    dialog.close()
    project.close()


def _names(editor: CodebookEditor) -> list[str]:
    return [editor.model.data(editor.model.index(r, NAME)) for r in range(editor.model.rowCount())]


def test_definition_label_has_a_mnemonic_not_a_literal_ampersand(editor: CodebookEditor) -> None:
    [label] = [w for w in editor.findChildren(QLabel) if "finition" in w.text()]
    assert label.buddy() is editor.definition_edit  # so "&f" is drawn underlined and Alt+F goes there
    assert label.text() == "De&finition:"
    assert not label.grab().isNull()


def test_a_child_code_is_drawn_under_its_own_parent(editor: CodebookEditor, qtbot) -> None:  # type: ignore[no-untyped-def]
    project = editor.project
    condemnation, claim = project.code_by_name("condemnation"), project.code_by_name("claim")
    assert condemnation is not None and claim is not None
    editor.select_code(condemnation.id)
    combo = editor.parent_combo
    assert combo.itemText(0) == "(none: top level)" and all(combo.itemText(i).strip() for i in range(combo.count()))
    combo.setFocus()
    with qtbot.waitSignal(editor.controller.applied):  # choose "claim" with the keyboard: one step down
        QTest.keyClick(combo, Qt.Key.Key_Down)
    assert project.code(condemnation.id).parent_id == claim.id  # type: ignore[union-attr]
    # seen: drawn indented under "estimate", the row above it in the flat order
    assert _names(editor) == ["claim", "    condemnation", "denial", "estimate"]
    assert editor.model.data(editor.model.index(1, PARENT)) == "claim"
    editor.select_code(project.code_by_name("denial").id)  # type: ignore[union-attr]
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert texts == ["(none: top level)", "claim", "    condemnation", "estimate"]


def test_move_keys_move_a_code_among_its_siblings(editor: CodebookEditor, qtbot) -> None:  # type: ignore[no-untyped-def]
    project = editor.project
    claim = project.code_by_name("claim")
    for name in ("denial", "condemnation"):
        code = project.code_by_name(name)
        assert code is not None and claim is not None
        edits.apply(project, codebook.update_code(project, code.id, parent_id=claim.id))
    editor.model.reload()
    assert _names(editor) == ["claim", "    denial", "    condemnation", "estimate"]
    editor.select_code(project.code_by_name("condemnation").id)  # type: ignore[union-attr]
    assert not editor.editor_actions["down"].isEnabled()  # the last child of claim
    editor.table.setFocus()
    QTest.keyClick(editor.table, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert _names(editor) == ["claim", "    condemnation", "    denial", "estimate"]
    assert editor.current_code().name == "condemnation"  # type: ignore[union-attr]


def test_tree_order_survives_a_stored_cycle() -> None:
    from newscoder.core.records import Code

    def c(i: str, parent: str | None) -> Code:
        return Code(id=i, name=i, description="", color="#000000", shortcut=None, parent_id=parent, position=0,
                    archived=False)

    order = tree_order([c("a", "b"), c("b", "a"), c("x", None), c("y", "x")])
    assert [k.id for k in order] == ["x", "y", "a", "b"]


def test_model_in_tree_order_passes_modeltester(editor: CodebookEditor, qtmodeltester) -> None:
    project = editor.project
    code, claim = project.code_by_name("condemnation"), project.code_by_name("claim")
    edits.apply(project, codebook.update_code(project, code.id, parent_id=claim.id))  # type: ignore[union-attr]
    model = CodebookTableModel(editor.controller)
    qtmodeltester.check(model)


def test_shortcuts_page_shows_only_portable_primary_keys(qtbot) -> None:  # type: ignore[no-untyped-def]
    rows = {text: keys for _menu, text, keys in shortcut_rows()}
    assert rows["Undo"] == "Ctrl+Z" and rows["New project…"] == "Ctrl+N" and rows["Quit"] == "Ctrl+Q"
    assert rows["Find in article…"] == "Ctrl+F"
    page = shortcuts_page(None)
    qtbot.addWidget(page)
    text = page.browser.toPlainText()
    for alternate in ("F14", ", Undo", ", New", "Exit", ", Open", ", Find"):
        assert alternate not in text
    assert "Ctrl+Z" in text


def test_coding_guide_describes_snapping_and_lazy_coders(main_window) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    page = w.help_pages.coding_guide().browser.toPlainText()
    assert "10,000" in page and "U.S." in page and "double-click" in page
    assert "first segment or status" in page and "one Enter" in page

"""Defining a code's attributes in the codebook editor (Ctrl+T), one undoable edit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from newscoder.core.attribute_edits import definitions_of
from newscoder.core.store import Project
from newscoder.ui.dialogs.attribute_definitions import AttributeDefinitionsDialog
from newscoder.ui.dialogs.codebook_editor import CodebookEditor
from newscoder.ui.undo import UndoController
from tests.fixtures import make_project


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    project = make_project(tmp_path / "x.newscoder", 1)
    yield project
    project.close()


def _claim(project: Project) -> str:
    code = project.code_by_name("claim")
    assert code is not None
    return code.id


def test_add_a_date_attribute_by_keyboard_then_undo(project: Project, qtbot) -> None:  # type: ignore[no-untyped-def]
    controller = UndoController(project)
    editor = CodebookEditor(controller)
    qtbot.addWidget(editor)
    editor.show()
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    editor.select_code(_claim(project))
    editor.table.setFocus()
    assert editor.attributes_label.text() == "source (source, required), target (text)"

    qtbot.keyClick(editor, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    widget = editor.attributes_dialog
    assert isinstance(widget, AttributeDefinitionsDialog) and widget.isVisible()
    assert widget.table.rowCount() == 2
    widget.activateWindow()
    widget.table.setFocus()
    qtbot.waitUntil(widget.table.hasFocus)
    qtbot.keyClick(widget.table, Qt.Key.Key_Insert)  # a new row, its name being edited
    name = QApplication.focusWidget()
    assert isinstance(name, QLineEdit), name
    qtbot.keyClicks(name, "said on")
    qtbot.keyClick(name, Qt.Key.Key_Tab)
    cells = [[(widget.table.item(r, c).text() if widget.table.item(r, c) else None) for c in range(6)]
             for r in range(widget.table.rowCount())]
    assert widget.table.rowCount() == 3, cells
    assert widget.table.item(2, 0).text() == "said on", cells
    kind = widget.table.cellWidget(2, 1)
    assert isinstance(kind, QComboBox)
    kind.setCurrentText("date")
    widget.table.item(2, 5).setText("When it was said")
    with qtbot.waitSignal(controller.applied):
        widget.accept()
        assert not widget.problem.text()
    defs = definitions_of(project, _claim(project))
    assert [(d.name, d.type, d.help) for d in defs][-1] == ("said on", "date", "When it was said")
    assert "said on (date)" in editor.attributes_label.text()
    controller.stack.undo()
    assert [d.name for d in definitions_of(project, _claim(project))] == ["source", "target"]


def test_a_bad_row_is_named_and_the_dialog_stays(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = AttributeDefinitionsDialog("estimate", [])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.add_row()
    dialog.table.item(0, 0).setText("hedge")
    kind = dialog.table.cellWidget(0, 1)
    assert isinstance(kind, QComboBox)
    kind.setCurrentText("choice")  # but no choices
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.problem.text().startswith("row 1: attribute 'hedge': a choice needs")
    dialog.table.item(0, 4).setText("exact; up to ;as many as")
    dialog.accept()
    assert not dialog.isVisible()
    assert dialog.result_defs[0]["choices"] == ["exact", "up to", "as many as"]


def test_agreement_window_attributes_tab_shows_the_published_values(tmp_path: Path, qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    """Krippendorff (2011) through attribute values, computed in the window (F5), shown in its Attributes tab."""
    from newscoder.core import attribute_edits as ae
    from newscoder.core import edits
    from newscoder.core.codebook import add_code
    from newscoder.ui.dialogs.agreement_window import AgreementWindow
    from tests.core.test_attribute_agreement import KRIPPENDORFF_2011
    from tests.fixtures import add_segment

    path = tmp_path / "k.newscoder"
    with Project.create(path, codebook=False) as p:
        docs = [p.add_document(f"Unit {u}: ten thousand troops.", f"U{u:02d}")[0].id for u in range(12)]
        edits.apply(p, add_code(p, "rating"))
        code = p.code_by_name("rating")
        assert code is not None
        edits.apply(p, ae.set_code_attributes(p, code.id, [{"name": "score", "type": "integer"}]))
        for coder, row in KRIPPENDORFF_2011.items():
            for unit, value in enumerate(row.split()):
                if value != ".":
                    seg = add_segment(p, docs[unit], "rating", coder, 0, 8)
                    edits.apply(p, ae.set_segment_attributes(p, seg, {"score": value}))
    window = AgreementWindow(path)
    qtbot.addWidget(window)
    window.show()
    assert window.compute() is not None
    qtmodeltester.check(window.attribute_table)
    model = window.attribute_table
    assert [model.index(0, c).data() for c in range(7)] == ["rating", "score", "α interval", "0.849", "78.2", "55",
                                                            "11"]
    window.close()

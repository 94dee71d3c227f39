"""The undo controller: one QUndoStack over invertible core edits."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pytestqt.qtbot import QtBot

from newscoder.core import edits
from newscoder.core.store import Project
from newscoder.ui.undo import UndoController


def _setup(path: Path) -> tuple[Project, str, str, str]:
    project = Project.create(path)
    doc, _ = project.add_document("Troops were sent to the border.", "t")
    coder = project.ensure_coder("ana")
    return project, doc.id, project.codes()[0].id, coder.id


def test_push_undo_redo_round_trip(tmp_path: Path, qtbot: QtBot) -> None:
    project, doc, code, coder = _setup(tmp_path / "p.newscoder")
    controller = UndoController(project)
    with qtbot.waitSignal(controller.applied):
        assert controller.push(edits.add_segment(project, doc, code, coder, 0, 6))
    assert [(s.start, s.end) for s in project.segments()] == [(0, 6)]
    with qtbot.waitSignal(controller.replayed):
        controller.stack.undo()
    assert project.segments() == []
    controller.stack.redo()
    assert [(s.start, s.end) for s in project.segments()] == [(0, 6)]
    project.close()


def test_refused_undo_drops_the_command_and_keeps_the_data(tmp_path: Path, qtbot: QtBot) -> None:
    path = tmp_path / "p.newscoder"
    project, doc, code, coder = _setup(path)
    controller = UndoController(project)
    controller.push(edits.add_segment(project, doc, code, coder, 0, 6))
    segment = project.segments()[0]
    controller.push(edits.set_segment_memo(project, segment.id, "first"))
    assert controller.stack.count() == 2
    other = sqlite3.connect(path)  # another program changes the memo meanwhile
    with other:
        other.execute("UPDATE segments SET memo = 'theirs' WHERE id = ?", (segment.id,))
    other.close()
    with qtbot.waitSignal(controller.failed) as failed:
        controller.stack.undo()
    assert "changed meanwhile" in failed.args[0]
    assert project.segment(segment.id).memo == "theirs"
    assert controller.stack.count() == 1  # the refused command is gone
    assert controller.stack.index() == 1
    # Undoing the add would delete a row that no longer looks as it did: refused too.
    with qtbot.waitSignal(controller.failed):
        controller.stack.undo()
    assert controller.stack.count() == 0
    assert project.segment(segment.id).deleted_at is None
    project.close()


def test_a_refused_edit_never_reaches_the_stack(tmp_path: Path, qtbot: QtBot) -> None:
    """push() goes through QUndoStack.push -> redo(); a refused redo marks the command obsolete."""
    path = tmp_path / "p.newscoder"
    project, doc, code, coder = _setup(path)
    controller = UndoController(project)
    controller.push(edits.add_segment(project, doc, code, coder, 0, 6))
    segment = project.segments()[0]
    stale = edits.set_segment_memo(project, segment.id, "mine")  # built now, applied after another write
    other = sqlite3.connect(path)
    with other:
        other.execute("UPDATE segments SET memo = 'theirs' WHERE id = ?", (segment.id,))
    other.close()
    with qtbot.assertNotEmitted(controller.applied), qtbot.waitSignal(controller.failed) as failed:
        assert controller.push(stale) is False
    assert "changed meanwhile" in failed.args[0]
    assert controller.stack.count() == 1 and controller.stack.index() == 1
    assert project.segment(segment.id).memo == "theirs"  # type: ignore[union-attr]
    assert not controller.push(edits.Edit("Nothing", ()))  # an empty edit is not a command
    assert controller.stack.count() == 1
    project.close()

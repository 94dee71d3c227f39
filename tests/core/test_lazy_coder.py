"""A coder is added to a project by their first edit, never by opening it (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.harness import make_project, snapshot

from newscoder.core import edits  # noqa: E402
from newscoder.core.errors import EditError  # noqa: E402
from newscoder.core.records import Status  # noqa: E402


def test_first_segment_registers_the_coder_and_undo_removes_it(tmp_path: Path) -> None:
    with make_project(tmp_path / "p.newscoder", coders=("ana",)) as project:
        doc, claim = project.documents()[0].id, project.code_by_name("claim").id
        before = snapshot(project)
        edit = edits.add_segment(project, doc, claim, "planned-id", 0, 5, coder_name="  Ben   B ")
        assert [c.table for c in edit.changes] == ["coders", "segments", "document_status"]
        edits.apply(project, edit)
        ben = project.coder_by_name("Ben B")
        assert ben is not None and ben.id == "planned-id"
        assert project.status(doc, ben.id) == Status.IN_PROGRESS
        again = edits.add_segment(project, doc, claim, "planned-id", 6, 9, coder_name="Ben B")
        assert [c.table for c in again.changes] == ["segments"]  # registered once
        edits.apply(project, edit.inverse())
        assert snapshot(project) == before


def test_without_a_name_an_unknown_coder_is_refused(tmp_path: Path) -> None:
    with make_project(tmp_path / "p.newscoder", coders=("ana",)) as project:
        doc, claim = project.documents()[0].id, project.code_by_name("claim").id
        with pytest.raises(EditError, match="no such coder"):
            edits.add_segment(project, doc, claim, "nobody", 0, 5)
        with pytest.raises(EditError, match="already called ana"):  # a name taken under another id
            edits.add_segment(project, doc, claim, "other-id", 0, 5, coder_name="ana")


def test_marking_done_registers_the_coder(tmp_path: Path) -> None:
    with make_project(tmp_path / "p.newscoder", coders=()) as project:
        doc = project.documents()[0].id
        edit = edits.set_status(project, doc, "c1", Status.DONE, coder_name="Cleo")
        edits.apply(project, edit)
        assert [c.name for c in project.coders()] == ["Cleo"] and project.status(doc, "c1") == Status.DONE
        edits.apply(project, edit.inverse())
        assert project.coders() == []

"""Issue 11 item 12: undo never resurrects what another program deleted.

Another program (a real process, tests/reliability/other_program.py) deletes a
code while this connection still has edits on it to undo or redo. Every undo
and redo that would leave a live row pointing at a deleted code (or article,
coder, parent code) is refused with a clear EditError, and nothing is written.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newscoder.core import codebook, edits
from newscoder.core.errors import EditError
from newscoder.core.exchange.copy import export_copy
from newscoder.core.store import Project

RELIABILITY = Path(__file__).resolve().parents[1] / "reliability"
sys.path.insert(0, str(RELIABILITY))
from harness import make_project, snapshot  # noqa: E402


def delete_code_elsewhere(path: Path, name: str) -> None:
    done = subprocess.run([sys.executable, str(RELIABILITY / "other_program.py"), str(path), "--delete-code", name],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def live_on_deleted_codes(project: Project) -> int:
    return int(project.conn.execute(
        "SELECT count(*) FROM segments s JOIN codes c ON c.id = s.code_id "
        "WHERE s.deleted_at IS NULL AND c.deleted_at IS NOT NULL").fetchone()[0])


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = make_project(tmp_path / "undo.newscoder")
    yield p
    p.close()


def _add(project: Project, code_name: str = "claim", start: int = 0) -> edits.Edit:
    doc = project.documents()[0]
    code = project.code_by_name(code_name)
    assert code is not None
    edit = edits.add_segment(project, doc.id, code.id, project.ensure_coder("ana").id, start, start + 5)
    edits.apply(project, edit)
    return edit


def test_undoing_a_delete_after_another_program_deleted_the_code(project: Project, tmp_path: Path) -> None:
    added = _add(project)
    segment_id = added.changes[0].after["id"]  # type: ignore[index]
    deleted = edits.delete_segment(project, segment_id)
    edits.apply(project, deleted)
    delete_code_elsewhere(project.path, "claim")
    before = snapshot(project)
    with pytest.raises(EditError, match="its code was deleted meanwhile"):
        edits.apply(project, deleted.inverse())  # undo the delete
    assert snapshot(project) == before  # nothing written
    assert live_on_deleted_codes(project) == 0
    export_copy(project, tmp_path / "ana-copy.newscoder", "ana")  # no FOREIGN KEY failure, now or later


def test_redoing_an_add_after_another_program_deleted_the_code(project: Project) -> None:
    added = _add(project, "denial")
    edits.apply(project, added.inverse())  # undo the add
    delete_code_elsewhere(project.path, "denial")
    before = snapshot(project)
    with pytest.raises(EditError, match="its code was deleted"):
        edits.apply(project, added)  # redo
    assert snapshot(project) == before and live_on_deleted_codes(project) == 0


def test_undoing_a_code_change_onto_a_deleted_code(project: Project) -> None:
    added = _add(project, "claim")
    segment_id = added.changes[0].after["id"]  # type: ignore[index]
    other = project.code_by_name("denial")
    assert other is not None
    changed = edits.change_segment_code(project, segment_id, other.id)
    edits.apply(project, changed)
    delete_code_elsewhere(project.path, "claim")  # the segment is on "denial": it stays live
    with pytest.raises(EditError, match="its code was deleted"):
        edits.apply(project, changed.inverse())  # back onto the deleted "claim"
    assert live_on_deleted_codes(project) == 0 and project.segment(segment_id).deleted_at is None


def test_undoing_a_code_deletion_brings_back_code_and_segments_together(project: Project) -> None:
    added = _add(project, "claim")
    code = project.code_by_name("claim")
    assert code is not None
    deleted = codebook.delete_code(project, code.id)
    edits.apply(project, deleted)
    edits.apply(project, deleted.inverse())  # the code comes back first, then its segment
    assert project.segment(added.changes[0].after["id"]).deleted_at is None  # type: ignore[index]
    assert live_on_deleted_codes(project) == 0


def test_a_sub_code_cannot_come_back_under_a_deleted_parent(project: Project) -> None:
    parent = project.code_by_name("claim")
    assert parent is not None
    add_child = codebook.add_code(project, "sub-claim", parent_id=parent.id)
    edits.apply(project, add_child)
    edits.apply(project, add_child.inverse())
    edits.apply(project, codebook.delete_code(project, parent.id))
    with pytest.raises(EditError, match="its parent code was deleted"):
        edits.apply(project, add_child)

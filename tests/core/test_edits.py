"""Every edit builder: apply then invert restores the state; stale edits are refused."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.reliability.harness import copy_project, make_project, snapshot

from newscoder.core import edits  # noqa: E402
from newscoder.core.edits import Edit  # noqa: E402
from newscoder.core.errors import EditError  # noqa: E402
from newscoder.core.records import Status  # noqa: E402
from newscoder.core.store import Project  # noqa: E402


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "edits.newscoder"
    with make_project(path, n_docs=2, coders=("ana", "ben")) as project:
        doc = project.documents()[0].id
        ana = project.coder_by_name("ana").id
        claim = project.code_by_name("claim").id
        edits.apply(project, edits.add_segment(project, doc, claim, ana, 0, 9, memo="first", segment_id="seg-1"))
    return path


@pytest.fixture
def project(template: Path, tmp_path: Path) -> Iterator[Project]:
    project = copy_project(template, tmp_path / "edits.newscoder")
    yield project
    project.close()


def _ids(p: Project) -> tuple[str, str, str, str, str]:
    return (
        p.documents()[0].id,
        p.coder_by_name("ana").id,
        p.coder_by_name("ben").id,
        p.code_by_name("claim").id,
        p.code_by_name("denial").id,
    )


BUILDERS: dict[str, Callable[[Project], Edit]] = {
    "add_segment": lambda p: edits.add_segment(p, _ids(p)[0], _ids(p)[4], _ids(p)[1], 3, 20),
    "add_segment_new_coder": lambda p: edits.add_segment(p, _ids(p)[0], _ids(p)[3], _ids(p)[2], 0, 5, memo="m"),
    "delete_segment": lambda p: edits.delete_segment(p, "seg-1"),
    "change_segment_code": lambda p: edits.change_segment_code(p, "seg-1", _ids(p)[4]),
    "set_segment_memo": lambda p: edits.set_segment_memo(p, "seg-1", "a new memo ✓"),
    "set_segment_memo_empty": lambda p: edits.set_segment_memo(p, "seg-1", ""),
    "set_status_done": lambda p: edits.set_status(p, _ids(p)[0], _ids(p)[1], Status.DONE),
    "set_status_new_row": lambda p: edits.set_status(p, _ids(p)[0], _ids(p)[2], Status.IN_PROGRESS),
    "set_status_back": lambda p: edits.set_status(p, _ids(p)[0], _ids(p)[1], Status.NOT_STARTED),
    "update_document": lambda p: edits.update_document(p, _ids(p)[0], title="New", author="Z", url="http://x"),
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_apply_then_inverse_restores_the_state(project: Project, name: str) -> None:
    start = snapshot(project)
    edit = BUILDERS[name](project)
    assert edit.changes, "the builder changed nothing"
    edits.apply(project, edit)
    assert snapshot(project) != start
    edits.apply(project, edit.inverse())
    assert snapshot(project) == start
    edits.apply(project, edit)  # redo works after undo
    edits.apply(project, edit.inverse())
    assert snapshot(project) == start


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_undo_is_refused_when_the_row_changed_meanwhile(project: Project, name: str) -> None:
    edit = BUILDERS[name](project)
    edits.apply(project, edit)
    _meddle(project, edit)
    changed = snapshot(project)
    with pytest.raises(EditError, match="changed meanwhile"):
        edits.apply(project, edit.inverse())
    assert snapshot(project) == changed


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_apply_is_refused_when_the_row_changed_after_building(project: Project, name: str) -> None:
    edit = BUILDERS[name](project)
    _meddle(project, edit)
    changed = snapshot(project)
    with pytest.raises(EditError):
        edits.apply(project, edit)
    assert snapshot(project) == changed


def _meddle(project: Project, edit: Edit) -> None:
    """Another program changes (or creates) the first row the edit touches."""
    change = edit.changes[0]
    key = change.key()
    where = " AND ".join(f'"{k}" = ?' for k in key)
    column = {"segments": "memo", "documents": "source", "document_status": "status"}[change.table]
    value = "meddled"
    if change.table == "document_status":
        taken = {(change.before or {}).get("status"), (change.after or {}).get("status")}
        value = next(s for s in ("done", "in_progress", "not_started") if s not in taken)
    with project.atomic():
        cur = project.conn.execute(
            f'UPDATE {change.table} SET "{column}" = ? WHERE {where}', (value, *key.values())
        )
        if cur.rowcount == 0:  # the edit inserts this row: someone else inserted it first
            row = dict(change.after or {})
            if change.table == "document_status":
                row["status"] = value
            else:
                row[column] = value
            cols = ", ".join(f'"{c}"' for c in row)
            project.conn.execute(
                f"INSERT INTO {change.table} ({cols}) VALUES ({', '.join('?' * len(row))})", list(row.values())
            )


def test_a_failing_edit_writes_nothing(project: Project) -> None:
    doc, ana, _ben, claim, _denial = _ids(project)
    good = edits.add_segment(project, doc, claim, ana, 30, 40)
    stale = edits.set_segment_memo(project, "seg-1", "x")
    edits.apply(project, edits.set_segment_memo(project, "seg-1", "moved on"))
    combined = Edit("both", good.changes + stale.changes)
    start = snapshot(project)
    with pytest.raises(EditError):
        edits.apply(project, combined)
    assert snapshot(project) == start


@pytest.mark.parametrize(
    ("start", "end"), [(-1, 3), (5, 5), (9, 2), (0, 10_000)]
)
def test_add_segment_refuses_bad_offsets(project: Project, start: int, end: int) -> None:
    doc, ana, _ben, claim, _ = _ids(project)
    with pytest.raises(EditError, match="cannot code"):
        edits.add_segment(project, doc, claim, ana, start, end)


def test_builders_refuse_unknown_things(project: Project) -> None:
    doc, ana, _ben, claim, _ = _ids(project)
    with pytest.raises(EditError):
        edits.add_segment(project, doc, "no-code", ana, 0, 3)
    with pytest.raises(EditError):
        edits.add_segment(project, doc, claim, "no-coder", 0, 3)
    with pytest.raises(EditError):
        edits.delete_segment(project, "no-segment")
    with pytest.raises(EditError):
        edits.change_segment_code(project, "seg-1", "no-code")
    with pytest.raises(EditError):
        edits.update_document(project, doc, text="rewritten")
    with pytest.raises(EditError):
        edits.update_document(project, doc, title="  ")


def test_add_segment_marks_document_in_progress_once(project: Project) -> None:
    doc, _ana, ben, claim, _ = _ids(project)
    first = edits.add_segment(project, doc, claim, ben, 0, 3)
    assert [c.table for c in first.changes] == ["segments", "document_status"]
    edits.apply(project, first)
    second = edits.add_segment(project, doc, claim, ben, 4, 8)
    assert [c.table for c in second.changes] == ["segments"]


def test_setting_the_same_status_is_an_empty_edit(project: Project) -> None:
    doc, ana, *_ = _ids(project)
    assert edits.set_status(project, doc, ana, Status.IN_PROGRESS).changes == ()

"""Every codebook edit: apply then invert restores the state; stale edits are refused."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.reliability.harness import copy_project, make_project, snapshot

from newscoder.core import codebook, edits  # noqa: E402
from newscoder.core.edits import Edit  # noqa: E402
from newscoder.core.errors import EditError  # noqa: E402
from newscoder.core.store import Project  # noqa: E402


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "codebook.newscoder"
    with make_project(path, n_docs=1, coders=("ana",)) as project:
        doc = project.documents()[0].id
        ana = project.coder_by_name("ana").id
        claim = project.code_by_name("claim").id
        for start in (0, 10, 20):
            edits.apply(project, edits.add_segment(project, doc, claim, ana, start, start + 5))
        edits.apply(project, codebook.add_code(project, "sub-claim", parent_id=claim, code_id="sub"))
    return path


@pytest.fixture
def project(template: Path, tmp_path: Path) -> Iterator[Project]:
    project = copy_project(template, tmp_path / "codebook.newscoder")
    yield project
    project.close()


def _code(p: Project, name: str) -> str:
    return p.code_by_name(name).id


BUILDERS: dict[str, Callable[[Project], Edit]] = {
    "add_code": lambda p: codebook.add_code(p, "rumour", "Unverified talk", "#123456"),
    "add_code_taking_shortcut": lambda p: codebook.add_code(p, "rumour", shortcut="2"),
    "add_code_under_parent": lambda p: codebook.add_code(p, "sub-denial", parent_id=_code(p, "denial")),
    "rename_code": lambda p: codebook.update_code(p, _code(p, "claim"), name="assertion"),
    "recolour_code": lambda p: codebook.update_code(p, _code(p, "claim"), color="#abcdef"),
    "redescribe_code": lambda p: codebook.update_code(p, _code(p, "claim"), description="new words"),
    "move_shortcut": lambda p: codebook.update_code(p, _code(p, "condemnation"), shortcut="1"),
    "drop_shortcut": lambda p: codebook.update_code(p, _code(p, "denial"), shortcut=None),
    "reparent_code": lambda p: codebook.update_code(p, _code(p, "estimate"), parent_id=_code(p, "claim")),
    "unparent_code": lambda p: codebook.update_code(p, "sub", parent_id=None),
    "move_code_first": lambda p: codebook.move_code(p, _code(p, "condemnation"), 0),
    "move_code_last": lambda p: codebook.move_code(p, _code(p, "claim"), 99),
    "archive_code": lambda p: codebook.archive_code(p, _code(p, "denial")),
    "delete_code_estimate": lambda p: codebook.delete_code(p, _code(p, "estimate")),
    "delete_leaf_code": lambda p: codebook.delete_code(p, "sub"),
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_apply_then_inverse_restores_the_state(project: Project, name: str) -> None:
    start = snapshot(project)
    edit = BUILDERS[name](project)
    assert edit.changes
    edits.apply(project, edit)
    assert snapshot(project) != start
    edits.apply(project, edit.inverse())
    assert snapshot(project) == start


def test_deleting_a_code_tombstones_its_segments_and_undo_brings_them_back(project: Project) -> None:
    edits.apply(project, codebook.update_code(project, "sub", parent_id=None))
    start = snapshot(project)
    claim = _code(project, "claim")
    assert codebook.live_segment_count(project, claim) == 3
    edit = codebook.delete_code(project, claim)
    edits.apply(project, edit)
    assert project.code_by_name("claim") is None
    assert codebook.live_segment_count(project, claim) == 0
    assert len(project.segments(include_deleted=True)) == 3
    edits.apply(project, edit.inverse())
    assert snapshot(project) == start


def test_restoring_an_archived_code_inverts(project: Project) -> None:
    denial = _code(project, "denial")
    edits.apply(project, codebook.archive_code(project, denial))
    start = snapshot(project)
    edit = codebook.archive_code(project, denial, archived=False)
    edits.apply(project, edit)
    assert not project.code(denial).archived
    edits.apply(project, edit.inverse())
    assert snapshot(project) == start


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_undo_is_refused_when_a_code_changed_meanwhile(project: Project, name: str) -> None:
    edit = BUILDERS[name](project)
    edits.apply(project, edit)
    change = edit.changes[-1]
    with project.atomic():
        project.conn.execute(
            f"UPDATE {change.table} SET memo = 'meddled' WHERE id = ?"
            if change.table == "segments"
            else "UPDATE codes SET description = 'meddled by another program' WHERE id = ?",
            (change.key()["id"],),
        )
    changed = snapshot(project)
    with pytest.raises(EditError, match="changed meanwhile"):
        edits.apply(project, edit.inverse())
    assert snapshot(project) == changed


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda p: codebook.add_code(p, "CLAIM"), "already exists"),
        (lambda p: codebook.add_code(p, "  "), "needs a name"),
        (lambda p: codebook.add_code(p, "x", color="red"), "not a colour"),
        (lambda p: codebook.add_code(p, "x", shortcut="0"), "shortcut"),
        (lambda p: codebook.add_code(p, "x", parent_id="nope"), "no such parent"),
        (lambda p: codebook.update_code(p, _code(p, "claim"), parent_id="sub"), "under itself"),
        (lambda p: codebook.update_code(p, _code(p, "claim"), position=3), "cannot change"),
        (lambda p: codebook.delete_code(p, _code(p, "claim")), "sub-codes"),
        (lambda p: codebook.move_code(p, "nope", 0), "no such code"),
    ],
)
def test_bad_codebook_edits_are_refused(project: Project, call: Callable[[Project], Edit], words: str) -> None:
    start = snapshot(project)
    with pytest.raises(EditError, match=words):
        call(project)
    assert snapshot(project) == start

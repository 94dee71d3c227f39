"""Merging two adjudicators' gold layers: same rules as segments, conflicts reported, originals untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newscoder.core import edits, gold_store
from newscoder.core.exchange.merge import merge_files
from newscoder.core.gold import decide
from newscoder.core.gold.auto import auto_accept
from newscoder.core.gold.units import load_units
from newscoder.core.store import Project
from tests.fixtures import add_segment, make_project


def base(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "base.newscoder", coders=("ann", "ben"))
    d = project.documents_by_title("Alpha report")[0].id
    add_segment(project, d, "claim", "ann", 0, 29)
    add_segment(project, d, "claim", "ben", 0, 29)
    add_segment(project, d, "denial", "ann", 30, 55)
    add_segment(project, d, "denial", "ben", 30, 48)
    add_segment(project, d, "estimate", "ann", 56, 63)
    path = project.path
    project.close()
    return path


def ids(project: Project) -> list[str]:
    return [project.coder_by_name(n).id for n in ("ann", "ben")]  # type: ignore[union-attr]


def unit_at(project: Project, start: int):  # type: ignore[no-untyped-def]
    return next(u for u in load_units(project, ids(project)) if u.start == start)


def segments_bytes(project: Project) -> bytes:
    return repr(project.conn.execute("SELECT * FROM segments ORDER BY id").fetchall()).encode()


def live(project: Project) -> list[tuple[int, int, str, str]]:
    return sorted((g.start, g.end, g.decision, g.adjudicator) for g in gold_store.gold_rows(project))


def later(monkeypatch: pytest.MonkeyPatch) -> None:
    """Decisions from now on are stamped a minute later (timestamps have whole seconds)."""
    from newscoder.core import edits as edits_module
    from newscoder.core.gold import auto as auto_module
    from newscoder.core.gold import decide as decide_module

    stamp = "2099-01-01T00:00:00Z"
    for module in (decide_module, auto_module, edits_module):
        monkeypatch.setattr(module, "now_utc", lambda: stamp)


def test_two_adjudicators_merge_with_a_conflict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = base(tmp_path)
    other = tmp_path / "dana.newscoder"
    shutil.copy(path, other)
    with Project.open(path) as chris:
        auto_accept(chris, ids(chris), "Chris")
        edits.apply(chris, decide.decide(chris, unit_at(chris, 30), "accepted", "Chris", coder=0))
    later(monkeypatch)  # Dana decides later: her decision is the newer one
    with Project.open(other) as dana:
        auto_accept(dana, ids(dana), "Dana")
        edits.apply(dana, decide.decide(dana, unit_at(dana, 30), "accepted", "Dana", coder=1, reason="shorter"))
        edits.apply(dana, decide.decide(dana, unit_at(dana, 56), "none", "Dana"))
    with Project.open(path) as chris:
        before = segments_bytes(chris)
        dry = merge_files(chris, [other], dry_run=True)[0]
        assert live(chris) == [(0, 29, "agreed", "Chris"), (30, 55, "accepted", "Chris")]  # dry run: nothing
        (report,) = merge_files(chris, [other])
        assert dry.lines()[1:] == report.lines()[1:]
        assert report.gold is not None
        assert (report.gold.added, report.gold.unchanged, report.gold.conflicts) == (2, 1, 1)
        (conflict,) = report.conflicts
        assert conflict.startswith("a unit was decided on both sides: accepted by Dana") and "by Chris" in conflict
        assert live(chris) == [(0, 29, "agreed", "Chris"), (30, 48, "accepted", "Dana"), (56, 63, "none", "Dana")]
        assert segments_bytes(chris) == before
        # merging the same file again changes nothing
        (again,) = merge_files(chris, [other])
        assert not again.changed and again.conflicts == []
        assert live(chris) == [(0, 29, "agreed", "Chris"), (30, 48, "accepted", "Dana"), (56, 63, "none", "Dana")]


def test_same_gold_row_changed_in_both_is_a_conflict_newer_wins(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = base(tmp_path)
    with Project.open(path) as chris:
        edits.apply(chris, decide.decide(chris, unit_at(chris, 56), "union", "Chris"))
    copy = tmp_path / "copy.newscoder"
    shutil.copy(path, copy)
    with Project.open(path) as chris:
        edits.apply(chris, decide.set_reason(chris, unit_at(chris, 56), "ours"))
    later(monkeypatch)
    with Project.open(copy) as other:
        edits.apply(other, decide.set_reason(other, unit_at(other, 56), "theirs"))
        edits.apply(other, decide.undecide(other, unit_at(other, 56)))
    with Project.open(path) as chris:
        (report,) = merge_files(chris, [copy])
        assert report.gold is not None and report.gold.conflicts == 1 and report.gold.deleted == 1
        assert "changed in both" in report.conflicts[0] and report.conflicts[0].endswith("kept theirs")
        assert live(chris) == []  # their tombstone travelled
        (tomb,) = gold_store.gold_rows(chris, include_deleted=True)
        assert tomb.reason == "theirs" and tomb.deleted_at


def test_a_coder_copy_without_gold_leaves_gold_alone(tmp_path: Path) -> None:
    path = base(tmp_path)
    copy = tmp_path / "copy.newscoder"
    shutil.copy(path, copy)
    with Project.open(path) as chris:
        auto_accept(chris, ids(chris), "Chris")
        (report,) = merge_files(chris, [copy])
        assert report.gold is None and live(chris) == [(0, 29, "agreed", "Chris")]

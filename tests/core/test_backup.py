"""Rolling backups: made only when the project changed, pruned, listed, restored safely."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from newscoder.core import backup, edits, paths, settings
from newscoder.core.errors import ProjectOpenError, UserError
from newscoder.core.schema import APPLICATION_ID
from newscoder.core.store import Project


@pytest.fixture
def project(fresh_project: Project) -> Project:
    fresh_project.add_document("Officials said 8,000 troops crossed the border.", "Troops")
    fresh_project.ensure_coder("ana")
    return fresh_project


def _code_something(project: Project, start: int = 0, memo: str = "") -> str:
    doc = project.documents()[0].id
    edit = edits.add_segment(
        project, doc, project.code_by_name("claim").id, project.coder_by_name("ana").id, start, start + 5, memo
    )
    edits.apply(project, edit)
    return edit.changes[0].after["id"]


def _segments_in(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM segments WHERE deleted_at IS NULL").fetchone()[0]
    finally:
        conn.close()


def test_backup_lands_in_the_projects_folder_and_opens(project: Project) -> None:
    _code_something(project)
    target = backup.create_backup(project)
    assert target.parent == paths.backups_dir() / project.uuid
    assert target.name.startswith(f"{project.path.stem}-") and target.suffix == ".newscoder"
    assert not list(target.parent.glob("*.partial"))
    with Project.open(target) as copy:
        assert copy.uuid == project.uuid
        assert len(copy.segments()) == 1
        assert copy.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_backup_on_open_only_when_something_changed(project: Project) -> None:
    first = backup.maybe_backup_on_open(project)
    assert first is not None
    assert backup.maybe_backup_on_open(project) is None
    seg = _code_something(project)
    second = backup.maybe_backup_on_open(project)
    assert second is not None and second != first
    assert backup.maybe_backup_on_open(project) is None
    edits.apply(project, edits.set_segment_memo(project, seg, "a memo"))
    assert backup.maybe_backup_on_open(project) is not None
    edits.apply(project, edits.update_document(project, project.documents()[0].id, title="Renamed"))
    assert backup.maybe_backup_on_open(project) is not None
    assert backup.maybe_backup_on_open(project) is None
    assert len(backup.list_backups(project.path)) == 4


def test_reopening_an_unchanged_project_makes_no_backup(project: Project) -> None:
    assert backup.maybe_backup_on_open(project) is not None
    project.close()
    with Project.open(project.path) as again:
        assert backup.maybe_backup_on_open(again) is None


def test_a_lost_backup_folder_means_a_new_backup(project: Project) -> None:
    target = backup.maybe_backup_on_open(project)
    target.unlink()
    assert backup.maybe_backup_on_open(project) is not None


@pytest.mark.parametrize("keep", [1, 3])
def test_only_the_newest_n_are_kept(project: Project, keep: int) -> None:
    settings.put(backup.KEEP_SETTING, keep)
    made = []
    for i in range(keep + 3):
        _code_something(project, start=i)
        made.append(backup.maybe_backup_on_open(project))
    listed = backup.list_backups(project.path)
    assert [b.path for b in listed] == list(reversed(made))[:keep]
    assert all(not p.exists() for p in made[:-keep])


def test_default_keep_is_ten(project: Project) -> None:
    assert backup.keep_count() == 10
    settings.put(backup.KEEP_SETTING, "nonsense")
    assert backup.keep_count() == 10


def test_list_by_path_or_uuid_newest_first(project: Project) -> None:
    made = [backup.create_backup(project) for _ in range(3)]
    by_path = backup.list_backups(project.path)
    assert [b.path for b in by_path] == list(reversed(made))
    assert [b.path for b in backup.list_backups(project.uuid)] == [b.path for b in by_path]
    assert all(b.size > 0 and b.created_at.endswith("Z") for b in by_path)
    assert backup.list_backups(project.path.with_name("other.newscoder")) == []


def test_list_finds_the_backups_of_a_damaged_project(project: Project) -> None:
    backup.create_backup(project)
    project.close()
    project.path.write_bytes(os.urandom(4096))
    assert len(backup.list_backups(project.path)) == 1


def test_restore_replaces_the_project_and_keeps_the_current_state(project: Project) -> None:
    _code_something(project)
    old = backup.create_backup(project)
    _code_something(project, start=10)
    _code_something(project, start=20)
    path = project.path
    project.close()
    before = backup.restore_backup(path, old)
    assert before is not None and _segments_in(before) == 3
    for suffix in ("-wal", "-shm"):
        assert not path.with_name(path.name + suffix).exists()
    with Project.open(path) as restored:
        assert len(restored.segments()) == 1
        assert restored.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert before in [b.path for b in backup.list_backups(path)]


def test_restore_with_a_stale_wal_next_to_the_project(project: Project) -> None:
    _code_something(project)
    old = backup.create_backup(project)
    path = project.path
    project.conn.execute("PRAGMA wal_autocheckpoint = 0")
    for i in range(5):
        _code_something(project, start=i + 1)
    wal = path.with_name(path.name + "-wal")
    leftover = wal.read_bytes()
    project.close()
    wal.write_bytes(leftover)  # as if a crashed program had left its journal
    backup.restore_backup(path, old)
    with Project.open(path) as restored:
        assert len(restored.segments()) == 1


def test_restoring_the_oldest_backup_with_keep_one(project: Project) -> None:
    settings.put(backup.KEEP_SETTING, 1)
    old = backup.create_backup(project)
    _code_something(project)
    path = project.path
    project.close()
    backup.restore_backup(path, old)  # the safety backup prunes `old`; the restore still works
    with Project.open(path) as restored:
        assert restored.segments() == []


def test_restore_over_a_damaged_project_keeps_its_bytes(project: Project) -> None:
    _code_something(project)
    good = backup.create_backup(project)
    path = project.path
    project.close()
    garbage = path.read_bytes()[:100] + os.urandom(8000)
    path.write_bytes(garbage)
    before = backup.restore_backup(path, good)
    assert before is not None and before.read_bytes() == garbage
    with Project.open(path) as restored:
        assert len(restored.segments()) == 1


def _foreign(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p.write_bytes(os.urandom(5000)), "not"),
        (_foreign, "not a Newscoder project"),
        (lambda p: None, "no backup at"),
    ],
    ids=["random", "foreign", "missing"],
)
def test_restore_refuses_a_bad_backup_and_touches_nothing(project: Project, tmp_path: Path, make, words) -> None:  # type: ignore[no-untyped-def]
    _code_something(project)
    path = project.path
    project.close()
    before = path.read_bytes()
    bad = tmp_path / "bad.newscoder"
    make(bad)
    with pytest.raises(UserError, match=words):
        backup.restore_backup(path, bad)
    assert path.read_bytes() == before
    assert not list(path.parent.glob("*.restoring"))


def test_validate_backup_checks_integrity(project: Project, tmp_path: Path) -> None:
    target = backup.create_backup(project)
    assert backup.validate_backup(target) == project.uuid
    data = bytearray(target.read_bytes())
    data[4096 : 4096 + 3000] = os.urandom(3000)
    broken = tmp_path / "broken.newscoder"
    broken.write_bytes(bytes(data))
    with pytest.raises(ProjectOpenError):
        backup.validate_backup(broken)


# -- the command line --------------------------------------------------------------
def test_cli_backup_create_list_restore(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    from newscoder.cli import main

    path = str(project.path)
    _code_something(project)
    project.close()
    assert main(["backup", "list", "-p", path]) == 0
    assert "no backups" in capsys.readouterr().out
    assert main(["backup", "create", "-p", path]) == 0
    made = Path(capsys.readouterr().out.strip())
    assert made.exists()
    with Project.open(path) as again:
        _code_something(again, start=10)
    assert main(["backup", "create", "-p", path]) == 0
    capsys.readouterr()
    assert main(["backup", "list", "-p", path]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].startswith("1  ") and lines[1].endswith(str(made))
    assert main(["backup", "restore", "-p", path, "2"]) == 0
    out = capsys.readouterr().out
    assert "restored" in out and "saved as" in out
    assert _segments_in(Path(path)) == 1
    assert main(["backup", "restore", "-p", path, "9"]) == 1
    assert "no backup number 9" in capsys.readouterr().err
    assert main(["backup", "restore", "-p", path, str(made)]) == 0


def test_cli_write_command_backs_up_first(project: Project, tmp_path: Path) -> None:
    from newscoder.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("A new article.", encoding="utf-8")
    path = project.path
    project.close()
    assert backup.list_backups(path) == []
    assert main(["import", "articles", "-p", str(path), str(folder)]) == 0
    found = backup.list_backups(path)
    assert len(found) == 1
    with Project.open(found[0].path) as copy:
        assert len(copy.documents()) == 1  # the state before the import

"""Hostile file-system situations: each gets a clear message, the file untouched, no crash."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from newscoder.core import edits, projectfile
from newscoder.core.errors import ProjectNotFoundError, ProjectOpenError, UserError
from newscoder.core.projectfile import ProjectWriteError
from newscoder.core.store import Project


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def closed_project(tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    path = folder / "study.newscoder"
    with Project.create(path) as project:
        project.add_document("Officials said 8,000 troops crossed the border.", "Troops")
    return path


@pytest.fixture
def read_only_file(closed_project: Path) -> Iterator[Path]:
    closed_project.chmod(stat.S_IRUSR | stat.S_IRGRP)
    yield closed_project
    closed_project.chmod(stat.S_IRUSR | stat.S_IWUSR)


@pytest.fixture
def read_only_folder(closed_project: Path) -> Iterator[Path]:
    folder = closed_project.parent
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    yield closed_project
    folder.chmod(stat.S_IRWXU)


def test_read_only_file_is_refused_even_for_root(read_only_file: Path) -> None:
    before = _sha(read_only_file)
    with pytest.raises(ProjectOpenError, match="read-only; copy it somewhere writable"):
        Project.open(read_only_file)
    assert _sha(read_only_file) == before
    assert sorted(p.name for p in read_only_file.parent.iterdir()) == [read_only_file.name]


def test_read_only_folder_is_refused(read_only_folder: Path) -> None:
    before = _sha(read_only_folder)
    with pytest.raises(ProjectOpenError, match="folder .* is read-only"):
        Project.open(read_only_folder)
    assert _sha(read_only_folder) == before


@pytest.mark.parametrize("situation", ["read_only_file", "read_only_folder"])
def test_cli_reports_read_only_in_one_line(
    situation: str, request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    from newscoder.cli import main

    path = request.getfixturevalue(situation)
    # a writing command is refused; a reading one (info) reads it read-only (issue 11, item 6)
    assert main(["import", "segments", "-p", str(path), str(path.parent / "x.csv")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("newscoder: ") and "read-only" in err and err.count("\n") == 1
    before = sorted(p.name for p in path.parent.iterdir())
    assert main(["info", "-p", str(path)]) == 0
    assert "documents:" in capsys.readouterr().out
    assert sorted(p.name for p in path.parent.iterdir()) == before  # no -wal/-shm beside it


def test_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from newscoder.cli import main

    path = tmp_path / "no" / "such" / "folder" / "study.newscoder"
    with pytest.raises(ProjectNotFoundError, match="no project at"):
        Project.open(path)
    assert main(["info", "-p", str(path)]) == 1
    assert "no project at" in capsys.readouterr().err
    assert not (tmp_path / "no").exists()


def test_cannot_create_a_project_under_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    with pytest.raises(ProjectOpenError, match="cannot create the folder"):
        Project.create(blocker / "sub" / "p.newscoder")


def _fill_disk(project: Project) -> None:
    """Let SQLite believe the disk is full: no page beyond the ones in use."""
    pages = project.conn.execute("PRAGMA page_count").fetchone()[0]
    project.conn.execute(f"PRAGMA max_page_count = {pages}")


def _rows(project: Project) -> tuple[int, int, int]:
    return tuple(  # type: ignore[return-value]
        project.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("documents", "segments", "codes")
    )


def test_full_disk_on_import_writes_nothing(closed_project: Path) -> None:
    with Project.open(closed_project) as project:
        before = _rows(project)
        _fill_disk(project)
        with pytest.raises(ProjectWriteError, match="the disk is full") as info, project.atomic():
            for i in range(50):
                project.add_document(f"Article {i}: " + "lorem ipsum " * 500, f"a{i}")
        assert info.value.kind == "full"
        assert "database or disk is full" not in str(info.value)
        assert _rows(project) == before and not project.conn.in_transaction
        project.conn.execute("PRAGMA max_page_count = 1073741823")
        project.add_document("Room again.", "after")
        assert _rows(project)[0] == before[0] + 1
    with Project.open(closed_project) as again:
        assert again.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_full_disk_on_an_edit_writes_nothing(closed_project: Path) -> None:
    with Project.open(closed_project) as project:
        ana = project.ensure_coder("ana")
        doc = project.documents()[0].id
        claim = project.code_by_name("claim").id
        _fill_disk(project)
        big = edits.add_segment(project, doc, claim, ana.id, 0, 8, memo="m" * 90_000)  # within the memo limit
        with pytest.raises(ProjectWriteError, match="disk is full; nothing was saved"):
            edits.apply(project, big)
        assert project.segments() == []
        assert project.statuses(ana.id) == {}


def test_cli_import_on_a_full_disk(closed_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from newscoder.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(5):
        (folder / f"a{i}.txt").write_text(f"Article {i}. " + "words " * 5000, encoding="utf-8")
    real_configure = projectfile._configure

    def tiny_disk(conn: sqlite3.Connection, path: Path) -> None:
        real_configure(conn, path)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 2}")

    monkeypatch.setattr(projectfile, "_configure", tiny_disk)
    code = main(["import", "articles", "-p", str(closed_project), str(folder)])
    monkeypatch.undo()
    captured = capsys.readouterr()
    assert code == 1
    assert "disk is full" in captured.err and "Traceback" not in captured.err
    with Project.open(closed_project) as project:
        assert len(project.documents()) == 1  # the whole import was rolled back
        assert project.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _error(message: str, code: int | None) -> sqlite3.Error:
    exc = sqlite3.OperationalError(message)
    if code is not None:
        exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    return exc


@pytest.mark.parametrize(
    ("message", "code", "kind", "words"),
    [
        ("database is locked", 5, "busy", "busy in another program"),
        ("database is locked", None, "busy", "busy in another program"),
        ("database table is locked", 6, "busy", "busy"),
        ("database or disk is full", 13, "full", "the disk is full"),
        ("attempt to write a readonly database", 8, "readonly", "cannot be written"),
        ("attempt to write a readonly database", 1032, "readonly", "read-only"),  # SQLITE_READONLY_DBMOVED
        ("disk I/O error", 10, "io", "input/output error"),
        ("disk I/O error", 778, "io", "input/output error"),  # SQLITE_IOERR_WRITE
        ("unable to open database file", 14, "io", "input/output"),
        ("database disk image is malformed", 11, "corrupt", "damaged; restore a backup"),
    ],
)
def test_sqlite_errors_become_clear_messages(message: str, code: int | None, kind: str, words: str) -> None:
    clear = projectfile.translate_error(_error(message, code), "/p/study.newscoder")
    assert clear is not None and isinstance(clear, UserError)
    assert clear.kind == kind and words in str(clear) and "/p/study.newscoder" in str(clear)


def test_other_sqlite_errors_stay_bugs() -> None:
    assert projectfile.translate_error(_error("no such table: x", 1), "p") is None
    with pytest.raises(sqlite3.IntegrityError), projectfile.sqlite_errors("p"):
        raise sqlite3.IntegrityError("UNIQUE constraint failed")


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX")
def test_file_made_read_only_while_open(closed_project: Path) -> None:
    """The file turns read-only under an open project: the next write fails clearly or succeeds."""
    with Project.open(closed_project) as project:
        closed_project.chmod(stat.S_IRUSR)
        try:
            project.ensure_coder("ana")  # SQLite keeps its open descriptor: may still succeed
        except UserError as exc:
            assert "cannot be written" in str(exc) or "read-only" in str(exc)
        finally:
            closed_project.chmod(stat.S_IRUSR | stat.S_IWUSR)

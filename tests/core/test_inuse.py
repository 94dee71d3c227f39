"""Issue 11 items 1 and 2: is the project open here or elsewhere; read-only; restore refused while open.

Other programs are real processes (tests/reliability/holder.py keeps a project
open, as a window or as a command; gui_worker.py codes in the real window).
No check here ever opens the project file: a FIFO in its place would hang it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from newscoder.core import backup, edits, inuse
from newscoder.core.readonly import ReadOnlyError, open_read_only
from newscoder.core.store import Project

RELIABILITY = Path(__file__).resolve().parents[1] / "reliability"
sys.path.insert(0, str(RELIABILITY))
from harness import make_project  # noqa: E402
from locks import AVAILABLE, holds_project_locks  # noqa: E402

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="flock and POSIX locks")


@contextlib.contextmanager
def held(path: Path, *flags: str) -> Iterator[subprocess.Popen[str]]:
    """Another process keeps ``path`` open (``--window``: claimed by a window) until the block ends."""
    proc = subprocess.Popen([sys.executable, str(RELIABILITY / "holder.py"), str(path), *flags],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdin is not None
    line = proc.stdout.readline()
    assert line.startswith("ready"), proc.stderr.read() if proc.stderr else line
    try:
        yield proc
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)


@pytest.fixture
def closed_project(tmp_path: Path) -> Path:
    path = tmp_path / "study.newscoder"
    make_project(path).close()
    return path


def _siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def _code(project: Project, start: int = 0) -> str:
    doc = project.documents()[0]
    edit = edits.add_segment(project, doc.id, project.codes()[0].id, project.ensure_coder("ana").id, start, start + 4)
    edits.apply(project, edit)
    return str(edit.changes[0].after["id"])  # type: ignore[index]


def _count(path: Path) -> int:
    with Project.open(path) as project:
        return len(project.segments())


# -- detection -----------------------------------------------------------------------
def test_a_window_in_another_process_is_seen(closed_project: Path) -> None:
    path = closed_project
    assert not inuse.open_in_other_window(path) and not inuse.in_use_anywhere(path)
    with held(path, "--window"):
        assert inuse.open_in_other_window(path)
        assert inuse.in_use_anywhere(path)
        assert "pid=" in inuse.window_note(path)
        with Project.open(path) as project:  # a command may still open it, as SQLite allows…
            _code(project)
            assert not inuse.claim_for_window(path)  # …but a second window may not edit it
    assert not inuse.open_in_other_window(path) and not inuse.in_use_anywhere(path)
    assert _siblings(path) == ["study.newscoder"]  # the last user removed the lock files


def test_a_command_in_another_process_is_in_use_but_no_window(closed_project: Path) -> None:
    with held(closed_project):
        assert inuse.in_use_anywhere(closed_project)
        assert not inuse.open_in_other_window(closed_project)
        with Project.open(closed_project):
            assert inuse.claim_for_window(closed_project)  # a window may open it alongside a command


def test_this_process_has_it_open(closed_project: Path) -> None:
    with Project.open(closed_project):
        assert inuse.open_here(closed_project) and inuse.in_use_anywhere(closed_project)
        with Project.open(closed_project):
            pass
        assert inuse.open_here(closed_project)  # counted: still open once
    assert not inuse.open_here(closed_project)


def test_the_checks_never_open_the_project_file(tmp_path: Path) -> None:
    """A FIFO in the project's place: any open() of it would block forever."""
    fifo = tmp_path / "trap.newscoder"
    os.mkfifo(fifo)
    answers: list[bool] = []

    def check() -> None:
        answers.extend([inuse.open_here(fifo), inuse.open_in_other_window(fifo), inuse.in_use_anywhere(fifo)])
        inuse.refuse_if_in_use(fifo, "test")

    thread = threading.Thread(target=check, daemon=True)
    thread.start()
    thread.join(10)
    if thread.is_alive():  # unblock the reader, then fail
        with open(fifo, "wb"):
            pass
        pytest.fail("a check opened the project file")
    assert answers == [False, False, False]


@pytest.mark.skipif(not AVAILABLE, reason="reads /proc/locks (Linux)")
def test_opening_again_here_keeps_this_process_locks(closed_project: Path) -> None:
    """Issue 11 item 1b: a second Project.open of a file open here never reads its header."""
    project = Project.open(closed_project)
    try:
        _code(project)
        assert holds_project_locks(closed_project)
        with Project.open(closed_project) as again:  # what the agreement window and exports do
            assert again.uuid == project.uuid
        inuse.open_in_other_window(closed_project)
        inuse.in_use_anywhere(closed_project)
        assert holds_project_locks(closed_project)
    finally:
        project.close()


# -- read-only -------------------------------------------------------------------------
def test_read_only_never_writes(closed_project: Path) -> None:
    path = closed_project
    with held(path, "--window"):
        files = {s: path.with_name(path.name + s) for s in ("", "-wal")}
        before = {s: p.read_bytes() for s, p in files.items() if p.exists()}
        siblings = _siblings(path)
        project = open_read_only(path)
        try:
            assert project.read_only and len(project.documents()) == 2
            doc = project.documents()[0]
            assert project.ensure_coder("reader").name == "reader"  # shown, never written
            assert project.coder_by_name("reader") is None
            coder = project.coder_by_name("ana")
            assert coder is not None
            with pytest.raises(ReadOnlyError, match="read-only"):
                edits.apply(project, edits.add_segment(project, doc.id, project.codes()[0].id, coder.id, 0, 4))
            with pytest.raises(sqlite3.OperationalError, match="readonly|read-only|query_only|write"):
                project.conn.execute("DELETE FROM segments")
            with pytest.raises(ReadOnlyError):
                project.set_meta("name", "x")
        finally:
            project.close()
        assert {s: p.read_bytes() for s, p in files.items() if p.exists()} == before
        assert _siblings(path) == siblings


def test_read_only_of_a_closed_project_changes_nothing(closed_project: Path) -> None:
    """No lock file; the project's bytes unchanged (SQLite may leave its empty -wal/-shm)."""
    data = closed_project.read_bytes()
    project = open_read_only(closed_project)
    assert len(project.documents()) == 2
    project.close()
    assert closed_project.read_bytes() == data
    assert [n for n in _siblings(closed_project) if n.endswith(("-lock", "-window"))] == []


# -- item 2: restore refused while the project is open anywhere -------------------------------
def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newscoder", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture
def with_backup(closed_project: Path) -> Path:
    with Project.open(closed_project) as project:
        _code(project)
        backup.create_backup(project)
        _code(project, 10)
        _code(project, 20)
    return closed_project


@pytest.mark.parametrize("flags", [("--window",), ()], ids=["window", "command"])
def test_cli_restore_refused_while_open_elsewhere(with_backup: Path, flags: tuple[str, ...]) -> None:
    path = with_backup
    with held(path, *flags):
        done = _cli("backup", "restore", "-p", str(path), "1")
        assert done.returncode == 1, done.stdout + done.stderr
        assert "is open" in done.stderr and "close it everywhere" in done.stderr
        assert "Traceback" not in done.stderr
    assert _count(path) == 3  # nothing replaced
    done = _cli("backup", "restore", "-p", str(path), "1")
    assert done.returncode == 0, done.stderr
    assert _count(path) == 1


def test_restore_refused_while_open_in_this_process(with_backup: Path) -> None:
    found = backup.list_backups(with_backup)
    with Project.open(with_backup):
        with pytest.raises(inuse.ProjectInUseError, match="close it everywhere"):
            backup.restore_backup(with_backup, found[-1].path)
    assert _count(with_backup) == 3


def test_nobody_opens_the_project_while_a_restore_replaces_it(with_backup: Path) -> None:
    with inuse.exclusive(with_backup, "restore a backup"):
        done = subprocess.run([sys.executable, str(RELIABILITY / "holder.py"), str(with_backup)],
                              input="", capture_output=True, text=True, timeout=60)
        assert done.returncode == 1 and "being restored" in done.stderr
    assert _count(with_backup) == 3


def test_the_window_keeps_every_save_when_a_restore_is_tried(with_backup: Path) -> None:
    """The issue's case: `backup restore` while the real window codes; every confirmed save stays."""
    worker = RELIABILITY / "gui_worker.py"
    proc = subprocess.Popen([sys.executable, str(worker), str(with_backup), "--seed", "3"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.stdout is not None
    confirmed: list[str] = []
    try:
        while len(confirmed) < 5:
            line = proc.stdout.readline()
            assert line, "the window worker stopped"
            if not line.startswith("#"):
                confirmed.append(line.strip())
        done = _cli("backup", "restore", "-p", str(with_backup), "1")
        while len(confirmed) < 15:
            line = proc.stdout.readline()
            assert line, "the window worker stopped"
            if not line.startswith("#"):
                confirmed.append(line.strip())
    finally:
        proc.kill()
        out, _ = proc.communicate()
    confirmed.extend(x.strip() for x in out.splitlines() if x.strip() and not x.startswith("#"))
    assert done.returncode == 1, done.stderr
    with Project.open(with_backup) as project:
        present = {s.id for s in project.segments()}
    assert set(confirmed) - present == set()
    assert len(present) >= 3 + len(set(confirmed))  # (a save may land just before the kill, unconfirmed)

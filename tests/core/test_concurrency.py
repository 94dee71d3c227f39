"""Two programs writing one project at once: nothing lost, no bare 'database is locked'."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import IO

import pytest

from tests.reliability.harness import ARTICLE, crash_worker_command, full_run, make_project, snapshot

from newscoder.core import edits, projectfile  # noqa: E402
from newscoder.core.projectfile import ProjectWriteError  # noqa: E402
from newscoder.core.store import Project  # noqa: E402

PER_WORKER = 300 if full_run() else 40
ARTICLES = 120 if full_run() else 15


def _start_worker(path: Path, coder: str, count: int, *extra: str) -> subprocess.Popen[str]:
    # stderr goes to a file, so that stdout can be read to the end through its
    # text wrapper (see _finish).
    errors = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen(
        crash_worker_command(path, "--count", str(count), "--coder", coder, *extra),
        stdout=subprocess.PIPE,
        stderr=errors,
        text=True,
    )
    _ERRORS[proc.pid] = errors
    assert proc.stdout is not None
    ready = proc.stdout.readline()  # blocks until the worker is about to write
    assert ready.startswith("# ready"), ready + _stderr(proc)
    return proc


_ERRORS: dict[int, IO[str]] = {}


def _stderr(proc: subprocess.Popen[str]) -> str:
    proc.wait(timeout=300)
    errors = _ERRORS.pop(proc.pid)
    errors.seek(0)
    text = errors.read()
    errors.close()
    return text


def _finish(proc: subprocess.Popen[str]) -> list[str]:
    # Read the rest through the same text wrapper that read "# ready": it may already
    # hold ids the worker printed at once. communicate(timeout=...) would read the
    # raw pipe instead and silently drop them (seen under load as "stored but never
    # acknowledged"). A timer kills a hung worker instead of a communicate() timeout.
    assert proc.stdout is not None
    watchdog = threading.Timer(300, proc.kill)
    watchdog.start()
    try:
        out = proc.stdout.read()
        proc.stdout.close()
        proc.wait()
    finally:
        watchdog.cancel()
    err = _stderr(proc)
    assert proc.returncode == 0, err
    assert "locked" not in err and "Traceback" not in err, err
    return [line for line in out.splitlines() if line and not line.startswith("#")]


def _next_id(proc: subprocess.Popen[str]) -> str:
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    assert line and not line.startswith("#"), line + _stderr(proc)
    return line


def _articles(folder: Path, n: int) -> Path:
    folder.mkdir()
    for i in range(n):
        (folder / f"article-{i:03d}.txt").write_text(
            f"Report number {i}.\n\n" + ARTICLE * (1 + i % 4), encoding="utf-8"
        )
    return folder


def test_two_workers_and_an_import_at_once(tmp_path: Path) -> None:
    """Both workers are writing before the import starts and until after it ends."""
    path = tmp_path / "shared.newscoder"
    make_project(path, n_docs=2, coders=()).close()
    folder = _articles(tmp_path / "articles", ARTICLES)
    stop = tmp_path / "stop"
    workers = [_start_worker(path, name, 0, "--stop-file", str(stop)) for name in ("ana", "ben")]
    # each worker has saved (and acknowledged) a segment before the import starts,
    # however slowly the machine runs
    first = [_next_id(w) for w in workers]
    importer = subprocess.run(
        [sys.executable, "-m", "newscoder.cli", "-p", str(path), "import", "articles", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    stop.touch()
    ids = [[one, *_finish(w)] for one, w in zip(first, workers, strict=True)]
    assert importer.returncode == 0, importer.stderr
    assert "locked" not in importer.stderr
    with Project.open(path) as project:
        for name, printed in zip(("ana", "ben"), ids, strict=True):
            assert len(printed) > 0
            coder = project.coder_by_name(name)
            stored = {s.id for s in project.segments(coder_id=coder.id)}
            assert stored == set(printed), (
                f"{name}: {len(set(printed) - stored)} acknowledged but missing, "
                f"{len(stored - set(printed))} stored but never acknowledged"
            )
        assert len(project.documents()) == 2 + ARTICLES, importer.stdout + importer.stderr
        assert project.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    print(f"\nconcurrency: import of {ARTICLES} articles while workers saved {[len(i) for i in ids]} segments")


def test_finish_keeps_ids_already_buffered_with_the_ready_line(tmp_path: Path) -> None:
    """The reader loses no acknowledgement that arrived in the same pipe read as '# ready'.

    The worker finishes before we read anything, so the whole output sits in the
    pipe and the first readline() buffers all of it (what a loaded machine does
    at random). Reading the rest from the raw pipe would find nothing.
    """
    path = tmp_path / "p.newscoder"
    make_project(path, n_docs=1, coders=()).close()
    errors = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen(
        crash_worker_command(path, "--count", "5"), stdout=subprocess.PIPE, stderr=errors, text=True
    )
    _ERRORS[proc.pid] = errors
    proc.wait(timeout=300)
    assert proc.stdout is not None and proc.stdout.readline().startswith("# ready")
    ids = _finish(proc)
    assert len(ids) == 5
    with Project.open(path) as project:
        assert {s.id for s in project.segments()} == set(ids)


def test_edits_here_while_a_worker_writes_there(tmp_path: Path) -> None:
    path = tmp_path / "shared.newscoder"
    project = make_project(path, n_docs=2, coders=("me",))
    doc = project.documents()[0].id
    me = project.coder_by_name("me").id
    claim = project.code_by_name("claim").id
    stop = tmp_path / "stop"
    worker = _start_worker(path, "other", 0, "--memo-every", "3", "--stop-file", str(stop))
    mine = []
    for i in range(PER_WORKER):
        edit = edits.add_segment(project, doc, claim, me, i % 50, i % 50 + 7)
        edits.apply(project, edit)
        mine.append(edit.changes[0].after["id"])
        if i % 4 == 0:
            edits.apply(project, edits.set_segment_memo(project, mine[-1], f"note {i}"))
    stop.touch()
    theirs = _finish(worker)
    assert {s.id for s in project.segments(coder_id=me)} == set(mine)
    other = project.coder_by_name("other").id
    assert {s.id for s in project.segments(coder_id=other)} == set(theirs)
    assert project.segment(mine[0]).memo == "note 0"
    project.close()
    print(f"\nconcurrency: {len(mine)} edits here while the worker saved {len(theirs)} segments")


def test_busy_project_gives_a_clear_error_and_writes_nothing(fresh_project: Project) -> None:
    fresh_project.add_document("Some text to code here.", "doc")
    ana = fresh_project.ensure_coder("ana")
    doc = fresh_project.documents()[0].id
    claim = fresh_project.code_by_name("claim").id
    with Project.open(fresh_project.path) as other:
        other.conn.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        fresh_project.conn.execute("PRAGMA busy_timeout = 50")
        before = snapshot(fresh_project)
        with pytest.raises(ProjectWriteError) as info:
            edits.apply(fresh_project, edits.add_segment(fresh_project, doc, claim, ana.id, 0, 4))
        assert info.value.kind == "busy"
        assert "busy in another program; try again" in str(info.value)
        assert "database is locked" not in str(info.value)
        assert snapshot(fresh_project) == before
        assert not fresh_project.conn.in_transaction
        other.conn.execute("COMMIT")
    edits.apply(fresh_project, edits.add_segment(fresh_project, doc, claim, ana.id, 0, 4))
    assert len(fresh_project.segments()) == 1


def test_busy_cli_command_prints_one_clear_line(
    fresh_project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from newscoder.cli import main

    folder = _articles(tmp_path / "in", 2)
    monkeypatch.setattr(projectfile, "BUSY_TIMEOUT_MS", 50)
    fresh_project.conn.execute("BEGIN IMMEDIATE")
    try:
        code = main(["import", "articles", "-p", str(fresh_project.path), str(folder)])
    finally:
        fresh_project.conn.execute("ROLLBACK")
    err = capsys.readouterr().err
    assert code == 1
    assert "busy in another program" in err and "Traceback" not in err and "database is locked" not in err


def test_data_version_tells_a_reader_that_someone_else_committed(fresh_project: Project) -> None:
    fresh_project.add_document("Text.", "doc")
    with Project.open(fresh_project.path) as watcher:
        seen = watcher.data_version()
        assert watcher.data_version() == seen  # nothing happened
        fresh_project.ensure_coder("ana")
        changed = watcher.data_version()
        assert changed != seen
        watcher.ensure_coder("ben")  # its own commits do not count
        assert watcher.data_version() == changed


MOUNTS = r"""sysfs /sys sysfs rw,nosuid 0 0
/dev/sda1 / ext4 rw,relatime 0 0
tmpfs /tmp tmpfs rw 0 0
fileserver:/export/home /home/ana/shared nfs4 rw,vers=4.2 0 0
//nas/projects /mnt/team\040drive cifs rw,vers=3.0 0 0
ana@host:/data /home/ana/remote fuse.sshfs rw 0 0
/dev/sdb1 /home/ana/shared/local-disk ext4 rw 0 0
hostshare /mnt/wsl 9p rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/home/ana/study.newscoder", None),
        ("/tmp/x.newscoder", None),
        ("/home/ana/shared/study.newscoder", "nfs4"),
        ("/home/ana/shared", "nfs4"),
        ("/home/ana/sharedness/study.newscoder", None),
        ("/mnt/team drive/p.newscoder", "cifs"),
        ("/home/ana/remote/deep/p.newscoder", "fuse.sshfs"),
        ("/home/ana/shared/local-disk/p.newscoder", None),
        ("/mnt/wsl/p.newscoder", "9p"),
    ],
)
def test_network_filesystem_from_mounts_text(path: str, expected: str | None) -> None:
    assert projectfile.network_filesystem(path, MOUNTS) == expected


def test_mount_points_are_unescaped() -> None:
    assert ("/mnt/team drive", "cifs") in projectfile.parse_mounts(MOUNTS)
    assert projectfile.parse_mounts("garbage\n\n") == []
    assert projectfile.network_filesystem("/x", "") is None


def test_local_project_has_no_network_warning(fresh_project: Project) -> None:
    assert fresh_project.filesystem_warning() is None


def test_network_warning_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(projectfile, "network_filesystem", lambda path, mounts_text=None: "nfs4")
    warning = projectfile.network_warning("/srv/p.newscoder")
    assert warning is not None and "network drive (nfs4)" in warning and "local copy" in warning

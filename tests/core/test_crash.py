"""Killing a process at random moments loses no save that had returned.

A real worker process codes segments through the core edit API and prints each
id after ``apply()`` returns; it is SIGKILLed at random moments. Default: 10
kills; ``NEWSCODER_FULL=1``: 60.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.reliability.harness import crash_worker_command, full_run, kill_loop, make_project

from newscoder.core.store import Project  # noqa: E402

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

KILLS = 60 if full_run() else 10


@pytest.fixture
def crash_project(tmp_path: Path) -> Path:
    path = tmp_path / "crash.newscoder"
    make_project(path, n_docs=3).close()
    return path


def test_killed_worker_loses_no_acknowledged_segment(crash_project: Path) -> None:
    report = kill_loop(crash_worker_command, crash_project, KILLS, seed=20240601)
    print(f"\ncrash: {report.kills} kills, {report.acknowledged} acknowledged saves, "
          f"lost {len(report.lost)}, {report.seconds:.1f}s")
    assert report.ok, report
    assert report.kills == KILLS
    assert report.acknowledged >= KILLS  # every run saved something before being killed
    with Project.open(crash_project) as project:
        assert len(project.segments()) >= report.acknowledged
        assert project.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_killed_worker_with_memo_edits(crash_project: Path) -> None:
    report = kill_loop(
        lambda p: crash_worker_command(p, "--memo-every", "2"), crash_project, max(3, KILLS // 3), seed=7
    )
    assert report.ok, report


def test_the_harness_catches_saves_acknowledged_too_early(crash_project: Path) -> None:
    """The same harness fails a worker that says 'saved' before saving."""
    report = kill_loop(
        lambda p: crash_worker_command(p, "--ack-before-save"), crash_project, 25, seed=3, max_lines=5
    )
    assert report.lost, "the harness should have noticed lost acknowledged saves"

"""Killing the real GUI at random moments loses no segment it had confirmed.

``tests/reliability/gui_worker.py`` codes segments in the real main window
(offscreen) with real key presses and prints each id once the store has it;
it is SIGKILLed at random moments (default 5 kills; ``NEWSCODER_FULL=1``: 25).
After each kill: every printed segment is there, ``PRAGMA integrity_check``
is ok and the project opens; at the end the main window opens on it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.reliability.harness import full_run, integrity, kill_loop, make_project

from newscoder.core.store import Project  # noqa: E402

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

GUI_WORKER = Path(__file__).resolve().parents[1] / "reliability" / "gui_worker.py"
KILLS = 25 if full_run() else 5


def gui_worker_command(project_path: Path, *extra: str) -> list[str]:
    return [sys.executable, str(GUI_WORKER), str(project_path), *extra]


@pytest.fixture
def crash_project(tmp_path: Path) -> Path:
    path = tmp_path / "gui-crash.newscoder"
    make_project(path, n_docs=3).close()
    return path


def test_killed_gui_loses_no_confirmed_segment(crash_project: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    report = kill_loop(gui_worker_command, crash_project, KILLS, seed=20240607, max_lines=12,
                       env={"QT_QPA_PLATFORM": "offscreen"})
    print(f"\ngui crash: {report.kills} kills, {report.acknowledged} confirmed segments, "
          f"lost {len(report.lost)}, {report.seconds:.1f}s")
    assert report.ok, report
    assert report.kills == KILLS
    assert report.acknowledged >= KILLS
    assert integrity(crash_project) == ["ok"]
    from newscoder.ui.main_window import MainWindow

    project = Project.open(crash_project)
    window = MainWindow(project, "ana", interactive=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.articles.rowCount() == 3
    assert window.segment_model.rowCount() == len(project.segments(document_id=window.document_id,
                                                                   coder_id=window.coder_id))
    window.close()
    project.close()


def test_the_gui_harness_can_fail(crash_project: Path) -> None:
    """A 'confirmed' id the store never had is reported as lost."""

    def check(project: Project, ids: set[str]) -> list[str]:
        present = {s.id for s in project.segments()}
        return sorted((ids | {"never-saved"}) - present)

    report = kill_loop(gui_worker_command, crash_project, 1, seed=1, max_lines=2,
                       env={"QT_QPA_PLATFORM": "offscreen"}, check=check)
    assert report.lost == ["never-saved"]

"""Issue 11 item 4 (window): the project file alone holds every acknowledged save once the window is
idle, and after it closes, even while another program keeps the project open.

The copy is taken by ``cp`` in another process (as a user would; a copy made in
this process would drop the window's locks) and opened without its WAL.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newscoder.core import edits
from newscoder.core.store import Project

RELIABILITY = Path(__file__).resolve().parents[1] / "reliability"

pytestmark = pytest.mark.skipif(shutil.which("cp") is None, reason="needs cp")


def save(window, count: int) -> list[str]:  # type: ignore[no-untyped-def]
    ids = []
    doc = window.project.documents()[0]
    for i in range(count):
        start = i % (doc.length - 3)
        code_id = window.project.codes()[0].id
        edit = edits.add_segment(window.project, doc.id, code_id, window.coder_id, start, start + 2,
                                 coder_name=window.coder_name)
        assert window.controller.push(edit)
        ids.append(str(next(c.after for c in edit.changes if c.table == "segments")["id"]))  # type: ignore[index]
    return ids


def copied_alone(path: Path, target: Path) -> set[str]:
    """The segment ids in a copy of the project file alone, made by cp in another process."""
    subprocess.run(["cp", str(path), str(target)], check=True, timeout=60)
    with Project.open(target) as copy:
        ids = {s.id for s in copy.segments()}
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    return ids


def test_idle_window_checkpoints(main_window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = main_window()
    window.checkpointer.timer.setInterval(10_000)  # not idle yet
    saved = save(window, 20)
    assert set(saved) - copied_alone(window.project.path, tmp_path / "early.newscoder"), \
        "the saves were already in the file: this test could not fail"
    window.checkpointer.timer.setInterval(100)
    window.checkpointer.saved()
    qtbot.waitUntil(lambda: window.checkpointer.count >= 1, timeout=5000)
    busy, frames, copied = window.checkpointer.last
    assert busy == 0 and frames == copied > 0
    assert set(saved) <= copied_alone(window.project.path, tmp_path / "idle.newscoder")


def test_closing_window_checkpoints_while_another_program_has_it_open(main_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = main_window()
    window.checkpointer.timer.setInterval(60_000)  # never idle in this test
    path = window.project.path
    holder = subprocess.Popen([sys.executable, str(RELIABILITY / "holder.py"), str(path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().startswith("ready")
        saved = save(window, 15)
        window.close()  # SQLite would not checkpoint: the holder is still connected
        assert set(saved) <= copied_alone(path, tmp_path / "closed.newscoder")
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=60)

"""Helpers for the reliability tests: building projects, snapshots, the kill harness.

Importable both from tests (``sys.path`` gets this folder) and from the worker
scripts started as subprocesses.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newscoder.core.store import Project

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CRASH_WORKER = HERE / "crash_worker.py"

ARTICLE = (
    "Officials said on Monday that as many as 8,000 troops had crossed the border. "
    "The ministry denied the report and called it dangerous propaganda.\n"
    "Analysts estimate the column will reach the capital within days; "
    "critics condemned the move as illegal. "
)


def full_run() -> bool:
    """``NEWSCODER_FULL=1`` asks the reliability tests for their long counts."""
    return os.environ.get("NEWSCODER_FULL", "") not in ("", "0")


def make_project(path: Path, n_docs: int = 2, coders: Sequence[str] = ("ana",)) -> Project:
    """A project with the default codebook, ``n_docs`` articles and the named coders."""
    project = Project.create(path)
    for i in range(n_docs):
        project.add_document(f"Article {i}.\n" + ARTICLE * (i + 1), f"Article {i}", source="Wire")
    for name in coders:
        project.ensure_coder(name)
    return project


TABLE_ORDER = {
    "documents": "id",
    "codes": "id",
    "coders": "id",
    "segments": "id",
    "document_status": "document_id, coder_id",
    "project": "key",
}


def snapshot(project: Project, ignore: Sequence[str] = ("updated_at",)) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table (minus the ``ignore`` columns), in key order."""
    state: dict[str, list[dict[str, Any]]] = {}
    for table, order in TABLE_ORDER.items():
        cur = project.conn.execute(f"SELECT * FROM {table} ORDER BY {order}")
        names = [d[0] for d in cur.description]
        state[table] = [
            {k: v for k, v in zip(names, row, strict=True) if k not in ignore} for row in cur.fetchall()
        ]
    return state


def integrity(path: Path) -> list[str]:
    conn = sqlite3.connect(str(path))
    try:
        return [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    finally:
        conn.close()


# -- the kill harness -------------------------------------------------------------
@dataclass
class KillReport:
    """What happened over a series of kills."""

    kills: int = 0
    acknowledged: int = 0
    lost: list[str] = field(default_factory=list)
    integrity_failures: list[str] = field(default_factory=list)
    open_failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not (self.lost or self.integrity_failures or self.open_failures)


def _read_ids(proc: subprocess.Popen[str], count: int) -> list[str]:
    assert proc.stdout is not None
    ids = []
    while len(ids) < count:
        line = proc.stdout.readline()
        if not line:
            break
        line = line.strip()
        if line and not line.startswith("#"):
            ids.append(line)
    return ids


def kill_loop(
    command: Callable[[Path], list[str]],
    project_path: Path,
    kills: int,
    *,
    seed: int = 0,
    max_lines: int = 40,
    check: Callable[[Project, set[str]], list[str]] | None = None,
    env: dict[str, str] | None = None,
) -> KillReport:
    """Start ``command(project_path)`` ``kills`` times and SIGKILL it at random moments.

    The worker must print one id per line (flushed) only *after* the save of that
    item has returned. After each kill the project is checked: integrity, a normal
    :meth:`Project.open`, and ``check(project, acknowledged_ids)`` (default: every
    acknowledged id is a live segment), which returns the ids that are missing.
    """
    rng = random.Random(seed)
    report = KillReport()
    acknowledged: set[str] = set()
    started = time.perf_counter()
    check = check or _segments_present
    for _ in range(kills):
        proc = subprocess.Popen(
            command(project_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**os.environ, **(env or {})},
        )
        try:
            acknowledged.update(_read_ids(proc, rng.randint(1, max_lines)))
            # a random moment inside the next save: the worker never waits for us
            deadline = time.perf_counter() + rng.uniform(0, 0.004)
            while time.perf_counter() < deadline:
                pass
            proc.send_signal(signal.SIGKILL)
            # No timeout here: communicate(timeout=...) reads the raw pipe and drops ids
            # the text wrapper already buffered in _read_ids (tests/core/test_concurrency.py)
            out, _ = proc.communicate()
            acknowledged.update(
                line.strip() for line in out.splitlines() if line.strip() and not line.startswith("#")
            )
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        report.kills += 1
        problems = integrity(project_path)
        if problems != ["ok"]:
            report.integrity_failures.append("; ".join(problems[:3]))
            break
        try:
            project = Project.open(project_path)
        except Exception as exc:  # noqa: BLE001 - any failure to open is the finding
            report.open_failures.append(f"{type(exc).__name__}: {exc}")
            break
        try:
            report.lost.extend(check(project, acknowledged))
        finally:
            project.close()
        if report.lost:
            break
    report.acknowledged = len(acknowledged)
    report.seconds = time.perf_counter() - started
    return report


def _segments_present(project: Project, ids: set[str]) -> list[str]:
    present = {s.id for s in project.segments()}
    return sorted(ids - present)


def crash_worker_command(project_path: Path, *extra: str) -> list[str]:
    return [sys.executable, str(CRASH_WORKER), str(project_path), *extra]


def copy_project(template: Path, target: Path) -> Project:
    """Open a fresh copy of a closed (checkpointed) template project."""
    import shutil

    shutil.copyfile(template, target)
    return Project.open(target, check=False)

"""Shared set-up for the issue-11 exchange tests: real project files, the real CLI in a subprocess."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from newscoder.core.edits import add_segment, apply, set_status
from newscoder.core.model import Status
from newscoder.core.store import Project

ARTICLES = (
    "Up to 8,000 troops moved, officials said on Monday.\nEnd of the first report.",
    "The minister denied the claim.\nA second line.",
    "Prices rose by 3 % in May, the bureau said; analysts had expected 2 %.",
)


def cli(*args: str | Path, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python -m newscoder ARGS`` in a new process (NEWSCODER_HOME is the test's)."""
    return subprocess.run(
        [sys.executable, "-m", "newscoder", *map(str, args)],
        capture_output=True, text=True, timeout=timeout, cwd=cwd, env=dict(os.environ),
    )


def make_project(path: Path, coders: tuple[str, ...] = ("Ana", "Ben"), memos: tuple[str, ...] = ()) -> dict[str, str]:
    """A project with three articles and two segments per coder; returns coder name -> id."""
    ids: dict[str, str] = {}
    with Project.create(path) as project:
        docs = [project.add_document(text, f"Article {i}")[0] for i, text in enumerate(ARTICLES)]
        codes = project.codes()
        for n, name in enumerate(coders):
            coder = project.ensure_coder(name)
            ids[name] = coder.id
            for i, doc in enumerate(docs[:2]):
                memo = memos[(n * 2 + i) % len(memos)] if memos else f"{name} memo {i}"
                apply(project, add_segment(project, doc.id, codes[i].id, coder.id, n + i, n + i + 9, memo=memo))
            apply(project, set_status(project, docs[0].id, coder.id, Status.DONE))
    return ids


def rows(path: Path, table: str) -> list[tuple]:
    """Every row of ``table``, read without writing anything beside the file."""
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
    finally:
        conn.close()


def siblings(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())

"""FIFOs and devices given as inputs are refused at once, by real CLI processes.

On 944c888, ``-p FIFO`` (and merge, restore, every import) hung forever on the
open; ``/dev/zero`` as a CSV, codebook or QDPX was read until memory ran out.
Each case here runs ``newscoder`` in a child process with a 30 s limit.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from newscoder.core.store import Project

TIMEOUT_S = 30


def newscoder(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NEWSCODER_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "newscoder", *args], capture_output=True, text=True,
                          timeout=TIMEOUT_S, env=env)


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "input.txt"  # a suffix every importer takes
    os.mkfifo(path)
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.newscoder"
    Project.create(path).close()
    return path


CASES = {
    "open -p": lambda bad, proj: ["info", "-p", str(bad)],
    "merge": lambda bad, proj: ["merge", "-p", str(proj), str(bad)],
    "restore": lambda bad, proj: ["backup", "restore", "-p", str(proj), str(bad)],
    "restore over": lambda bad, proj: ["backup", "restore", "-p", str(bad), str(proj)],
    "import segments": lambda bad, proj: ["import", "segments", "-p", str(proj), str(bad)],
    "import codebook": lambda bad, proj: ["import", "codebook", "-p", str(proj), str(bad)],
    "import qdpx": lambda bad, proj: ["import", "qdpx", "-p", str(proj), str(bad)],
    "import articles": lambda bad, proj: ["import", "articles", "-p", str(proj), str(bad)],
}


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_non_regular_input_is_refused_at_once(case: str, kind: str, fifo: Path, project: Path, tmp_path: Path,
                                              newscoder_home: Path) -> None:
    bad = fifo if kind == "fifo" else Path("/dev/zero")
    before = project.read_bytes()
    done = newscoder(*CASES[case](bad, project), home=newscoder_home)
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    words = "FIFO" if kind == "fifo" else "device"
    assert str(bad) in done.stderr and words in done.stderr and "not a regular file" in done.stderr, done.stderr
    assert project.read_bytes() == before

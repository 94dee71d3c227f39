"""Two (here: 24) programs opening an older-schema file at once: one migrates, the others wait.

On 944c888, 14 of 24 such opens were told that the file is damaged or that the
disk had an I/O error: each program read the old version from the header and
ran the migrations itself, racing the others. Now the migration runs under
SQLite's write lock and re-reads the version there.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from newscoder.core.schema import SCHEMA_VERSION
from newscoder.core.store import Project
from tests.conftest import REPO
from tests.core.test_migration import _make_v1

WORKER = REPO / "tests" / "reliability" / "migrate_worker.py"
PROGRAMS = 24


def test_24_programs_open_an_old_file_at_once(tmp_path: Path, newscoder_home: Path) -> None:
    path = tmp_path / "old.newscoder"
    _make_v1(path)
    go = tmp_path / "go"
    env = dict(os.environ, NEWSCODER_HOME=str(newscoder_home))
    procs = [
        subprocess.Popen([sys.executable, str(WORKER), str(path), str(go)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env)
        for _ in range(PROGRAMS)
    ]
    # wait until every worker has imported Newscoder and is polling for the start signal
    go.touch()
    results = [p.communicate(timeout=120) for p in procs]
    lines = [out.strip() for out, _ in results]
    errors = [line for line in lines if not line.startswith("ok ")]
    assert errors == [], f"{len(errors)} of {PROGRAMS} opens failed: {errors[:3]} {[e for _, e in results if e][:1]}"
    assert all(line.split()[1:3] == [str(SCHEMA_VERSION), "1"] for line in lines)
    # exactly one of them migrated: one migration backup
    backups = list((newscoder_home / "backups" / "migrations").glob("*"))
    assert len(backups) == 1, backups
    with Project.open(path) as project:
        assert project.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert project.segment("s1").quote == "Some"

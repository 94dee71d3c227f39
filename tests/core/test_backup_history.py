"""Issue 11, items 4 and 6: backups see every change, copies sharing a UUID keep their own
histories, the list says where each backup came from, nothing temporary is left behind, and
the WAL is checkpointed before a copy or backup. Real files, the real CLI in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.safety_fixtures import cli, make_project, rows


def backups_of(home: Path) -> list[Path]:
    return sorted(p for p in (home / "backups").rglob("*.newscoder") if "migrations" not in p.parts)


def leftovers(root: Path) -> list[str]:
    return sorted(str(p) for p in root.rglob("*") if p.name.endswith((".partial", ".creating", ".restoring"))
                  or ".partial" in p.name or ".creating" in p.name or ".restoring" in p.name)


@pytest.fixture
def study(tmp_path: Path) -> Path:
    path = tmp_path / "study.newscoder"
    make_project(path)
    return path


def article(tmp_path: Path, n: int) -> Path:
    path = tmp_path / f"new{n}.txt"
    path.write_text(f"A new article number {n}, with some words in it.\n", encoding="utf-8")
    return path


def test_a_change_that_keeps_every_count_and_stamp_is_backed_up(study: Path, tmp_path: Path,
                                                                newscoder_home: Path) -> None:
    assert cli("backup", "create", "-p", study).returncode == 0
    first = set(backups_of(newscoder_home))
    # swap two segments' codes behind the app's back: counts, totals and timestamps stay the same
    conn = sqlite3.connect(study)
    (a, ca), (b, cb) = conn.execute("SELECT id, code_id FROM segments WHERE code_id IN "
                                    "(SELECT code_id FROM segments GROUP BY code_id) GROUP BY code_id LIMIT 2")
    conn.execute("UPDATE segments SET code_id = ? WHERE id = ?", (cb, a))
    conn.execute("UPDATE segments SET code_id = ? WHERE id = ?", (ca, b))
    conn.commit()
    conn.close()
    changed = rows(study, "segments")
    result = cli("import", "articles", "-p", study, article(tmp_path, 1))  # a writing command
    assert result.returncode == 0, result.stderr
    found = set(backups_of(newscoder_home)) - first
    assert len(found) == 1, found
    assert rows(found.pop(), "segments") == changed  # the swapped state was backed up before the import


def test_copies_sharing_a_uuid_keep_separate_histories(study: Path, tmp_path: Path, newscoder_home: Path) -> None:
    (newscoder_home / "config").mkdir(exist_ok=True)
    (newscoder_home / "config" / "settings.json").write_text(json.dumps({"backup_keep": 2}), encoding="utf-8")
    twin = tmp_path / "twin.newscoder"
    shutil.copyfile(study, twin)  # the same UUID
    assert cli("backup", "create", "-p", study).returncode == 0
    mine = backups_of(newscoder_home)
    # the twin's first write must be backed up although its content equals the study's last backup
    result = cli("import", "articles", "-p", twin, article(tmp_path, 1))
    assert result.returncode == 0, result.stderr
    assert len(backups_of(newscoder_home)) == 2
    for n in range(2, 5):  # more backups of the twin than backup_keep
        assert cli("import", "articles", "-p", twin, article(tmp_path, n)).returncode == 0
    assert set(mine) <= set(backups_of(newscoder_home)), "the twin's backups pruned the study's"
    listing = cli("backup", "list", "-p", study)
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.strip().splitlines()
    assert sum(f"from {study.resolve()}" in line for line in lines) == 1
    assert sum(f"from {twin.resolve()}" in line for line in lines) == 2  # keep 2 per file


def test_nothing_temporary_is_left_after_a_failed_backup(study: Path, tmp_path: Path) -> None:
    """The backups folder is on a full 16 KB tmpfs: the backup fails cleanly, nothing stays."""
    if not shutil.which("unshare") or subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode:
        pytest.skip("unshare -rm is not permitted here")
    home = tmp_path / "home"
    home.mkdir()
    argv = " ".join(f"'{a}'" for a in [sys.executable, "-m", "newscoder", "backup", "create", "-p", str(study)])
    script = f"mount -t tmpfs -o size=16k tmpfs {home} && {argv}; rc=$?; echo '--listing--'; find {home}; exit $rc"
    env = dict(os.environ, NEWSCODER_HOME=str(home))
    result = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, timeout=120,
                            env=env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "newscoder:" in result.stderr
    listing = result.stdout.partition("--listing--\n")[2]
    assert not [line for line in listing.split() if ".partial" in line or line.endswith(("-journal", "-wal"))], listing


def test_restore_and_copy_leave_no_temporaries(study: Path, tmp_path: Path, newscoder_home: Path) -> None:
    assert cli("backup", "create", "-p", study).returncode == 0
    assert cli("backup", "restore", "-p", study, "1").returncode == 0
    assert cli("export", "copy", "-p", study, "--coder", "Ana", "-o", tmp_path / "a.newscoder").returncode == 0
    bad = cli("export", "copy", "-p", study, "--coder", "Ana", "-o", tmp_path / "nofolder" / "a.newscoder")
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert leftovers(tmp_path) == [] and leftovers(newscoder_home) == []
    assert [n.name for n in tmp_path.iterdir() if n.name.startswith("study.")] == ["study.newscoder"]


def test_export_copy_and_backup_checkpoint_the_wal(study: Path, tmp_path: Path) -> None:
    """A writer keeps its connection open (like the window); the copy commands fold its WAL in."""
    writer = sqlite3.connect(study, isolation_level=None)
    try:
        writer.execute("PRAGMA journal_mode = WAL")
        writer.execute("PRAGMA wal_autocheckpoint = 0")  # like a busy window: nothing folded in yet
        for i in range(50):
            writer.execute("UPDATE segments SET memo = ? WHERE rowid = (SELECT min(rowid) FROM segments)", (f"m{i}",))
        assert os.path.getsize(f"{study}-wal") > 0
        first = "UPDATE segments SET memo = ? WHERE rowid = (SELECT min(rowid) FROM segments)"
        for args, after in ((("export", "copy", "--coder", "Ana", "-o", tmp_path / "c.newscoder"), "after-copy"),
                            (("backup", "create"), "after-backup")):
            result = cli(*args[:2], "-p", study, *args[2:])
            assert result.returncode == 0, result.stderr
            assert os.path.getsize(f"{study}-wal") == 0, args  # TRUNCATE checkpoint
            writer.execute(first, (after,))
        assert "m49" in {r[7] for r in rows(tmp_path / "c.newscoder", "segments")}
        # the project file alone (its WAL ignored) holds every save up to the last backup
        assert "after-copy" in {r[7] for r in rows(study, "segments")}
    finally:
        writer.close()

"""The command line's contract: help, exit codes 0/1/2, -p placement, refused files without tracebacks."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newscoder.cli import main
from newscoder.core.store import Project

#: the CLI as a subprocess: this interpreter running the package (no installed script needed)
CLI = [sys.executable, "-m", "newscoder"]
SUBCOMMANDS = ["import", "export", "merge", "agreement", "info", "backup"]
READ_ONLY = [["info"], ["export", "segments"]]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse: --help and usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_help_lists_subcommands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--help"], capsys)
    assert code == 0
    for name in SUBCOMMANDS:
        assert name in out


@pytest.mark.parametrize(
    "argv",
    [
        ["frobnicate"],
        ["export"],
        ["import"],
        ["import", "segments"],
        ["export", "segments", "--bogus"],
        ["info", "extra"],
        ["export", "segments", "-o"],
    ],
    ids=lambda a: " ".join(a) or "empty",
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(argv, capsys)
    assert code == 2
    assert "usage:" in err and "Traceback" not in err


@pytest.mark.parametrize("command", READ_ONLY, ids=" ".join)
@pytest.mark.parametrize("before", [True, False], ids=["p-first", "p-after"])
def test_read_only_commands_refuse_a_missing_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str], before: bool
) -> None:
    missing = tmp_path / "missing.newscoder"
    argv = ["-p", str(missing), *command] if before else [*command, "-p", str(missing)]
    code, out, err = run(argv, capsys)
    assert code == 1 and out == ""
    assert err.strip() == f"newscoder: no project at {missing}"
    assert not missing.exists()


@pytest.mark.parametrize("before", [True, False], ids=["p-first", "p-after"])
def test_project_option_before_or_after(
    fresh_project: Project, capsys: pytest.CaptureFixture[str], before: bool
) -> None:
    fresh_project.add_document("Placement text.", "Placement")
    path = str(fresh_project.path)
    argv = ["-p", path, "info"] if before else ["info", "-p", path]
    code, out, _ = run(argv, capsys)
    assert code == 0 and "Placement" in out
    argv = ["-p", path, "export", "segments"] if before else ["export", "segments", "-p", path]
    code, out, _ = run(argv, capsys)
    assert code == 0 and out.startswith("segment_id,document_id")


def _garbage(path: Path) -> None:
    path.write_bytes(b"this is not a database at all\n" * 50)


def _truncated(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 20)


def _foreign(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices (total) VALUES (9.5)")
    conn.commit()
    conn.close()


def _newer(path: Path) -> None:
    Project.create(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _damaged(path: Path) -> None:
    project = Project.create(path)
    for i in range(200):
        project.add_document(f"article number {i} " * 50, f"Doc {i}")
    project.close()
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data), 4096):  # scribble over every page but the header page
        data[offset + 10 : offset + 400] = os.urandom(390)
    path.write_bytes(bytes(data))


BAD_FILES = {
    "garbage": (_garbage, "not a Newscoder project"),
    "truncated": (_truncated, ""),
    "foreign sqlite": (_foreign, "not a Newscoder project"),
    "newer schema": (_newer, "newer"),
    "empty": (_empty, "empty"),
    "damaged": (_damaged, ""),
}


@pytest.mark.parametrize("kind", list(BAD_FILES))
@pytest.mark.parametrize("command", [["info"], ["export", "segments"], ["import", "segments", "x.csv"]], ids=" ".join)
def test_bad_project_files_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, command: list[str]
) -> None:
    make, needle = BAD_FILES[kind]
    path = tmp_path / "bad.newscoder"
    make(path)
    before = path.read_bytes()
    code, out, err = run([*command, "-p", str(path)], capsys)
    assert code == 1, err
    assert err.startswith("newscoder: ") and str(path) in err
    assert needle.lower() in err.lower()
    assert "Traceback" not in err and out == ""
    assert path.read_bytes() == before, "a refused file is never changed"


def _subprocess(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([*CLI, *argv], capture_output=True, text=True, cwd=cwd, env=env, timeout=120)


def test_real_executable(tmp_path: Path) -> None:
    help_run = _subprocess("--help", cwd=tmp_path)
    assert help_run.returncode == 0 and all(name in help_run.stdout for name in SUBCOMMANDS)

    missing = _subprocess("info", "-p", str(tmp_path / "none.newscoder"), cwd=tmp_path)
    assert missing.returncode == 1
    assert missing.stderr.strip() == f"newscoder: no project at {tmp_path / 'none.newscoder'}"

    usage = _subprocess("export", "segments", "--nope", cwd=tmp_path)
    assert usage.returncode == 2 and "usage:" in usage.stderr

    newer = tmp_path / "newer.newscoder"
    _newer(newer)
    refused = _subprocess("-p", str(newer), "info", cwd=tmp_path)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr and "newer" in refused.stderr.lower()

    project = tmp_path / "real.newscoder"
    with Project.create(project) as p:
        p.add_document("Subprocess article text.", "Real")
    csv_path = tmp_path / "in.csv"
    csv_path.write_bytes(b"document_title,coder,code,start,end\r\nReal,ann,claim,0,10\r\n")
    imported = _subprocess("import", "segments", "-p", str(project), str(csv_path), cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert "imported 1 segments" in imported.stdout
    exported = _subprocess("export", "segments", "-p", str(project), cwd=tmp_path)
    assert exported.returncode == 0
    assert exported.stdout.count("\n") == 2 and ",Subprocess," in exported.stdout
    info = _subprocess("info", "-p", str(project), cwd=tmp_path)
    assert info.returncode == 0 and "ann: 1 segments" in info.stdout

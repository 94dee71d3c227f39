"""Issue 11, items 3 and 11: an export's ``-o`` never destroys an input, writes only regular
files, follows the umask, and fails cleanly on a folder or a full disk. Real CLI processes."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.safety_fixtures import cli, make_project, siblings

#: (command words, extra options) of every command that writes an ``-o`` file.
EXPORTS: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (("export", "segments"), ()),
    (("export", "codebook"), ()),
    (("export", "qdpx"), ()),
    (("export", "copy"), ("--coder", "Cleo")),
    (("agreement",), ("--format", "csv")),
]
IDS = [" ".join(e[0]) for e in EXPORTS]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def study(tmp_path: Path) -> Path:
    path = tmp_path / "study.newscoder"
    make_project(path)
    return path


def run_export(study: Path, words: tuple[str, ...], extra: tuple[str, ...],
               out: Path | str) -> subprocess.CompletedProcess[str]:
    return cli(*words, "-p", study, *extra, "-o", out)


def one_clear_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newscoder: "), result.stderr
    return lines[0]


@pytest.mark.parametrize(("words", "extra"), EXPORTS, ids=IDS)
@pytest.mark.parametrize("which", ["project", "wal", "shm", "symlink", "hardlink"])
def test_output_naming_the_project_is_refused(study: Path, words: tuple[str, ...], extra: tuple[str, ...],
                                              which: str) -> None:
    before = digest(study)
    folder_before = siblings(study.parent)
    if which == "project":
        out = study
    elif which in ("wal", "shm"):
        out = study.with_name(study.name + f"-{which}")  # SQLite would take such a file for its own
    elif which == "symlink":
        out = study.parent / "link.csv"
        out.symlink_to(study)
    else:
        out = study.parent / "hard.csv"
        os.link(study, out)
    folder_before = siblings(study.parent)
    line = one_clear_line(run_export(study, words, extra, out))
    assert "input" in line or "project file" in line or "already exists" in line, line
    assert digest(study) == before
    assert siblings(study.parent) == folder_before  # nothing written beside it either


@pytest.mark.parametrize(("words", "extra"), EXPORTS, ids=IDS)
def test_output_folder_is_refused_with_one_line(study: Path, words: tuple[str, ...], extra: tuple[str, ...]) -> None:
    folder = study.parent / "out"
    folder.mkdir()
    (folder / "keep.txt").write_text("kept")
    line = one_clear_line(run_export(study, words, extra, folder))
    assert "folder" in line or "already exists" in line, line
    assert folder.is_dir() and siblings(folder) == ["keep.txt"]
    line = one_clear_line(run_export(study, words, extra, f"{study.parent}/new-folder/"))  # a folder by its slash
    assert "folder" in line, line
    assert not (study.parent / "new-folder").exists()


@pytest.mark.parametrize(("words", "extra"), EXPORTS, ids=IDS)
def test_fifo_and_device_are_never_replaced(study: Path, words: tuple[str, ...], extra: tuple[str, ...]) -> None:
    fifo = study.parent / "pipe.out"
    os.mkfifo(fifo)
    one_clear_line(run_export(study, words, extra, fifo))  # at once: the FIFO is never opened
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    one_clear_line(run_export(study, words, extra, "/dev/null"))
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


@pytest.mark.parametrize(("words", "extra"), [e for e in EXPORTS if e[0][1:] != ("copy",)],
                         ids=[i for i in IDS if i != "export copy"])
def test_symlink_to_a_regular_file_is_written_through(study: Path, words: tuple[str, ...],
                                                      extra: tuple[str, ...]) -> None:
    real = study.parent / "real.out"
    real.write_text("old")
    link = study.parent / "link.out"
    link.symlink_to(real)
    result = run_export(study, words, extra, link)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() != b"old" and len(real.read_bytes()) > 20


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_every_export_follows_the_umask(study: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        for n, (words, extra) in enumerate(EXPORTS):
            out = study.parent / f"out{n}.{words[-1]}"
            result = run_export(study, words, extra, out)
            assert result.returncode == 0, result.stderr
            assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask, (words, oct(out.stat().st_mode))
    finally:
        os.umask(old)


def _have_tmpfs() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
                           capture_output=True, timeout=30)
    return probe.returncode == 0


needs_tmpfs = pytest.mark.skipif(not _have_tmpfs(), reason="cannot mount a small tmpfs here (unshare -rm)")


def run_on_full_disk(study: Path, words: tuple[str, ...], extra: tuple[str, ...], name: str,
                     seed: str = "") -> tuple[subprocess.CompletedProcess[str], str]:
    """Run an export onto a fresh 64 KB tmpfs in a private mount namespace; list the folder after."""
    mnt = study.parent / "full"
    mnt.mkdir()
    seed_cmd = f"printf %s {seed} > {mnt}/{name} && " if seed else ""
    argv = " ".join(f"'{a}'" for a in [sys.executable, "-m", "newscoder", *words, "-p", str(study), *extra,
                                        "-o", str(mnt / name)])
    script = (f"mount -t tmpfs -o size=64k tmpfs {mnt} && {seed_cmd}"
              f"{argv}; rc=$?; echo '--listing--' >&2; ls -A {mnt} >&2; "
              f"[ -e {mnt}/{name} ] && [ -n '{seed}' ] && cat {mnt}/{name} >&2; exit $rc")
    result = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, timeout=120,
                            env=dict(os.environ))
    err, _, listing = result.stderr.partition("--listing--\n")
    result.stderr = err
    return result, listing


def incompressible_memos() -> tuple[str, ...]:
    """Four memos of 45 KB hex digits that do not compress: more than the 64 KB disk holds."""
    return tuple("".join(hashlib.sha256(f"{i}/{j}".encode()).hexdigest() for j in range(1400)) for i in range(4))


@needs_tmpfs
@pytest.mark.parametrize(("words", "extra", "name"), [
    (("export", "segments"), (), "out.csv"),
    (("export", "copy"), ("--coder", "Ana"), "copy.newscoder"),
    (("export", "qdpx"), (), "out.qdpx"),
])
def test_full_disk_gives_one_line_and_leaves_nothing(tmp_path: Path, words: tuple[str, ...],
                                                     extra: tuple[str, ...], name: str) -> None:
    study = tmp_path / "study.newscoder"
    make_project(study, memos=incompressible_memos())
    result, listing = run_on_full_disk(study, words, extra, name)
    line = one_clear_line(result)
    assert "disk is full" in line, line
    assert listing.strip() == "", f"left behind: {listing!r}"


@needs_tmpfs
def test_full_disk_keeps_the_old_file(tmp_path: Path) -> None:
    study = tmp_path / "study.newscoder"
    make_project(study, memos=incompressible_memos())
    result, listing = run_on_full_disk(study, ("export", "segments"), (), "out.csv", seed="old-export")
    assert "disk is full" in one_clear_line(result)
    assert listing.split() == ["out.csv", "old-export"]  # only the old file, unchanged

"""``newscoder import articles``: output, summary and exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_ARTICLES
from newscoder.cli import main
from newscoder.core.store import Project


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], list[str]]:
    code = main(["import", "articles", *argv])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def test_new_project_is_created(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "new" / "study.newscoder"
    project.parent.mkdir()
    code, out, err = run(capsys, "-p", str(project), str(SAMPLE_ARTICLES))
    assert (code, out, err) == (0, ["imported 5, duplicates 0, failed 0"], [])
    with Project.open(project) as opened:
        assert len(opened.documents()) == 5
        assert opened.codes()  # created with the default codebook


def test_only_duplicates_exits_zero(project_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "-p", str(project_path), str(SAMPLE_ARTICLES))
    code, out, err = run(capsys, "-p", str(project_path), str(SAMPLE_ARTICLES))
    assert code == 0 and err == []
    assert out[-1] == "imported 0, duplicates 5, failed 0"
    with Project.open(project_path) as opened:
        by_id = {d.id: d for d in opened.documents()}
    skipped = out[:-1]
    assert len(skipped) == 5
    for line, sample in zip(skipped, sorted(SAMPLE_ARTICLES.iterdir()), strict=True):
        assert line.startswith(f"skipped {sample}: duplicate of '")
        doc_id = line.rsplit("(", 1)[1].rstrip(")")
        assert line == f"skipped {sample}: duplicate of '{by_id[doc_id].title}' ({doc_id})"


def test_bad_file_does_not_stop_the_others(tmp_path: Path, project_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text("good\n", encoding="utf-8")
    (tmp_path / "in" / "bad.txt").write_bytes(b"\xff\xfeb\x00a\x00d\x00")
    missing = tmp_path / "missing.md"
    code, out, err = run(capsys, "-p", str(project_path), str(tmp_path / "in"), str(missing))
    assert code == 1
    assert out == ["imported 1, duplicates 0, failed 2"]
    assert err == [
        f"{missing}: no such file or folder",
        f"{tmp_path / 'in' / 'bad.txt'}: UTF-16 text is not supported; save as UTF-8",
    ]


def test_default_project_is_used_without_p(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("x\n", encoding="utf-8")
    code, out, _ = run(capsys, str(tmp_path / "x.txt"))
    assert code == 0 and out == ["imported 1, duplicates 0, failed 0"]
    # the default project is seeded with the samples, so they are duplicates now
    code, out, _ = run(capsys, str(SAMPLE_ARTICLES))
    assert code == 0 and out[-1] == "imported 0, duplicates 5, failed 0"


def test_no_paths_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["import", "articles"])
    assert info.value.code == 2


def test_real_subprocess(tmp_path: Path, newscoder_home: Path) -> None:
    project = tmp_path / "p.newscoder"
    (tmp_path / "empty.txt").write_bytes(b"")
    env = dict(os.environ, NEWSCODER_HOME=str(newscoder_home))
    done = subprocess.run(
        [sys.executable, "-m", "newscoder", "import", "articles", "-p", str(project), str(SAMPLE_ARTICLES),
         str(tmp_path / "empty.txt")],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert done.returncode == 1
    assert done.stdout == "imported 5, duplicates 0, failed 1\n"
    assert done.stderr == f"{tmp_path / 'empty.txt'}: empty file (0 bytes)\n"
    again = subprocess.run(
        [sys.executable, "-m", "newscoder", "import", "articles", "-p", str(project), str(SAMPLE_ARTICLES)],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert again.returncode == 0 and again.stdout.endswith("imported 0, duplicates 5, failed 0\n")


class FakeTty:
    def __init__(self) -> None:
        self.written: list[str] = []

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.written.append(text)
        return len(text)

    def flush(self) -> None:
        pass


def test_progress_bar_on_a_terminal(project_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    tty = FakeTty()
    monkeypatch.setattr("sys.stderr", tty)
    assert main(["import", "articles", "-p", str(project_path), str(SAMPLE_ARTICLES)]) == 0
    shown = "".join(tty.written)
    assert "importing [" in shown and "5/5" in shown
    assert capsys.readouterr().out == "imported 5, duplicates 0, failed 0\n"

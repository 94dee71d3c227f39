"""The hostile corpus: each file is refused with one clear line, and nothing is written."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from newscoder.cli import main
from newscoder.core.importers import import_paths
from newscoder.core.importers.base import MAX_TEXT_BYTES
from newscoder.core.store import Project

HOSTILE = REPO / "tests" / "data" / "hostile"


def _expected() -> dict[str, str]:
    sys.path.insert(0, str(REPO / "tests" / "data" / "articles"))
    try:
        spec = importlib.util.spec_from_file_location("make_hostile", HOSTILE / "make_hostile.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.pop(0)
    return dict(module.EXPECTED)


EXPECTED = _expected()


def snapshot(project: Project) -> list[str]:
    return list(project.conn.iterdump())


def test_corpus_is_complete_and_small() -> None:
    on_disk = {p.name for p in (HOSTILE / "articles").iterdir()}
    assert on_disk == set(EXPECTED)
    assert all((HOSTILE / "articles" / n).stat().st_size < 200_000 for n in on_disk)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file_is_refused(fresh_project: Project, name: str) -> None:
    path = HOSTILE / "articles" / name
    before = snapshot(fresh_project)
    result = import_paths(fresh_project, [path])
    assert result.imported == [] and result.duplicates == []
    assert len(result.failed) == 1
    failed_path, reason = result.failed[0]
    assert failed_path == path
    assert EXPECTED[name] in reason
    assert "\n" not in reason
    assert snapshot(fresh_project) == before


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cli_names_file_and_reason(project_path: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = HOSTILE / "articles" / name
    assert main(["import", "articles", "-p", str(project_path), str(path)]) == 1
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}: ") and EXPECTED[name] in lines[0]
    assert out.strip().splitlines()[-1] == "imported 0, duplicates 0, failed 1"
    with Project.open(project_path) as project:
        assert project.documents() == []


def test_whole_corpus_with_one_good_file(fresh_project: Project, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("A good article.\n", encoding="utf-8")
    result = import_paths(fresh_project, [HOSTILE / "articles", good])
    assert [d.title for d in result.imported] == ["good"]
    assert {p.name for p, _ in result.failed} == set(EXPECTED)


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_fifty_megabyte_text_is_too_large(fresh_project: Project, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"huge{suffix}"
    line = ("North Korean troops near the border. " * 2 + "\n").encode()
    with path.open("wb") as fh:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    assert path.stat().st_size >= 50 * 1024 * 1024
    before = snapshot(fresh_project)
    result = import_paths(fresh_project, [path])
    assert len(result.failed) == 1 and "too large" in result.failed[0][1]
    assert snapshot(fresh_project) == before


def test_text_just_under_the_limit_imports(fresh_project: Project, tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * (MAX_TEXT_BYTES - 1) + b"\n")
    result = import_paths(fresh_project, [path])
    assert result.failed == [] and result.imported[0].length == MAX_TEXT_BYTES


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(fresh_project: Project, tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("text", encoding="utf-8")
    path.chmod(0)
    result = import_paths(fresh_project, [path])
    assert result.failed == [(path, "cannot read the file (permission denied)")]


SOUP = "a b " * 1_000_000
GENERATED_HTML = {
    "unclosed-lt": ("<p>Hello</p><" + SOUP, "Hello\n<" + SOUP.strip()),
    "attribute-soup": ("<p>Hello</p><a " + SOUP + ">tail", "Hello\ntail"),
    "inlined-image": ('<p>Hello</p><img src="data:image/png;base64,' + "QUJD" * 100_000 + '">tail', "Hello\ntail"),
    "many-lt": ("<p>Hello</p>" + "< " * 2_000_000 + "<<", "Hello\n" + "< " * 1_999_999 + "< <<"),
    "lt-inside-text": ("<p>a<b and c < d</p><p>1 <2</p>", "a\n1 <2"),
}


@pytest.mark.parametrize("case", sorted(GENERATED_HTML))
def test_pathological_html_is_parsed_quickly(tmp_path: Path, fresh_project: Project, case: str) -> None:
    markup, text = GENERATED_HTML[case]
    path = tmp_path / f"{case}.html"
    path.write_text(markup, encoding="utf-8")
    result = import_paths(fresh_project, [path])
    assert result.failed == []
    assert fresh_project.document_text(result.imported[0].id) == text


def test_too_many_tags(tmp_path: Path, fresh_project: Project) -> None:
    path = tmp_path / "tags.html"
    path.write_text("<p>x</p>" + "<b>" * 1_000_001, encoding="utf-8")
    result = import_paths(fresh_project, [path])
    assert result.failed == [(path, "too many HTML tags (1,000,003; the limit is 1,000,000)")]

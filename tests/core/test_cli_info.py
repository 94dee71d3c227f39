"""``newscoder info``: what a project holds, read-only."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscoder.cli import main
from newscoder.core import edits
from newscoder.core.store import Project


def run_info(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["info", "-p", str(path)])
    out, err = capsys.readouterr()
    return code, out, err


def test_info_lists_documents_coders_codes_and_counts(
    fresh_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    doc, _ = fresh_project.add_document("Some article text here.", "First article", source="Wire")
    fresh_project.add_document("Another one.", "Second article")
    ann = fresh_project.ensure_coder("Ann")
    fresh_project.ensure_coder("Bob")
    claim = fresh_project.code_by_name("claim")
    denial = fresh_project.code_by_name("denial")
    for code, (start, end) in ((claim, (0, 4)), (claim, (5, 12)), (denial, (13, 17))):
        edits.apply(fresh_project, edits.add_segment(fresh_project, doc.id, code.id, ann.id, start, end))
    code, out, err = run_info(fresh_project.path, capsys)
    assert code == 0 and err == ""
    assert "documents: 2" in out
    assert f"{doc.id}  First article [Wire]" in out and "Second article" in out
    assert "coders: 2" in out and "  Ann: 3 segments" in out and "  Bob: 0 segments" in out
    assert "codes: 4" in out
    assert "[1] claim: 2 segments" in out and "[2] denial: 1 segments" in out
    assert "segments: 3" in out


def test_info_ignores_tombstones_and_shows_archived(fresh_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    from newscoder.core.codebook import archive_code

    doc, _ = fresh_project.add_document("Some article text here.", "A")
    ann = fresh_project.ensure_coder("Ann")
    claim = fresh_project.code_by_name("claim")
    edit = edits.add_segment(fresh_project, doc.id, claim.id, ann.id, 0, 4)
    edits.apply(fresh_project, edit)
    edits.apply(fresh_project, edits.delete_segment(fresh_project, edit.changes[0].after["id"]))
    edits.apply(fresh_project, archive_code(fresh_project, fresh_project.code_by_name("estimate").id))
    _, out, _ = run_info(fresh_project.path, capsys)
    assert "  Ann: 0 segments" in out and "segments: 0" in out
    assert "[-] estimate (archived)" in out


def test_info_lists_many_documents_briefly(fresh_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    from newscoder.commands.info import LIST_LIMIT

    for i in range(LIST_LIMIT + 7):
        fresh_project.add_document(f"text {i}", f"Doc {i:03d}")
    _, out, _ = run_info(fresh_project.path, capsys)
    assert f"documents: {LIST_LIMIT + 7}" in out and "... and 7 more" in out


def test_info_is_read_only(fresh_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    fresh_project.close()
    before = fresh_project.path.read_bytes()
    assert run_info(fresh_project.path, capsys)[0] == 0
    assert fresh_project.path.read_bytes() == before


def test_info_missing_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.newscoder"
    code, out, err = run_info(missing, capsys)
    assert code == 1 and out == ""
    assert f"no project at {missing}" in err
    assert not missing.exists()


def test_info_default_project_is_seeded(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert "documents: 5" in out

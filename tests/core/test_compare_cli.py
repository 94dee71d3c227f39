"""``newscoder compare`` through the real CLI (subprocess): formats, options, bad input, safe outputs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newscoder.core.store import Project
from tests.core.test_compare import LEDE, TEXT_A, TEXT_B, TEXT_C
from tests.fixtures import add_segment


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newscoder", *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "cmp.newscoder"
    with Project.create(path) as project:
        a = project.add_document(TEXT_A, "Troops cross border", source="Wire Daily")[0].id
        project.add_document(TEXT_B, "Border crossed, US says", source="Morning Post")
        project.add_document(TEXT_C, "Analysis: a new front", source="Evening Star")
        start = TEXT_A.index(LEDE)
        add_segment(project, a, "claim", "Ann", start, start + len(LEDE))
        add_segment(project, a, "claim", "Ben", start, start + 20)
    return path


def test_json_has_every_table(project_path: Path) -> None:
    done = cli("compare", "-p", str(project_path), "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["methods"]["by"] == "source" and data["methods"]["coders"] == ["Ann", "Ben"]
    claim = [r for r in data["tables"]["matrix"] if r["outlet"] == "Wire Daily" and r["code"] == "claim"]
    assert claim[0]["segments"] == 2 and claim[0]["first_lede"] == 2
    assert len(data["tables"]["shared_sentences"]) == 3
    assert len(data["tables"]["altered_quotes"]) == 2


def test_one_coder_and_by_another_variable(project_path: Path) -> None:
    done = cli("compare", "-p", str(project_path), "--coder", "ann", "--by", "title", "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert "Coders: Ann (one coder)" in done.stdout
    assert "matrix,Troops cross border,claim,1," in done.stdout


def test_html_file_and_table(project_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    done = cli("compare", "-p", str(project_path), "--format", "html", "-o", str(out))
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.count("<svg") == 3 and "<del>" in html
    table = cli("compare", "-p", str(project_path))
    assert table.returncode == 0 and "== matrix" in table.stdout


@pytest.mark.parametrize("args, message", [
    (["--by", "nope"], "no variable named 'nope'"),
    (["--coder", "Zed"], "no coder named 'Zed'"),
    (["--format", "pdf"], "invalid choice"),
])
def test_bad_options(project_path: Path, args: list[str], message: str) -> None:
    done = cli("compare", "-p", str(project_path), *args)
    assert done.returncode in (1, 2) and message in done.stderr and "Traceback" not in done.stderr


def test_missing_project(tmp_path: Path) -> None:
    done = cli("compare", "-p", str(tmp_path / "none.newscoder"))
    assert done.returncode == 1 and "no project at" in done.stderr and not (tmp_path / "none.newscoder").exists()


def test_output_never_replaces_the_project_a_device_a_fifo_or_a_folder(project_path: Path, tmp_path: Path) -> None:
    before = project_path.read_bytes()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for target, why in ((project_path, "it is an input"), (Path("/dev/null"), "not a regular file"),
                        (fifo, "not a regular file"), (tmp_path, "it is a folder")):
        done = cli("compare", "-p", str(project_path), "--format", "html", "-o", str(target))
        assert done.returncode == 1 and why in done.stderr, (target, done.stderr)
    assert project_path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_estimates_sources_and_timeline_through_the_cli(tmp_path: Path) -> None:
    """The hand-built structured project: one coder's estimates and drift as JSON; gold with no gold rows is
    empty, not an error; CSV keeps a spreadsheet formula in a source name as text."""
    from tests.core.test_compare_structured import build

    project, ids = build(tmp_path / "s.newscoder")
    from newscoder.core import edits, sources

    edits.apply(project, sources.update_source(project, ids["blinken"], name="=HYPERLINK(1)"))
    project.close()
    done = cli("compare", "-p", str(tmp_path / "s.newscoder"), "--coder", "Ann", "--format", "json")
    assert done.returncode == 0, done.stderr
    tables = json.loads(done.stdout)["tables"]
    assert [(r["outlet"], r["figures"]) for r in tables["estimates_by_outlet"] if r["counted"] == "troops in Kursk"] \
        == [("Evening Star", "10,000"), ("Morning Post", "up to 8,000"), ("Wire Daily", "as many as 8,000")]
    assert [r["flag"] for r in tables["estimate_drift"]] == ["hedge drift", "changed number"]
    assert {r["source"] for r in tables["sources_by_outlet"]} == {"=HYPERLINK(1)", "Kremlin", "Ukrainian army"}
    assert [r["date"] for r in tables["timeline"]] == ["2024-10-31", "2024-10-31", "2024-11-01", "2024-11-01"]
    csv_text = cli("compare", "-p", str(tmp_path / "s.newscoder"), "--coder", "Ann", "--format", "csv").stdout
    assert "estimates_by_outlet,troops in Kursk,'=HYPERLINK(1)" in csv_text
    gold = cli("compare", "-p", str(tmp_path / "s.newscoder"), "--coder", "gold", "--format", "json")
    assert gold.returncode == 0, gold.stderr
    assert json.loads(gold.stdout)["tables"]["estimates_by_outlet"] == []

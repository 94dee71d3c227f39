"""``newscoder suggest`` through the real CLI (subprocess): rows, exact offsets, filters, errors, lexicons."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newscoder.core.store import Project
from tests.fixtures import add_segment, make_project

HEADER = ["document_id", "title", "code", "start", "end", "text", "score", "suggester", "reason"]
ONE = ("Çağrı 😀 said “roughly 2,500 soldiers had crossed the river on Monday.” "
       "The Kremlin has dismissed the reports as fake news. Japan strongly condemned the deployment.")
TWO = "The Kremlin dismissed the new reports as groundless fake news. About 300 troops remained, officials said."


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newscoder", *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=300)


def rows(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out)))


@pytest.fixture
def path(tmp_path: Path) -> Path:
    p = tmp_path / "s.newscoder"
    with make_project(p, {"One": ONE, "Two": TWO}) as project:
        one = next(d.id for d in project.documents() if d.title == "One")
        start = ONE.index("The Kremlin")
        add_segment(project, one, "denial", "Ann", start, ONE.index(" Japan") - 1)
    return p


def doc(path: Path, title: str) -> str:
    with Project.open(path) as project:
        return next(d.id for d in project.documents() if d.title == title)


def test_rows_hold_the_exact_text_at_code_point_offsets(path: Path) -> None:
    done = cli("suggest", "-p", str(path), "--format", "csv")
    assert done.returncode == 0, done.stderr
    got = rows(done.stdout)
    assert list(got[0]) == HEADER
    with Project.open(path) as project:
        for r in got:
            text = project.document_text(r["document_id"])
            assert text[int(r["start"]):int(r["end"])] == r["text"]
            assert 0 <= float(r["score"]) <= 1 and r["reason"]
    by_text = {(r["code"], r["text"]) for r in got}
    assert ("estimate", "roughly 2,500 soldiers") in by_text
    assert ("denial", "The Kremlin has dismissed the reports as fake news") in by_text
    assert ("condemnation", "Japan strongly condemned the deployment") in by_text
    assert ("denial", "The Kremlin dismissed the new reports as groundless fake news") in by_text
    assert "rules only" in done.stderr


def test_json_and_filters(path: Path) -> None:
    done = cli("suggest", "-p", str(path), "--format", "json", "--code", "estimate", "--document", doc(path, "Two"))
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    assert [(r["code"], r["text"], r["title"]) for r in got] == [("estimate", "About 300 troops", "Two")]
    assert set(got[0]) == set(HEADER)
    high = rows(cli("suggest", "-p", str(path), "--format", "csv", "--min-score", "0.8").stdout)
    assert high and all(float(r["score"]) >= 0.8 for r in high)


def test_learn_from_leaves_out_what_the_coder_coded_and_learns(path: Path) -> None:
    done = cli("suggest", "-p", str(path), "--format", "csv", "--learn-from", "ann")
    assert done.returncode == 0, done.stderr
    got = rows(done.stdout)
    one = doc(path, "One")
    assert not any(r["code"] == "denial" and r["document_id"] == one for r in got)  # Ann coded it
    learned = [r for r in got if "neighbours/1" in r["suggester"]]
    assert learned and all(r["code"] == "denial" for r in learned)
    assert any("confirmed denial segment" in r["reason"] for r in learned)


@pytest.mark.parametrize(("args", "message"), [
    (["--code", "nope"], "no code named 'nope'"),
    (["--document", "nope"], "no article with id 'nope'"),
    (["--learn-from", "Nobody"], "no coder named 'Nobody'"),
    (["--min-score", "1.5"], "--min-score must be a number from 0 to 1"),
    (["--min-score", "nan"], "--min-score must be a number from 0 to 1"),
    (["--evaluate"], "--evaluate needs --learn-from CODER"),
])
def test_bad_arguments_one_line_exit_1(path: Path, args: list[str], message: str) -> None:
    done = cli("suggest", "-p", str(path), *args)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [done.stderr.strip()] and message in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_missing_project_is_refused(tmp_path: Path) -> None:
    done = cli("suggest", "-p", str(tmp_path / "none.newscoder"))
    assert done.returncode == 1 and "no project at" in done.stderr
    assert not (tmp_path / "none.newscoder").exists()


def test_lexicons_print_set_and_refuse_bad_files(path: Path, tmp_path: Path) -> None:
    shown = json.loads(cli("suggest", "-p", str(path), "--lexicons").stdout)
    assert "dismiss*" in shown["denial"]
    lex = tmp_path / "lex.json"
    lex.write_text(json.dumps({"denial": ["groundless"], "condemnation": []}), encoding="utf-8")
    done = cli("suggest", "-p", str(path), "--set-lexicons", str(lex))
    assert done.returncode == 0, done.stderr
    assert json.loads(cli("suggest", "-p", str(path), "--lexicons").stdout) == {"denial": ["groundless"],
                                                                                   "condemnation": []}
    got = rows(cli("suggest", "-p", str(path), "--format", "csv", "--code", "denial").stdout)
    assert [r["text"] for r in got] == ["The Kremlin dismissed the new reports as groundless fake news"]
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    for target in (bad, tmp_path):
        done = cli("suggest", "-p", str(path), "--set-lexicons", str(target))
        assert done.returncode == 1 and "Traceback" not in done.stderr and str(target.name) in done.stderr
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"denial": "deny"}), encoding="utf-8")
    done = cli("suggest", "-p", str(path), "--set-lexicons", str(wrong))
    assert done.returncode == 1 and "must be a list of phrases" in done.stderr
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "fifo.json"
        os.mkfifo(fifo)
        done = cli("suggest", "-p", str(path), "--set-lexicons", str(fifo))
        assert done.returncode == 1 and "not a regular file" in done.stderr
    assert json.loads(cli("suggest", "-p", str(path), "--lexicons").stdout)["denial"] == ["groundless"]


def test_evaluate_reports_per_code_rows(tmp_path: Path) -> None:
    p = tmp_path / "e.newscoder"
    texts = {f"T{i}": f"Officials denied the report number {i} as baseless. The weather was fine." for i in range(3)}
    with make_project(p, texts) as project:
        for d in project.documents():
            add_segment(project, d.id, "denial", "Ann", 0, project.document_text(d.id).index(" as"))
    done = cli("suggest", "-p", str(p), "--learn-from", "Ann", "--evaluate", "--format", "csv")
    assert done.returncode == 0, done.stderr
    got = {(r["code"], r["suggester"]): r for r in rows(done.stdout)}
    assert got[("denial", "all")]["gold"] == "3" and got[("denial", "all")]["found"] == "3"
    assert got[("denial", "all")]["recall"] == "1.0"
    assert "leave one article out over 3 articles" in done.stderr


def test_hostile_lexicon_files_one_line_nothing_written(path: Path, tmp_path: Path) -> None:
    before = cli("suggest", "-p", str(path), "--lexicons").stdout
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    deep_object = tmp_path / "deep_object.json"
    deep_object.write_text('{"a":' * 100_000 + "1" + "}" * 100_000, encoding="utf-8")
    slow = tmp_path / "slow.json"  # two wildcards in one word: exponential matching on a long word
    slow.write_text(json.dumps({"denial": ["a*a*a*a*a*a*a*a*a*a*a*a*x"]}), encoding="utf-8")
    for target, message in ((deep, "nested too deeply"), (deep_object, "nested too deeply"),
                            (slow, "more than one * inside a word")):
        done = cli("suggest", "-p", str(path), "--set-lexicons", str(target))
        assert done.returncode == 1, done.stderr
        assert done.stderr.strip().splitlines() == [done.stderr.strip()] and "Traceback" not in done.stderr
        assert message in done.stderr and target.name in done.stderr
    assert cli("suggest", "-p", str(path), "--lexicons").stdout == before

"""``agreement --with-suggester``: the suggester as one more coder, on a hand-worked example.

Article One: "Officials said up to 8,000 troops arrived. Nothing else happened." The estimate rule
suggests exactly "up to 8,000 troops"; Ann coded that very span. Article Two: "About 300 soldiers
stayed behind. The weather was fine." The rule suggests "About 300 soldiers"; Ann marked the
article done and coded nothing. Article Three is the same kind of text, but no human counts for it
(not done, not coded): it must stay out, with or without the suggester.

Exact F1 for *estimate*, Ann vs the suggester: Ann 1 unit, suggester 2, one match:
precision 1/2, recall 1/1, F1 = 2·(1/2)·1 / (1/2 + 1) = 2/3.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from newscoder.core import edits
from newscoder.core.records import Status
from newscoder.core.store import Project
from newscoder.core.suggest.agreement import study_with_suggester
from tests.fixtures import add_segment, make_project

ONE = "Officials said up to 8,000 troops arrived. Nothing else happened."
TWO = "About 300 soldiers stayed behind. The weather was fine."
THREE = "Some 900 troops moved north. The roads were empty."


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newscoder", *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=300)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    p = tmp_path / "a.newscoder"
    with make_project(p, {"One": ONE, "Two": TWO, "Three": THREE}) as project:
        ids = {d.title: d.id for d in project.documents()}
        start = ONE.index("up to")
        add_segment(project, ids["One"], "estimate", "Ann", start, start + len("up to 8,000 troops"))
        ann = project.coder_by_name("Ann")
        assert ann is not None
        edits.apply(project, edits.set_status(project, ids["Two"], ann.id, Status.DONE))
    return p


def rows(out: str) -> dict[tuple[str, str, str], str]:
    return {(r["coders"], r["code"], r["metric"]): r["value"] for r in csv.DictReader(io.StringIO(out))}


def test_hand_worked_f1_against_one_human(path: Path) -> None:
    done = cli("agreement", "-p", str(path), "--with-suggester", "--code", "estimate", "--format", "csv")
    assert done.returncode == 0, done.stderr
    got = rows(done.stdout)
    pair = "Ann|suggester:rules"
    assert float(got[(pair, "estimate", "f1_exact")]) == pytest.approx(2 / 3)
    assert float(got[(pair, "estimate", "f1_overlap")]) == pytest.approx(2 / 3)
    assert (pair, "estimate", "alpha_u") in got
    docs = {r["documents"] for r in csv.DictReader(io.StringIO(done.stdout))}
    assert docs == {"2"}  # Three is not counted: no human counts for it


def test_same_documents_as_without_the_suggester(path: Path) -> None:
    with Project.open(path) as project:
        study = study_with_suggester(project, codes=["estimate"])
        assert study.coders == ("Ann", "suggester:rules")
        assert [d.title for d in study.documents] == ["One", "Two"]
        assert {e.title for e in study.excluded} == {"Three"}
        assert project.segments() and all(s.coder_id != "suggester:rules" for s in project.segments())
        assert len(project.coders()) == 1  # the suggester is never stored as a coder


def test_each_human_pair_and_min_score(path: Path) -> None:
    with Project.open(path) as project:
        ids = {d.title: d.id for d in project.documents()}
        add_segment(project, ids["Two"], "estimate", "Bob", 0, len("About 300 soldiers"))
        add_segment(project, ids["One"], "estimate", "Bob", ONE.index("up to"), ONE.index(" arrived"))
    done = cli("agreement", "-p", str(path), "--with-suggester", "--code", "estimate", "--format", "csv")
    got = rows(done.stdout)
    assert float(got[("Bob|suggester:rules", "estimate", "f1_exact")]) == pytest.approx(1.0)
    assert float(got[("Ann|suggester:rules", "estimate", "f1_exact")]) == pytest.approx(2 / 3)
    assert float(got[("Ann|Bob", "estimate", "f1_exact")]) == pytest.approx(2 / 3)
    # only suggestions scoring 0.9 or more: "up to 8,000 troops" (0.9) stays, "About 300 soldiers" (0.9) too;
    # at 0.95 none stays and F1 falls to 0
    high = rows(cli("agreement", "-p", str(path), "--with-suggester", "--code", "estimate", "--format", "csv",
                    "--suggester-min-score", "0.95").stdout)
    assert float(high[("Bob|suggester:rules", "estimate", "f1_exact")]) == 0.0


def test_against_gold(path: Path) -> None:
    with Project.open(path) as project:
        ids = {d.title: d.id for d in project.documents()}
        start = ONE.index("up to")
        add_segment(project, ids["One"], "estimate", "Bob", start, start + len("up to 8,000 troops"))
    done = cli("gold", "auto", "-p", str(path), "--coders", "Ann,Bob", "--adjudicator", "Lead")
    assert done.returncode == 0, done.stderr
    done = cli("agreement", "-p", str(path), "--against-gold", "--with-suggester", "--code", "estimate",
               "--format", "csv")
    assert done.returncode == 0, done.stderr
    got = rows(done.stdout)
    from newscoder.core.gold_store import GOLD_CODER

    assert float(got[(f"{GOLD_CODER}|suggester:rules", "estimate", "f1_exact")]) == pytest.approx(1.0)
    assert float(got[(f"Ann|{GOLD_CODER}", "estimate", "f1_exact")]) == pytest.approx(1.0)
    # over the adjudicated article only: Two (no gold there) is left out, so its suggestion does not count
    gold_rows = [r for r in csv.DictReader(io.StringIO(done.stdout)) if "suggester" in r["coders"]]
    assert {r["documents"] for r in gold_rows} == {"1"}


def test_learned_suggester_holds_each_article_out(tmp_path: Path) -> None:
    p = tmp_path / "l.newscoder"
    texts = {"A": "Moscow denied sending troops to the front line.", "B": "Moscow denied sending troops to the front."}
    with make_project(p, texts) as project:
        ids = {d.title: d.id for d in project.documents()}
        add_segment(project, ids["A"], "denial", "Ann", 0, len(texts["A"]) - 1)
        add_segment(project, ids["B"], "denial", "Ann", 0, len(texts["B"]) - 1)
        # with lexicons off, only the learner can find the denials: each from the other article
        from newscoder.core.suggest import lexicons

        lexicons.save(project, {})
        study = study_with_suggester(project, codes=["denial"], learn_from="Ann")
        assert study.coders == ("Ann", "suggester:learned from Ann")
        suggester = study.units.coder == 1
        assert int(suggester.sum()) == 2  # one per article, each learned from the other


@pytest.mark.parametrize(("args", "message"), [
    (["--learn-from", "Ann"], "--learn-from and --suggester-min-score go with --with-suggester"),
    (["--with-suggester", "--learn-from", "Nobody"], "no coder named 'Nobody' to learn from"),
    (["--with-suggester", "--suggester-min-score", "x"], "--min-score must be a number from 0 to 1"),
    (["--with-suggester", "--attributes"], "--with-suggester does not go with --attributes"),
])
def test_bad_options(path: Path, args: list[str], message: str) -> None:
    done = cli("agreement", "-p", str(path), *args)
    assert done.returncode == 1 and message in done.stderr and "Traceback" not in done.stderr

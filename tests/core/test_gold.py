"""The gold layer: units, decisions as undoable edits, gold auto, gold status, originals untouched."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from newscoder.core import edits, gold_store
from newscoder.core.errors import EditError, UserError
from newscoder.core.gold import decide
from newscoder.core.gold.auto import auto_accept, gold_status
from newscoder.core.gold.units import load_units, resolve_coders
from newscoder.core.store import Project
from tests.fixtures import add_segment, make_project

#: "Troops moved north on Monday.\nOfficials denied the claim, saying nothing happened."
#:  0         1         2         3          4         5         6         7         8
ALPHA = "Alpha report"


def segments_dump(project: Project) -> bytes:
    """Every coder segment row, byte for byte (as SQLite returns it), in a fixed order."""
    rows = project.conn.execute("SELECT * FROM segments ORDER BY id").fetchall()
    return repr(rows).encode("utf-8")


def doc_id(project: Project, title: str) -> str:
    return project.documents_by_title(title)[0].id


@pytest.fixture
def study(tmp_path: Path) -> Project:
    """Two coders on "Alpha report" with one agreement and three kinds of disagreement.

    * claim [0, 29) by both: agreed.
    * denial: ann [30, 55), ben [30, 48): Jaccard 18/25 >= 0.5, one unit, spans differ.
    * estimate: ann only [56, 63): a singleton.
    * claim: ann [64, 80), ben [66, 82): Jaccard 14/18, one unit.
    """
    project = make_project(tmp_path / "gold.newscoder", coders=("ann", "ben"))
    d = doc_id(project, ALPHA)
    add_segment(project, d, "claim", "ann", 0, 29)
    add_segment(project, d, "claim", "ben", 0, 29)
    add_segment(project, d, "denial", "ann", 30, 55)
    add_segment(project, d, "denial", "ben", 30, 48)
    add_segment(project, d, "estimate", "ann", 56, 63)
    add_segment(project, d, "claim", "ann", 64, 80)
    add_segment(project, d, "claim", "ben", 66, 82)
    return project


def coder_ids(project: Project, *names: str) -> list[str]:
    return [c for c, _ in resolve_coders(project, list(names))]


def test_units_follow_the_overlap_match(study: Project) -> None:
    units = load_units(study, coder_ids(study, "ann", "ben"))
    shapes = [(u.start, u.end, [v.coder for v in u.versions], u.agreed) for u in units]
    assert sorted(shapes) == [
        (0, 29, [0, 1], True), (30, 55, [0, 1], False), (56, 63, [0], False), (64, 82, [0, 1], False)]


def test_overlap_below_half_makes_two_singletons(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p.newscoder", coders=("ann", "ben"))
    d = doc_id(project, ALPHA)
    add_segment(project, d, "claim", "ann", 0, 10)
    add_segment(project, d, "claim", "ben", 6, 20)  # overlap 4 of 20: no match
    units = load_units(project, coder_ids(project, "ann", "ben"))
    assert [(u.start, u.end, len(u.versions)) for u in units] == [(0, 10, 1), (6, 20, 1)]


def test_gold_auto_accepts_agreed_units_once(study: Project) -> None:
    before = segments_dump(study)
    ids = coder_ids(study, "ann", "ben")
    dry = auto_accept(study, ids, "Chris", dry_run=True)
    assert (dry.accepted, dry.disagreements, dry.message()) == (1, 3, "would accept 1, disagreements 3")
    assert gold_store.gold_rows(study) == []
    result = auto_accept(study, ids, "Chris")
    assert result.message() == "accepted 1, disagreements 3"
    (gold,) = gold_store.gold_rows(study)
    assert (gold.start, gold.end, gold.decision, gold.adjudicator, gold.quote) == (
        0, 29, "agreed", "Chris", "Troops moved north on Monday.")
    assert len(gold.sources) == 2 and set(gold.sources) == set(gold.unit_segments)
    again = auto_accept(study, ids, "Chris")
    assert (again.accepted, again.disagreements, again.agreed_before) == (0, 3, 1)
    assert len(gold_store.gold_rows(study, include_deleted=True)) == 1
    assert segments_dump(study) == before


def test_gold_auto_with_three_coders_needs_all(study: Project) -> None:
    d = doc_id(study, ALPHA)
    add_segment(study, d, "claim", "cy", 0, 28)
    result = auto_accept(study, coder_ids(study, "ann", "ben", "cy"), "Chris")
    assert result.accepted == 0


def test_each_decision_is_one_invertible_edit_and_originals_stay(study: Project) -> None:
    before = segments_dump(study)
    ids = coder_ids(study, "ann", "ben")
    denial = next(u for u in load_units(study, ids) if u.start == 30)
    cases = {
        ("accepted", 0): (30, 55), ("accepted", 1): (30, 48), ("union", None): (30, 55),
        ("intersection", None): (30, 48), ("none", None): (30, 55),
    }
    for (kind, coder), span in cases.items():
        edit = decide.decide(study, denial, kind, "Chris", coder=coder)
        edits.apply(study, edit)
        (gold,) = gold_store.gold_rows(study)
        assert (gold.start, gold.end, gold.decision) == (*span, kind)
        assert gold.is_segment == (kind != "none")
        edits.apply(study, edit.inverse())
        assert gold_store.gold_rows(study, include_deleted=True) == []
    assert segments_dump(study) == before


def test_redeciding_tombstones_the_earlier_decision(study: Project) -> None:
    ids = coder_ids(study, "ann", "ben")
    unit = next(u for u in load_units(study, ids) if u.start == 64)
    edits.apply(study, decide.decide(study, unit, "accepted", "Chris", coder=0))
    second = decide.decide(study, unit, "edited", "Chris", span=(64, 82), code_id=study.code_by_name("denial").id)
    changes = edits.apply(study, second)
    assert changes.gold_documents == {unit.document_id}
    live = gold_store.gold_rows(study)
    assert [(g.start, g.end, g.decision) for g in live] == [(64, 82, "edited")]
    assert len(gold_store.gold_rows(study, include_deleted=True)) == 2  # the tombstone stays
    edits.apply(study, second.inverse())
    assert [(g.start, g.end, g.decision) for g in gold_store.gold_rows(study)] == [(64, 80, "accepted")]


def test_added_gold_segment(study: Project) -> None:
    before = segments_dump(study)
    d = doc_id(study, ALPHA)
    claim = study.code_by_name("claim").id  # type: ignore[union-attr]
    edit = decide.add_gold(study, d, claim, 7, 12, "Chris", "both missed it")
    edits.apply(study, edit)
    (g,) = gold_store.gold_rows(study)
    assert (g.decision, g.quote, g.sources, g.unit_segments, g.reason) == ("added", "moved", (), (), "both missed it")
    with pytest.raises(EditError, match="article has"):
        decide.add_gold(study, d, claim, 80, 90, "Chris")
    edits.apply(study, edit.inverse())
    assert gold_store.gold_rows(study, include_deleted=True) == [] and segments_dump(study) == before


def test_reason_and_refusals(study: Project) -> None:
    ids = coder_ids(study, "ann", "ben")
    units = load_units(study, ids)
    single = next(u for u in units if u.start == 56)
    with pytest.raises(EditError, match="decide the unit first"):
        decide.set_reason(study, single, "why")
    with pytest.raises(EditError, match="no text in common"):
        decide.decide(study, single, "intersection", "Chris")
    with pytest.raises(EditError, match="adjudicator"):
        decide.decide(study, single, "union", "  ")
    with pytest.raises(EditError, match="article has"):
        decide.decide(study, single, "edited", "Chris", span=(56, 10_000))
    # ben has nothing here: accepting ben's version is accepting nothing
    edits.apply(study, decide.decide(study, single, "accepted", "Chris", coder=1))
    edit = decide.set_reason(study, single, "not an estimate: a date ✓")
    edits.apply(study, edit)
    (gold,) = gold_store.gold_rows(study)
    assert (gold.decision, gold.reason) == ("none", "not an estimate: a date ✓")
    edits.apply(study, edit.inverse())
    assert gold_store.gold_rows(study)[0].reason == ""


def test_status_counts_decided_and_remaining_worst_first(study: Project) -> None:
    beta = doc_id(study, "Beta story")
    add_segment(study, beta, "estimate", "ann", 0, 10)
    add_segment(study, beta, "estimate", "ben", 0, 10)
    ids = coder_ids(study, "ann", "ben")
    auto_accept(study, ids, "Chris")
    status = gold_status(study, ids, ["ann", "ben"])
    assert [(d.title, d.decided, d.remaining, d.disagreements) for d in status.documents] == [
        (ALPHA, 1, 3, 3), ("Beta story", 1, 0, 0)]
    assert (status.decided, status.remaining) == (2, 3)


def test_resolve_coders_refuses_bad_names(study: Project) -> None:
    with pytest.raises(UserError, match="no coder named 'zed'"):
        resolve_coders(study, ["ann", "zed"])
    with pytest.raises(UserError, match="two or more"):
        resolve_coders(study, ["ann"])
    with pytest.raises(UserError, match="named twice"):
        resolve_coders(study, ["ann", "ANN"])


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newscoder", *args], capture_output=True, text=True, timeout=120)


def test_cli_gold_auto_and_status(study: Project) -> None:
    path = str(study.path)
    study.close()
    digest = hashlib.sha256(segments_dump(Project.open(path))).hexdigest()
    dry = run_cli("gold", "auto", "-p", path, "--coders", "ann,ben", "--adjudicator", "Chris", "--dry-run")
    assert (dry.returncode, dry.stdout) == (0, "would accept 1, disagreements 3\n")
    first = run_cli("gold", "auto", "-p", path, "--coders", "ann, ben", "--adjudicator", "Chris")
    assert (first.returncode, first.stdout) == (0, "accepted 1, disagreements 3\n"), first.stderr
    second = run_cli("gold", "auto", "-p", path, "--coders", "ann,ben", "--adjudicator", "Chris")
    assert second.stdout == "accepted 0, disagreements 3\n"
    with Project.open(path) as project:
        project.ensure_coder("Chris")  # a coder without segments is not adjudicated by default
    status = run_cli("gold", "status", "-p", path)
    assert status.returncode == 0
    assert status.stdout.splitlines()[0] == "gold for coders ann, ben: decided 1, remaining 3"
    assert status.stdout.splitlines()[2] == f"1\t3\t3\t1\t{ALPHA}"
    with Project.open(path) as project:
        assert hashlib.sha256(segments_dump(project)).hexdigest() == digest


@pytest.mark.parametrize("args, message", [
    (["--coders", "ann", "--adjudicator", "C"], "two or more coders"),
    (["--coders", "ann,nobody", "--adjudicator", "C"], "no coder named 'nobody'"),
    (["--coders", "ann,ben", "--adjudicator", "   "], "adjudicator's name"),
    (["--coders", "ann,ben", "--adjudicator", "x" * 201], "more than 200 characters"),
])
def test_cli_gold_auto_refuses_bad_input(study: Project, args: list[str], message: str) -> None:
    path = str(study.path)
    study.close()
    got = run_cli("gold", "auto", "-p", path, *args)
    assert got.returncode == 1 and message in got.stderr and "Traceback" not in got.stderr


def test_cli_gold_on_a_missing_project(tmp_path: Path) -> None:
    got = run_cli("gold", "status", "-p", str(tmp_path / "nope.newscoder"))
    assert got.returncode == 1 and "no project at" in got.stderr


def test_small_greedy_matching_is_the_agreement_cores() -> None:
    import random

    import numpy as np

    from newscoder.core.agreement.matching import greedy_matches
    from newscoder.core.gold.units import greedy_small

    rng = random.Random(7)
    for _ in range(500):
        n = rng.randint(1, 12)
        a = [rng.randint(0, 4) for _ in range(n)]
        b = [rng.randint(0, 4) for _ in range(n)]
        jac = [rng.choice([0.5, 0.6, 0.75, 1.0]) for _ in range(n)]
        pos_a = [x * 10 for x in a]
        pos_b = [x * 10 + rng.randint(0, 1) for x in b]
        keep = greedy_matches(np.array(jac), np.array(a), np.array(b), np.array(pos_a), np.array(pos_b))
        assert greedy_small(jac, a, b, pos_a, pos_b) == sorted((a[k], b[k]) for k in np.flatnonzero(keep))


def test_a_file_with_a_bad_gold_row_is_refused(study: Project) -> None:
    import sqlite3

    from newscoder.core.errors import CorruptProjectError

    auto_accept(study, coder_ids(study, "ann", "ben"), "Chris")
    path = study.path
    study.close()
    conn = sqlite3.connect(path)
    conn.execute('UPDATE gold_segments SET "end" = 100000')
    conn.commit()
    conn.close()
    with pytest.raises(CorruptProjectError, match="gold_segments row .*ends after its article's end"):
        Project.open(path)


def test_numpy_units_are_the_reference_units() -> None:
    import random

    from newscoder.core.gold.units import units_from_rows, units_reference

    rng = random.Random(11)
    for trial in range(300):
        coders = [f"c{i}" for i in range(rng.randint(2, 4))]
        rows = []
        for n in range(rng.randint(0, 30)):
            start = rng.randint(0, 60)
            rows.append((f"s{trial}-{n:03d}-{rng.randint(0, 9)}", f"d{rng.randint(0, 2)}", f"k{rng.randint(0, 1)}",
                         rng.choice(coders), start, start + rng.randint(1, 15)))
            if rows and rng.random() < 0.3:  # an exact copy by another coder
                r = rows[-1]
                rows.append((r[0] + "x", r[1], r[2], rng.choice(coders), r[4], r[5]))
        fast, slow = units_from_rows(rows, coders), units_reference(rows, coders)
        assert fast == slow, trial
        derived = [(u.segment_ids, u.start, u.end, u.agreed) for u in fast]
        assert derived == [(u.segment_ids, u.start, u.end, u.agreed) for u in slow], trial

"""Gold everywhere: CSV and QDPX export, and each coder's agreement against gold (worked by hand)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import xmlschema

from newscoder.core import edits
from newscoder.core.exchange.refi_project_export import export_qdpx
from newscoder.core.gold import decide
from newscoder.core.gold.against import against_gold
from newscoder.core.gold.export import GOLD_CODER, GOLD_HEADER, export_gold
from newscoder.core.gold.units import load_units
from newscoder.core.store import Project
from tests.fixtures import DATA, add_segment, make_project

TEXT = "Aaaa bbbb cccc dddd."  # 20 code points


@pytest.fixture
def hand(tmp_path: Path) -> Project:
    """One article of 20 characters. Gold: claim [0, 10). ann: claim [0, 10). ben: claim [0, 5)."""
    project = make_project(tmp_path / "hand.newscoder", {"Hand": TEXT}, coders=("ann", "ben"))
    d = project.documents()[0].id
    add_segment(project, d, "claim", "ann", 0, 10)
    add_segment(project, d, "claim", "ben", 0, 5)
    (unit,) = load_units(project, [project.coder_by_name("ann").id, project.coder_by_name("ben").id])  # type: ignore[union-attr]
    edits.apply(project, decide.decide(project, unit, "accepted", "Chris", coder=0, reason="=ann is right"))
    return project


def value(report, code: str, metric: str) -> float | None:  # type: ignore[no-untyped-def]
    (row,) = [r for r in report.rows if r.code == code and r.metric == metric]
    return row.value


def test_against_gold_matches_the_hand_worked_answer(hand: Project) -> None:
    ann, ben = against_gold(hand)
    assert ann.coders == ("ann", GOLD_CODER) and ben.coders == ("ben", GOLD_CODER)
    for code in ("claim", "(all)"):
        assert value(ann, code, "f1_exact") == 1.0
        assert value(ann, code, "percent_agreement") == 1.0
        assert value(ann, code, "cohen_kappa") == 1.0
        # ben: 5 characters both coded, 5 only gold, 10 neither
        assert value(ben, code, "f1_exact") == 0.0  # no exact match, 2 segments
        assert value(ben, code, "f1_overlap") == 1.0  # Jaccard 5/10 = 0.5 is a match
        assert value(ben, code, "percent_agreement") == pytest.approx(15 / 20)
        # p_e = (10/20)(5/20) + (10/20)(15/20) = 0.5, so kappa = (0.75 - 0.5) / 0.5
        assert value(ben, code, "cohen_kappa") == pytest.approx(0.5)
    # alpha: D_o = 10/40, D_e = 2*15*25/(40*39) = 750/1560, alpha = 1 - 0.52
    assert value(ben, "claim", "alpha_nominal") == pytest.approx(0.48)
    assert value(ben, "denial", "f1_exact") is None  # neither has a denial: undefined, not 0


def test_documents_without_a_decision_are_left_out(hand: Project) -> None:
    hand.add_document("Another article, never adjudicated.", "Other")
    d = hand.documents_by_title("Other")[0].id
    add_segment(hand, d, "claim", "ann", 0, 7)
    ann, _ben = against_gold(hand)
    assert ann.documents == 1
    assert value(ann, "claim", "f1_exact") == 1.0
    assert [e.title for e in ann.excluded] == ["Other"]


def test_against_gold_needs_gold(tmp_path: Path) -> None:
    from newscoder.core.errors import UserError

    project = make_project(tmp_path / "p.newscoder", coders=("ann",))
    with pytest.raises(UserError, match="no gold layer"):
        against_gold(project)


def test_gold_csv_export(hand: Project) -> None:
    out = io.BytesIO()
    assert export_gold(hand, out) == 1
    rows = list(csv.reader(io.StringIO(out.getvalue().decode("utf-8"), newline="")))
    assert tuple(rows[0]) == GOLD_HEADER
    row = dict(zip(GOLD_HEADER, rows[1], strict=True))
    assert (row["coder"], row["code"], row["start"], row["end"], row["text"]) == (GOLD_CODER, "claim", "0", "10",
                                                                                  "Aaaa bbbb ")
    assert (row["decision"], row["adjudicator"], row["reason"]) == ("accepted", "Chris", "'=ann is right")
    ann_seg = hand.segments(coder_id=hand.coder_by_name("ann").id)[0]  # type: ignore[union-attr]
    assert row["sources"] == ann_seg.id
    raw = io.BytesIO()
    export_gold(hand, raw, raw=True)
    assert "=ann is right" in raw.getvalue().decode() and "'=ann" not in raw.getvalue().decode()


def test_accept_nothing_is_not_exported(tmp_path: Path) -> None:
    project = make_project(tmp_path / "n.newscoder", {"Hand": TEXT}, coders=("ann", "ben"))
    d = project.documents()[0].id
    add_segment(project, d, "claim", "ann", 0, 10)
    add_segment(project, d, "claim", "ben", 11, 19)
    units = load_units(project, [project.coder_by_name("ann").id, project.coder_by_name("ben").id])  # type: ignore[union-attr]
    for unit in units:
        edits.apply(project, decide.decide(project, unit, "none", "Chris"))
    out = io.BytesIO()
    assert export_gold(project, out) == 0


def hand_doc(path: str) -> str:
    with Project.open(path) as project:
        return project.documents()[0].id


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newscoder", *args], capture_output=True, text=True, timeout=120)


def test_cli_export_gold_and_against_gold(hand: Project, tmp_path: Path) -> None:
    path = str(hand.path)
    hand.close()
    out = tmp_path / "gold.csv"
    got = run_cli("export", "segments", "-p", path, "--gold", "-o", str(out))
    assert got.returncode == 0 and "wrote 1 gold segments" in got.stderr
    assert out.read_bytes().startswith(b"segment_id,document_id,")
    before = Path(path).read_bytes()
    for target, message in ((path, "it is the project itself"), (str(tmp_path), "it is a folder"),
                            ("/dev/null", "not a regular file")):
        refused = run_cli("export", "segments", "-p", path, "--gold", "-o", target)
        assert refused.returncode == 1 and message in refused.stderr, refused.stderr
        refused = run_cli("agreement", "-p", path, "--against-gold", "-o", target)
        assert refused.returncode == 1 and message in refused.stderr, refused.stderr
    assert Path(path).read_bytes() == before
    bad = run_cli("export", "segments", "-p", path, "--gold", "--coder", "ann")
    assert bad.returncode == 1 and "--coder does not go with --gold" in bad.stderr
    table = run_cli("agreement", "-p", path, "--against-gold")
    assert table.returncode == 0, table.stderr
    assert "Coders: ann, Gold (adjudicated)" in table.stdout and "Coders: ben, Gold (adjudicated)" in table.stdout
    got = run_cli("agreement", "-p", path, "--against-gold", "--format", "csv", "--code", "claim")
    rows = list(csv.DictReader(io.StringIO(got.stdout)))
    f1 = {(r["coders"], r["code"]): float(r["value"]) for r in rows if r["metric"] == "f1_exact"}
    assert f1 == {("ann|Gold (adjudicated)", "claim"): 1.0, ("ann|Gold (adjudicated)", "(all)"): 1.0,
                  ("ben|Gold (adjudicated)", "claim"): 0.0, ("ben|Gold (adjudicated)", "(all)"): 0.0}
    by_doc = run_cli("agreement", "-p", path, "--against-gold", "--by", "document", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(by_doc.stdout)))
    assert by_doc.returncode == 0 and {r["document_id"] for r in rows} == {hand_doc(path)}
    js = json.loads(run_cli("agreement", "-p", path, "--against-gold", "--format", "json").stdout)
    assert [r["coders"] for r in js["against_gold"]] == [["ann", GOLD_CODER], ["ben", GOLD_CODER]]


def test_qdpx_export_has_the_gold_user(hand: Project, tmp_path: Path) -> None:
    out = tmp_path / "p.qdpx"
    report = export_qdpx(hand, out)
    assert report.counts["gold segments"] == 1
    qde = zipfile.ZipFile(out).read("project.qde")
    schema = xmlschema.XMLSchema(str(DATA / "refi-qda" / "Project.xsd"))
    schema.validate(io.BytesIO(qde))
    data = schema.to_dict(io.BytesIO(qde))
    users = {u["@name"]: u["@guid"] for u in data["Users"]["User"]}
    assert set(users) == {"ann", "ben", GOLD_CODER}
    selections = data["Sources"]["TextSource"][0]["PlainTextSelection"]
    gold = [s for s in selections if s["@creatingUser"] == users[GOLD_CODER]]
    assert len(gold) == 1 and (gold[0]["@startPosition"], gold[0]["@endPosition"]) == (0, 10)
    assert gold[0]["Description"].startswith("Gold standard: accepted by Chris\nReason: =ann is right")


def gold_facts(project: Project) -> list[tuple]:  # type: ignore[type-arg]
    from newscoder.core import gold_store

    codes = {c.id: c.name for c in project.codes()}
    return [(g.id, project.document_info(g.document_id).content_sha256, codes[g.code_id], g.start, g.end,  # type: ignore[union-attr]
             g.quote, g.decision, g.adjudicator, g.reason, g.sources, g.unit_segments)
            for g in gold_store.gold_rows(project, include_deleted=True)]


def test_qdpx_round_trip_brings_gold_back_as_gold(hand: Project, tmp_path: Path) -> None:
    from newscoder.core.exchange.refi_project_import import import_qdpx

    out = tmp_path / "p.qdpx"
    export_qdpx(hand, out)
    original = gold_facts(hand)
    assert len(original) == 1 and len(original[0][9]) == 1 and len(original[0][10]) == 2  # accepted ann: 1 of 2
    fresh = Project.create(tmp_path / "fresh.newscoder", codebook=False)
    import_qdpx(fresh, out)
    assert gold_facts(fresh) == original
    assert GOLD_CODER not in [c.name for c in fresh.coders()]
    before = gold_facts(hand)
    import_qdpx(hand, out)  # merging our own export back: nothing changes
    assert gold_facts(hand) == before and GOLD_CODER not in [c.name for c in hand.coders()]


def test_a_user_named_gold_that_is_not_ours_stays_a_coder(tmp_path: Path) -> None:
    from newscoder.core.exchange.bundle import Bundle, InCoder, InSegment
    from newscoder.core.gold.refi import lift_gold, parse_description

    bundle = Bundle("x", coders=[InCoder("u1", GOLD_CODER)],
                    segments=[InSegment("s1", "d", "c", "u1", 0, 5, "my own memo", "", "")])
    assert lift_gold(bundle) == 0 and len(bundle.segments) == 1 and bundle.gold == []
    assert parse_description("Gold standard: accepted by Chris\nReason: r") == {
        "decision": "accepted", "adjudicator": "Chris", "reason": "r", "sources": [], "unit_segments": []}
    assert parse_description("Gold standard: bogus by Chris") is None

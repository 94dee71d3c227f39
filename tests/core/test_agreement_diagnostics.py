"""Concerns in words, per-coder diagnostics and --done-only, through real project files."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from test_agreement_support import build_project

from newscoder.cli import main
from newscoder.core.agreement import compute_report, load_study
from newscoder.core.agreement.percoder import per_coder
from newscoder.core.store import Project

# 12 documents of 100 characters; ann and ben agree on "claim" except for boundaries,
# "rare" is one short segment, "lonely" is only ann's, all in document 0.
TEXTS = [f"{d:02d}" + "x" * 98 for d in range(12)]


def segments() -> list:
    segs = []
    for d in range(12):
        segs += [("ann", "claim", d, 10, 60), ("ben", "claim", d, 12, 61)]  # boundary-only disagreement
        segs += [("ann", "common", d, 70, 95), ("ben", "common", d, 70, 95)]
    segs += [("ann", "rare", 0, 0, 3), ("ben", "rare", 0, 0, 3)]
    segs += [("ann", "lonely", 0, 62, 68), ("ann", "lonely", 1, 62, 68), ("ann", "lonely", 1, 96, 99)]
    segs += [("cy", "claim", 0, 10, 60)]
    return segs


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "p.newscoder"
    project, _ = build_project(path, ["ann", "ben", "cy"], ["claim", "common", "rare", "lonely"], TEXTS, segments())
    project.close()
    return path


def concern(report, code: str, coders: tuple[str, ...], metric: str = "alpha_nominal") -> str:
    return next(r.concern for r in report.rows if r.code == code and r.coders == coders and r.metric == metric)


def test_concerns_say_what_the_data_is_like(project_path: Path) -> None:
    with Project.open(project_path) as project:
        report = compute_report(load_study(project, coders=["ann", "ben"]))
    pair = ("ann", "ben")
    claim = concern(report, "claim", pair)
    assert claim == "disagreement mostly on boundaries: overlap F1 1.00 vs exact F1 0.00"
    assert concern(report, "common", pair) == ""  # 24 segments, 25 % of the text, exact agreement
    rare = concern(report, "rare", pair)
    assert "few units: only 2 segments of this code" in rare
    assert "rare code: it covers 0.2 % of the characters (under 5 %)" in rare  # 6 of 2 × 1,200
    assert "rests on one document: 'doc 0000' holds 2 of the 2 segments" in rare
    lonely = concern(report, "lonely", pair)
    assert "ben has no segment of this code" in lonely and "few units: only 3 segments" in lonely
    # the same concern on every metric of the row; none on undefined values
    assert concern(report, "claim", pair, "alpha_u") == claim
    assert all(r.concern == "" for r in report.rows if r.value is None)


def test_concerns_per_document_and_in_the_csv(project_path: Path, capsys) -> None:
    code = main(["agreement", "-p", str(project_path), "--coder", "ann", "--coder", "cy", "--by", "document",
                 "--format", "csv"])
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["title"] for r in rows} == {"doc 0000"}  # the only document counting for both ann and cy
    doc0 = [r for r in rows if r["title"] == "doc 0000" and r["code"] == "claim" and r["metric"] == "alpha_u"]
    assert doc0 and doc0[0]["value"] == "1.0" and "few units: only 2 segments" in doc0[0]["concern"]
    assert all("rests on one document" not in r["concern"] for r in rows)  # said of pooled rows only


def test_per_coder_leave_one_out_shares_and_spans(project_path: Path) -> None:
    with Project.open(project_path) as project:
        study = load_study(project)
        report = compute_report(study)
    rows = {(r.coder, r.code): r for r in per_coder(study)}
    pair_alpha = {r.coders: r.value for r in report.rows if r.metric == "alpha_u" and r.code == "claim"}
    # leaving cy out leaves ann and ben: their pairwise alpha_u
    assert rows[("cy", "claim")].alpha_u_without == pytest.approx(pair_alpha[("ann", "ben")], abs=1e-12)
    assert rows[("ann", "claim")].alpha_u_without == pytest.approx(pair_alpha[("ben", "cy")], abs=1e-12)
    mean = (pair_alpha[("ann", "ben")] + pair_alpha[("ann", "cy")]) / 2
    assert rows[("ann", "claim")].alpha_u_pairs == pytest.approx(mean, abs=1e-12)
    # ann: 12 claim + 12 common + 1 rare + 3 lonely = 28 segments
    ann = rows[("ann", "claim")]
    assert (ann.segments, ann.share) == (12, pytest.approx(12 / 28))
    # the others: ben 12 claim + 12 common + 1 rare, cy 1 claim = 26 segments, 13 of them claim
    assert ann.others_share == pytest.approx(13 / 26)
    assert (ann.median_span, ann.others_median_span) == (50.0, 49.0)
    assert rows[("ben", "lonely")].segments == 0 and rows[("ben", "lonely")].median_span is None
    assert rows[("ann", "(all)")].segments == 28


def test_per_coder_cli_csv(project_path: Path, capsys) -> None:
    assert main(["agreement", "-p", str(project_path), "--per-coder"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 3 * 5 and rows[0]["coder"] == "ann" and rows[0]["code"] == "(all)"


def test_done_only_counts_only_documents_every_coder_marked_done(tmp_path: Path, capsys) -> None:
    path = tmp_path / "d.newscoder"
    project, ids = build_project(
        path, ["ann", "ben"], ["claim"], ["first text", "second text", "third text"],
        [("ann", "claim", 0, 0, 5), ("ben", "claim", 0, 0, 5), ("ann", "claim", 1, 0, 5), ("ben", "claim", 1, 0, 6)],
        done=[("ann", 0), ("ben", 0), ("ann", 1), ("ann", 2), ("ben", 2)],
    )
    project.close()
    with Project.open(path) as project:
        study = load_study(project, done_only=True)
        everything = load_study(project)
    assert [d.id for d in study.documents] == [ids[0], ids[2]]  # doc 2: both done, nobody coded: agreement on nothing
    assert len(everything.documents) == 3
    assert [(e.document_id, e.reason) for e in study.excluded] == [(ids[1], "done only: not marked done by ben")]
    assert main(["agreement", "-p", str(path), "--done-only", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert '"done_only": true' in out and '"documents": 2' in out


def test_definitions_define_every_new_figure_with_its_citation() -> None:
    from newscoder.core.agreement import definitions

    text = definitions()
    for needle in ("Gwet's AC1** (Gwet 2008)", "Brennan–Prediger coefficient** (Brennan and\n  Prediger 1981)",
                   "Hayes and Krippendorff (2007)", "P(α < 0.667)", "## 5. Concerns", "few units", "rare code",
                   "boundaries", "rests on one document", "## 6. Per-coder diagnostics", "α_u without this coder",
                   "--disagreements", "--done-only", "`concern`", "p_below_<threshold>", "gwet_ac1"):
        assert needle in text, needle


def test_a_code_nobody_used_says_no_segments_not_only_zero(tmp_path: Path) -> None:
    path = tmp_path / "q.newscoder"
    segs = [("ann", "claim", d, 0, 50) for d in range(3)] + [("ben", "claim", d, 0, 50) for d in range(3)]
    project, _ = build_project(path, ["ann", "ben"], ["claim", "unused"], TEXTS[:3], segs)
    project.close()
    with Project.open(path) as project:
        report = compute_report(load_study(project, coders=["ann", "ben"]))
    concerns = {r.concern for r in report.rows if r.code == "unused"}
    assert any("few units: no segments of this code" in c for c in concerns)
    assert not any("only 0" in c for c in concerns)

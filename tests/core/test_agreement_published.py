"""Published checks, through real projects (real documents and segments in a project file).

* α_u: Krippendorff (2004), p. 254.
* nominal α: Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", 4 observers × 12 units.
* Cohen's κ: Cohen (1960), p. 45, 200 items in 3 categories.
* Fleiss' κ: Wikipedia's example, 10 subjects × 14 raters, 5 categories.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_agreement_support import build_project, unit_texts

from newscoder.core.agreement import compute_report, load_study


def _value(report, metric: str, code: str = "(all)", coders: tuple[str, ...] | None = None) -> float | None:
    rows = [
        r for r in report.rows
        if r.metric == metric and r.code == code and (coders is None or r.coders == coders)
    ]
    assert rows, f"no {metric} row for {code}"
    return rows[0].value


def test_alpha_u_krippendorff_2004_p254(tmp_path: Path) -> None:
    # The book's continuum runs from 150 to 450; shifted by -150 it is a 300-character
    # document. (begin, length) pairs as in the book, shifted.
    data = {
        "c": {"coder0": [(75, 70), (220, 30)], "coder1": [(70, 80), (205, 20), (250, 20)]},
        "k": {"coder0": [(30, 60), (150, 50)], "coder1": [(30, 60), (150, 50)]},
    }
    segments = [
        (coder, code, 0, b, b + n) for code, per in data.items() for coder, spans in per.items() for b, n in spans
    ]
    text = "".join(chr(0x4E00 + i) for i in range(300))
    project, _ = build_project(tmp_path / "p.newscoder", ["coder0", "coder1"], ["c", "k"], [text], segments)
    with project:
        report = compute_report(load_study(project))
    assert _value(report, "alpha_u", "c") == pytest.approx(0.7286, abs=5e-5)
    assert _value(report, "alpha_u", "k") == 1.0
    assert _value(report, "alpha_u") == pytest.approx(0.859, abs=5e-4)
    row = next(r for r in report.rows if r.metric == "alpha_u" and r.code == "(all)")
    assert (row.units, row.documents, row.note) == (300, 1, "")


# Krippendorff (2011), section C: observers A-D, units 1-12, values 1-5, "." = missing.
KRIPPENDORFF_2011 = {
    "A": "1 2 3 3 2 1 4 1 2 . . .",
    "B": "1 2 3 3 2 2 4 1 2 5 . 3",
    "C": ". 3 3 3 2 3 4 2 2 5 1 .",
    "D": "1 2 3 3 2 4 4 1 2 5 1 .",
}


def test_nominal_alpha_krippendorff_2011(tmp_path: Path) -> None:
    # Encoding: each of the 12 units is its own one-character document (missing data is
    # per unit in the example, and "missing" here is per document). Value v at a unit is a
    # one-character segment of code "v<v>"; an observer with no value has no segment there
    # and has not marked it done, so does not count for it (missing). The overall value of
    # a character is the set of codes covering it, so {v1}..{v5} are the five values.
    segments = []
    for coder, row in KRIPPENDORFF_2011.items():
        for unit, value in enumerate(row.split()):
            if value != ".":
                segments.append((coder, f"v{value}", unit, 0, 1))
    codes = [f"v{i}" for i in range(1, 6)]
    project, doc_ids = build_project(tmp_path / "p.newscoder", list("ABCD"), codes, unit_texts(12), segments)
    with project:
        report = compute_report(load_study(project))
    assert round(_value(report, "alpha_nominal"), 3) == 0.743
    row = next(r for r in report.rows if r.metric == "alpha_nominal" and r.code == "(all)" and len(r.coders) == 4)
    assert row.units == 11 and row.documents == 11  # unit 12 has one value: not pairable
    assert [e.document_id for e in report.excluded if e.scope == "study"] == [doc_ids[11]]


# Cohen (1960), p. 45: proportions × 200 items; rows judge A, columns judge B.
COHEN_1960 = [[88, 14, 18], [10, 40, 10], [2, 6, 12]]


def test_cohen_kappa_cohen_1960(tmp_path: Path) -> None:
    # Encoding: one document of 200 characters, one per item. Items are laid out by
    # (A's category, B's category), so each judge's codes form runs; judge X codes a run
    # of items in category k with one segment of code "k<k>". Every character is coded by
    # both judges.
    segments = []
    pos = 0
    for a, row in enumerate(COHEN_1960):
        block = pos
        for b, n in enumerate(row):
            if n:
                segments.append(("B", f"k{b + 1}", 0, pos, pos + n))
            pos += n
        segments.append(("A", f"k{a + 1}", 0, block, pos))
    assert pos == 200
    text = "".join(chr(0x4E00 + i) for i in range(200))
    project, _ = build_project(tmp_path / "p.newscoder", ["A", "B"], ["k1", "k2", "k3"], [text], segments)
    with project:
        report = compute_report(load_study(project))
    kappa = _value(report, "cohen_kappa")
    assert round(kappa, 3) == 0.492
    assert kappa == pytest.approx((0.70 - 0.41) / (1 - 0.41))
    assert _value(report, "percent_agreement") == pytest.approx(0.70)


# Wikipedia, "Fleiss' kappa", worked example: n_ij, 10 subjects × 5 categories, 14 raters.
FLEISS_WIKIPEDIA = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def test_fleiss_kappa_wikipedia(tmp_path: Path) -> None:
    # Encoding: one document of 10 characters (one per subject) and 14 coders. For each
    # subject, the categories' counts are handed out to raters r01..r14 in order; a rater's
    # category j at subject i is a one-character segment of code "c<j>" at character i.
    # (Fleiss' κ does not depend on which rater gave which rating.)
    raters = [f"r{i:02d}" for i in range(1, 15)]
    segments = []
    for subject, counts in enumerate(FLEISS_WIKIPEDIA):
        ratings = [j for j, n in enumerate(counts) for _ in range(n)]
        assert len(ratings) == 14
        for rater, j in zip(raters, ratings, strict=True):
            segments.append((rater, f"c{j + 1}", 0, subject, subject + 1))
    text = "".join(chr(0x4E00 + i) for i in range(10))
    codes = [f"c{j}" for j in range(1, 6)]
    project, _ = build_project(tmp_path / "p.newscoder", raters, codes, [text], segments)
    with project:
        report = compute_report(load_study(project))
    kappa = _value(report, "fleiss_kappa", coders=tuple(raters))
    assert round(kappa, 3) == 0.210
    assert kappa == pytest.approx(0.20993070442195522, abs=1e-12)

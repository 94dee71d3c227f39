"""Segment matching F1: exact and overlap (Jaccard ≥ 0.5), one-to-one greedy, micro-averaged."""

from __future__ import annotations

import numpy as np
import pytest
from test_agreement_support import study_from

from newscoder.core.agreement import compute_report
from newscoder.core.agreement.matching import greedy_matches


def f1(report, metric, code="(all)", coders=None):
    return next(
        r for r in report.rows
        if r.metric == metric and r.code == code and (coders is None or r.coders == coders)
    )


@pytest.mark.parametrize(
    ("a", "b", "exact", "overlap"),
    [
        ([(0, 10)], [(0, 10)], 1.0, 1.0),
        ([(0, 10)], [(0, 9)], 0.0, 1.0),  # Jaccard 0.9
        ([(0, 10)], [(0, 5)], 0.0, 1.0),  # Jaccard exactly 0.5
        ([(0, 10)], [(0, 4)], 0.0, 0.0),  # Jaccard 0.4
        ([(0, 10)], [(5, 15)], 0.0, 0.0),  # Jaccard 5/15
        ([(0, 10), (20, 30)], [(0, 10)], 2 / 3, 2 / 3),
        ([(0, 10), (20, 30)], [(1, 10), (20, 31), (40, 45)], 0.0, 0.8),
    ],
)
def test_pair_f1(a, b, exact, overlap) -> None:
    segs = [(0, 0, 0, s, e) for s, e in a] + [(1, 0, 0, s, e) for s, e in b]
    report = compute_report(study_from(["A", "B"], ["c"], [60], segs))
    assert f1(report, "f1_exact", "c").value == pytest.approx(exact)
    assert f1(report, "f1_overlap", "c").value == pytest.approx(overlap)
    assert f1(report, "f1_exact", "c").units == len(a) + len(b)


def test_segments_are_unioned_first() -> None:
    # A's two touching segments [0,5)+[5,10) become [0,10), which B coded exactly
    segs = [(0, 0, 0, 0, 5), (0, 0, 0, 5, 10), (1, 0, 0, 0, 10)]
    report = compute_report(study_from(["A", "B"], ["c"], [20], segs))
    assert f1(report, "f1_exact").value == 1.0
    assert f1(report, "f1_exact").units == 2


def test_different_codes_never_match() -> None:
    segs = [(0, 0, 0, 0, 10), (1, 1, 0, 0, 10)]
    report = compute_report(study_from(["A", "B"], ["c", "k"], [20], segs))
    assert f1(report, "f1_exact").value == 0.0
    assert f1(report, "f1_overlap", "c").value == 0.0


def test_overall_is_micro_averaged() -> None:
    # code c: 1 match of 1+1 segments; code k: 0 matches of 3+1 segments
    segs = [
        (0, 0, 0, 0, 10), (1, 0, 0, 0, 10),
        (0, 1, 0, 20, 22), (0, 1, 0, 30, 32), (0, 1, 0, 40, 42), (1, 1, 0, 50, 55),
    ]
    report = compute_report(study_from(["A", "B"], ["c", "k"], [60], segs))
    assert f1(report, "f1_exact", "c").value == 1.0
    assert f1(report, "f1_exact", "k").value == 0.0
    assert f1(report, "f1_exact").value == pytest.approx(2 * 1 / 6)  # not the mean 0.5


def test_no_segments_is_undefined() -> None:
    study = study_from(["A", "B"], ["c", "k"], [10], [(0, 0, 0, 0, 3), (1, 0, 0, 0, 3)])
    row = f1(compute_report(study), "f1_overlap", "k")
    assert row.value is None and "neither coder" in row.note


def test_f1_rows_always_name_a_pair() -> None:
    segs = [(c, 0, 0, 0, 5) for c in range(3)]
    report = compute_report(study_from(["A", "B", "C"], ["c"], [10], segs))
    assert {r.coders for r in report.rows if r.metric.startswith("f1_")} == {("A", "B"), ("A", "C"), ("B", "C")}


def test_greedy_takes_highest_jaccard_first_then_position() -> None:
    # candidates: (a0,b0) J=.6, (a0,b1) J=.9, (a1,b1) J=.7 -> takes (a0,b1); then a1/b0 free,
    # but (a1,b1) conflicts on b1 and (a0,b0) on a0: one match only
    keep = greedy_matches(
        np.array([0.6, 0.9, 0.7]), np.array([0, 0, 1]), np.array([0, 1, 1]), np.array([0, 0, 5]), np.array([0, 3, 3])
    )
    assert keep.tolist() == [False, True, False]
    # ties: the earlier position wins
    keep = greedy_matches(np.array([0.5, 0.5]), np.array([0, 1]), np.array([0, 0]), np.array([7, 2]), np.array([1, 1]))
    assert keep.tolist() == [False, True]

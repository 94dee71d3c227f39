"""α_u: hand-worked cases, the exact slow reference, pooling across documents, exclusions."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_agreement_support import slow_alpha_u_sums, study_from, union

from newscoder.core.agreement import compute_report
from newscoder.core.agreement.report import NO_COMMON_DOCUMENTS, NO_EXPECTED, NO_SEGMENTS_CODE


def rows(report, metric="alpha_u", code=None, document_id=None):
    return [
        r for r in report.rows
        if r.metric == metric and (code is None or r.code == code) and r.document_id == document_id
    ]


def alpha_u(study, code="(all)", coders=None, document_id=None, by_document=False):
    report = compute_report(study, by_document=by_document)
    found = [r for r in rows(report, code=code, document_id=document_id) if coders is None or r.coders == coders]
    return found[0]


def test_hand_worked_unit_against_gap() -> None:
    # One 10-character document; A codes [0,5), B codes nothing but marked it done.
    # D_o = 2·(5² + 0)/(2·1·10²) ... the unit lies in B's gap: δ² = 25, counted once per pair.
    # D_o = 2·25 / (2·1·100) = 0.25.
    # D_e: N=1 unit (l=5), gaps: A's [5,10) (5), B's [0,10) (10).
    #   Σ = 0·… + 25·((5-5+1) + (10-5+1)) = 25·7 = 175; D_e = (2/10)·175 / (2·10·19 - 5·4) = 35/360.
    study = study_from(["A", "B"], ["c"], [10], [(0, 0, 0, 0, 5)], done=[(1, 0)])
    expected = 1 - Fraction(1, 4) / Fraction(35, 360)
    assert alpha_u(study, "c").value == pytest.approx(float(expected))
    d_o, d_e = slow_alpha_u_sums([10], {0: {0: [(0, 5)]}}, [0, 1])
    assert (d_o, d_e) == (Fraction(1, 4), Fraction(35, 360))


def test_identical_units_give_one() -> None:
    study = study_from(["A", "B"], ["c"], [20], [(0, 0, 0, 3, 9), (1, 0, 0, 3, 9)])
    assert alpha_u(study, "c").value == 1.0


@pytest.mark.parametrize(
    ("segments", "done", "reason"),
    [
        ([(0, 1, 0, 0, 5), (1, 1, 0, 0, 5)], [], NO_SEGMENTS_CODE),  # only the other code is used
        ([(0, 0, 0, 0, 1), (1, 0, 0, 0, 1)], [], NO_EXPECTED),  # a 1-character document fully coded
    ],
)
def test_undefined_with_reason(segments, done, reason) -> None:
    length = 1 if reason == NO_EXPECTED else 10
    study = study_from(["A", "B"], ["c", "other"], [length], segments, done=done)
    row = alpha_u(study, "c")
    assert row.value is None and row.note == reason


def test_no_document_counts_for_every_coder() -> None:
    # three coders; each document counts for only two of them
    study = study_from(
        ["A", "B", "C"], ["c"], [10, 10],
        [(0, 0, 0, 0, 3), (1, 0, 0, 0, 4), (1, 0, 1, 2, 5), (2, 0, 1, 2, 5)],
    )
    row = alpha_u(study, coders=("A", "B", "C"))
    assert row.value is None and row.note == NO_COMMON_DOCUMENTS
    assert {e.scope for e in study.excluded} == {"alpha_u"}
    # ... but each pair has its own value, over the documents that count for both
    assert alpha_u(study, "c", coders=("B", "C")).value == 1.0


def test_overall_is_pooled_not_mean() -> None:
    study = study_from(
        ["A", "B"], ["c", "k"], [300],
        [(0, 0, 0, 75, 145), (0, 0, 0, 220, 250), (1, 0, 0, 70, 150), (1, 0, 0, 205, 225), (1, 0, 0, 250, 270),
         (0, 1, 0, 30, 90), (0, 1, 0, 150, 200), (1, 1, 0, 30, 90), (1, 1, 0, 150, 200)],
    )
    c, k, overall = (alpha_u(study, x).value for x in ("c", "k", "(all)"))
    assert overall == pytest.approx(0.8586654, abs=1e-6)
    assert overall != pytest.approx((c + k) / 2)


def test_gap_ends_at_document_boundary() -> None:
    # The same coding split over two documents differs from one document of the total
    # length: the gaps end where a document ends.
    segs_two = [(0, 0, 0, 2, 6), (1, 0, 0, 2, 7), (0, 0, 1, 1, 3), (1, 0, 1, 1, 3)]
    two = study_from(["A", "B"], ["c"], [10, 10], segs_two)
    d_o, d_e = slow_alpha_u_sums([10, 10], {0: {0: [(2, 6)], 1: [(1, 3)]}, 1: {0: [(2, 7)], 1: [(1, 3)]}}, [0, 1])
    assert alpha_u(two, "c").value == pytest.approx(float(1 - d_o / d_e))
    one = study_from(["A", "B"], ["c"], [20], [(0, 0, 0, 2, 6), (1, 0, 0, 2, 7), (0, 0, 0, 11, 13), (1, 0, 0, 11, 13)])
    assert alpha_u(one, "c").value != pytest.approx(alpha_u(two, "c").value)


def test_per_document_values_and_exclusion_from_pooled() -> None:
    # doc 0 counts for A, B, C; doc 1 only for A and B (C has nothing there)
    segs = [(0, 0, 0, 0, 4), (1, 0, 0, 0, 4), (2, 0, 0, 1, 4), (0, 0, 1, 5, 9), (1, 0, 1, 5, 8)]
    study = study_from(["A", "B", "C"], ["c"], [10, 10], segs)
    assert [(e.document_id, e.scope) for e in study.excluded] == [("d1", "alpha_u")]
    pooled = alpha_u(study, "c", coders=("A", "B", "C"))
    assert pooled.documents == 1 and pooled.units == 10
    d1 = alpha_u(study, "c", document_id="d1", by_document=True)
    assert d1.coders == ("A", "B")  # over the coders who count for it
    d_o, d_e = slow_alpha_u_sums([10], {0: {0: [(5, 9)]}, 1: {0: [(5, 8)]}}, [0, 1])
    assert d1.value == pytest.approx(float(1 - d_o / d_e))


def test_overlapping_and_touching_segments_are_merged() -> None:
    merged = study_from(["A", "B"], ["c"], [30], [(0, 0, 0, 2, 10), (1, 0, 0, 2, 12)])
    split = study_from(
        ["A", "B"], ["c"], [30], [(0, 0, 0, 2, 6), (0, 0, 0, 6, 10), (1, 0, 0, 2, 9), (1, 0, 0, 4, 12)]
    )
    assert alpha_u(split, "c").value == alpha_u(merged, "c").value
    assert len(split.units) == 2


# -- against the exact, slow reference ------------------------------------------------------
@st.composite
def unitizing_cases(draw):
    n_coders = draw(st.integers(2, 4))
    lengths = draw(st.lists(st.integers(1, 40), min_size=1, max_size=4))
    n_codes = draw(st.integers(1, 3))
    segs = []
    for c in range(n_coders):
        for d, n in enumerate(lengths):
            for _ in range(draw(st.integers(0, 3))):
                s = draw(st.integers(0, n - 1))
                e = draw(st.integers(s + 1, n))
                segs.append((c, draw(st.integers(0, n_codes - 1)), d, s, e))
    done = [(c, d) for c in range(n_coders) for d in range(len(lengths))]  # everyone counts everywhere
    return n_coders, lengths, n_codes, segs, done


@settings(max_examples=150, deadline=None)
@given(unitizing_cases())
def test_matches_slow_reference(case) -> None:
    n_coders, lengths, n_codes, segs, done = case
    coders = [f"c{i}" for i in range(n_coders)]
    codes = [f"k{i}" for i in range(n_codes)]
    study = study_from(coders, codes, lengths, segs, done=done)
    report = compute_report(study)
    total_o = total_e = Fraction(0)
    for k, code in enumerate(codes):
        units = {}
        for c in range(n_coders):
            for d in range(len(lengths)):
                spans = union([(s, e) for cc, kk, dd, s, e in segs if (cc, kk, dd) == (c, k, d)])
                units.setdefault(c, {})[d] = spans
        d_o, d_e = slow_alpha_u_sums(lengths, units, list(range(n_coders)))
        total_o, total_e = total_o + d_o, total_e + d_e
        row = next(r for r in report.rows if r.metric == "alpha_u" and r.code == code and len(r.coders) == n_coders)
        if d_e == 0:
            assert row.value is None and row.note
        else:
            assert row.value == pytest.approx(float(1 - d_o / d_e), rel=1e-9, abs=1e-9)
    row = next(r for r in report.rows if r.metric == "alpha_u" and r.code == "(all)" and len(r.coders) == n_coders)
    if total_e == 0:
        assert row.value is None and row.note
    else:
        assert row.value == pytest.approx(float(1 - total_o / total_e), rel=1e-9, abs=1e-9)

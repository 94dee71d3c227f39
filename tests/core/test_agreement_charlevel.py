"""Character-level coding agreement: α against the krippendorff package, κ against hand
computations, percent agreement, missing coders, whitespace, undefined values."""

from __future__ import annotations

import itertools

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_agreement_support import reliability_matrix, slow_cohen, slow_fleiss, study_from

from newscoder.core.agreement import charlevel, compute_report
from newscoder.core.agreement.study import WHITESPACE


def row(report, metric, code="(all)", coders=None):
    found = [
        r for r in report.rows
        if r.metric == metric and r.code == code and (coders is None or r.coders == coders) and r.document_id is None
    ]
    return found[0]


def test_whitespace_table_is_str_isspace() -> None:
    assert sorted(WHITESPACE.tolist()) == [c for c in range(0x110000) if chr(c).isspace()]


def test_two_coders_complete_data_percent_is_simple_share() -> None:
    # 10 characters; A codes [0,6), B codes [2,6): they agree on 6 of 10 units
    study = study_from(["A", "B"], ["c"], [10], [(0, 0, 0, 0, 6), (1, 0, 0, 2, 6)])
    report = compute_report(study)
    assert row(report, "percent_agreement").value == pytest.approx(0.8)
    assert row(report, "percent_agreement", "c").value == pytest.approx(0.8)
    assert row(report, "percent_agreement").units == 10


def test_code_sets_are_the_overall_values() -> None:
    # A: c on [0,4), k on [2,6). B: c on [0,4), k on [2,5).  Sets per char:
    # A: {c} {c} {c,k} {c,k} {k} {k} {} {}   B: {c} {c} {c,k} {c,k} {k} {} {} {}
    study = study_from(
        ["A", "B"], ["c", "k"], [8],
        [(0, 0, 0, 0, 4), (0, 1, 0, 2, 6), (1, 0, 0, 0, 4), (1, 1, 0, 2, 5)],
    )
    report = compute_report(study)
    assert row(report, "percent_agreement").value == pytest.approx(7 / 8)
    a = [1, 1, 3, 3, 2, 2, 0, 0]
    b = [1, 1, 3, 3, 2, 0, 0, 0]
    assert row(report, "alpha_nominal").value == pytest.approx(
        krippendorff.alpha(reliability_data=[a, b], level_of_measurement="nominal")
    )
    assert row(report, "cohen_kappa").value == pytest.approx(slow_cohen(a, b))


def test_missing_coder_is_not_uncoded() -> None:
    # C does not count for doc 1: missing there, not "uncoded"
    segs = [(0, 0, 0, 0, 2), (1, 0, 0, 0, 2), (2, 0, 0, 0, 2), (0, 0, 1, 0, 3), (1, 0, 1, 0, 3)]
    study = study_from(["A", "B", "C"], ["c"], [4, 4], segs)
    report = compute_report(study)
    assert row(report, "alpha_nominal", coders=("A", "B", "C")).value == 1.0
    assert row(report, "alpha_nominal", coders=("A", "B", "C")).units == 8
    fleiss = row(report, "fleiss_kappa", coders=("A", "B", "C"))
    assert (fleiss.units, fleiss.documents) == (4, 1)  # only doc 0 counts for every coder
    matrix = reliability_matrix(study)
    assert np.isnan(matrix[2, 4:]).all()


def test_ignore_whitespace_drops_units_and_reports_count() -> None:
    text = "ab cd\n e"
    segs = [(0, 0, 0, 0, 4), (1, 0, 0, 0, 2), (1, 0, 0, 3, 4)]
    plain = compute_report(study_from(["A", "B"], ["c"], [len(text)], segs, texts=[text]))
    ws = compute_report(study_from(["A", "B"], ["c"], [len(text)], segs, texts=[text], ignore_whitespace=True))
    assert plain.units == 8 and ws.units == 5
    assert row(plain, "percent_agreement").value == pytest.approx(7 / 8)
    assert row(ws, "percent_agreement").value == 1.0
    assert row(ws, "percent_agreement").units == 5
    # alpha_u still runs on every character of the continuum
    assert row(ws, "alpha_u").units == 8


@pytest.mark.parametrize(
    ("segments", "metric", "undefined"),
    [
        ([(0, 0, 0, 0, 5), (1, 0, 0, 0, 5)], "alpha_nominal", True),  # every unit {c}: one category
        ([(0, 0, 0, 0, 5), (1, 0, 0, 0, 5)], "cohen_kappa", True),
        ([(0, 0, 0, 0, 5), (1, 0, 0, 0, 5)], "fleiss_kappa", True),
        ([(0, 0, 0, 0, 5), (1, 0, 0, 0, 5)], "percent_agreement", False),
        ([(0, 0, 0, 0, 3), (1, 0, 0, 0, 5)], "alpha_nominal", False),
    ],
)
def test_single_category_is_undefined_with_reason(segments, metric, undefined) -> None:
    study = study_from(["A", "B"], ["c"], [5], segments)
    r = row(compute_report(study), metric)
    if undefined:
        assert r.value is None and "single category" in r.note
    else:
        assert r.value is not None and r.note == ""


def test_no_pairable_units() -> None:
    # only one coder counts anywhere: the document is excluded, nothing is pairable
    study = study_from(["A", "B"], ["c"], [5], [(0, 0, 0, 0, 3)])
    report = compute_report(study)
    assert [e.scope for e in report.excluded] == ["study"]
    for metric in ("alpha_nominal", "percent_agreement", "cohen_kappa", "fleiss_kappa", "alpha_u", "f1_exact"):
        r = row(report, metric)
        assert r.value is None and r.note, metric


# -- against the krippendorff package and hand computations, on random studies ---------------
@st.composite
def coding_cases(draw):
    n_coders = draw(st.integers(2, 4))
    lengths = draw(st.lists(st.integers(1, 12), min_size=1, max_size=4))
    n_codes = draw(st.integers(1, 3))
    segs, done = [], []
    for c in range(n_coders):
        for d, n in enumerate(lengths):
            if draw(st.booleans()):
                done.append((c, d))
            for _ in range(draw(st.integers(0, 3))):
                s = draw(st.integers(0, n - 1))
                segs.append((c, draw(st.integers(0, n_codes - 1)), d, s, draw(st.integers(s + 1, n))))
    return n_coders, lengths, n_codes, segs, done


def _kripp(matrix: np.ndarray):
    pairable = (~np.isnan(matrix)).sum(axis=0) >= 2
    values = matrix[:, pairable]
    if values.size == 0 or np.unique(values[~np.isnan(values)]).size < 2:
        return None
    return krippendorff.alpha(reliability_data=values, level_of_measurement="nominal")


@settings(max_examples=120, deadline=None)
@given(coding_cases())
def test_against_krippendorff_and_hand_kappas(case) -> None:
    n_coders, lengths, n_codes, segs, done = case
    coders = [f"c{i}" for i in range(n_coders)]
    codes = [f"k{i}" for i in range(n_codes)]
    study = study_from(coders, codes, lengths, segs, done=done)
    report = compute_report(study)
    subsets = [tuple(range(n_coders))] + (list(itertools.combinations(range(n_coders), 2)) if n_coders >= 3 else [])
    for subset in subsets:
        names = tuple(coders[i] for i in subset)
        for k, code in [(None, "(all)"), *enumerate(codes)]:
            matrix = reliability_matrix(study, subset, k)
            expected = _kripp(matrix)
            got = row(report, "alpha_nominal", code, names)
            if expected is None:
                assert got.value is None and got.note
            else:
                assert got.value == pytest.approx(expected, abs=1e-9)
            fleiss = slow_fleiss(matrix)
            got = row(report, "fleiss_kappa", code, names)
            assert (got.value is None) == (fleiss is None)
            if fleiss is not None:
                assert got.value == pytest.approx(fleiss, abs=1e-9)
            if len(subset) == 2:
                cohen = slow_cohen(matrix[0], matrix[1])
                got = row(report, "cohen_kappa", code, names)
                assert (got.value is None) == (cohen is None)
                if cohen is not None:
                    assert got.value == pytest.approx(cohen, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(coding_cases(), st.booleans())
def test_fast_and_general_pattern_paths_agree(case, by_document) -> None:
    n_coders, lengths, n_codes, segs, done = case
    study = study_from([f"c{i}" for i in range(n_coders)], [f"k{i}" for i in range(n_codes)], lengths, segs, done=done)

    def canon(t):
        bits = (t.member.astype(np.int64) * (1 << np.arange(t.member.shape[1]))).sum(axis=1)
        sets = np.where(t.values >= 0, bits[np.maximum(t.values, 0)], -1)
        return sorted(zip(t.group.tolist(), map(tuple, sets.tolist()), t.weight.tolist(), strict=True))

    fast = charlevel.study_patterns(study, by_document)
    general = charlevel.study_patterns(study, by_document, fast=False)
    assert canon(fast) == canon(general)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(-1, 4), min_size=6, max_size=6), min_size=2, max_size=5))
def test_alpha_from_matrix_matches_krippendorff(rows) -> None:
    matrix = np.array(rows)
    expected = _kripp(np.where(matrix >= 0, matrix, np.nan).astype(float))
    got = charlevel.alpha_from_matrix(matrix)
    if expected is None:
        assert got is None
    else:
        assert got == pytest.approx(expected, abs=1e-9)

"""γ and γ-cat: pygamma-agreement's test values through real projects, hand-worked values, exactness.

Reference values (``tests/data/gamma/README.md``):

* pygamma-agreement's own tests (``tests/test_gammas.py``, ``tests/test_sampler.py``), with
  ``CombinedCategoricalDissimilarity(alpha=3, beta=1, delta_empty=1)`` and its default
  (statistical) sampler: the number of unitary alignments of the best alignment, and
  ranges for γ and γ-cat.
* pygamma-agreement 0.5.9 itself, run with many samples (``compute_gamma(dissim, n_samples=N)``
  after ``np.random.seed(S)``), so that its sampling noise is small: the ``PYGAMMA`` table.

Sampling noise: our samples come from our own seeded generator, so values are compared
within ±0.01, with enough samples that our standard error is well below that.
"""

from __future__ import annotations

import csv
import itertools
import random
from pathlib import Path

import numpy as np
import pytest
from test_agreement_support import build_project

from newscoder.cli import main
from newscoder.core.agreement import compute_report, load_study
from newscoder.core.agreement import gamma_align
from newscoder.core.agreement.gamma import GammaOptions, gamma_for_documents, gamma_per_document
from newscoder.core.agreement.gamma_align import Continua, Dissimilarity, best_alignments

DATA = Path(__file__).resolve().parents[1] / "data" / "gamma"
PYGAMMA_DISSIM = Dissimilarity(alpha=3, beta=1, delta_empty=1)

#: name: (unitary alignments, observed disorder, γ range and γ-cat range asserted by
#: pygamma-agreement's tests, γ and γ-cat of pygamma-agreement 0.5.9 with many samples)
PYGAMMA = {
    # tests/test_sampler.py::test_statistical_sampler (precision_level=0.05); ours: 2000 samples, seed 1
    "AlexPaulSuzan": (6, 0.9606, (0.41, 0.42), (0.35, 0.38), 0.4221, 0.3716),
    # tests/test_gammas.py::test_gamma_3by100; pygamma with 300 samples, seed 1
    "3by100": (127, 0.3435, (0.79, 0.81), (0.89, 0.91), 0.8016, 0.8945),
    # tests/test_gammas.py::test_gamma_2by1000; pygamma with its default 30 samples, seed 4772
    "2by1000": (1085, 0.8844, (0.39, 0.42), (0.38, 0.42), 0.4059, 0.3872),
}
SAMPLES = {"AlexPaulSuzan": 1000, "3by100": 100, "2by1000": 30}


def _project_from_csv(tmp_path: Path, name: str):
    rows = list(csv.reader((DATA / f"{name}.csv").open(encoding="utf-8")))
    coders = sorted({r[0] for r in rows})
    codes = sorted({r[1] for r in rows})
    length = int(max(float(r[3]) for r in rows)) + 1
    text = "".join(chr(0x4E00 + i) for i in range(length))  # one character per position, no whitespace
    segs = [(r[0], r[1], 0, int(float(r[2])), int(float(r[3]))) for r in rows]
    project, _ = build_project(tmp_path / f"{name}.newscoder", coders, codes, [text], segs)
    return project


def _row(report, metric: str, coders: tuple[str, ...] | None = None):
    rows = [r for r in report.rows if r.metric == metric and (coders is None or r.coders == coders)]
    assert rows, f"no {metric} row"
    return rows[0]


@pytest.mark.parametrize("name", list(PYGAMMA))
def test_pygamma_reference_values_through_a_project(tmp_path: Path, name: str) -> None:
    n_unitary, observed, gamma_range, cat_range, gamma_ref, cat_ref = PYGAMMA[name]
    project = _project_from_csv(tmp_path, name)
    with project:
        study = load_study(project)
    options = GammaOptions(dissimilarity=PYGAMMA_DISSIM, n_samples=SAMPLES[name], seed=1)
    coders = tuple(range(len(study.coders)))
    result = gamma_for_documents(study, [0], coders, options)
    assert result.unitary_alignments == n_unitary
    assert result.observed == pytest.approx(observed, abs=1e-3)
    assert result.expected_se < 0.02 * result.expected  # the chance disorder is estimated closely
    assert result.gamma is not None and result.gamma_cat is not None
    assert gamma_range[0] - 0.01 <= result.gamma <= gamma_range[1] + 0.01
    assert cat_range[0] - 0.01 <= result.gamma_cat <= cat_range[1] + 0.01
    assert result.gamma == pytest.approx(gamma_ref, abs=0.01)
    assert result.gamma_cat == pytest.approx(cat_ref, abs=0.01)
    # the same figures in the report, every coder together
    report = compute_report(study, gamma=options)
    row = _row(report, "gamma", tuple(sorted(study.coders, key=str.casefold)))
    assert row.value == result.gamma and row.units == len(study.segments or ())
    assert "seed 1" in row.note and f"{SAMPLES[name]} sampled continua" in row.note
    assert _row(report, "gamma_cat").value == result.gamma_cat


def test_pygamma_shuffle_sampler_alex_paul_suzan(tmp_path: Path) -> None:
    # tests/test_gammas.py::test_gamma_alexpaulsuzan: ShuffleContinuumSampler, 6 unitary alignments,
    # disorder 0.96, 0.44 <= gamma <= 0.47, 0.38 <= gamma-cat <= 0.42; pygamma 0.5.9 with 2000 samples
    # (seed 1): gamma 0.4480, gamma-cat 0.3909
    project = _project_from_csv(tmp_path, "AlexPaulSuzan")
    with project:
        study = load_study(project)
    options = GammaOptions(dissimilarity=PYGAMMA_DISSIM, n_samples=500, seed=1, sampler="shuffle")
    result = gamma_for_documents(study, [0], (0, 1, 2), options)
    assert (result.unitary_alignments, round(result.observed, 2)) == (6, 0.96)
    assert result.gamma is not None and result.gamma_cat is not None
    assert 0.44 - 0.01 <= result.gamma <= 0.47 + 0.01 and 0.38 - 0.01 <= result.gamma_cat <= 0.42 + 0.01
    assert result.gamma == pytest.approx(0.4480, abs=0.01)
    assert result.gamma_cat == pytest.approx(0.3909, abs=0.01)


def _continua(units: list[tuple[int, int, int, int]], n_coders: int) -> Continua:
    """(coder, start, end, category) in one continuum."""
    a = np.array(units, dtype=np.int64).reshape(-1, 4)
    return Continua(np.zeros(len(a), np.int64), a[:, 0], a[:, 1].astype(float), a[:, 2].astype(float), a[:, 3], 1,
                    n_coders)


def test_hand_worked_disorder_three_coders() -> None:
    # A [0,10) c0, B [0,10) c0, C [5,15) c1. d(A,B) = 0; d(A,C) = d(B,C) = ((5+5)/20)^2 + 1 = 1.25.
    # The triple costs (0 + 1.25 + 1.25) / 3 = 5/6; {A,B} + {C} would cost (0 + 2) / 3 + 1 = 5/3.
    sums = best_alignments(_continua([(0, 0, 10, 0), (1, 0, 10, 0), (2, 5, 15, 1)], 3), Dissimilarity())
    assert sums.unitary[0] == 1
    assert sums.disorder[0] / (3 / 3) == pytest.approx(5 / 6)
    # γ-cat: one triple, weight 1/(3-1) per pair, times max(0, 1 - positional): 1/2, 3/8, 3/8
    assert sums.cat_disorder[0] == pytest.approx(3 / 8 + 3 / 8)
    assert sums.cat_weight[0] == pytest.approx(1 / 2 + 3 / 8 + 3 / 8)


def _brute_force(units: list[tuple[int, int, int, int]], n: int, dis: Dissimilarity) -> float:
    """The least total disorder over every partition into unitary alignments (tiny inputs)."""
    c = _continua(units, n)
    c2 = n * (n - 1) / 2

    def cost(members: tuple[int, ...]) -> float:
        total = 0.0
        for i, j in itertools.combinations(members, 2):
            d, _ = gamma_align.pair_dissimilarity(c, np.array([i]), np.array([j]), dis)
            total += float(d[0])
        k = len(members)
        return (total + (c2 - k * (k - 1) / 2) * dis.delta_empty) / c2

    best = float("inf")

    def search(left: tuple[int, ...], acc: float) -> None:
        nonlocal best
        if acc >= best:
            return
        if not left:
            best = acc
            return
        first, rest = left[0], left[1:]
        for size in range(len(rest) + 1):
            for others in itertools.combinations(rest, size):
                members = (first, *others)
                if len({units[m][0] for m in members}) < len(members):
                    continue  # two units of one coder
                search(tuple(x for x in rest if x not in others), acc + cost(members))

    search(tuple(range(len(units))), 0.0)
    return best


@pytest.mark.parametrize("n_coders", [2, 3, 4])
def test_alignment_is_exact_against_brute_force(n_coders: int) -> None:
    rng = random.Random(n_coders)
    for trial in range(40):
        units = []
        for coder in range(n_coders):
            for _ in range(rng.randint(0, 3)):
                start = rng.randint(0, 30)
                units.append((coder, start, start + rng.randint(1, 12), rng.randint(0, 1)))
        if not units:
            continue
        dis = Dissimilarity(alpha=rng.choice([1.0, 3.0]), beta=1.0, delta_empty=1.0)
        sums = best_alignments(_continua(units, n_coders), dis)
        assert sums.disorder[0] == pytest.approx(_brute_force(units, n_coders, dis), abs=1e-5), (trial, units)


def test_documents_are_separate_continua(tmp_path: Path) -> None:
    # ann codes [0,10) in document 0 only, ben the same span in document 1 only: laid end to end
    # they would align perfectly; as separate continua they are two lone units.
    texts = ["a" * 20, "b" * 20]
    segs = [("ann", "claim", 0, 0, 10), ("ben", "claim", 1, 0, 10)]
    done = [(c, d) for c in ("ann", "ben") for d in (0, 1)]  # both coders looked at both documents
    project, _ = build_project(tmp_path / "p.newscoder", ["ann", "ben"], ["claim"], texts, segs, done)
    with project:
        study = load_study(project)
    assert len(study.documents) == 2
    result = gamma_for_documents(study, [0, 1], (0, 1))
    assert result.unitary_alignments == 2
    assert result.observed == pytest.approx(2.0)  # 2 lone units × delta_empty / (2 units / 2 coders)
    assert result.gamma_cat is None and "pairs no two" in result.gamma_cat_note


def test_identical_coders_and_a_lone_unit(tmp_path: Path) -> None:
    texts = ["x" * 40, "y" * 40]
    segs = [(c, "claim", 0, 2, 9) for c in ("ann", "ben", "cy")]
    segs += [(c, "denial", 0, 20, 30) for c in ("ann", "ben", "cy")]
    segs += [("ann", "claim", 1, 0, 10)]
    done = [("ben", 1)]
    project, _ = build_project(tmp_path / "p.newscoder", ["ann", "ben", "cy"], ["claim", "denial"], texts, segs, done)
    with project:
        study = load_study(project)
    same = gamma_for_documents(study, [0], (0, 1, 2))
    assert (same.gamma, same.gamma_cat, same.observed) == (1.0, 1.0, 0.0)
    # pygamma's edge case: two coders, one unit: gamma <= 0; gamma-cat has no aligned pair
    lone = gamma_for_documents(study, [1], (0, 1))
    assert lone.gamma is not None and lone.gamma <= 0
    assert lone.gamma_cat is None


def test_seed_repeats_and_changes_the_chance_samples(tmp_path: Path) -> None:
    project = _project_from_csv(tmp_path, "AlexPaulSuzan")
    with project:
        study = load_study(project)
    a = gamma_for_documents(study, [0], (0, 1, 2), GammaOptions(seed=5))
    b = gamma_for_documents(study, [0], (0, 1, 2), GammaOptions(seed=5))
    c = gamma_for_documents(study, [0], (0, 1, 2), GammaOptions(seed=6))
    assert a == b
    assert a.expected != c.expected and a.observed == c.observed
    assert a.n_samples == 30 and a.expected_se > 0


def test_resampled_documents_count_as_often_as_drawn(tmp_path: Path) -> None:
    texts = ["p" * 50, "q" * 50]
    segs = [("ann", "claim", 0, 0, 10), ("ben", "claim", 0, 2, 12), ("ann", "claim", 1, 5, 25),
            ("ben", "denial", 1, 30, 40)]
    project, _ = build_project(tmp_path / "p.newscoder", ["ann", "ben"], ["claim", "denial"], texts, segs)
    with project:
        study = load_study(project)
    once = gamma_for_documents(study, [0, 1], (0, 1))
    twice = gamma_for_documents(study, [0, 1, 0, 1], (0, 1))
    skewed = gamma_for_documents(study, [0, 0, 0, 1], (0, 1))
    assert twice.observed == pytest.approx(once.observed) and twice.units == 2 * once.units
    assert skewed.observed != pytest.approx(once.observed)
    per_doc = gamma_per_document(study, [0, 1], (0, 1))
    assert [r.units for r in per_doc] == [2, 2]


def test_too_many_possible_alignments_is_undefined_with_reason(tmp_path: Path, monkeypatch) -> None:
    project = _project_from_csv(tmp_path, "AlexPaulSuzan")
    with project:
        study = load_study(project)
    monkeypatch.setattr(gamma_align, "MAX_CANDIDATES", 30)
    report = compute_report(study)
    row = _row(report, "gamma", tuple(sorted(study.coders)))
    assert row.value is None and "out of reach" in row.note


def test_cli_gamma_rows_samples_and_seed(tmp_path: Path, capsys) -> None:
    project = _project_from_csv(tmp_path, "AlexPaulSuzan")
    project.close()
    path = str(tmp_path / "AlexPaulSuzan.newscoder")
    assert main(["agreement", "-p", path, "--format", "csv", "--gamma-samples", "12", "--gamma-seed", "7"]) == 0
    out = capsys.readouterr().out
    rows = [r for r in csv.DictReader(out.splitlines()) if r["metric"] in ("gamma", "gamma_cat")]
    assert {r["coders"] for r in rows} == {"Alex|Paul|Suzan", "Alex|Paul", "Alex|Suzan", "Paul|Suzan"}
    assert all("12 sampled continua, seed 7" in r["note"] and float(r["value"]) < 1 for r in rows)
    assert main(["agreement", "-p", path, "--gamma-samples", "1"]) != 0
    assert "--gamma-samples must be 2 or more" in capsys.readouterr().err


def test_definitions_define_gamma_with_its_citation() -> None:
    from newscoder.core.agreement import definitions

    text = definitions()
    assert "Gamma (γ) and gamma-cat (γ-cat)" in text
    assert "Mathet, Widlöcher and" in text and "Computational Linguistics* 41(3)" in text
    assert "standard error" in text and "`gamma_cat`" in text


def test_bootstrap_resamples_the_observed_disorder(tmp_path: Path) -> None:
    from newscoder.core.agreement.bootstrap import BootstrapSettings
    from newscoder.core.agreement.gamma_boot import gamma_measures

    texts = ["p" * 50, "q" * 50, "r" * 50]
    segs = [("ann", "claim", 0, 0, 10), ("ben", "claim", 0, 2, 12), ("ann", "claim", 1, 5, 25),
            ("ben", "denial", 1, 30, 40), ("ann", "denial", 2, 0, 30), ("ben", "denial", 2, 0, 28)]
    project, _ = build_project(tmp_path / "p.newscoder", ["ann", "ben"], ["claim", "denial"], texts, segs)
    with project:
        study = load_study(project)
    assert gamma_measures(study) == []  # no report with gamma yet: nothing to resample
    report = compute_report(study, bootstrap=BootstrapSettings(resamples=200, seed=3))
    row = _row(report, "gamma")
    assert row.interval is not None and row.interval.low is not None and row.interval.high is not None
    assert row.interval.low <= row.value <= row.interval.high
    measures = dict(((m, f) for _, m, f in gamma_measures(study)))
    full = gamma_for_documents(study, [0, 1, 2], (0, 1))
    assert measures["gamma"](np.ones((1, 3)))[0] == pytest.approx(row.value)
    drawn = gamma_for_documents(study, [0, 0, 2], (0, 1))  # the same documents, listed
    assert measures["gamma"](np.array([[2.0, 0.0, 1.0]]))[0] == pytest.approx(1 - drawn.observed / full.expected)


def test_per_document_rows_only_when_asked(tmp_path: Path) -> None:
    texts = ["p" * 50, "q" * 50]
    segs = [("ann", "claim", 0, 0, 10), ("ben", "claim", 0, 2, 12), ("ann", "claim", 1, 5, 25),
            ("ben", "denial", 1, 30, 40)]
    project, ids = build_project(tmp_path / "p.newscoder", ["ann", "ben"], ["claim", "denial"], texts, segs)
    with project:
        study = load_study(project)
    assert not [r for r in compute_report(study, by_document=True).rows if r.metric.startswith("gamma")]
    report = compute_report(study, by_document=True, gamma=GammaOptions(per_document=True, n_samples=10))
    rows = [r for r in report.rows if r.metric == "gamma"]
    assert [(r.document_id, r.document_title, r.documents) for r in rows] == [(ids[0], "doc 0000", 1),
                                                                              (ids[1], "doc 0001", 1)]
    alone = gamma_per_document(study, [1], (0, 1), GammaOptions(n_samples=10))[0]
    assert rows[1].value == alone.gamma  # a document's value does not depend on the others listed

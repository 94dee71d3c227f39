"""Bootstrap intervals over documents (Hayes & Krippendorff 2007), through real project files.

The vectorised resampled figures are checked against the slow way: a study made of the drawn
documents (repeats included) and the full report computed on it, resample by resample.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from test_agreement_support import build_project

from newscoder.core.agreement import compute_report, load_study
from newscoder.core.agreement.bootstrap import (
    BootstrapCancelled, BootstrapSettings, draw_chunks, interval, per_resample, register_measures, run_bootstrap,
)
from newscoder.core.agreement.bootstrap import _EXTRA_FACTORIES
from newscoder.core.agreement.resampled import study_measures
from newscoder.core.agreement.study import make_study
from newscoder.core.errors import UserError
from newscoder.core.store import Project

CODES = ["claim", "denial", "source"]


def random_project(tmp_path: Path, n_coders: int, seed: int = 4, n_docs: int = 7) -> Path:
    rng = random.Random(seed)
    coders = [f"c{i}" for i in range(n_coders)]
    texts = [f"{d:02d} " + "word " * rng.randint(8, 20) for d in range(n_docs)]
    segments = []
    for d, text in enumerate(texts):
        for c in coders:
            if d == 1 and c == coders[-1] and n_coders > 2:
                continue  # missing coder on one document: left out of the pooled α_u
            for _ in range(rng.randint(1, 4)):
                s = rng.randrange(0, len(text) - 1)
                segments.append((c, rng.choice(CODES), d, s, rng.randint(s + 1, min(len(text), s + 30))))
    path = tmp_path / f"p{n_coders}.newscoder"
    project, _ = build_project(path, coders, CODES, texts, segments)
    project.close()
    return path


def whole_rows(report, n: int) -> dict[tuple[str, str], float | None]:
    return {(r.code, r.metric): r.value for r in report.rows if len(r.coders) == n}


@pytest.mark.parametrize(("n_coders", "ignore_whitespace"), [(2, False), (3, False), (3, True)])
def test_every_document_once_gives_the_report(tmp_path: Path, n_coders: int, ignore_whitespace: bool) -> None:
    with Project.open(random_project(tmp_path, n_coders)) as project:
        study = load_study(project, ignore_whitespace=ignore_whitespace)
    values = whole_rows(compute_report(study), n_coders)
    ones = np.ones((1, len(study.documents)))
    measures = study_measures(study)
    kappa = "cohen_kappa" if n_coders == 2 else "fleiss_kappa"
    # γ and γ-cat come from the report's own γ computation (gamma_boot)
    assert {m for _, m, _ in measures} == {"alpha_u", "alpha_nominal", kappa, "gamma", "gamma_cat"}
    assert len(measures) == 3 * (1 + len(CODES)) + 2
    for code, metric, measure in measures:
        expected = values[(code, metric)]
        got = measure(ones)[0]
        assert expected is not None and got == pytest.approx(expected, abs=1e-12), (code, metric)


def resampled_study(study, draws: np.ndarray):
    idx = np.repeat(np.arange(draws.size), draws.astype(int))
    u = study.units
    pick = [np.flatnonzero(u.doc == d) for d in idx]
    sel = np.concatenate(pick)
    new_doc = np.concatenate([np.full(p.size, i) for i, p in enumerate(pick)])
    return make_study(study.coders, study.codes, [study.documents[d] for d in idx],
                      (u.coder[sel], u.code[sel], new_doc, u.start[sel], u.end[sel]), study.counts[:, idx])


@pytest.mark.parametrize("n_coders", [2, 3])
def test_each_resample_equals_the_report_on_the_drawn_documents(tmp_path: Path, n_coders: int) -> None:
    with Project.open(random_project(tmp_path, n_coders, seed=9)) as project:
        study = load_study(project)
    draws = next(draw_chunks(len(study.documents), 12, seed=3))
    measures = study_measures(study)
    values = {(code, metric): measure(draws) for code, metric, measure in measures}
    for b in range(draws.shape[0]):
        slow = whole_rows(compute_report(resampled_study(study, draws[b])), n_coders)
        for key, got in values.items():
            if slow[key] is None:
                assert np.isnan(got[b]), key
            else:
                assert got[b] == pytest.approx(slow[key], abs=1e-10), (b, key)


def test_same_seed_same_interval_and_thresholds(tmp_path: Path) -> None:
    with Project.open(random_project(tmp_path, 3)) as project:
        study = load_study(project)
    settings = BootstrapSettings(resamples=300, seed=11, thresholds=(0.0, 0.5, 0.9))
    a = compute_report(study, bootstrap=settings)
    b = compute_report(study, bootstrap=settings)
    c = compute_report(study, bootstrap=BootstrapSettings(resamples=300, seed=12))
    ia = {(r.code, r.metric): r.interval for r in a.rows if r.interval}
    assert ia == {(r.code, r.metric): r.interval for r in b.rows if r.interval}
    assert ia != {(r.code, r.metric): r.interval for r in c.rows if r.interval}
    assert len(ia) == 3 * (1 + len(CODES)) + 2  # and gamma, gamma_cat
    row = next(r for r in a.rows if r.code == "(all)" and r.metric == "alpha_u" and len(r.coders) == 3)
    i = row.interval
    assert i is not None and i.resamples == 300 and i.seed == 11 and i.level == 0.95
    assert [t for t, _ in i.p_below] == [0.0, 0.5, 0.9]
    assert i.low is not None and i.high is not None and i.low <= i.high
    ps = [p for _, p in i.p_below]
    assert ps == sorted(ps) and all(0.0 <= p <= 1.0 for p in ps)
    # pairs and percent agreement carry no interval
    assert all(r.interval is None for r in a.rows if len(r.coders) == 2 or r.metric == "percent_agreement")


def test_interval_is_the_percentile_interval() -> None:
    values = np.array([np.nan, *np.linspace(0.0, 1.0, 101)])
    i = interval(values, BootstrapSettings(resamples=102, thresholds=(0.667, 0.8)))
    assert (i.low, i.high) == pytest.approx((0.025, 0.975))
    assert i.defined == 101 and i.resamples == 102
    assert dict(i.p_below) == {0.667: pytest.approx(67 / 101), 0.8: pytest.approx(80 / 101)}
    empty = interval(np.full(5, np.nan), BootstrapSettings())
    assert empty.low is None and empty.defined == 0 and all(p is None for _, p in empty.p_below)


def test_progress_and_cancel(tmp_path: Path) -> None:
    with Project.open(random_project(tmp_path, 2)) as project:
        study = load_study(project)
    seen: list[tuple[int, int]] = []
    run_bootstrap(len(study.documents), study_measures(study), BootstrapSettings(resamples=100),
                  progress=lambda d, t, _x: seen.append((d, t)))
    assert seen[-1] == (100, 100) and len(seen) == 4 and [d for d, _ in seen] == sorted(d for d, _ in seen)
    calls = iter([False, False, True])
    with pytest.raises(BootstrapCancelled):
        run_bootstrap(len(study.documents), study_measures(study), BootstrapSettings(resamples=1000),
                      cancelled=lambda: next(calls))


def test_a_registered_measure_is_resampled_with_the_same_documents(tmp_path: Path) -> None:
    with Project.open(random_project(tmp_path, 2)) as project:
        study = load_study(project)
    lengths = study.doc_length
    seen: list[np.ndarray] = []

    def total_length(docs: np.ndarray) -> float:  # a measure of the drawn document list
        seen.append(docs)
        return float(lengths[docs].sum())

    def factory(s):
        return [("(all)", "total_length", per_resample(total_length))]

    register_measures(factory)
    try:
        report = compute_report(study, bootstrap=BootstrapSettings(resamples=50, seed=5))
    finally:
        _EXTRA_FACTORIES.remove(factory)
    assert len(seen) == 50 and all(d.size == len(study.documents) for d in seen)
    draws = np.concatenate(list(draw_chunks(len(study.documents), 50, 5)))
    expected = draws @ lengths
    assert [total_length(np.repeat(np.arange(draws.shape[1]), row.astype(int))) for row in draws] == list(expected)
    assert not any(r.metric == "total_length" for r in report.rows)  # γ adds its own rows


def test_bad_settings_are_refused(tmp_path: Path) -> None:
    with Project.open(random_project(tmp_path, 2)) as project:
        study = load_study(project)
    for settings in (
        BootstrapSettings(resamples=0),
        BootstrapSettings(level=1.0),
        BootstrapSettings(thresholds=(2.0,)),
    ):
        with pytest.raises(UserError):
            compute_report(study, bootstrap=settings)

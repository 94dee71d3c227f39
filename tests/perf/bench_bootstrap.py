"""Bootstrap intervals: 1,000 resamples of the documents for α_u, nominal α and κ (overall and per code).

Workloads: the sample project (the five shipped sample articles, three coders) with a target of
≤ 2 s, and W3 (1,000 articles × ~3,000 characters × 3 coders × 30 segments each) with a target of
≤ 10 s. Reference, timed in the same run: the naive bootstrap, i.e. building a study of the drawn
documents (repeats included) and computing the full report for it, for a few resamples; its
per-resample time × 1,000 is the ``naive_estimated_s`` the vectorised run is compared with.
``report_with_bootstrap_s`` is the whole pooled report with the intervals (what the window and
``agreement --bootstrap`` compute); ``report_s`` the same report without them.
``--small``: W3 with 50 articles.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from tests.perf.common import make_synthetic_project, median_time, result

TARGET_SAMPLE_S = 2.0
TARGET_W3_S = 10.0
NAIVE_RESAMPLES = 3


def sample_project(path: Path) -> None:
    """The shipped sample articles, coded at random by three coders (fixed seed)."""
    from newscoder.core import edits
    from newscoder.core.importers import import_paths
    from newscoder.core.paths import sample_articles_dir
    from newscoder.core.store import Project

    rng = random.Random(16)
    with Project.create(path) as project:
        import_paths(project, [sample_articles_dir()])
        codes = [c.id for c in project.codes()]
        for name in ("ann", "ben", "cy"):
            coder = project.ensure_coder(name).id
            for doc in project.documents():
                for _ in range(12):
                    s = rng.randrange(0, doc.length - 50)
                    end = min(doc.length, s + rng.randint(10, 200))
                    edits.apply(project, edits.add_segment(project, doc.id, rng.choice(codes), coder, s, end))


def naive_resample(study: Any, draws: np.ndarray) -> None:
    """One resample the slow way: a study of the drawn documents, and its full report."""
    from newscoder.core.agreement import compute_report
    from newscoder.core.agreement.study import Units, make_study

    idx = np.repeat(np.arange(draws.size), draws.astype(int))
    u = study.units
    pick = [np.flatnonzero(u.doc == d) for d in idx]
    sel = np.concatenate(pick) if pick else np.zeros(0, dtype=np.int64)
    new_doc = np.concatenate([np.full(p.size, i) for i, p in enumerate(pick)]) if pick else sel
    seg = (u.coder[sel], u.code[sel], new_doc, u.start[sel], u.end[sel])
    docs = [study.documents[d] for d in idx]
    resampled = make_study(study.coders, study.codes, docs, seg, study.counts[:, idx])
    assert isinstance(resampled.units, Units)
    compute_report(resampled)


def measure(path: Path) -> dict[str, float]:
    from newscoder.core.agreement import compute_report, load_study
    from newscoder.core.agreement.bootstrap import BootstrapSettings, draw_chunks, run_bootstrap
    from newscoder.core.agreement.resampled import study_measures
    from newscoder.core.store import Project

    with Project.open(path) as project:
        study = load_study(project)
    settings = BootstrapSettings(resamples=1000, seed=7)

    def boot() -> None:
        run_bootstrap(len(study.documents), study_measures(study), settings)

    boot_s = median_time(boot, repeat=3, warmup=1)
    report_s = median_time(lambda: compute_report(study), repeat=3)
    with_boot_s = median_time(lambda: compute_report(study, bootstrap=settings), repeat=3)
    draws = next(draw_chunks(len(study.documents), NAIVE_RESAMPLES, 7))
    naive_s = median_time(lambda: [naive_resample(study, d) for d in draws], repeat=1) / NAIVE_RESAMPLES
    return {"bootstrap_s": boot_s, "report_s": report_s, "report_with_bootstrap_s": with_boot_s,
            "naive_per_resample_s": naive_s, "naive_estimated_s": naive_s * 1000, "documents": len(study.documents)}


def run(small: bool) -> list[dict[str, Any]]:
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.newscoder"
        sample_project(sample)
        got = measure(sample)
        out.append(result("bootstrap 1000 resamples, sample project (5 articles x 3 coders)",
                          median_s=got["bootstrap_s"], target_s=TARGET_SAMPLE_S, **got))
        n_docs = 50 if small else 1000
        w3 = Path(tmp) / "w3.newscoder"
        make_synthetic_project(w3, n_docs=n_docs, chars=3000, coders=3, segs_per_coder=30, seed=3)
        got = measure(w3)
        out.append(result(f"bootstrap 1000 resamples, {n_docs} docs x 3000 chars x 3 coders x 30 segs",
                          median_s=got["bootstrap_s"], target_s=TARGET_W3_S, **got))
    return out

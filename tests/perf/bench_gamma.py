"""γ on the W3 workload: 1,000 articles × ~3,000 characters × 3 coders × 30 segments each.

Target: γ and γ-cat of the three coders together (exact best alignment of every document,
30 sampled chance continua) ≤ 5 s. The reference timed in the same run is the rest of the
agreement report on the same study (α_u, character-level α/κ, F1: ``compute_report`` without
γ). ``report_gamma_rows_s`` is every γ row of the pooled report (the three coders and each
pair). ``cpu_s`` is this process's CPU time for γ, which the other processes on a shared
machine do not inflate. ``--small``: 50 articles.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from tests.perf.common import make_synthetic_project, median_time, result

TARGET_S = 5.0


def run(small: bool) -> dict[str, Any]:
    from newscoder.core.agreement import compute_report, load_study
    from newscoder.core.agreement.gamma import GammaOptions, gamma_for_documents, gamma_rows
    from newscoder.core.store import Project

    n_docs = 50 if small else 1000
    repeat = 3
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.newscoder"
        counts = make_synthetic_project(path, n_docs=n_docs, chars=3000, coders=3, segs_per_coder=30, seed=3)
        with Project.open(path) as project:
            study = load_study(project)
    docs = range(len(study.documents))
    coders = (0, 1, 2)
    options = GammaOptions()

    cpu: list[float] = []

    def gamma() -> None:
        start = time.process_time()
        gamma_for_documents(study, docs, coders, options)
        cpu.append(time.process_time() - start)

    gamma_s = median_time(gamma, repeat=repeat)
    reference_s = median_time(lambda: compute_report(study, gamma=None), repeat=repeat)
    rows_s = median_time(
        lambda: [gamma_rows(study, s, False, options) for s in [(0, 1, 2), (0, 1), (0, 2), (1, 2)]], repeat=1
    )
    value = gamma_for_documents(study, docs, coders, options)
    return result(
        f"gamma {n_docs} docs x 3000 chars x 3 coders x 30 segs",
        median_s=gamma_s,
        target_s=TARGET_S,
        cpu_s=sorted(cpu)[len(cpu) // 2],
        reference_report_without_gamma_s=reference_s,
        report_gamma_rows_s=rows_s,
        gamma=value.gamma,
        gamma_cat=value.gamma_cat,
        expected_se=value.expected_se,
        units=value.units,
        unitary_alignments=value.unitary_alignments,
        documents=counts["documents"],
        segments=counts["segments"],
    )

"""Agreement: the full report on 1,000 articles × ~3,000 characters × 3 coders × 30 segments each.

Targets: the full report (load + every metric but γ, pooled) ≤ 1 s (γ has its own
benchmark, ``bench_gamma``); character-level α within 2×
of calling ``krippendorff.alpha`` directly on the same unit matrix (both timed in this run;
``krippendorff.alpha`` needs an (N, V, V) array, so on the full workload the comparison uses
the first units that keep it under ~2 GB; ``alpha_units`` says how many).
``--small``: 50 articles.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from tests.perf.common import make_synthetic_project, median_time, result

TARGET_S = 1.0
TARGET_ALPHA_RATIO = 2.0


def run(small: bool) -> dict[str, Any]:
    import krippendorff

    from newscoder.core.agreement import compute_report, load_study
    from newscoder.core.agreement import charlevel
    from newscoder.core.store import Project

    n_docs = 50 if small else 1000
    repeat = 3 if small else 5
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.newscoder"
        counts = make_synthetic_project(path, n_docs=n_docs, chars=3000, coders=3, segs_per_coder=30, seed=3)

        def full(by_document: bool = False, ignore_whitespace: bool = False) -> None:
            with Project.open(path) as project:
                study = load_study(project, ignore_whitespace=ignore_whitespace)
            compute_report(study, by_document=by_document, gamma=None)

        with Project.open(path) as project:
            study = load_study(project)
        report_s = median_time(full, repeat=repeat, warmup=1)
        by_doc_s = median_time(lambda: full(by_document=True), repeat=repeat)
        ws_s = median_time(lambda: full(ignore_whitespace=True), repeat=repeat)
        load_s = median_time(lambda: load_study(Project.open(path)), repeat=repeat)

        # character-level alpha on the overall (code-set) unit matrix: ours vs krippendorff.alpha
        length = study.doc_length
        doc_of_char = np.repeat(np.arange(length.size), length)
        values, _ = charlevel.compact(charlevel.code_words(study), len(study.codes))
        matrix = np.where(study.counts[:, doc_of_char], values, -1)
        # krippendorff.alpha builds an (N, V, V) float array: keep it under ~2 GB by comparing on
        # the first units only (both implementations get the very same matrix)
        n_values = int(values.max(initial=0)) + 1
        limit = int(2e9 // (8 * 4 * n_values * n_values))
        matrix = matrix[:, :limit]
        reliability = np.where(matrix >= 0, matrix, np.nan).astype(np.float64)
        ours_s = median_time(lambda: charlevel.alpha_from_matrix(matrix), repeat=repeat)
        theirs_s = median_time(
            lambda: krippendorff.alpha(reliability_data=reliability, level_of_measurement="nominal"), repeat=repeat
        )
        ours = charlevel.alpha_from_matrix(matrix)
        theirs = float(krippendorff.alpha(reliability_data=reliability, level_of_measurement="nominal"))
    return result(
        f"agreement {n_docs} docs x 3000 chars x 3 coders x 30 segs",
        median_s=report_s,
        target_s=TARGET_S,
        by_document_median_s=by_doc_s,
        ignore_whitespace_median_s=ws_s,
        load_median_s=load_s,
        alpha_ours_s=ours_s,
        alpha_krippendorff_s=theirs_s,
        alpha_ratio=ours_s / theirs_s,
        alpha_ratio_target=TARGET_ALPHA_RATIO,
        alpha_ok=ours_s / theirs_s <= TARGET_ALPHA_RATIO,
        alpha_difference=abs((ours or 0.0) - theirs),
        alpha_units=int(matrix.shape[1]),
        documents=counts["documents"],
        segments=counts["segments"],
    )

"""γ and γ-cat in the bootstrap (:mod:`bootstrap`): resampled documents, per-document sums.

A resample draws the study's documents with replacement; a document drawn k times counts
k times. The observed disorders are sums over documents (the best alignment of each
document does not depend on the others), so a resample's observed disorder is a matrix
product of the draw counts with the per-document sums. The expected (chance) disorder
stays the study's estimate: re-estimating it would need new sampled continua and their
alignments on every resample. The figures are those of the last report computed on the
study (same options, same seed); without γ rows in the report there is nothing to resample.
"""

from __future__ import annotations

import numpy as np

from newscoder.core.agreement.bootstrap import Measure, register_measures
from newscoder.core.agreement.gamma import remembered_parts
from newscoder.core.agreement.study import Study

ALL = "(all)"


def gamma_measures(study: Study) -> list[tuple[str, str, Measure]]:
    parts = remembered_parts(study)
    if parts is None:
        return []
    n = len(study.coders)
    n_docs = len(study.documents)
    result = parts.result

    def per_document(values: np.ndarray) -> np.ndarray:
        out = np.zeros(n_docs)
        out[parts.documents] = values
        return out

    obs = parts.observed
    units, disorder = per_document(obs.units), per_document(obs.disorder)
    cat_d, cat_w, cat_p = per_document(obs.cat_disorder), per_document(obs.cat_weight), per_document(obs.cat_pairs)
    expected, expected_cat = result.expected, result.expected_cat

    def gamma(draws: np.ndarray) -> np.ndarray:
        u = draws @ units
        with np.errstate(divide="ignore", invalid="ignore"):
            observed = (draws @ disorder) / (u / n)
            value = np.where(observed == 0, 1.0, 1.0 - observed / expected)
        ok = (u > 0) & np.isfinite(expected) & (expected > 0)
        return np.where(ok, value, np.nan)

    def gamma_cat(draws: np.ndarray) -> np.ndarray:
        d, w, p = draws @ cat_d, draws @ cat_w, draws @ cat_p
        with np.errstate(divide="ignore", invalid="ignore"):
            observed = np.where(d == 0, 0.0, d / w)
            value = np.where(observed == 0, 1.0, 1.0 - observed / expected_cat)
        ok = (p > 0) & np.isfinite(expected_cat) & (expected_cat > 0)
        return np.where(ok, value, np.nan)

    return [(ALL, "gamma", gamma), (ALL, "gamma_cat", gamma_cat)]


register_measures(gamma_measures)

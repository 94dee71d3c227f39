"""The built-in figures as functions of resampled documents (for the bootstrap).

Each figure is rebuilt from per-document sufficient statistics weighted by how
often each document was drawn (``w``, a row of the (b, D) draw matrix): a
document drawn twice counts as two documents. For the whole selection of
coders, pooled, exactly as :func:`~newscoder.core.agreement.report.compute_report`
defines them; with every weight 1 they give the report's values (a test
checks this, and checks a resample against a study with repeated documents).

* nominal α, Cohen's κ, Fleiss' κ: value counts and agreeing pairs per
  document are additive, so every resample is a matrix product;
* α_u: D_o and the within-unit part of D_e are additive; the gap part of D_e
  pairs every unit with every longer gap of the code *across documents*, so
  it is computed per resample with a weighted cumulative sum over the gaps
  sorted by length (one pass per chunk of resamples).
"""

from __future__ import annotations

import numpy as np

from newscoder.core.agreement import charlevel
from newscoder.core.agreement.bootstrap import Measure, extra_factories
from newscoder.core.agreement.study import Study
from newscoder.core.agreement.unitizing import _gaps, unitizing_disagreements

ALL = "(all)"


def _per_doc(group: np.ndarray, values: np.ndarray, weight: np.ndarray, n_docs: int, n_values: int) -> np.ndarray:
    """(D, V) weighted counts of ``values`` (>= 0) per document."""
    return np.bincount(group * n_values + values, weights=weight, minlength=n_docs * n_values).reshape(n_docs, n_values)


def _char_measures(
    study: Study, table: charlevel.PatternTable, v: np.ndarray, n_values: int, code: str
) -> list[tuple[str, str, Measure]]:
    D, m = len(study.documents), v.shape[1]
    present = v >= 0
    m_u = present.sum(axis=1).astype(np.float64)
    agree = charlevel._agreeing_pairs(v, present)
    g, w = table.group, table.weight

    pair = m_u >= 2
    n_d = np.bincount(g[pair], weights=w[pair] * m_u[pair], minlength=D)
    matched_d = np.bincount(g[pair], weights=w[pair] * agree[pair] / (m_u[pair] - 1), minlength=D)
    counts_d = np.zeros((D, n_values))
    for r in range(m):
        ok = pair & present[:, r]
        counts_d += _per_doc(g[ok], v[ok, r], w[ok], D, n_values)

    def alpha(draws: np.ndarray) -> np.ndarray:
        n, matched, counts = draws @ n_d, draws @ matched_d, draws @ counts_d
        de_num = n * (n - 1) - (counts * (counts - 1)).sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            value = 1.0 - (n - matched) / n * (n * (n - 1)) / de_num
        return np.where((n > 0) & (de_num > 0), value, np.nan)

    full = m_u == m
    nf_d = np.bincount(g[full], weights=w[full], minlength=D)
    out: list[tuple[str, str, Measure]] = [(code, "alpha_nominal", alpha)]
    if m == 2:
        agree_d = np.bincount(g[full], weights=w[full] * agree[full] / 2.0, minlength=D)
        c1_d = _per_doc(g[full], v[full, 0], w[full], D, n_values)
        c2_d = _per_doc(g[full], v[full, 1], w[full], D, n_values)

        def cohen(draws: np.ndarray) -> np.ndarray:
            n, p = draws @ nf_d, draws @ agree_d
            chance = ((draws @ c1_d) * (draws @ c2_d)).sum(axis=1)
            with np.errstate(divide="ignore", invalid="ignore"):
                pe = chance / n**2
                value = (p / n - pe) / (1.0 - pe)
            return np.where((n > 0) & (chance < n**2), value, np.nan)

        out.append((code, "cohen_kappa", cohen))
    else:
        pbar_d = np.bincount(g[full], weights=w[full] * agree[full] / (m * (m - 1)), minlength=D)
        cf_d = np.zeros((D, n_values))
        for r in range(m):
            cf_d += _per_doc(g[full], v[full, r], w[full], D, n_values)

        def fleiss(draws: np.ndarray) -> np.ndarray:
            n, total = draws @ nf_d, (draws @ nf_d) * m
            sq = ((draws @ cf_d) ** 2).sum(axis=1)
            with np.errstate(divide="ignore", invalid="ignore"):
                pe = sq / total**2
                value = ((draws @ pbar_d) / n - pe) / (1.0 - pe)
            return np.where((n > 0) & (sq < total**2), value, np.nan)

        out.append((code, "fleiss_kappa", fleiss))
    return out


def charlevel_measures(study: Study) -> list[tuple[str, str, Measure]]:
    """Nominal α and κ (Cohen's for two coders, else Fleiss'), overall and per code."""
    table = charlevel.study_patterns(study, by_document=True)
    out = _char_measures(study, table, table.values, table.n_values, ALL)
    for k, code in enumerate(study.codes):
        out += _char_measures(study, table, table.code_values(k), 2, code)
    return out


def alpha_u_measures(study: Study) -> list[tuple[str, str, Measure]]:
    """α_u overall and per code, on the drawn documents that count for every coder."""
    D, C, m = len(study.documents), len(study.codes), len(study.coders)
    length = study.doc_length
    every = np.asarray(study.counts.all(axis=0), dtype=bool)
    group = np.where(every, np.arange(D), -1)
    units = study.units.where(every[study.units.doc])
    sums = unitizing_disagreements(length, study.counts, units, C, group, D)
    flen = length.astype(np.float64)
    observed = sums.observed * (m * (m - 1) * flen**2 / 2.0)[:, None]  # raw Σδ² per (doc, code)
    observed[~every] = 0.0
    ulen = (units.end - units.start).astype(np.float64)
    n_units = np.bincount(units.doc * C + units.code, minlength=D * C).reshape(D, C).astype(np.float64)
    within = np.bincount(units.doc * C + units.code, weights=(2 * ulen**3 - 3 * ulen**2 + ulen) / 3.0,
                         minlength=D * C).reshape(D, C)
    self_pairs = np.bincount(units.doc * C + units.code, weights=ulen * (ulen - 1.0), minlength=D * C).reshape(D, C)
    doc_len = np.where(every, flen, 0.0)

    g_code, g_doc, g_len = _gaps(length, study.counts, units, C, group)
    order = np.lexsort((g_len, g_code))
    g_code, g_doc, g_len = g_code[order], g_doc[order], g_len[order].astype(np.float64)
    code_end = np.searchsorted(g_code, np.arange(C), side="right")
    stride = float(length.max(initial=0) + 2)
    key = g_code * stride + g_len
    lo = np.searchsorted(key, units.code * stride + ulen, side="left")
    hi = code_end[units.code]
    onehot = np.zeros((len(units), C))
    onehot[np.arange(len(units)), units.code] = 1.0
    u_weight = (ulen**2)[:, None] * onehot  # (U, C)

    def gap_term(draws: np.ndarray) -> np.ndarray:
        """(b, C): Σ_units w_u l² Σ_{gaps h ≥ l of the code} w_h (h - l + 1)."""
        wg = draws[:, g_doc]
        zero = np.zeros((draws.shape[0], 1))
        cum_h = np.concatenate([zero, np.cumsum(wg * (g_len + 1.0), axis=1)], axis=1)
        cum_n = np.concatenate([zero, np.cumsum(wg, axis=1)], axis=1)
        s = (cum_h[:, hi] - cum_h[:, lo]) - ulen * (cum_n[:, hi] - cum_n[:, lo])
        return (draws[:, units.doc] * s) @ u_weight

    cache: dict[int, np.ndarray] = {}

    def sums_for(draws: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(D_o, D_e, N) as (b, C) arrays for these draws (cached for the chunk)."""
        if cache.get(-1) is not draws:
            L = draws @ doc_len
            n = draws @ n_units
            numerator = (n - 1.0) * (draws @ within) + gap_term(draws)
            denominator = m * L * (m * L - 1.0)
            with np.errstate(divide="ignore", invalid="ignore"):
                d_o = 2.0 * (draws @ observed) / (m * (m - 1) * L**2)[:, None]
                d_e = 2.0 / L[:, None] * numerator / (denominator[:, None] - draws @ self_pairs)
            cache.clear()
            cache[-1] = draws
            cache[0], cache[1], cache[2] = d_o, d_e, n
        return cache[0], cache[1], cache[2]

    def overall(draws: np.ndarray) -> np.ndarray:
        d_o, d_e, n = sums_for(draws)
        ok = np.isfinite(d_e) & (n > 0)
        so, se = np.where(ok, d_o, 0.0).sum(axis=1), np.where(ok, d_e, 0.0).sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where((n.sum(axis=1) > 0) & (se > 0), 1.0 - so / se, np.nan)

    def one(k: int) -> Measure:
        def measure(draws: np.ndarray) -> np.ndarray:
            d_o, d_e, n = sums_for(draws)
            with np.errstate(divide="ignore", invalid="ignore"):
                return np.where((n[:, k] > 0) & (d_e[:, k] > 0), 1.0 - d_o[:, k] / d_e[:, k], np.nan)
        return measure

    return [(ALL, "alpha_u", overall)] + [(code, "alpha_u", one(k)) for k, code in enumerate(study.codes)]


def study_measures(study: Study) -> list[tuple[str, str, Measure]]:
    """Every resampled figure of the whole selection: α_u, nominal α, κ, and registered extras (γ)."""
    measures = alpha_u_measures(study) + charlevel_measures(study)
    for factory in extra_factories():
        measures += factory(study)
    return measures

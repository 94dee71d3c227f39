"""Character-level coding agreement: every character is a unit.

Per code, a unit's value is present/absent; overall, its value is the set of
codes covering it (the empty set: uncoded). A coder who does not count for a
document is *missing* on its units. The figures:

* percent agreement: Krippendorff's observed agreement A_o = 1 - D_o;
* Krippendorff's α (nominal, missing data allowed) = 1 - D_o / D_e, from the
  coincidences;
* Cohen's κ (two coders) and Fleiss' κ, on units where every coder counts;
* Gwet's AC1 and Brennan–Prediger's coefficient, missing data allowed.

All of them are sums over units of a function of the unit's column of values,
so units are first collapsed into a table of distinct (group, values) patterns
with a weight each; every figure, for every code and coder pair, is then
computed on that small table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from newscoder.core.agreement.study import Study

#: Codes per int64 word of the code-set bitmask (bincount weights stay exact).
BITS = 52

NO_PAIRABLE = "no unit is coded by two or more coders (no pairable values)"
NO_VARIATION = "every value is the same (a single category): no variation, so it is undefined"
NO_COMMON = "no unit where every one of these coders counts"


@dataclass(frozen=True, eq=False)
class GroupResult:
    """One metric for every group: value (NaN when undefined), reason, unit count."""

    value: np.ndarray  # (G,) float
    reason: list[str]  # '' when defined
    units: np.ndarray  # (G,) int


@dataclass(frozen=True, eq=False)
class PatternTable:
    """Distinct unit columns: ``values[k, r]`` (-1 = missing), their group and weight."""

    values: np.ndarray  # (K, m) int64
    group: np.ndarray  # (K,) int64
    weight: np.ndarray  # (K,) float64: how many units have this pattern
    n_groups: int
    member: np.ndarray  # (V, n_codes) bool: does value v's code set contain code k?

    @property
    def n_values(self) -> int:
        return int(self.member.shape[0])

    def code_values(self, code: int) -> np.ndarray:
        """Present (1) / absent (0) of one code, -1 where missing."""
        v = self.values
        return np.where(v >= 0, self.member[np.maximum(v, 0), code], -1)


def code_words(study: Study) -> list[np.ndarray]:
    """Per coder and character (documents end to end): bitmask words of the codes covering it."""
    length = study.doc_length
    total = int(length.sum())
    offset = np.cumsum(length) - length
    n_coders = len(study.coders)
    u = study.units
    words = []
    for w in range(max(1, -(-len(study.codes) // BITS))):
        sel = (u.code // BITS) == w
        weight = np.ldexp(1.0, (u.code[sel] % BITS).astype(np.int32))
        base = u.coder[sel] * (total + 1) + offset[u.doc[sel]]
        size = n_coders * (total + 1)
        diff = np.bincount(base + u.start[sel], weights=weight, minlength=size)
        diff -= np.bincount(base + u.end[sel], weights=weight, minlength=size)
        words.append(np.cumsum(diff.astype(np.int64).reshape(n_coders, total + 1), axis=1)[:, :total])
    return words


def compact(words: list[np.ndarray], n_codes: int) -> tuple[np.ndarray, np.ndarray]:
    """Value codes 0..V-1 for the code sets, and the (V, n_codes) membership matrix."""
    if len(words) == 1:
        w = words[0]
        top = int(w.max(initial=0))
        if top < 1 << 20:
            seen = np.bincount(w.ravel(), minlength=top + 1) > 0
            lut = np.cumsum(seen) - 1
            uniq = np.flatnonzero(seen)[:, None]
            values = lut[w]
        else:
            uniq_1d, inverse = np.unique(w, return_inverse=True)
            uniq, values = uniq_1d[:, None], inverse.reshape(w.shape)
    else:
        stacked = np.stack([x.ravel() for x in words], axis=1)
        uniq, inverse = np.unique(stacked, axis=0, return_inverse=True)
        values = inverse.reshape(words[0].shape)
    codes = np.arange(n_codes)
    member = ((uniq[:, codes // BITS] >> (codes % BITS)) & 1).astype(bool)
    return values, member


def patterns(
    values: np.ndarray, present: np.ndarray, group: np.ndarray, n_groups: int, member: np.ndarray
) -> PatternTable:
    """Collapse units (columns of ``values``; ``present`` False = missing) into weighted patterns."""
    m, n = values.shape
    V = member.shape[0]
    base = V + 1
    if n == 0:
        return PatternTable(np.zeros((0, m), np.int64), np.zeros(0, np.int64), np.zeros(0), n_groups, member)
    if base**m * n_groups < 2**62:
        key = group.astype(np.int64) * base**m
        for r in range(m):
            key += np.where(present[r], values[r] + 1, 0).astype(np.int64) * base**r
        size = base**m * n_groups
        if size <= max(4 * n, 1 << 16):
            weight = np.bincount(key, minlength=size)
            uniq = np.flatnonzero(weight)
            weight = weight[uniq]
        else:
            uniq, weight = np.unique(key, return_counts=True)
        g, rest = np.divmod(uniq, base**m)
        cols = np.stack([(rest // base**r) % base - 1 for r in range(m)], axis=1)
    else:
        rows = np.vstack([group[None, :], np.where(present, values, -1)])
        uniq2, weight = np.unique(rows, axis=1, return_counts=True)
        g, cols = uniq2[0], uniq2[1:].T
    return PatternTable(cols.astype(np.int64), g.astype(np.int64), weight.astype(np.float64), n_groups, member)


def _agreeing_pairs(v: np.ndarray, present: np.ndarray) -> np.ndarray:
    """Per pattern: ordered pairs of coders who both count and give the same value."""
    agree = np.zeros(v.shape[0])
    for i in range(v.shape[1]):
        for j in range(i + 1, v.shape[1]):
            agree += 2.0 * (present[:, i] & present[:, j] & (v[:, i] == v[:, j]))
    return agree


def _value_counts(
    v: np.ndarray, present: np.ndarray, group: np.ndarray, weight: np.ndarray, G: int, V: int
) -> np.ndarray:
    """(G, V): weighted count of each value given on these patterns."""
    out = np.zeros(G * V)
    for r in range(v.shape[1]):
        ok = present[:, r]
        out += np.bincount(group[ok] * V + v[ok, r], weights=weight[ok], minlength=G * V)
    return out.reshape(G, V)


def coding_metrics(
    v: np.ndarray, group: np.ndarray, weight: np.ndarray, n_groups: int, n_values: int,
    required: np.ndarray, cohen: bool,
) -> dict[str, GroupResult]:
    """Percent agreement, nominal α, Fleiss' κ (and Cohen's κ) per group, from weighted patterns.

    ``v``: (K, m) values, -1 missing. ``required[g]``: the coders a unit of group g
    needs for the κ statistics (those who count for the group's documents).
    """
    G, V = n_groups, n_values
    present = v >= 0
    m_u = present.sum(axis=1).astype(np.float64)
    agree = _agreeing_pairs(v, present)
    out: dict[str, GroupResult] = {}

    pairable = m_u >= 2
    g, w = group[pairable], weight[pairable]
    n = np.bincount(g, weights=w * m_u[pairable], minlength=G)
    n_units = np.bincount(g, weights=w, minlength=G)
    matched = np.bincount(g, weights=w * agree[pairable] / (m_u[pairable] - 1), minlength=G)
    counts = _value_counts(v[pairable], present[pairable], g, w, G, V)
    de_num = n * (n - 1) - (counts * (counts - 1)).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        d_o = (n - matched) / n
        alpha = 1.0 - d_o * (n * (n - 1)) / de_num
    none = n_units == 0
    flat = de_num <= 0
    units = n_units.astype(np.int64)
    out["percent_agreement"] = GroupResult(
        np.where(none, np.nan, 1.0 - d_o), [NO_PAIRABLE if x else "" for x in none], units
    )
    out["alpha_nominal"] = GroupResult(
        np.where(none | flat, np.nan, alpha),
        [NO_PAIRABLE if x else NO_VARIATION if f else "" for x, f in zip(none, flat, strict=True)],
        units,
    )

    out.update(chance_free_metrics(v, present, m_u, agree, group, weight, G, V))

    req = required[group]
    full = (m_u == req) & (req >= 2)
    g, w = group[full], weight[full]
    n_full = np.bincount(g, weights=w, minlength=G)
    counts = _value_counts(v[full], present[full], g, w, G, V)
    total = n_full * required
    none = n_full == 0
    units = n_full.astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        p_bar = np.bincount(g, weights=w * agree[full] / (m_u[full] * (m_u[full] - 1)), minlength=G) / n_full
        p_e = (counts**2).sum(axis=1) / total**2
        fleiss = (p_bar - p_e) / (1.0 - p_e)
    flat = (counts**2).sum(axis=1) >= total**2
    out["fleiss_kappa"] = GroupResult(
        np.where(none | flat, np.nan, fleiss),
        [NO_COMMON if x else NO_VARIATION if f else "" for x, f in zip(none, flat, strict=True)],
        units,
    )
    if cohen:
        vf = v[full]
        c1 = np.bincount(g * V + vf[:, 0], weights=w, minlength=G * V).reshape(G, V)
        c2 = np.bincount(g * V + vf[:, 1], weights=w, minlength=G * V).reshape(G, V)
        chance = (c1 * c2).sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            p_o = np.bincount(g, weights=w * agree[full] / 2.0, minlength=G) / n_full
            kappa = (p_o - chance / n_full**2) / (1.0 - chance / n_full**2)
        flat = chance >= n_full**2
        out["cohen_kappa"] = GroupResult(
            np.where(none | flat, np.nan, kappa),
            [NO_COMMON if x else NO_VARIATION if f else "" for x, f in zip(none, flat, strict=True)],
            units,
        )
    return out


def chance_free_metrics(
    v: np.ndarray, present: np.ndarray, m_u: np.ndarray, agree: np.ndarray,
    group: np.ndarray, weight: np.ndarray, G: int, V: int,
) -> dict[str, GroupResult]:
    """Gwet's AC1 (Gwet 2008) and Brennan–Prediger (1981), missing data allowed, as ``irrCAC``.

    p_a is averaged over units rated by two or more coders; Gwet's π_k over units
    rated by one or more (each unit's share r_ik / r_i); the categories are the
    values observed (q of them): p_e(AC1) = Σ π_k(1-π_k)/(q-1), p_e(BP) = 1/q.
    """
    rated = m_u >= 1
    pairable = m_u >= 2
    g, w = group[pairable], weight[pairable]
    n2 = np.bincount(g, weights=w, minlength=G)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = agree[pairable] / (m_u[pairable] * (m_u[pairable] - 1))
        p_a = np.bincount(g, weights=w * share, minlength=G) / n2
    gr, wr = group[rated], weight[rated]
    n1 = np.bincount(gr, weights=wr, minlength=G)
    pi = np.zeros(G * V)
    for r in range(v.shape[1]):
        ok = present[rated, r]
        pi += np.bincount(gr[ok] * V + v[rated][ok, r], weights=(wr / m_u[rated])[ok], minlength=G * V)
    with np.errstate(divide="ignore", invalid="ignore"):
        pi = pi.reshape(G, V) / n1[:, None]
        q = (pi > 0).sum(axis=1).astype(np.float64)
        pe_ac1 = (pi * (1.0 - pi)).sum(axis=1) / (q - 1.0)
        pe_bp = 1.0 / q
        ac1 = (p_a - pe_ac1) / (1.0 - pe_ac1)
        bp = (p_a - pe_bp) / (1.0 - pe_bp)
    none = n2 == 0
    flat = q < 2
    reasons = [NO_PAIRABLE if x else NO_VARIATION if f else "" for x, f in zip(none, flat, strict=True)]
    units = n1.astype(np.int64)
    return {
        "gwet_ac1": GroupResult(np.where(none | flat, np.nan, ac1), reasons, units),
        "brennan_prediger": GroupResult(np.where(none | flat, np.nan, bp), list(reasons), units),
    }


def study_patterns(study: Study, by_document: bool, *, fast: bool = True) -> PatternTable:
    """The pattern table of the whole study (all selected coders), pooled or one group per document.

    The fast path builds every unit's pattern key as one cumulative sum: a key is
    ``group·B^m + Σ_r B^r·(1 + code-set bitmask of coder r)`` (0 for a missing
    coder), with ``B = 2^codes + 1``; segments and document boundaries add and
    remove their share of it. The general path (many codes or coders) builds
    the coder × unit matrix first.
    """
    length = study.doc_length
    n_docs, m, n_codes = length.size, len(study.coders), len(study.codes)
    n_groups = n_docs if by_document else 1
    base = 2**n_codes + 1
    if not fast or n_codes > BITS or base**m * n_groups >= 2**52:
        return _general_patterns(study, by_document)
    total = int(length.sum())
    offset = np.cumsum(length) - length
    power = np.array([float(base**r) for r in range(m)])
    doc_w = study.counts.T.astype(np.float64) @ power
    if by_document:
        doc_w += np.arange(n_docs, dtype=np.float64) * float(base**m)
    u = study.units
    seg_w = power[u.coder] * np.ldexp(1.0, u.code.astype(np.int32))
    where = np.concatenate([offset, offset + length, offset[u.doc] + u.start, offset[u.doc] + u.end])
    weights = np.concatenate([doc_w, -doc_w, seg_w, -seg_w])
    key = np.rint(np.cumsum(np.bincount(where, weights=weights, minlength=total + 1))[:total]).astype(np.int64)
    if study.keep is not None:
        key = key[study.keep]
    size = base**m * n_groups
    if size <= 4 * key.size + (1 << 16):
        weight = np.bincount(key, minlength=size)
        uniq = np.flatnonzero(weight)
        weight = weight[uniq]
    else:
        uniq, weight = np.unique(key, return_counts=True)
    group, rest = np.divmod(uniq, base**m)
    raw = np.stack([(rest // base**r) % base - 1 for r in range(m)], axis=1).reshape(-1, m)
    sets = np.unique(raw[raw >= 0])
    values = np.where(raw >= 0, np.searchsorted(sets, np.maximum(raw, 0)), -1)
    codes = np.arange(n_codes)
    member = ((sets[:, None] >> codes) & 1).astype(bool)
    return PatternTable(values.astype(np.int64), group.astype(np.int64), weight.astype(np.float64), n_groups, member)


def _general_patterns(study: Study, by_document: bool) -> PatternTable:
    length = study.doc_length
    doc_of_char = np.repeat(np.arange(length.size), length)
    values, member = compact(code_words(study), len(study.codes))
    present = study.counts[:, doc_of_char]
    if study.keep is not None:
        values, present, doc_of_char = values[:, study.keep], present[:, study.keep], doc_of_char[study.keep]
    group = doc_of_char if by_document else np.zeros(doc_of_char.size, dtype=np.int64)
    return patterns(values, present, group, length.size if by_document else 1, member)


def alpha_from_matrix(matrix: np.ndarray) -> float | None:
    """Nominal α of a (coders, units) matrix of non-negative integer values, -1 = missing."""
    matrix = np.asarray(matrix, dtype=np.int64)
    present = matrix >= 0
    values = np.where(present, matrix, 0)
    top = int(values.max(initial=0))
    if top < 1 << 20:
        seen = np.bincount(values.ravel(), minlength=top + 1) > 0
        values = (np.cumsum(seen) - 1)[values]
        n_values = int(seen.sum())
    else:
        uniq, inverse = np.unique(values, return_inverse=True)
        values, n_values = inverse.reshape(matrix.shape), int(uniq.size)
    member = np.zeros((n_values, 0), dtype=bool)
    table = patterns(values, present, np.zeros(matrix.shape[1], dtype=np.int64), 1, member)
    res = coding_metrics(
        table.values, table.group, table.weight, 1, table.n_values, np.array([matrix.shape[0]]), False
    )["alpha_nominal"]
    return None if res.reason[0] else float(res.value[0])

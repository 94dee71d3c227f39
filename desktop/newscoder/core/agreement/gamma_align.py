"""γ's best alignment, exactly, for many continua at once (Mathet, Widlöcher & Métivier 2015).

A *continuum* is one document (or one sampled document) coded by ``n`` coders. Its
units are the coders' segments. A *unitary alignment* takes at most one unit of each
coder (an empty place stands for "this coder has no unit here"); an *alignment* is a
partition of all the units into unitary alignments. The dissimilarity of two units is
the combined one of pygamma-agreement::

    d(u, v) = alpha * ((|s_u - s_v| + |e_u - e_v|) / (len_u + len_v))**2 * delta_empty
              + beta * [category_u != category_v] * delta_empty

and a unitary alignment's disorder is the mean of ``d`` over its C(n, 2) pairs of places,
a pair with an empty place costing ``delta_empty``. The best alignment minimises the sum
of the unitary disorders.

Exactness: a unitary alignment ``T`` is never needed in a best alignment if moving one of
its units ``x`` out on its own costs no more (``sum_y d(x, y) >= (C(n,2) + |T| - 1) *
delta_empty``), so such candidates are dropped; every other candidate stays. Units that
share no candidate are independent, so the problem splits into connected components.
Two coders: a linear assignment per component. More: set partitioning, solved exactly
with HiGHS (see :mod:`gamma_solve`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from newscoder.core.agreement.gamma_solve import solve_many, solve_two

#: more candidate unitary alignments × coders than this (many coders on one passage): refuse
MAX_CANDIDATES = 16_000_000
#: continua are aligned in chunks of about this many units (bounds the memory)
CHUNK_UNITS = 20_000


class TooManyAlignments(ValueError):
    """The exact alignment would need more candidate unitary alignments than MAX_CANDIDATES."""


@dataclass(frozen=True)
class Dissimilarity:
    """pygamma-agreement's ``CombinedCategoricalDissimilarity`` (absolute categories)."""

    alpha: float = 1.0  # weight of the positional (sporadic) dissimilarity
    beta: float = 1.0  # weight of the categorical dissimilarity
    delta_empty: float = 1.0  # the cost of a unit against an empty place


@dataclass(frozen=True, eq=False)
class Continua:
    """The units of ``n_groups`` continua as parallel arrays (any order)."""

    group: np.ndarray  # int64: which continuum
    coder: np.ndarray  # int64: 0 .. n_coders - 1
    start: np.ndarray  # float64
    end: np.ndarray  # float64, > start
    category: np.ndarray  # int64
    n_groups: int
    n_coders: int


@dataclass(frozen=True, eq=False)
class AlignmentSums:
    """Per continuum: sums over its best alignment (arrays of shape (n_groups,))."""

    disorder: np.ndarray  # sum of the unitary alignments' disorders
    units: np.ndarray  # number of units
    unitary: np.ndarray  # number of unitary alignments
    cat_disorder: np.ndarray  # γ-cat: weighted categorical disorder
    cat_weight: np.ndarray  # γ-cat: total weight
    cat_pairs: np.ndarray  # γ-cat: pairs of two units in one unitary alignment


def pair_dissimilarity(
    c: Continua, i: np.ndarray, j: np.ndarray, dis: Dissimilarity
) -> tuple[np.ndarray, np.ndarray]:
    """(combined, weighted positional) dissimilarity of units ``i`` and ``j`` (arrays)."""
    span = (c.end[i] - c.start[i]) + (c.end[j] - c.start[j])
    pos = (np.abs(c.start[i] - c.start[j]) + np.abs(c.end[i] - c.end[j])) / span
    positional = dis.alpha * pos * pos * dis.delta_empty
    categorical = dis.beta * dis.delta_empty * (c.category[i] != c.category[j])
    return positional + categorical, positional


def _coder_order(c: Continua, coder: int) -> tuple[np.ndarray, np.ndarray]:
    """Units of one coder sorted by continuum, and each continuum's offsets into them."""
    idx = np.flatnonzero(c.coder == coder)
    idx = idx[np.argsort(c.group[idx], kind="stable")]
    offsets = np.searchsorted(c.group[idx], np.arange(c.n_groups + 1))
    return idx, offsets


def _candidate_pairs(c: Continua, dis: Dissimilarity, bound: float) -> dict[tuple[int, int], tuple[np.ndarray, ...]]:
    """For each pair of coders a < b: unit pairs (i, j) of one continuum with d(i, j) <= bound."""
    orders = [_coder_order(c, k) for k in range(c.n_coders)]
    out: dict[tuple[int, int], tuple[np.ndarray, ...]] = {}
    for a in range(c.n_coders):
        idx_a, off_a = orders[a]
        for b in range(a + 1, c.n_coders):
            idx_b, off_b = orders[b]
            n_b = (off_b[1:] - off_b[:-1])[c.group[idx_a]]  # units of b in each a-unit's continuum
            rows_i, rows_j = [], []
            # chunks of a-units keep the all-pairs arrays small
            cum = np.concatenate([[0], np.cumsum(n_b)])
            step = 4_000_000
            lo = 0
            while lo < idx_a.size:
                hi = int(np.searchsorted(cum, cum[lo] + step, side="right")) - 1
                hi = max(hi, lo + 1)
                counts = n_b[lo:hi]
                ii = np.repeat(idx_a[lo:hi], counts)
                first = off_b[c.group[idx_a[lo:hi]]]
                within = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
                jj = idx_b[np.repeat(first, counts) + within]
                d, _ = pair_dissimilarity(c, ii, jj, dis)
                keep = d <= bound
                rows_i.append(ii[keep])
                rows_j.append(jj[keep])
                lo = hi
            i = np.concatenate(rows_i) if rows_i else np.zeros(0, np.int64)
            j = np.concatenate(rows_j) if rows_j else np.zeros(0, np.int64)
            d, pos = pair_dissimilarity(c, i, j, dis)
            out[(a, b)] = (i, j, d, pos)
    return out


class _PairTable:
    """Look up d(i, j) of candidate pairs by unit indices (vectorised)."""

    def __init__(self, n_units: int, pairs: dict[tuple[int, int], tuple[np.ndarray, ...]]) -> None:
        i = np.concatenate([p[0] for p in pairs.values()])
        j = np.concatenate([p[1] for p in pairs.values()])
        keys = np.minimum(i, j) * n_units + np.maximum(i, j)
        order = np.argsort(keys)
        self.n = n_units
        self.keys = keys[order]
        self.d = np.concatenate([p[2] for p in pairs.values()])[order]
        self.pos = np.concatenate([p[3] for p in pairs.values()])[order]

    def find(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Row of each pair in the table, or -1."""
        if self.keys.size == 0:
            return np.full(np.asarray(i).size, -1, dtype=np.int64)
        keys = np.minimum(i, j) * self.n + np.maximum(i, j)
        at = np.minimum(np.searchsorted(self.keys, keys), self.keys.size - 1)
        return np.where(self.keys[at] == keys, at, -1)


def _tuples(c: Continua, pairs: dict[tuple[int, int], tuple[np.ndarray, ...]], table: _PairTable) -> np.ndarray:
    """Every unitary alignment whose units are pairwise candidates: (m, n_coders), -1 = empty."""
    n = c.n_coders
    units_of = [np.flatnonzero(c.coder == k) for k in range(n)]
    # start: each unit of coder 0, and the all-empty partial tuple
    rows = np.full((units_of[0].size + 1, n), -1, dtype=np.int64)
    rows[:-1, 0] = units_of[0]
    n_units = c.group.size
    for k in range(1, n):
        first = np.where(rows[:, :k] >= 0, np.arange(k), k).min(axis=1)  # first non-empty place
        empty = first == k
        new_parts = [rows]  # every partial tuple with an empty place for coder k
        # partial tuples that are all empty so far: start with a unit of coder k
        fresh = np.full((units_of[k].size, n), -1, dtype=np.int64)
        fresh[:, k] = units_of[k]
        new_parts.append(fresh)
        for a in range(k):
            sel = np.flatnonzero(~empty & (first == a))
            if sel.size == 0:
                continue
            pi, pj = pairs[(a, k)][0], pairs[(a, k)][1]
            # CSR of the candidate pairs of (a, k) by a's unit
            order = np.argsort(pi, kind="stable")
            pi, pj = pi[order], pj[order]
            starts = np.searchsorted(pi, np.arange(n_units + 1))
            anchor = rows[sel, a]
            counts = starts[anchor + 1] - starts[anchor]
            if (rows.shape[0] + int(counts.sum())) * n > MAX_CANDIDATES:
                raise TooManyAlignments(
                    f"more than {MAX_CANDIDATES:,} possible unitary alignments for {n} coders; "
                    "an exact alignment is out of reach"
                )
            rep = np.repeat(sel, counts)
            within = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
            cand = pj[np.repeat(starts[anchor], counts) + within]
            ok = np.ones(cand.size, dtype=bool)
            for b in range(a + 1, k):  # every other non-empty place must be a candidate pair too
                other = rows[rep, b]
                has = other >= 0
                ok[has] &= table.find(other[has], cand[has]) >= 0
            ext = rows[rep[ok]].copy()
            ext[:, k] = cand[ok]
            new_parts.append(ext)
        rows = np.concatenate(new_parts)
    return rows[(rows >= 0).any(axis=1)]


def _tuple_costs(rows: np.ndarray, table: _PairTable, dis: Dissimilarity) -> tuple[np.ndarray, np.ndarray]:
    """(unitary disorder, kept) of each candidate tuple."""
    m, n = rows.shape
    c2 = n * (n - 1) / 2
    k = (rows >= 0).sum(axis=1)
    total = np.zeros(m)
    member = np.zeros((m, n))
    for a in range(n):
        for b in range(a + 1, n):
            both = (rows[:, a] >= 0) & (rows[:, b] >= 0)
            d = np.zeros(m)
            at = table.find(rows[both, a], rows[both, b])
            d[both] = table.d[at]
            total += d
            member[:, a] += d
            member[:, b] += d
    pairs_units = k * (k - 1) / 2
    cost = (total + (c2 - pairs_units) * dis.delta_empty) / c2
    # a unit whose dissimilarities in the tuple sum above (C + k - 1) * delta_empty is better alone
    limit = (c2 + k - 1) * dis.delta_empty + 1e-9
    kept = ((member <= limit[:, None]) | (rows < 0)).all(axis=1)
    return cost, kept


def best_alignments(c: Continua, dis: Dissimilarity) -> AlignmentSums:
    """Each continuum's best alignment, summed (disorder, γ-cat terms, counts).

    Where several alignments share the least disorder (their γ-cat terms may differ), the
    solver's choice follows the order of its input. The continua are therefore solved in an
    order fixed by their content, so that the result does not depend on the order in which
    documents or their units are listed.
    """
    if c.group.size == 0:
        return _in_order(c, dis)
    order = np.lexsort((c.category, c.end, c.start, c.coder, c.group))
    group, coder, start, end, category = c.group[order], c.coder[order], c.start[order], c.end[order], c.category[order]
    cuts = np.flatnonzero(np.diff(group)) + 1
    content = np.stack([coder.astype(np.float64), start, end, category.astype(np.float64)], axis=1)
    keys = {int(g[0]): part.tobytes() for g, part in zip(np.split(group, cuts), np.split(content, cuts), strict=True)}
    ranked = sorted(keys, key=lambda g: (keys[g], g))
    new_of = np.arange(c.n_groups, dtype=np.int64)  # groups with no units keep their place among themselves
    empty = [g for g in range(c.n_groups) if g not in keys]
    new_of[np.asarray(ranked + empty, dtype=np.int64)] = np.arange(c.n_groups, dtype=np.int64)
    regroup = np.argsort(new_of[group], kind="stable")  # units in the new group order, same order within
    canonical = Continua(new_of[group][regroup], coder[regroup], start[regroup], end[regroup], category[regroup],
                         c.n_groups, c.n_coders)
    sums = _in_order(canonical, dis)
    return AlignmentSums(*(getattr(sums, f)[new_of] for f in AlignmentSums.__dataclass_fields__))


def _in_order(c: Continua, dis: Dissimilarity) -> AlignmentSums:
    if c.group.size <= CHUNK_UNITS:
        return _best_alignments(c, dis)
    per_group = np.bincount(c.group, minlength=c.n_groups)
    chunk_of_group = np.cumsum(per_group) // CHUNK_UNITS
    chunk = chunk_of_group[c.group]
    total: AlignmentSums | None = None
    for k in np.unique(chunk):
        m = chunk == k
        part = _best_alignments(
            Continua(c.group[m], c.coder[m], c.start[m], c.end[m], c.category[m], c.n_groups, c.n_coders), dis
        )
        total = part if total is None else AlignmentSums(
            *(getattr(total, f) + getattr(part, f) for f in AlignmentSums.__dataclass_fields__)
        )
    assert total is not None
    return total


def _best_alignments(c: Continua, dis: Dissimilarity) -> AlignmentSums:
    n, g = c.n_coders, c.n_groups
    if n < 2:
        raise ValueError("gamma needs two or more coders")
    c2 = n * (n - 1) / 2
    delta = dis.delta_empty
    units = np.bincount(c.group, minlength=g).astype(np.float64)
    pairs = _candidate_pairs(c, dis, (c2 + n - 1) * delta + 1e-9)
    if n == 2:
        i, j, d, pos = pairs[(0, 1)]
        chosen = solve_two(i, j, d, c.group.size, delta)
        i, j, d, pos = i[chosen], j[chosen], d[chosen], pos[chosen]
        grp = c.group[i]
        matched = np.bincount(grp, minlength=g)
        singles = units - 2 * matched
        disorder = np.bincount(grp, weights=d, minlength=g) + singles * delta
        weight = np.maximum(0.0, 1.0 - pos)  # 1 / (k - 1) = 1 for a pair
        cat = delta * (c.category[i] != c.category[j])
        cat_disorder = np.bincount(grp, weights=cat * weight, minlength=g) + singles * delta * delta
        cat_weight = np.bincount(grp, weights=weight, minlength=g) + singles * delta
        return AlignmentSums(disorder, units, matched + singles, cat_disorder, cat_weight, matched.astype(float))
    table = _PairTable(c.group.size, pairs)
    rows = _tuples(c, pairs, table)
    cost, kept = _tuple_costs(rows, table, dis)
    rows, cost = rows[kept], cost[kept]
    chosen = solve_many(rows, cost, c.group.size, delta)
    rows, cost = rows[chosen], cost[chosen]
    grp = c.group[rows.max(axis=1)]
    k = (rows >= 0).sum(axis=1)
    base = np.where(k >= 2, 1.0 / np.maximum(k - 1, 1), 0.0)
    cat_disorder = (k * (n - k) * delta * delta).astype(np.float64)  # a unit against an empty place
    cat_weight = (k * (n - k) * delta).astype(np.float64)
    cat_pairs = np.zeros(rows.shape[0])
    for a in range(n):
        for b in range(a + 1, n):
            both = np.flatnonzero((rows[:, a] >= 0) & (rows[:, b] >= 0))
            at = table.find(rows[both, a], rows[both, b])
            w = base[both] * np.maximum(0.0, 1.0 - table.pos[at])
            cat = delta * (c.category[rows[both, a]] != c.category[rows[both, b]])
            cat_disorder[both] += cat * w
            cat_weight[both] += w
            cat_pairs[both] += 1
    return AlignmentSums(
        np.bincount(grp, weights=cost, minlength=g),
        units,
        np.bincount(grp, minlength=g),
        np.bincount(grp, weights=cat_disorder, minlength=g),
        np.bincount(grp, weights=cat_weight, minlength=g),
        np.bincount(grp, weights=cat_pairs, minlength=g),
    )

"""Exact solvers for γ's best alignment (see :mod:`gamma_align` for the problem).

Two coders: a linear assignment per connected component of candidate pairs. More
coders: set partitioning over the candidate unitary alignments, by its linear
relaxation (HiGHS dual simplex) in batches of components; a component whose relaxed
optimum is fractional goes to HiGHS's integer program, after dropping every column whose
reduced cost exceeds the gap between a rounded solution and the relaxed bound (such a
column is in no optimal solution).
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linear_sum_assignment, linprog, milp
from scipy.sparse.csgraph import connected_components

#: candidate columns per linear program (components are batched up to this size)
BATCH_COLUMNS = 20_000
#: tie-break: among alignments of equal disorder, the one with the fewest unitary alignments
#: (as pygamma-agreement's solver returns on its examples); far below any real difference
TIE = 1e-7


def solve_two(i: np.ndarray, j: np.ndarray, d: np.ndarray, n_units: int, delta: float) -> np.ndarray:
    """Two coders: which candidate pairs (units ``i[k]``, ``j[k]``, dissimilarity ``d[k]``) a best
    alignment matches; every other unit stays alone (at ``delta`` each)."""
    useful = d <= 2 * delta
    i, j, d = i[useful], j[useful], d[useful]
    chosen = np.zeros(useful.size, dtype=bool)
    if i.size == 0:
        return chosen
    graph = sparse.coo_matrix((np.ones(i.size), (i, j)), shape=(n_units, n_units))
    _, label = connected_components(graph, directed=False)
    comp = label[i]
    edges = np.bincount(comp, minlength=label.max() + 1)
    chosen[np.flatnonzero(useful)[edges[comp] == 1]] = True  # a lone candidate pair: matched
    where = np.flatnonzero(useful)[edges[comp] > 1]
    i, j, d, comp = i[edges[comp] > 1], j[edges[comp] > 1], d[edges[comp] > 1], comp[edges[comp] > 1]
    order = np.argsort(comp, kind="stable")
    for part in np.split(order, np.flatnonzero(np.diff(comp[order])) + 1):
        if part.size == 0:
            continue
        ui, ri = np.unique(i[part], return_inverse=True)
        uj, rj = np.unique(j[part], return_inverse=True)
        gain = np.zeros((ui.size, uj.size))
        gain[ri, rj] = d[part] - 2 * delta - TIE  # < 0: matching is no worse than two singletons
        r, s = linear_sum_assignment(gain)
        partner = np.full(ui.size, -1, dtype=np.int64)
        good = gain[r, s] < 0
        partner[r[good]] = s[good]
        chosen[where[part[partner[ri] == rj]]] = True
    return chosen


def _program(rows: np.ndarray, cols: np.ndarray) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The constraints "each unit once" over these candidate columns, and their units."""
    col, place = np.nonzero(rows[cols] >= 0)
    used, row = np.unique(rows[cols[col], place], return_inverse=True)
    return sparse.csr_matrix((np.ones(col.size), (row, col)), shape=(used.size, cols.size)), used


def _solve_exact(rows: np.ndarray, cost: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Integer program over these columns (HiGHS branch and bound); the chosen ones."""
    a, _ = _program(rows, cols)
    res = milp(
        cost[cols],
        integrality=np.ones(cols.size),
        bounds=Bounds(0, 1),
        constraints=LinearConstraint(a, 1, 1),
        options={"mip_rel_gap": 0.0, "presolve": False},
    )
    if res.x is None:
        raise RuntimeError(f"gamma alignment: the integer program failed ({res.message})")
    return cols[res.x > 0.5]


def _rounded(rows: np.ndarray, cols: np.ndarray, x: np.ndarray, cost: np.ndarray, delta: float) -> float:
    """The cost of an alignment rounded greedily from a fractional one (an upper bound)."""
    taken: set[int] = set()
    total = 0.0
    for j in np.argsort(-x, kind="stable"):
        if x[j] < 1e-9:
            break
        members = [int(u) for u in rows[cols[j]] if u >= 0]
        if not taken.intersection(members):
            taken.update(members)
            total += float(cost[cols[j]])
    units = {int(u) for u in rows[cols].ravel() if u >= 0}
    return total + (len(units) - len(taken)) * (delta + TIE)


def solve_many(rows: np.ndarray, cost: np.ndarray, n_units: int, delta: float) -> np.ndarray:
    """Set partitioning over candidate tuples: each unit in exactly one chosen tuple.

    Components are solved by their linear relaxation first, in batches; a component whose
    relaxed optimum is integral is solved (that is the integer optimum). For the others,
    columns whose reduced cost exceeds the gap between a rounded solution and the relaxed
    optimum cannot be in an optimal solution; the rest go to the integer program.
    """
    m = rows.shape[0]
    cost = cost + TIE
    chosen = np.zeros(m, dtype=bool)
    col, place = np.nonzero(rows >= 0)
    unit = rows[col, place]
    graph = sparse.coo_matrix((np.ones(unit.size), (unit, col)), shape=(n_units, m)).tocsr()
    _, label = connected_components(graph @ graph.T, directed=False)
    tuple_comp = label[rows.max(axis=1)]
    sizes = np.bincount(tuple_comp, minlength=label.max() + 1)
    trivial = sizes[tuple_comp] == 1  # a unit with no partner: alone
    chosen[trivial] = True
    rest = np.flatnonzero(~trivial)
    if rest.size == 0:
        return chosen
    rest = rest[np.argsort(tuple_comp[rest], kind="stable")]
    cuts = np.flatnonzero(np.diff(tuple_comp[rest])) + 1
    bounds = np.concatenate([[0], cuts, [rest.size]])
    lo = 0
    while lo < bounds.size - 1:
        hi = int(np.searchsorted(bounds, bounds[lo] + BATCH_COLUMNS, side="right")) - 1
        hi = max(hi, lo + 1)
        cols = rest[bounds[lo] : bounds[hi]]
        a, used = _program(rows, cols)
        res = linprog(
            cost[cols], A_eq=a, b_eq=np.ones(a.shape[0]), bounds=(0, 1), method="highs-ds",
            options={"presolve": False},
        )
        if res.x is None:
            raise RuntimeError(f"gamma alignment: the linear program failed ({res.message})")
        fractional = np.minimum(res.x, 1 - res.x) > 1e-6
        bad = np.unique(tuple_comp[cols[fractional]])
        in_bad = np.isin(tuple_comp[cols], bad)
        chosen[cols[~in_bad & (res.x > 0.5)]] = True
        if bad.size:
            price = np.zeros(n_units)
            price[used] = res.eqlin.marginals
            reduced = cost[cols] - np.where(rows[cols] >= 0, price[np.maximum(rows[cols], 0)], 0.0).sum(axis=1)
            keep = []
            for comp in bad:
                mine = np.flatnonzero(tuple_comp[cols] == comp)
                bound = float(cost[cols[mine]] @ res.x[mine])
                gap = _rounded(rows, cols[mine], res.x[mine], cost, delta) - bound
                keep.append(cols[mine[reduced[mine] <= gap + 1e-9]])
            chosen[_solve_exact(rows, cost, np.concatenate(keep))] = True
        lo = hi
    return chosen

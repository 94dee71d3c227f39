"""Units for a whole project at once, in numpy: the same units as :func:`.units.group_units`.

The steps are those of the agreement core (``intervals.merge_union``, ``overlap_pairs``,
``matching.greedy_matches``) run on every document and code together: each coder's
overlapping or touching spans merged into runs; runs of every pair of coders matched
one-to-one by overlap (Jaccard ≥ 0.5, best first); connected runs labelled as one unit.
A test checks that this gives exactly the units of the plain-Python reference.
"""

from __future__ import annotations

import itertools

import numpy as np

from newscoder.core.agreement.intervals import overlap_pairs
from newscoder.core.agreement.matching import OVERLAP_THRESHOLD, greedy_matches


def runs(group: np.ndarray, coder: np.ndarray, start: np.ndarray, end: np.ndarray, n_coders: int,
         rank: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Merge each (group, coder)'s overlapping or touching spans.

    Returns ``(order, run_of_sorted, run_group, run_coder, run_start, run_end)``: ``order`` sorts
    the raw spans by group, coder, start, end and ``rank`` (the id order); ``run_of_sorted[i]`` is
    the run of the ``i``-th span in that order. Runs come sorted by group, coder, start.
    """
    order = np.lexsort((rank, end, start, coder, group))
    g2 = group[order] * n_coders + coder[order]
    s, e = start[order], end[order]
    stride = int(e.max(initial=0)) + 1
    base = (g2 - int(g2.min(initial=0))) * stride
    running_end = np.maximum.accumulate(base + e) if e.size else e
    new = np.ones(s.size, dtype=bool)
    new[1:] = (g2[1:] != g2[:-1]) | (base[1:] + s[1:] > running_end[:-1])
    first = np.flatnonzero(new)
    run_of_sorted = np.cumsum(new) - 1
    run_end = np.maximum.reduceat(e, first) if first.size else e[:0]
    return order, run_of_sorted, group[order][first], coder[order][first], s[first], run_end


def unit_labels(run_group: np.ndarray, run_coder: np.ndarray, run_start: np.ndarray, run_end: np.ndarray,
                n_coders: int) -> np.ndarray:
    """Each run's unit: the smallest run index of its connected group of overlap matches."""
    n = run_start.size
    stride = int(run_end.max(initial=0)) + 1
    key, key_end = run_group * stride + run_start, run_group * stride + run_end
    edges_a, edges_b = [], []
    for ca, cb in itertools.combinations(range(n_coders), 2):
        a, b = np.flatnonzero(run_coder == ca), np.flatnonzero(run_coder == cb)
        ia, ib, _ = overlap_pairs(key[a], key_end[a], key[b], key_end[b])
        pa, pb = a[ia], b[ib]
        inter = np.minimum(run_end[pa], run_end[pb]) - np.maximum(run_start[pa], run_start[pb])
        union = np.maximum(run_end[pa], run_end[pb]) - np.minimum(run_start[pa], run_start[pb])
        jaccard = inter / np.maximum(union, 1)
        cand = (inter > 0) & (jaccard >= OVERLAP_THRESHOLD)
        keep = greedy_matches(jaccard[cand], pa[cand], pb[cand], key[pa[cand]], key[pb[cand]])
        edges_a.append(pa[cand][keep])
        edges_b.append(pb[cand][keep])
    label = np.arange(n)
    if not edges_a:
        return label
    ea, eb = np.concatenate(edges_a), np.concatenate(edges_b)
    while True:  # propagate the smallest label along the edges, with pointer jumping
        low = np.minimum(label[ea], label[eb])
        new = label.copy()
        np.minimum.at(new, ea, low)
        np.minimum.at(new, eb, low)
        new = new[new]
        if np.array_equal(new, label):
            return label
        label = new

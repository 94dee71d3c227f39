"""Vectorised interval helpers: union of overlapping spans, overlapping pairs.

Spans are half-open ``[start, end)`` integer intervals held in numpy arrays.
"""

from __future__ import annotations

import numpy as np

IntArray = np.ndarray


def merge_union(group: IntArray, start: IntArray, end: IntArray) -> tuple[IntArray, IntArray, IntArray]:
    """Merge overlapping or touching spans within each group into their union.

    Returns ``(index, start, end)`` for the merged spans, sorted by group then
    start; ``index`` points at one original span of the run (for its group fields).
    """
    group = np.asarray(group, dtype=np.int64)
    start = np.asarray(start, dtype=np.int64)
    end = np.asarray(end, dtype=np.int64)
    if start.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), empty.copy()
    order = np.lexsort((end, start, group))
    g, s, e = group[order], start[order], end[order]
    stride = int(e.max()) + 1
    g_min = int(g.min())
    base = (g - g_min) * stride
    running_end = np.maximum.accumulate(base + e)
    new = np.ones(s.size, dtype=bool)
    # a span starts a new run unless it begins at or before the run's furthest end
    new[1:] = (g[1:] != g[:-1]) | (base[1:] + s[1:] > running_end[:-1])
    first = np.flatnonzero(new)
    return order[first], s[first], np.maximum.reduceat(e, first)


def overlap_pairs(
    a_start: IntArray, a_end: IntArray, b_start: IntArray, b_end: IntArray
) -> tuple[IntArray, IntArray, IntArray]:
    """All pairs (i, j) with span ``a[i]`` intersecting span ``b[j]``.

    Each list must be sorted and its spans disjoint (so starts and ends are both
    ascending). Returns ``(ia, ib, count)`` where ``count[i]`` is how many
    spans of ``b`` intersect ``a[i]``.
    """
    lo = np.searchsorted(b_end, a_start, side="right")  # first b ending after a starts
    hi = np.searchsorted(b_start, a_end, side="left")  # first b starting at or after a ends
    count = np.maximum(hi - lo, 0)
    ia = np.repeat(np.arange(a_start.size), count)
    first = np.cumsum(count) - count
    ib = lo[ia] + np.arange(ia.size) - first[ia]
    return ia, ib, count

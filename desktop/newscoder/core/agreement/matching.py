"""Pairwise segment matching: F1 by exact match and by overlap (Jaccard ≥ 0.5).

Segments are first merged per coder, code and document (as for α_u).
Matching is one-to-one and greedy: candidate pairs (same document and code)
are taken by highest Jaccard first, ties broken by position. F1 = 2·matches /
(segments of A + segments of B); the overall value is micro-averaged: the
matches and segments of all codes are summed before dividing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from newscoder.core.agreement.intervals import overlap_pairs
from newscoder.core.agreement.study import Units

OVERLAP_THRESHOLD = 0.5


@dataclass(frozen=True, eq=False)
class MatchCounts:
    """Per (group, code): exact matches, overlap matches and segments of both coders."""

    exact: np.ndarray
    overlap: np.ndarray
    segments: np.ndarray
    documents: np.ndarray  # (G,) documents in the group


def greedy_matches(
    jaccard: np.ndarray, a: np.ndarray, b: np.ndarray, a_pos: np.ndarray, b_pos: np.ndarray
) -> np.ndarray:
    """Which candidate pairs a one-to-one greedy matching keeps (highest Jaccard first)."""
    keep = np.zeros(jaccard.size, dtype=bool)
    if jaccard.size == 0:
        return keep
    if np.unique(a).size == a.size and np.unique(b).size == b.size:
        keep[:] = True  # no conflicts: every candidate is matched
        return keep
    order = np.lexsort((b_pos, a_pos, -jaccard))
    used_a: set[int] = set()
    used_b: set[int] = set()
    for k in order:
        if int(a[k]) not in used_a and int(b[k]) not in used_b:
            used_a.add(int(a[k]))
            used_b.add(int(b[k]))
            keep[k] = True
    return keep


def match_counts(
    units: Units, coder_a: int, coder_b: int, n_codes: int, doc_group: np.ndarray, n_groups: int, doc_length: np.ndarray
) -> MatchCounts:
    """Matches between two coders per (group, code); documents with ``doc_group < 0`` are left out."""
    used = doc_group[units.doc] >= 0
    n_docs = doc_group.size
    stride = int(doc_length.max(initial=0)) + 1
    band = units.code * n_docs + units.doc
    key = band * stride + units.start
    key_end = band * stride + units.end
    a = np.flatnonzero(used & (units.coder == coder_a))
    b = np.flatnonzero(used & (units.coder == coder_b))
    a = a[np.argsort(key[a], kind="stable")]
    b = b[np.argsort(key[b], kind="stable")]
    ia, ib, _ = overlap_pairs(key[a], key_end[a], key[b], key_end[b])
    pa, pb = a[ia], b[ib]
    inter = np.minimum(units.end[pa], units.end[pb]) - np.maximum(units.start[pa], units.start[pb])
    union = np.maximum(units.end[pa], units.end[pb]) - np.minimum(units.start[pa], units.start[pb])
    jaccard = inter / union
    exact = (units.start[pa] == units.start[pb]) & (units.end[pa] == units.end[pb])
    cand = jaccard >= OVERLAP_THRESHOLD
    chosen = greedy_matches(jaccard[cand], pa[cand], pb[cand], key[pa[cand]], key[pb[cand]])

    def per_band(idx: np.ndarray) -> np.ndarray:
        g = doc_group[units.doc[idx]] * n_codes + units.code[idx]
        return np.bincount(g, minlength=n_groups * n_codes).reshape(n_groups, n_codes)

    group_docs = np.bincount(doc_group[doc_group >= 0], minlength=n_groups)
    return MatchCounts(
        exact=per_band(pa[exact]),
        overlap=per_band(pa[cand][chosen]),
        segments=per_band(a) + per_band(b),
        documents=group_docs,
    )

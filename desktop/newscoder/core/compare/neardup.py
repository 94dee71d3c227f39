"""Near-duplicate matching with MinHash and banded LSH (numpy), never all pairs.

Each item is a set of integer shingles. Signatures use ``K`` universal hashes; items whose
signatures agree on all rows of any band become candidates, which are then checked by the
exact Jaccard similarity. Groups are the connected components of the checked pairs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)
_BIG_GROUP = 64  # a bucket larger than this links each member to its first and its neighbour only


def signatures(item_of: np.ndarray, shingle: np.ndarray, n_items: int, k: int, seed: int = 20241031) -> np.ndarray:
    """(n_items, k) MinHash signatures; ``item_of[i]`` owns ``shingle[i]`` (sorted by item). Empty items get max."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**63 - 1, size=k, dtype=np.int64).astype(np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63 - 1, size=k, dtype=np.int64).astype(np.uint64)
    sig = np.full((n_items, k), np.iinfo(np.uint64).max, dtype=np.uint64)
    if shingle.size == 0:
        return sig
    starts = np.flatnonzero(np.r_[True, item_of[1:] != item_of[:-1]])
    owners = item_of[starts]
    h = shingle.astype(np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            v = (h * a[j] + b[j]) >> np.uint64(16)
            sig[owners, j] = np.minimum.reduceat(v, starts)
    return sig


def candidate_pairs(sig: np.ndarray, rows: int, usable: np.ndarray) -> np.ndarray:
    """(P, 2) candidate pairs (i < j) from banded LSH over the ``usable`` items."""
    n, k = sig.shape
    idx = np.flatnonzero(usable)
    pairs = []
    with np.errstate(over="ignore"):
        for band in range(k // rows):
            key = np.zeros(idx.size, dtype=np.uint64)
            for r in range(rows):
                key = key * np.uint64(0x9E3779B97F4A7C15) + sig[idx, band * rows + r]
            order = np.argsort(key, kind="stable")
            sk, si = key[order], idx[order]
            same = sk[1:] == sk[:-1]
            if not same.any():
                continue
            # neighbours in a bucket, plus each member with its bucket's first member
            run_start = np.flatnonzero(np.r_[True, ~same])
            first_of = np.repeat(si[run_start], np.diff(np.r_[run_start, si.size]))
            left, right = si[:-1][same], si[1:][same]
            pairs.append(np.stack([left, right], axis=1))
            pairs.append(np.stack([first_of[1:][same], right], axis=1))
    if not pairs:
        return np.zeros((0, 2), dtype=np.int64)
    p = np.concatenate(pairs)
    p = np.sort(p, axis=1)
    p = p[p[:, 0] != p[:, 1]]
    return np.unique(p, axis=0) if p.size else p.reshape(0, 2)


def components(n: int, pairs: Sequence[tuple[int, int]]) -> list[list[int]]:
    """Connected components (of size ≥ 2) of the items linked by ``pairs``, each sorted."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in pairs:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = {}
    for i in {x for p in pairs for x in p}:
        groups.setdefault(find(i), []).append(i)
    return sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: g[0])


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)

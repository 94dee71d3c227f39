"""Per-coder diagnostics: who over-uses a code, who marks longer spans, who pulls α_u down.

For each coder and each code (and all codes):

* ``alpha_u_without``: the pooled α_u of the *other* selected coders (leave one
  out; needs three or more coders). If it is well above the α_u of everyone,
  this coder is the one the others disagree with;
* ``alpha_u_pairs``: the mean of this coder's pairwise α_u with each other coder;
* ``share``: this coder's segments of the code as a share of all their segments,
  and ``others_share``, the same for the other coders together;
* ``median_span``: the median length (characters) of this coder's segments of the
  code, and ``others_median_span``, of the other coders' segments.

Segments are counted after merging (as for α_u), in the documents of the study.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from newscoder.core.agreement.study import Study
from newscoder.core.agreement.unitizing import unitizing_disagreements

ALL = "(all)"
COLUMNS = ("coder", "code", "segments", "share", "others_share", "median_span", "others_median_span",
           "alpha_u_without", "alpha_u_pairs")


@dataclass(frozen=True)
class CoderRow:
    coder: str
    code: str
    segments: int
    share: float | None
    others_share: float | None
    median_span: float | None
    others_median_span: float | None
    alpha_u_without: float | None
    alpha_u_pairs: float | None


def alpha_u_of(study: Study, subset: tuple[int, ...]) -> np.ndarray:
    """Pooled α_u of these coders: (1 + C,) with all codes first, NaN where undefined."""
    idx = np.array(subset)
    counts = study.counts[idx]
    C = len(study.codes)
    remap = np.full(len(study.coders), -1)
    remap[idx] = np.arange(idx.size)
    u = study.units.where(remap[study.units.coder] >= 0)
    u = type(u)(remap[u.coder], u.code, u.doc, u.start, u.end)
    group = np.where(counts.all(axis=0), 0, -1)
    if not (group >= 0).any():
        return np.full(1 + C, np.nan)
    sums = unitizing_disagreements(study.doc_length, counts, u, C, group, 1)
    d_o = np.concatenate([[sums.observed.sum()], sums.observed[0]])
    d_e = np.concatenate([[sums.expected.sum()], sums.expected[0]])
    n = np.concatenate([[sums.units.sum()], sums.units[0]])
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where((d_e > 0) & (n > 0), 1.0 - d_o / d_e, np.nan)


def _value(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


def per_coder(study: Study) -> list[CoderRow]:
    """One row per coder and code (all codes first for each coder)."""
    n, C = len(study.coders), len(study.codes)
    u = study.units
    length = (u.end - u.start).astype(np.float64)
    segs = np.bincount(u.coder * C + u.code, minlength=n * C).reshape(n, C).astype(np.float64)
    without = {c: alpha_u_of(study, tuple(x for x in range(n) if x != c)) if n >= 3 else np.full(1 + C, np.nan)
               for c in range(n)}
    pairs = {p: alpha_u_of(study, p) for p in itertools.combinations(range(n), 2)}
    rows: list[CoderRow] = []
    for c in range(n):
        mine_pairs = np.array([v for p, v in pairs.items() if c in p])
        finite = np.isfinite(mine_pairs)
        with np.errstate(divide="ignore", invalid="ignore"):
            pair_mean = np.where(finite, mine_pairs, 0.0).sum(axis=0) / finite.sum(axis=0)
        others = [x for x in range(n) if x != c]
        total_mine, total_others = segs[c].sum(), segs[others].sum()
        for k in range(-1, C):
            col = k + 1
            if k < 0:
                mine = u.coder == c
                theirs = u.coder != c
                count, share, others_share = int(total_mine), None, None
            else:
                mine = (u.coder == c) & (u.code == k)
                theirs = (u.coder != c) & (u.code == k)
                count = int(segs[c, k])
                share = count / total_mine if total_mine else None
                others_share = float(segs[others, k].sum() / total_others) if total_others else None
            rows.append(CoderRow(
                coder=study.coders[c],
                code=ALL if k < 0 else study.codes[k],
                segments=count,
                share=share,
                others_share=others_share,
                median_span=float(np.median(length[mine])) if mine.any() else None,
                others_median_span=float(np.median(length[theirs])) if theirs.any() else None,
                alpha_u_without=_value(without[c][col]),
                alpha_u_pairs=_value(pair_mean[col]),
            ))
    return rows


def rows_as_cells(rows: list[CoderRow]) -> list[list[str]]:
    def num(x: float | None) -> str:
        return "" if x is None else repr(x)

    return [[r.coder, r.code, str(r.segments), num(r.share), num(r.others_share), num(r.median_span),
             num(r.others_median_span), num(r.alpha_u_without), num(r.alpha_u_pairs)] for r in rows]

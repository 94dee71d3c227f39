"""Krippendorff's unitizing alpha, α_u (Krippendorff 1995; 2004 §12.4).

Per code, each coder's segments of that code are units and everything else
(uncoded text and other codes' segments) is gaps. Documents are laid end to
end, but no unit or gap crosses a document boundary. The formulas follow
DKPro Statistics' ``KrippendorffAlphaUnitizingAgreement``:

    D_o(c) = 2 / (m (m-1) L²) · Σ_{coder pairs} Σ_{overlapping sections} δ²
        δ² = (b₁-b₂)² + (e₁-e₂)²   for two intersecting units,
             l²                    for a unit lying inside the other coder's gap,
             0                     otherwise;
    D_e(c) = (2/L) · Σ_units [ (N_c-1)(2l³-3l²+l)/3 + l² Σ_{gaps h ≥ l} (h-l+1) ]
             / ( mL(mL-1) - Σ_units l(l-1) ).

Everything is computed at once for many (group, code) "bands" with numpy;
a group is a set of documents with the same coders (the pooled study, or one
document each for the per-document table).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from newscoder.core.agreement.intervals import overlap_pairs
from newscoder.core.agreement.study import Units


@dataclass(frozen=True, eq=False)
class UnitizingSums:
    """D_o and D_e per (group, code), with the sizes they came from."""

    observed: np.ndarray  # (G, C)
    expected: np.ndarray  # (G, C)
    units: np.ndarray  # (G, C) number of (merged) segments of the code
    length: np.ndarray  # (G,) characters of the pooled continuum
    coders: np.ndarray  # (G,) coders counting for the group's documents
    documents: np.ndarray  # (G,) documents in the group


def _group_offsets(doc_length: np.ndarray, doc_group: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray]:
    """Each used document's offset inside its group, and each group's length."""
    used = np.flatnonzero(doc_group >= 0)
    order = used[np.argsort(doc_group[used], kind="stable")]
    lengths = doc_length[order]
    cum = np.cumsum(lengths) - lengths
    group_len = np.bincount(doc_group[order], weights=lengths, minlength=n_groups).astype(np.int64)
    group_start = np.cumsum(group_len) - group_len
    offset = np.zeros(doc_length.size, dtype=np.int64)
    offset[order] = cum - group_start[doc_group[order]]
    return offset, group_len


def _gaps(
    doc_length: np.ndarray, counts: np.ndarray, units: Units, n_codes: int, doc_group: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(code, doc, length) of every gap (length > 0) of every counting coder, as (band-less) arrays."""
    n_coders, n_docs = counts.shape
    used_doc = doc_group >= 0
    # units are sorted by coder, code, doc, start: gaps before, between and after them
    same = np.zeros(len(units), dtype=bool)
    if len(units):
        same[1:] = (
            (units.coder[1:] == units.coder[:-1])
            & (units.code[1:] == units.code[:-1])
            & (units.doc[1:] == units.doc[:-1])
        )
    prev_end = np.where(same, np.roll(units.end, 1), 0)
    before = units.start - prev_end
    last = np.ones(len(units), dtype=bool)
    last[:-1] = ~same[1:]
    after = doc_length[units.doc[last]] - units.end[last]
    has = np.zeros((n_coders, n_codes, n_docs), dtype=bool)
    has[units.coder, units.code, units.doc] = True
    empty = counts[:, None, :] & ~has & used_doc[None, None, :]
    _, e_code, e_doc = np.nonzero(empty)
    code = np.concatenate([units.code, units.code[last], e_code])
    doc = np.concatenate([units.doc, units.doc[last], e_doc])
    length = np.concatenate([before, after, doc_length[e_doc]])
    keep = length > 0
    return code[keep], doc[keep], length[keep]


def unitizing_disagreements(
    doc_length: np.ndarray,
    counts: np.ndarray,
    units: Units,
    n_codes: int,
    doc_group: np.ndarray,
    n_groups: int,
) -> UnitizingSums:
    """D_o and D_e per (group, code).

    ``counts`` is (coders, documents); every document of a group must count for
    the same coders. ``doc_group[d]`` is d's group, or -1 to leave it out.
    ``units`` must be merged (disjoint per coder, code and document).
    """
    doc_length = np.asarray(doc_length, dtype=np.int64)
    doc_group = np.asarray(doc_group, dtype=np.int64)
    n_coders = counts.shape[0]
    units = units.where(doc_group[units.doc] >= 0)
    offset, group_len = _group_offsets(doc_length, doc_group, n_groups)
    first_doc = np.full(n_groups, -1, dtype=np.int64)
    used = np.flatnonzero(doc_group >= 0)
    first_doc[doc_group[used][::-1]] = used[::-1]
    m = np.zeros(n_groups)
    has_docs = first_doc >= 0
    m[has_docs] = counts[:, first_doc[has_docs]].sum(axis=0)
    n_docs_g = np.bincount(doc_group[used], minlength=n_groups)
    n_bands = n_groups * n_codes
    stride = int(group_len.max(initial=0)) + 1

    band = doc_group[units.doc] * n_codes + units.code
    key_start = band * stride + offset[units.doc] + units.start
    key_end = key_start + (units.end - units.start)
    ulen = (units.end - units.start).astype(np.float64)

    observed = np.zeros(n_bands)
    for i in range(n_coders):
        for j in range(i + 1, n_coders):
            a = np.flatnonzero((units.coder == i) & counts[j, units.doc])
            b = np.flatnonzero((units.coder == j) & counts[i, units.doc])
            a = a[np.argsort(key_start[a], kind="stable")]
            b = b[np.argsort(key_start[b], kind="stable")]
            ia, ib, n_a = overlap_pairs(key_start[a], key_end[a], key_start[b], key_end[b])
            _, _, n_b = overlap_pairs(key_start[b], key_end[b], key_start[a], key_end[a])
            pa, pb = a[ia], b[ib]
            dist = (key_start[pa] - key_start[pb]).astype(np.float64) ** 2 + (
                key_end[pa] - key_end[pb]
            ).astype(np.float64) ** 2
            observed += np.bincount(band[pa], weights=dist, minlength=n_bands)
            lone_a, lone_b = a[n_a == 0], b[n_b == 0]
            observed += np.bincount(band[lone_a], weights=ulen[lone_a] ** 2, minlength=n_bands)
            observed += np.bincount(band[lone_b], weights=ulen[lone_b] ** 2, minlength=n_bands)

    band_m = np.repeat(m, n_codes)
    band_len = np.repeat(group_len.astype(np.float64), n_codes)
    with np.errstate(divide="ignore", invalid="ignore"):
        d_o = np.where(band_m >= 2, 2.0 * observed / (band_m * (band_m - 1) * band_len**2), 0.0)

    # expected disagreement
    g_code, g_doc, g_len = _gaps(doc_length, counts, units, n_codes, doc_group)
    g_band = doc_group[g_doc] * n_codes + g_code
    g_stride = stride + 1
    g_key = np.sort(g_band * g_stride + g_len)
    g_sorted_len = (g_key % g_stride).astype(np.float64)
    cum = np.concatenate([[0.0], np.cumsum(g_sorted_len)])
    lo = np.searchsorted(g_key, band * g_stride + (units.end - units.start), side="left")
    hi = np.searchsorted(g_key, (band + 1) * g_stride, side="left")
    gap_term = (cum[hi] - cum[lo]) - (ulen - 1.0) * (hi - lo)
    n_units = np.bincount(band, minlength=n_bands).astype(np.float64)
    within = (n_units[band] - 1.0) * (2.0 * ulen**3 - 3.0 * ulen**2 + ulen) / 3.0
    numerator = np.bincount(band, weights=within + ulen**2 * gap_term, minlength=n_bands)
    self_pairs = np.bincount(band, weights=ulen * (ulen - 1.0), minlength=n_bands)
    denominator = band_m * band_len * (band_m * band_len - 1.0) - self_pairs
    with np.errstate(divide="ignore", invalid="ignore"):
        d_e = np.where((band_len > 0) & (denominator > 0), 2.0 / band_len * numerator / denominator, 0.0)
    shape = (n_groups, n_codes)
    return UnitizingSums(
        observed=d_o.reshape(shape),
        expected=d_e.reshape(shape),
        units=n_units.astype(np.int64).reshape(shape),
        length=group_len,
        coders=m.astype(np.int64),
        documents=n_docs_g,
    )

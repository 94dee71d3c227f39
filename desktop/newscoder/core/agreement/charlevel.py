"""Character-level coding agreement: every character is a unit.

Per code, a unit's value is present/absent; overall, its value is the set of
codes covering it (the empty set: uncoded). A coder who does not count for a
document is *missing* on its units. Computed per group of units (the pooled
study, or one group per document) with numpy, from the coincidences:

* percent agreement: Krippendorff's observed agreement A_o = 1 - D_o;
* Krippendorff's α (nominal, missing data allowed) = 1 - D_o / D_e;
* Cohen's κ (two coders) and Fleiss' κ on units where every coder counts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from newscoder.core.agreement.study import Study

#: Codes per int64 word of the code-set bitmask (bincount weights stay exact).
BITS = 52

NO_PAIRABLE = "no unit is coded by two or more coders (no pairable values)"
NO_VARIATION = "every value is the same (a single category): no variation, so it is undefined"
NO_COMMON = "no unit where every coder counts"


@dataclass(frozen=True, eq=False)
class GroupResult:
    """One metric for every group: value (NaN when undefined), reason, sizes."""

    value: np.ndarray  # (G,) float
    reason: list[str]  # '' when defined
    units: np.ndarray  # (G,) int
    documents: np.ndarray  # (G,) int


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


def compact(words: list[np.ndarray]) -> tuple[np.ndarray, int]:
    """Value codes 0..V-1 for the code sets, and V."""
    if len(words) == 1:
        w = words[0]
        top = int(w.max(initial=0))
        if top < 1 << 20:
            seen = np.bincount(w.ravel(), minlength=top + 1) > 0
            lut = np.cumsum(seen) - 1
            return lut[w], int(seen.sum())
        uniq, inverse = np.unique(w, return_inverse=True)
        return inverse.reshape(w.shape), int(uniq.size)
    stacked = np.stack([w.ravel() for w in words], axis=1)
    uniq, inverse = np.unique(stacked, axis=0, return_inverse=True)
    return inverse.reshape(words[0].shape), int(uniq.shape[0])


def code_bit(words: list[np.ndarray], code: int) -> np.ndarray:
    return (words[code // BITS] >> (code % BITS)) & 1


@dataclass(frozen=True, eq=False)
class UnitFrame:
    """Which coder counts on which unit, and each unit's group and document."""

    present: np.ndarray  # (m, N) bool
    group: np.ndarray  # (N,) int
    doc: np.ndarray  # (N,) int (study document index)
    doc_group: np.ndarray  # (n_docs,) int, -1 = unused
    n_groups: int
    required: np.ndarray  # (G,) coders who count for every unit of the group

    @property
    def coders_per_unit(self) -> np.ndarray:
        return self.present.sum(axis=0)

    def documents(self, mask: np.ndarray) -> np.ndarray:
        used = np.bincount(self.doc[mask], minlength=self.doc_group.size) > 0
        idx = np.flatnonzero(used & (self.doc_group >= 0))
        return np.bincount(self.doc_group[idx], minlength=self.n_groups)


def make_frame(
    study: Study, coder_rows: np.ndarray, doc_group: np.ndarray, n_groups: int, required: np.ndarray
) -> tuple[UnitFrame, np.ndarray]:
    """The frame for some coders and a grouping of documents, and the unit columns it takes."""
    length = study.doc_length
    doc_of_char = np.repeat(np.arange(length.size), length)
    cols = doc_group[doc_of_char] >= 0
    if study.keep is not None:
        cols &= study.keep
    cols = np.flatnonzero(cols)
    doc = doc_of_char[cols]
    present = study.counts[np.ix_(coder_rows, np.arange(length.size))][:, doc]
    frame = UnitFrame(present, doc_group[doc], doc, doc_group, n_groups, required)
    return frame, cols


def _pairs_agreeing(values: np.ndarray, present: np.ndarray) -> np.ndarray:
    """Per unit: ordered pairs of coders who both count and give the same value."""
    m = values.shape[0]
    agree = np.zeros(values.shape[1], dtype=np.int64)
    for i in range(m):
        for j in range(i + 1, m):
            agree += 2 * (present[i] & present[j] & (values[i] == values[j]))
    return agree


def _value_counts(frame: UnitFrame, values: np.ndarray, units: np.ndarray, n_values: int) -> np.ndarray:
    """(G, V): how often each value is given on the selected units."""
    mask = frame.present & units[None, :]
    keys = np.broadcast_to(frame.group, values.shape)[mask] * n_values + values[mask]
    return np.bincount(keys, minlength=frame.n_groups * n_values).reshape(frame.n_groups, n_values).astype(np.float64)


def coding_metrics(frame: UnitFrame, values: np.ndarray, n_values: int, cohen: bool) -> dict[str, GroupResult]:
    """Percent agreement, nominal α, Fleiss' κ (and Cohen's κ) per group."""
    G = frame.n_groups
    present = frame.present
    m_u = frame.coders_per_unit
    agree = _pairs_agreeing(values, present).astype(np.float64)
    out: dict[str, GroupResult] = {}

    pairable = m_u >= 2
    g = frame.group[pairable]
    n = np.bincount(g, weights=m_u[pairable], minlength=G)
    n_units = np.bincount(g, minlength=G)
    matched = np.bincount(g, weights=agree[pairable] / (m_u[pairable] - 1), minlength=G)
    counts = _value_counts(frame, values, pairable, n_values)
    de_num = n * (n - 1) - (counts * (counts - 1)).sum(axis=1)
    docs = frame.documents(pairable)
    with np.errstate(divide="ignore", invalid="ignore"):
        d_o = (n - matched) / n
        alpha = 1.0 - d_o * (n * (n - 1)) / de_num
    none = n_units == 0
    out["percent_agreement"] = GroupResult(
        np.where(none, np.nan, 1.0 - d_o), [NO_PAIRABLE if x else "" for x in none], n_units, docs
    )
    flat = de_num <= 0
    out["alpha_nominal"] = GroupResult(
        np.where(none | flat, np.nan, alpha),
        [NO_PAIRABLE if x else NO_VARIATION if f else "" for x, f in zip(none, flat, strict=True)],
        n_units,
        docs,
    )

    req = frame.required[frame.group]
    full = (m_u == req) & (req >= 2)
    g = frame.group[full]
    n_full = np.bincount(g, minlength=G).astype(np.float64)
    m_g = frame.required.astype(np.float64)
    counts = _value_counts(frame, values, full, n_values)
    docs = frame.documents(full)
    reasons_none = n_full == 0
    with np.errstate(divide="ignore", invalid="ignore"):
        p_bar = np.bincount(g, weights=agree[full] / (m_u[full] * (m_u[full] - 1)), minlength=G) / n_full
        total = n_full * m_g
        p_e = (counts**2).sum(axis=1) / total**2
        fleiss = (p_bar - p_e) / (1.0 - p_e)
    flat = (counts**2).sum(axis=1) >= total**2
    out["fleiss_kappa"] = GroupResult(
        np.where(reasons_none | flat, np.nan, fleiss),
        [NO_COMMON if x else NO_VARIATION if f else "" for x, f in zip(reasons_none, flat, strict=True)],
        n_full.astype(np.int64),
        docs,
    )
    if cohen:
        c1 = np.bincount(
            g * n_values + values[0][full], minlength=G * n_values
        ).reshape(G, n_values).astype(np.float64)
        c2 = np.bincount(
            g * n_values + values[1][full], minlength=G * n_values
        ).reshape(G, n_values).astype(np.float64)
        chance = (c1 * c2).sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            p_o = np.bincount(g, weights=agree[full] / 2.0, minlength=G) / n_full
            p_e = chance / n_full**2
            kappa = (p_o - p_e) / (1.0 - p_e)
        flat = chance >= n_full**2
        out["cohen_kappa"] = GroupResult(
            np.where(reasons_none | flat, np.nan, kappa),
            [NO_COMMON if x else NO_VARIATION if f else "" for x, f in zip(reasons_none, flat, strict=True)],
            n_full.astype(np.int64),
            docs,
        )
    return out

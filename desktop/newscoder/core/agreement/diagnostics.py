"""Diagnostics in words: what in the data behind a figure should make a reader careful.

A *concern* explains the data a value rests on, not the value itself. Each
row of the report (a code, or all codes; the coders compared; the pooled
documents or one document) may carry several, joined by "; ":

* **few units**: fewer than :data:`MIN_SEGMENTS` segments of the code (all
  compared coders together);
* **rare code**: the code covers under :data:`RARE_SHARE` of the characters the
  compared coders looked at (chance-corrected figures swing on a few characters);
* **a coder with no segments of this code** (of any code, for all codes);
* **disagreement mostly on boundaries**: more segments are matched by overlap
  but not exactly than are left unmatched (overlap F1 well above exact F1);
* **rests on one document**: one document holds more than half of the code's
  segments, or only one document counts (pooled rows only).

Rows whose value is undefined carry no concern: their note already says why.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from newscoder.core.agreement.matching import match_counts
from newscoder.core.agreement.study import Study

MIN_SEGMENTS = 10
RARE_SHARE = 0.05
ONE_DOCUMENT_SHARE = 0.5
ALL = "(all)"


@dataclass(frozen=True, eq=False)
class _Subset:
    """Per (document, code + 1) sums for one set of coders; column 0 is all codes."""

    segments: np.ndarray  # (D, C+1) segments of the compared coders
    covered: np.ndarray  # (D, C+1) characters covered (summed over coders)
    looked: np.ndarray  # (D,) characters times counting coders
    by_coder: np.ndarray  # (m, D, C+1) segments per coder
    counts: np.ndarray  # (m, D) coder counts for document
    exact: np.ndarray  # (D, C+1) exact matches summed over the pairs
    overlap: np.ndarray  # (D, C+1)
    pair_segments: np.ndarray  # (D, C+1)


class Diagnostics:
    """Concerns for the rows of one study (computed per set of coders, then looked up)."""

    def __init__(self, study: Study) -> None:
        self.study = study
        self.index = {name: i for i, name in enumerate(study.coders)}
        self.code_index = {ALL: 0} | {name: k + 1 for k, name in enumerate(study.codes)}
        self.doc_index = {d.id: i for i, d in enumerate(study.documents)}
        n, C, D = len(study.coders), len(study.codes), len(study.documents)
        u = study.units
        key = (u.coder * D + u.doc) * (C + 1) + u.code + 1
        size = n * D * (C + 1)
        seg = np.bincount(key, minlength=size).reshape(n, D, C + 1).astype(np.float64)
        cov = np.bincount(key, weights=(u.end - u.start).astype(np.float64), minlength=size).reshape(n, D, C + 1)
        seg[:, :, 0] = seg[:, :, 1:].sum(axis=2)
        cov[:, :, 0] = cov[:, :, 1:].sum(axis=2)
        self.seg, self.cov = seg, cov
        self._pairs: dict[tuple[int, int], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._subsets: dict[tuple[int, ...], _Subset] = {}

    def _pair(self, a: int, b: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if (a, b) not in self._pairs:
            s = self.study
            D, C = len(s.documents), len(s.codes)
            both = s.counts[a] & s.counts[b]
            group = np.where(both, np.arange(D), -1)
            mc = match_counts(s.units, a, b, C, group, D, s.doc_length)
            self._pairs[(a, b)] = tuple(  # type: ignore[assignment]
                np.concatenate([x.sum(axis=1, keepdims=True), x], axis=1).astype(np.float64)
                for x in (mc.exact, mc.overlap, mc.segments)
            )
        return self._pairs[(a, b)]

    def _subset(self, who: tuple[int, ...]) -> _Subset:
        if who not in self._subsets:
            s = self.study
            idx = np.array(who)
            counts = s.counts[idx]
            shape = (len(s.documents), len(s.codes) + 1)
            exact, overlap, segs = np.zeros(shape), np.zeros(shape), np.zeros(shape)
            for a, b in itertools.combinations(who, 2):
                e, o, g = self._pair(a, b)
                exact, overlap, segs = exact + e, overlap + o, segs + g
            self._subsets[who] = _Subset(
                segments=self.seg[idx].sum(axis=0),
                covered=self.cov[idx].sum(axis=0),
                looked=(counts * s.doc_length[None, :]).sum(axis=0).astype(np.float64),
                by_coder=self.seg[idx],
                counts=counts,
                exact=exact,
                overlap=overlap,
                pair_segments=segs,
            )
        return self._subsets[who]

    def concern(self, coders: tuple[str, ...], code: str, document_id: str | None = None) -> str:
        """The concerns of one row, in words ("" when none)."""
        who = tuple(sorted(self.index[c] for c in coders if c in self.index))
        k = self.code_index.get(code)
        if len(who) < 2 or k is None:
            return ""
        sub = self._subset(who)
        if document_id is not None:
            d = self.doc_index.get(document_id)
            if d is None:
                return ""
            docs = np.array([d])
        else:
            docs = np.flatnonzero(sub.counts.sum(axis=0) >= 2)
        what = "of this code" if k else "(of any code)"
        out: list[str] = []
        n_seg = int(sub.segments[docs, k].sum())
        if n_seg < MIN_SEGMENTS:
            out.append(f"few units: only {n_seg} segment{'s' if n_seg != 1 else ''} {what}")
        looked = float(sub.looked[docs].sum())
        share = float(sub.covered[docs, k].sum()) / looked if looked else 0.0
        if k and n_seg and share < RARE_SHARE:
            out.append(f"rare code: it covers {100 * share:.1f} % of the characters (under {100 * RARE_SHARE:.0f} %)")
        for i, c in enumerate(who):
            counted = docs[sub.counts[i, docs]]
            if counted.size and sub.by_coder[i, counted, k].sum() == 0:
                out.append(f"{self.study.coders[c]} has no segment {what}")
        exact, overlap, segs = (float(x[docs, k].sum()) for x in (sub.exact, sub.overlap, sub.pair_segments))
        boundary, unmatched = 2 * (overlap - exact), segs - 2 * overlap
        if segs and boundary > unmatched and boundary > 0:
            out.append(
                f"disagreement mostly on boundaries: overlap F1 {2 * overlap / segs:.2f} vs exact F1 {2 * exact / segs:.2f}"
            )
        if document_id is None:
            if docs.size == 1:
                out.append(f"rests on one document: only {self.study.documents[int(docs[0])].title!r} counts")
            elif n_seg:
                per_doc = sub.segments[docs, k]
                top = int(np.argmax(per_doc))
                if per_doc[top] > ONE_DOCUMENT_SHARE * n_seg:
                    title = self.study.documents[int(docs[top])].title
                    out.append(f"rests on one document: {title!r} holds {int(per_doc[top])} of the {n_seg} segments")
        return "; ".join(out)

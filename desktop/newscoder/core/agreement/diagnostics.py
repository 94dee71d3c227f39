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
            self._pairs[(a, b)] = tuple(
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
        if document_id is None:
            return self.table(who, by_document=False)[0][k]
        d = self.doc_index.get(document_id)
        return "" if d is None else self.table(who, by_document=True)[d][k]

    def table(self, who: tuple[int, ...], by_document: bool) -> list[list[str]]:
        """Concerns per group (each document, or the pooled study) and code (column 0: all codes)."""
        sub = self._subset(who)
        if by_document:
            def total(a: np.ndarray) -> np.ndarray:
                return a
            counted = sub.counts.T  # (G, m)
            coder_segs = np.moveaxis(sub.by_coder, 0, 1)  # (G, m, C+1)
        else:
            used = sub.counts.sum(axis=0) >= 2

            def total(a: np.ndarray) -> np.ndarray:
                return a[used].sum(axis=0, keepdims=True)
            counted = (sub.counts & used).any(axis=1)[None, :]
            coder_segs = (sub.by_coder * (sub.counts & used)[:, :, None]).sum(axis=1)[None, :, :]
        n_seg = total(sub.segments)
        looked = total(sub.looked)
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(looked[:, None] > 0, total(sub.covered) / looked[:, None], 0.0)
        exact, overlap, segs = total(sub.exact), total(sub.overlap), total(sub.pair_segments)
        boundary = 2 * (overlap - exact)
        is_boundary = (segs > 0) & (boundary > segs - 2 * overlap) & (boundary > 0)
        lonely = counted[:, :, None] & (coder_segs == 0)  # (G, m, C+1)
        few = n_seg < MIN_SEGMENTS
        rare = (n_seg > 0) & (share < RARE_SHARE)
        rare[:, 0] = False
        one_doc_text: list[str] = []
        if not by_document:
            docs = np.flatnonzero(used)
            per_doc = sub.segments[docs]  # (n_used, C+1)
            for k in range(per_doc.shape[1]):
                n = int(n_seg[0, k])
                if docs.size == 1:
                    one_doc_text.append(
                        f"rests on one document: only {self.study.documents[int(docs[0])].title!r} counts"
                    )
                elif n and docs.size:
                    top = int(np.argmax(per_doc[:, k]))
                    one_doc_text.append(
                        f"rests on one document: {self.study.documents[int(docs[top])].title!r} holds "
                        f"{int(per_doc[top, k])} of the {n} segments"
                        if per_doc[top, k] > ONE_DOCUMENT_SHARE * n
                        else ""
                    )
                else:
                    one_doc_text.append("")
        names = [self.study.coders[c] for c in who]
        out: list[list[str]] = []
        for g in range(n_seg.shape[0]):
            row = []
            for k in range(n_seg.shape[1]):
                what = "of this code" if k else "(of any code)"
                parts = []
                if few[g, k]:
                    n = int(n_seg[g, k])
                    parts.append(f"few units: only {n} segment{'s' if n != 1 else ''} {what}" if n
                                 else f"few units: no segments {what}")
                if rare[g, k]:
                    parts.append(f"rare code: it covers {100 * share[g, k]:.1f} % of the characters "
                                 f"(under {100 * RARE_SHARE:.0f} %)")
                parts += [f"{names[i]} has no segment {what}" for i in np.flatnonzero(lonely[g, :, k])]
                if is_boundary[g, k]:
                    parts.append(f"disagreement mostly on boundaries: overlap F1 {2 * overlap[g, k] / segs[g, k]:.2f} "
                                 f"vs exact F1 {2 * exact[g, k] / segs[g, k]:.2f}")
                if one_doc_text and one_doc_text[k]:
                    parts.append(one_doc_text[k])
                row.append("; ".join(parts))
            out.append(row)
        return out

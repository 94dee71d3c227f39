"""View 1: outlet × code matrix: segments, per 1,000 words, share of the text, where a code first appears.

With several coders the figures are per coder (pooled = the mean over the selected coders):
``per_1000 = segments / coders / words × 1000`` and ``share = characters covered (each
coder's union) / (coders × characters)``. "First appearance" counts, per article and coder
that used the code, whether its first segment starts in the headline (the text's first line
when it repeats the title), the lede (the first paragraph after it) or the body.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from newscoder.core.agreement.intervals import merge_union
from newscoder.core.compare.model import BODY, HEADLINE, LEDE, CompareInput

PLACES = (HEADLINE, LEDE, BODY)


@dataclass(frozen=True, eq=False)
class MatrixView:
    outlets: tuple[str, ...]
    codes: tuple[str, ...]  # names, in codebook order (codes nobody used left out)
    code_index: np.ndarray  # (C,) index into CompareInput.codes
    documents: np.ndarray  # (O,) articles per outlet
    words: np.ndarray  # (O,)
    characters: np.ndarray  # (O,)
    coders: int
    count: np.ndarray  # (O, C) segments
    per_1000: np.ndarray  # (O, C) float
    share: np.ndarray  # (O, C) float in [0, 1]
    first: np.ndarray  # (O, C, 3) articles×coders whose first segment is in headline, lede, body

    def first_label(self, o: int, c: int) -> str:
        counts = self.first[o, c]
        if not counts.any():
            return ""
        return " · ".join(f"{p[0].upper()} {int(n)}" for p, n in zip(PLACES, counts, strict=True))


def outlet_code_matrix(inp: CompareInput) -> MatrixView:
    n_out = len(inp.outlets)
    used = np.unique(inp.seg_code)
    n_codes = used.size
    col = np.full(max(len(inp.codes), 1), -1, dtype=np.int64)
    col[used] = np.arange(n_codes)
    k = max(len(inp.coders), 1)
    doc_words = np.array([d.words for d in inp.docs], dtype=np.float64)
    doc_chars = np.array([len(d.text) for d in inp.docs], dtype=np.float64)
    words = np.bincount(inp.doc_outlet, weights=doc_words, minlength=n_out)
    chars = np.bincount(inp.doc_outlet, weights=doc_chars, minlength=n_out)
    documents = np.bincount(inp.doc_outlet, minlength=n_out)
    seg_out = inp.doc_outlet[inp.seg_doc] if inp.n_segments else np.zeros(0, dtype=np.int64)
    cell = seg_out * n_codes + col[inp.seg_code] if inp.n_segments else seg_out
    count = np.bincount(cell, minlength=n_out * n_codes).reshape(n_out, n_codes)

    group = (inp.seg_doc * k + inp.seg_coder) * max(len(inp.codes), 1) + inp.seg_code
    index, m_start, m_end = merge_union(group, inp.seg_start, inp.seg_end)
    covered = np.bincount(cell[index], weights=(m_end - m_start).astype(np.float64),
                          minlength=n_out * n_codes).reshape(n_out, n_codes)
    first = np.zeros((n_out, n_codes, 3), dtype=np.int64)
    if index.size:
        g = group[index]
        starts_group = np.ones(g.size, dtype=bool)
        starts_group[1:] = g[1:] != g[:-1]
        firsts = index[starts_group]  # merged runs are sorted by group then start: the first run's segment
        first_start = m_start[starts_group]
        doc = inp.seg_doc[firsts]
        head = np.array([d.headline_end for d in inp.docs], dtype=np.int64)[doc]
        lede = np.array([d.lede_end for d in inp.docs], dtype=np.int64)[doc]
        place = np.where(first_start < head, 0, np.where(first_start < lede, 1, 2))
        np.add.at(first, (seg_out[firsts], col[inp.seg_code[firsts]], place), 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_1000 = np.where(words[:, None] > 0, count / k / words[:, None] * 1000.0, 0.0)
        share = np.where(chars[:, None] > 0, covered / k / chars[:, None], 0.0)
    return MatrixView(
        outlets=inp.outlets, codes=tuple(inp.codes[int(i)][1] for i in used), code_index=used,
        documents=documents, words=words.astype(np.int64), characters=chars.astype(np.int64), coders=len(inp.coders),
        count=count, per_1000=per_1000, share=share, first=first)


def cell_segments(inp: CompareInput, view: MatrixView, o: int, c: int) -> np.ndarray:
    """Indices of the segments behind one cell (outlet ``o``, column ``c``), by document and start."""
    if not inp.n_segments:
        return np.zeros(0, dtype=np.int64)
    mask = (inp.doc_outlet[inp.seg_doc] == o) & (inp.seg_code == view.code_index[c])
    idx = np.flatnonzero(mask)
    return idx[np.lexsort((inp.seg_coder[idx], inp.seg_start[idx], inp.seg_doc[idx]))]

"""View 7: code × code co-occurrence.

The unit is one coder's sentence: two codes co-occur there when that coder's segments of
both touch the same sentence (overlapping segments always do). A cell counts such sentences
over the selected coders (the diagonal: sentences a code touches). Sentences come from
``sentences.py`` (the search splitter's rules, faster).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from newscoder.core.compare.model import CompareInput
from newscoder.core.compare.sentences import sentence_spans as sentences


@dataclass(frozen=True, eq=False)
class CooccurrenceView:
    codes: tuple[str, ...]
    code_index: np.ndarray  # (C,) into CompareInput.codes
    counts: np.ndarray  # (C, C) symmetric


def sentence_starts(inp: CompareInput) -> dict[int, np.ndarray]:
    """Sentence starts of every article with segments (cached in ``inp.extra``)."""
    cached = inp.extra.get("sentence_starts")
    if isinstance(cached, dict):
        return cached
    out = {}
    for d in np.unique(inp.seg_doc).tolist():
        spans = sentences(inp.docs[d].text)
        out[d] = np.array([0] + [s for s, _ in spans[1:]], dtype=np.int64)
    inp.extra["sentence_starts"] = out
    return out


def segment_sentences(inp: CompareInput) -> tuple[np.ndarray, np.ndarray]:
    """Each segment's first and last sentence, as global sentence numbers."""
    starts = sentence_starts(inp)
    offset = np.zeros(len(inp.docs) + 1, dtype=np.int64)
    sizes = np.zeros(len(inp.docs), dtype=np.int64)
    for d, s in starts.items():
        sizes[d] = s.size
    offset[1:] = np.cumsum(sizes)
    first = np.zeros(inp.n_segments, dtype=np.int64)
    last = np.zeros(inp.n_segments, dtype=np.int64)
    order = np.argsort(inp.seg_doc, kind="stable")
    bounds = np.searchsorted(inp.seg_doc[order], np.arange(len(inp.docs) + 1))
    for d, s in starts.items():
        idx = order[bounds[d]:bounds[d + 1]]
        first[idx] = offset[d] + np.searchsorted(s, inp.seg_start[idx], side="right") - 1
        last[idx] = offset[d] + np.searchsorted(s, inp.seg_end[idx] - 1, side="right") - 1
    return first, last


def cooccurrence(inp: CompareInput) -> CooccurrenceView:
    used = np.unique(inp.seg_code)
    col = np.full(max(len(inp.codes), 1), -1, dtype=np.int64)
    col[used] = np.arange(used.size)
    if not inp.n_segments:
        return CooccurrenceView((), used, np.zeros((0, 0), dtype=np.int64))
    first, last = segment_sentences(inp)
    span = last - first + 1
    seg = np.repeat(np.arange(inp.n_segments), span)
    within = np.arange(seg.size) - np.repeat(np.cumsum(span) - span, span)
    unit = (first[seg] + within) * max(len(inp.coders), 1) + inp.seg_coder[seg]
    _, unit_ids = np.unique(unit, return_inverse=True)
    m = sparse.csr_matrix((np.ones(seg.size, dtype=np.int64), (unit_ids.ravel(), col[inp.seg_code[seg]])),
                          shape=(int(unit_ids.max()) + 1, used.size))
    m.data[:] = 1  # a code touching a sentence twice counts once
    m.sum_duplicates()
    m.data[:] = 1
    counts = (m.T @ m).toarray().astype(np.int64)
    return CooccurrenceView(tuple(inp.codes[int(i)][1] for i in used), used, counts)


def cell_pairs(inp: CompareInput, view: CooccurrenceView, a: int, b: int) -> list[tuple[int, int]]:
    """Segment pairs (one of each code, same coder, a shared sentence) behind a cell; ``(i, i)`` on the diagonal."""
    first, last = segment_sentences(inp)
    ca, cb = view.code_index[a], view.code_index[b]
    sa = np.flatnonzero(inp.seg_code == ca)
    if a == b:
        return [(int(i), int(i)) for i in sa[np.lexsort((inp.seg_start[sa], inp.seg_doc[sa]))]]
    sb = np.flatnonzero(inp.seg_code == cb)
    by_key: dict[tuple[int, int], list[int]] = {}
    for j in sb.tolist():
        by_key.setdefault((int(inp.seg_doc[j]), int(inp.seg_coder[j])), []).append(j)
    out = []
    for i in sa.tolist():
        for j in by_key.get((int(inp.seg_doc[i]), int(inp.seg_coder[i])), []):
            if first[i] <= last[j] and first[j] <= last[i]:
                out.append((i, j))
    out.sort(key=lambda p: (int(inp.seg_doc[p[0]]), int(inp.seg_start[p[0]])))
    return out

"""The spans behind a number: plain references the window lists and opens (click-through)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from newscoder.core.compare.model import CompareInput
from newscoder.core.compare.quotes import Span

CONTEXT = 160


@dataclass(frozen=True)
class SpanRef:
    document_id: str
    title: str
    outlet: str
    coder: str  # "" for text found by matching (quotes)
    code: str
    start: int
    end: int
    text: str  # the span's words (cut to CONTEXT characters)
    segment_id: str = ""


def _cut(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= CONTEXT else flat[: CONTEXT - 1] + "…"


def segment_refs(inp: CompareInput, indices: Iterable[int]) -> list[SpanRef]:
    out = []
    for i in indices:
        i = int(i)
        doc = inp.docs[int(inp.seg_doc[i])]
        start, end = int(inp.seg_start[i]), int(inp.seg_end[i])
        out.append(SpanRef(doc.id, doc.title, doc.outlet, inp.coders[int(inp.seg_coder[i])][1],
                           inp.codes[int(inp.seg_code[i])][1], start, end, _cut(doc.text[start:end]), inp.seg_id[i]))
    return out


def pair_refs(inp: CompareInput, pairs: Iterable[tuple[int, int]]) -> list[SpanRef]:
    """Both segments of each co-occurring pair (once each), in order."""
    seen: dict[int, None] = {}
    for i, j in pairs:
        seen.setdefault(int(i))
        seen.setdefault(int(j))
    return segment_refs(inp, seen)


def text_refs(inp: CompareInput, spans: Iterable[Span], label: str = "") -> list[SpanRef]:
    out = []
    for s in spans:
        doc = inp.docs[s.doc]
        out.append(SpanRef(doc.id, doc.title, doc.outlet, "", label, s.start, s.end, _cut(doc.text[s.start:s.end])))
    return out


def outlet_segments(inp: CompareInput, outlet: int) -> np.ndarray:
    """Every selected segment in one outlet's articles (the data behind its α_u)."""
    idx = np.flatnonzero(inp.doc_outlet[inp.seg_doc] == outlet) if inp.n_segments else np.zeros(0, dtype=np.int64)
    return idx[np.lexsort((inp.seg_start[idx], inp.seg_coder[idx], inp.seg_doc[idx]))]

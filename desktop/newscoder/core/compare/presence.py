"""View 4: present here, missing there: items (codes, sources, claims) found in some outlets and
not in others.

A kind of item is a function ``CompareInput -> list[PresenceItem]`` in ``KINDS``; ``cited.py``
adds ``("source", source_items)`` and ``("claim", claim_items)`` with :func:`register_kind`, and
the view, the report and the window show them with no other change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from newscoder.core.compare.model import CompareInput


@dataclass(frozen=True)
class PresenceItem:
    kind: str  # "code", later "source", "claim"
    name: str
    counts: dict[str, int]  # outlet -> segments (or mentions) found there
    documents: dict[str, int]  # outlet -> articles it appears in
    segments: tuple[int, ...] = ()  # kinds other than "code": the segments behind the item (input indices)

    def present(self, outlets: tuple[str, ...]) -> list[str]:
        return [o for o in outlets if self.counts.get(o, 0) > 0]

    def missing(self, outlets: tuple[str, ...]) -> list[str]:
        return [o for o in outlets if self.counts.get(o, 0) == 0]


@dataclass(frozen=True)
class PresenceView:
    outlets: tuple[str, ...]
    items: tuple[PresenceItem, ...]  # only items present in some outlets and missing in others
    everywhere: tuple[PresenceItem, ...]


def code_items(inp: CompareInput) -> list[PresenceItem]:
    n_out = len(inp.outlets)
    if not inp.n_segments:
        return []
    seg_out = inp.doc_outlet[inp.seg_doc]
    out = []
    for c in np.unique(inp.seg_code).tolist():
        mask = inp.seg_code == c
        counts = np.bincount(seg_out[mask], minlength=n_out)
        docs = np.bincount(inp.doc_outlet[np.unique(inp.seg_doc[mask])], minlength=n_out)
        out.append(PresenceItem("code", inp.codes[c][1],
                                {o: int(n) for o, n in zip(inp.outlets, counts, strict=True) if n},
                                {o: int(n) for o, n in zip(inp.outlets, docs, strict=True) if n}))
    return out


KINDS: list[tuple[str, Callable[[CompareInput], list[PresenceItem]]]] = [("code", code_items)]


def register_kind(kind: str, items: Callable[[CompareInput], list[PresenceItem]]) -> None:
    """Add a kind of item (issue 15: sources, claims); replaces one of the same name."""
    KINDS[:] = [(k, f) for k, f in KINDS if k != kind] + [(kind, items)]


def present_missing(inp: CompareInput) -> PresenceView:
    partial: list[PresenceItem] = []
    full: list[PresenceItem] = []
    for _, items in KINDS:
        for item in items(inp):
            (full if not item.missing(inp.outlets) else partial).append(item)
    partial.sort(key=lambda i: (i.kind, len(i.present(inp.outlets)), i.name.casefold()))
    return PresenceView(inp.outlets, tuple(partial), tuple(full))


def item_segments(inp: CompareInput, item: PresenceItem, outlet: str) -> np.ndarray:
    """Segments behind an item in one outlet (a code's by its name; other kinds bring their own)."""
    if outlet not in inp.outlets:
        return np.zeros(0, dtype=np.int64)
    if item.kind != "code":
        idx = np.array(item.segments, dtype=np.int64)
        idx = idx[inp.doc_outlet[inp.seg_doc[idx]] == inp.outlets.index(outlet)]
        return idx[np.lexsort((inp.seg_coder[idx], inp.seg_start[idx], inp.seg_doc[idx]))]
    code = next((i for i, (_, n) in enumerate(inp.codes) if n == item.name), -1)
    mask = (inp.seg_code == code) & (inp.doc_outlet[inp.seg_doc] == inp.outlets.index(outlet))
    idx = np.flatnonzero(mask)
    return idx[np.lexsort((inp.seg_coder[idx], inp.seg_start[idx], inp.seg_doc[idx]))]

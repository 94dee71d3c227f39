"""View 3: sources by outlet (who is quoted or cited by which outlet, split by code), and the
sources and claims half of view 4 (present here, missing there).

A segment cites a source when one of its code's ``source`` attributes names it. The view
counts, per source and outlet, the articles that cite it and the segments behind them, for all
codes together and for each code. For view 4, :func:`source_items` gives one item per source
and :func:`claim_items` one per claim, denial or condemnation *by its source and target*
("denial by Kremlin about the deployment"), so that a denial reported by one outlet only shows.
Both are registered with :func:`presence.register_kind`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from newscoder.core.compare import presence
from newscoder.core.compare.model import CompareInput
from newscoder.core.compare.structured import ESTIMATE_CODE, structured

ALL_CODES = "(all codes)"


@dataclass(frozen=True)
class SourceRow:
    source: int  # index into Structured.sources
    name: str
    kind: str
    affiliation: str
    code: int  # index into CompareInput.codes; -1: all codes
    code_name: str  # ALL_CODES for the source's total row
    articles: dict[str, int]  # outlet -> articles citing it
    segments: dict[str, int]  # outlet -> segments citing it

    @property
    def label(self) -> str:
        return self.name if self.code < 0 else f"{self.name} · {self.code_name}"


@dataclass(frozen=True, eq=False)
class SourcesView:
    outlets: tuple[str, ...]
    rows: tuple[SourceRow, ...]  # per source: its total row, then one per code
    note: str


def _counts(inp: CompareInput, key: np.ndarray, seg: np.ndarray, n_keys: int) -> tuple[np.ndarray, np.ndarray]:
    """(keys × outlets) segments and articles for a key per citation."""
    n_out = len(inp.outlets)
    outlet = inp.doc_outlet[inp.seg_doc[seg]]
    segments = np.bincount(key * n_out + outlet, minlength=n_keys * n_out).reshape(n_keys, n_out)
    per_doc = np.unique(key * len(inp.docs) + inp.seg_doc[seg])
    k, d = np.divmod(per_doc, max(len(inp.docs), 1))
    articles = np.bincount(k * n_out + inp.doc_outlet[d], minlength=n_keys * n_out).reshape(n_keys, n_out)
    return segments, articles


def sources_by_outlet(inp: CompareInput) -> SourcesView:
    st = structured(inp)
    if not st.cite_seg.size:
        return SourcesView(inp.outlets, (), "No sources cited: no selected segment names a source "
                                            "(a code's attribute of type “source”).")
    n_src, n_codes = len(st.sources), max(len(inp.codes), 1)
    # a segment citing one source twice (two source attributes) counts once
    pair = np.unique(st.cite_seg * n_src + st.cite_src)
    seg, src = np.divmod(pair, n_src)
    tot_seg, tot_art = _counts(inp, src, seg, n_src)
    code = inp.seg_code[seg]
    by_code_seg, by_code_art = _counts(inp, src * n_codes + code, seg, n_src * n_codes)
    used = np.unique(src * n_codes + code)
    rows = []

    def row(s: int, c: int, segs: np.ndarray, arts: np.ndarray) -> SourceRow:
        info = st.sources[s]
        return SourceRow(s, info.name, info.kind, info.affiliation, c, inp.codes[c][1] if c >= 0 else ALL_CODES,
                         {o: int(n) for o, n in zip(inp.outlets, arts, strict=True) if n},
                         {o: int(n) for o, n in zip(inp.outlets, segs, strict=True) if n})

    for s in range(n_src):
        if not tot_seg[s].any():
            continue
        rows.append(row(s, -1, tot_seg[s], tot_art[s]))
        for k in used[(used // n_codes) == s].tolist():
            rows.append(row(s, k % n_codes, by_code_seg[k], by_code_art[k]))
    return SourcesView(inp.outlets, tuple(rows), "")


def row_segments(inp: CompareInput, r: SourceRow, outlet: int | None) -> np.ndarray:
    """The segments behind one cell (``outlet`` None: every outlet), by article, start and coder."""
    st = structured(inp)
    seg = np.unique(st.cite_seg[st.cite_src == r.source])
    if r.code >= 0:
        seg = seg[inp.seg_code[seg] == r.code]
    if outlet is not None:
        seg = seg[inp.doc_outlet[inp.seg_doc[seg]] == outlet]
    return seg[np.lexsort((inp.seg_coder[seg], inp.seg_start[seg], inp.seg_doc[seg]))]


# -- view 4: sources and claims present here, missing there ------------------------------------
def _items(inp: CompareInput, kind: str, key: np.ndarray, seg: np.ndarray,
           names: list[str]) -> list[presence.PresenceItem]:
    """One item per key (``names[key]``) with its segments per outlet (``seg``: one segment per row)."""
    if not seg.size:
        return []
    segments, articles = _counts(inp, key, seg, len(names))
    order = np.lexsort((seg, key))
    bounds = np.searchsorted(key[order], np.arange(len(names) + 1))
    out = []
    for k, name in enumerate(names):
        if not segments[k].any():
            continue
        out.append(presence.PresenceItem(
            kind, name, {o: int(n) for o, n in zip(inp.outlets, segments[k], strict=True) if n},
            {o: int(n) for o, n in zip(inp.outlets, articles[k], strict=True) if n},
            tuple(np.unique(seg[order[bounds[k]:bounds[k + 1]]]).tolist())))
    return out


def source_items(inp: CompareInput) -> list[presence.PresenceItem]:
    """One item per cited source: the segments citing it per outlet."""
    st = structured(inp)
    n = max(len(st.sources), 1)
    seg, src = np.divmod(np.unique(st.cite_seg * n + st.cite_src), n)
    return _items(inp, "source", src, seg, [s.name for s in st.sources])


def claim_items(inp: CompareInput) -> list[presence.PresenceItem]:
    """One item per code (not the estimate code) × source × target: "denial by Kremlin about X"."""
    st = structured(inp)
    if not st.cite_seg.size:
        return []
    estimate = [c for c, (_, name) in enumerate(inp.codes) if name.casefold() == ESTIMATE_CODE]
    code = inp.seg_code[st.cite_seg]
    keep = ~np.isin(code, estimate)
    seg, src, code, target = st.cite_seg[keep], st.cite_src[keep], code[keep], st.cite_target[keep]
    n_src, n_tgt = len(st.sources), len(st.target_names) + 1
    full = (code * n_src + src) * n_tgt + (target + 1)
    keys, key = np.unique(full, return_inverse=True)
    labels = []
    for k in keys.tolist():
        rest, t = divmod(k, n_tgt)
        c, s = divmod(rest, n_src)
        labels.append(f"{inp.codes[c][1]} by {st.sources[s].name}" + (f" about {st.target_names[t - 1]}" if t else ""))
    return _items(inp, "claim", key.ravel(), seg, labels)


presence.register_kind("source", source_items)
presence.register_kind("claim", claim_items)

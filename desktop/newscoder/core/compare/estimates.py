"""View 2: estimates by outlet, and view 6's marks (the timeline).

The ledger's estimates grouped by what is counted and by source (one row each), one column per
outlet: each cell lists the figures that outlet's articles report ("as many as 8,000 ×2") with
the number of estimate segments behind them. A row is flagged when its outlets disagree:

* **hedge drift**: the same number with a different hedge in different outlets ("as many as
  8,000" in one, "up to 8,000" in another; a bare number counts as the hedge "exact", as in the
  ledger's own drift check): the outlets' sets of hedges for that number differ;
* **changed number**: two or more outlets report the row and their sets of numbers differ.

With several coders pooled, two coders' different readings of one span also differ; choose one
coder or the gold layer to compare the outlets alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from newscoder.core.compare.model import CompareInput
from newscoder.core.compare.structured import (
    BARE,
    NO_SOURCE,
    NOT_GIVEN,
    Figure,
    Structured,
    no_cycle_collection,
    structured,
)

HEDGE, NUMBER = "hedge drift", "changed number"


@dataclass(frozen=True)
class Drift:
    kind: str  # HEDGE or NUMBER
    detail: str  # in words, e.g. "8,000: as many as (VOA) · up to (AFP)"
    outlets: tuple[str, ...]
    figures: tuple[int, ...]  # indices into Structured.figures involved

    def text(self) -> str:
        return f"{self.kind}: {self.detail}"


@dataclass(frozen=True)
class EstimateRow:
    counted: str
    source: str  # NO_SOURCE when none
    source_kind: str
    group: int  # the row's key in EstimatesView.est_group
    cells: dict[str, tuple[tuple[str, int], ...]]  # outlet -> (figure label, estimates), by number
    counts: dict[str, int]  # outlet -> estimates
    drift: tuple[Drift, ...]

    def cell_text(self, outlet: str) -> str:
        return "; ".join(f"{label} ×{n}" if n > 1 else label for label, n in self.cells.get(outlet, ()))


@dataclass(frozen=True, eq=False)
class EstimatesView:
    outlets: tuple[str, ...]
    rows: tuple[EstimateRow, ...]
    est_group: np.ndarray  # (E,) row group of each estimate (Structured order)
    est_outlet: np.ndarray  # (E,) outlet index of each estimate
    estimates: int
    note: str

    @property
    def drifts(self) -> list[tuple[EstimateRow, Drift]]:
        return [(r, d) for r in self.rows for d in r.drift]


def _figure_order(fig: Figure) -> tuple[float, float, str]:
    mid = fig.mid
    return (0.0 if mid is not None else 1.0, mid if mid is not None else 0.0, fig.hedge)


def _drifts(st: Structured, by_outlet: dict[str, set[int]]) -> tuple[Drift, ...]:
    """Hedge drift and changed numbers among the outlets of one row (outlets in view order)."""
    out: list[Drift] = []
    figs = st.figures
    # hedge drift: one number whose hedges differ between outlets (each outlet's set of hedges for it)
    numbers: dict[tuple[float | None, float | None, float | None], dict[str, set[str]]] = {}
    for outlet, fset in by_outlet.items():
        for f in fset:
            if figs[f].mid is not None:
                numbers.setdefault(figs[f].number, {}).setdefault(outlet, set()).add(figs[f].hedge)
    for number, per_outlet in sorted(numbers.items(), key=lambda kv: [x if x is not None else -1.0 for x in kv[0]]):
        if len(per_outlet) > 1 and len({frozenset(h) for h in per_outlet.values()}) > 1:
            hedges: dict[str, list[str]] = {}
            for outlet, hs in per_outlet.items():
                for h in hs:
                    hedges.setdefault(h, []).append(outlet)
            label = Figure(*number, BARE).number_label()
            detail = f"{label}: " + " · ".join(f"{h} ({', '.join(os)})" for h, os in sorted(hedges.items()))
            involved = tuple(sorted({f for fs in by_outlet.values() for f in fs if figs[f].number == number}))
            out.append(Drift(HEDGE, detail, tuple(per_outlet), involved))
    # changed number: the outlets' sets of numbers differ
    sets = {o: frozenset(figs[f].number for f in fs if figs[f].mid is not None) for o, fs in by_outlet.items()}
    sets = {o: s for o, s in sets.items() if s}
    if len(sets) > 1 and len(set(sets.values())) > 1:
        def names(s: frozenset[tuple[float | None, float | None, float | None]]) -> str:
            labels = {Figure(n[0], n[1], n[2], "exact").number_label(): Figure(n[0], n[1], n[2], "exact").mid
                      for n in s}
            return ", ".join(sorted(labels, key=lambda k: labels[k] or 0.0))
        detail = "; ".join(f"{o} {names(s)}" for o, s in sets.items())
        involved = tuple(sorted({f for fs in by_outlet.values() for f in fs if figs[f].mid is not None}))
        out.append(Drift(NUMBER, detail, tuple(sets), involved))
    return tuple(out)


def estimates_by_outlet(inp: CompareInput) -> EstimatesView:
    st = structured(inp)
    n_out = len(inp.outlets)
    if not st.n_estimates:
        note = "No estimates: the project has no code named “estimate”, or none of its segments are selected."
        return EstimatesView(inp.outlets, (), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), 0, note)
    n_src = len(st.sources) + 1
    key = st.est_counted * n_src + (st.est_src + 1)
    groups, est_group = np.unique(key, return_inverse=True)
    est_group = est_group.ravel()
    est_outlet = inp.doc_outlet[inp.seg_doc[st.est_seg]]
    n_fig = max(len(st.figures), 1)
    triple = (est_group * n_out + est_outlet) * n_fig + st.est_fig
    uniq, counts = np.unique(triple, return_counts=True)
    per_group: dict[int, dict[int, dict[int, int]]] = {}
    for t, n in zip(uniq.tolist(), counts.tolist(), strict=True):
        g, rest = divmod(t, n_out * n_fig)
        o, f = divmod(rest, n_fig)
        per_group.setdefault(g, {}).setdefault(o, {})[f] = n
    rows = []
    for g, gk in enumerate(groups.tolist()):
        counted_i, src_i = divmod(gk, n_src)
        src = st.sources[src_i - 1] if src_i else None
        cells: dict[str, tuple[tuple[str, int], ...]] = {}
        counts_o: dict[str, int] = {}
        by_outlet: dict[str, set[int]] = {}
        for o in sorted(per_group.get(g, {})):
            fmap = per_group[g][o]
            outlet = inp.outlets[o]
            labels: dict[str, int] = {}  # figures that read the same (e.g. with and without a high end) are one
            for f in sorted(fmap, key=lambda f: _figure_order(st.figures[f])):
                labels[st.figures[f].label()] = labels.get(st.figures[f].label(), 0) + fmap[f]
            cells[outlet] = tuple(labels.items())
            counts_o[outlet] = sum(fmap.values())
            by_outlet[outlet] = set(fmap)
        rows.append(EstimateRow(st.counted[counted_i], src.name if src else NO_SOURCE, src.kind if src else "", g,
                                cells, counts_o, _drifts(st, by_outlet)))
    rows.sort(key=lambda r: (r.counted == NOT_GIVEN, r.counted.casefold(), r.source == NO_SOURCE, r.source.casefold(),
                             r.source))
    return EstimatesView(inp.outlets, tuple(rows), est_group, est_outlet, st.n_estimates, "")


def _ordered(inp: CompareInput, idx: np.ndarray) -> np.ndarray:
    return idx[np.lexsort((inp.seg_coder[idx], inp.seg_start[idx], inp.seg_doc[idx]))]


def cell_segments(inp: CompareInput, view: EstimatesView, row: EstimateRow, outlet: int | None) -> np.ndarray:
    """The estimate segments behind one cell (``outlet`` None: the whole row), by article and start."""
    st = structured(inp)
    mask = view.est_group == row.group
    if outlet is not None:
        mask &= view.est_outlet == outlet
    return _ordered(inp, st.est_seg[mask])


def drift_segments(inp: CompareInput, view: EstimatesView, row: EstimateRow, *drifts: Drift) -> np.ndarray:
    """The estimates drift flags rest on: the row's estimates with the figures involved, by article and start."""
    st = structured(inp)
    figures = np.array([f for d in drifts for f in d.figures], dtype=np.int64)
    mask = (view.est_group == row.group) & np.isin(st.est_fig, figures)
    return _ordered(inp, st.est_seg[mask])


# -- view 6: the timeline's marks ----------------------------------------------------------
class Mark(NamedTuple):
    segment: int  # index into the input's segments
    date: dt.date
    figure: Figure
    counted: str
    source: str
    outlet: str
    title: str
    coder: str


@dataclass(frozen=True, eq=False)
class TimelineView:
    marks: tuple[Mark, ...]  # by date, source, value, outlet, article, coder
    sources: tuple[str, ...]  # in legend order (by name; NO_SOURCE first, as it sorts)
    undated: int  # estimates whose article has no publication date
    unnumbered: int  # estimates with no number (e.g. "thousands")
    day: np.ndarray  # (M,) days since 1970-01-01 (matplotlib's date numbers), parallel to marks
    mid: np.ndarray  # (M,) the figure's value (a range: its middle)
    low: np.ndarray  # (M,) a range's low end, else nan
    high: np.ndarray  # (M,) a range's high end, else nan
    source: np.ndarray  # (M,) index into sources


EPOCH = dt.date(1970, 1, 1).toordinal()
_NO_DAY = np.iinfo(np.int64).min


def timeline(inp: CompareInput) -> TimelineView:
    """One mark per estimate with a number, at its article's publication date."""
    st = structured(inp)
    nan = float("nan")

    def num(x: float | None) -> float:
        return nan if x is None else x

    fig_mid = np.array([num(f.mid) for f in st.figures] or [nan])
    ranged = [f.low is not None and f.high is not None and f.value is None for f in st.figures]
    fig_low = np.array([num(f.low) if r else nan for f, r in zip(st.figures, ranged, strict=True)] or [nan])
    fig_high = np.array([num(f.high) if r else nan for f, r in zip(st.figures, ranged, strict=True)] or [nan])
    doc_day = np.array([d.toordinal() - EPOCH if d is not None else _NO_DAY for d in st.doc_date] or [_NO_DAY],
                       dtype=np.int64)
    seg = st.est_seg
    doc = inp.seg_doc[seg]
    mid = fig_mid[st.est_fig]
    day = doc_day[doc]
    numbered = ~np.isnan(mid)
    dated = day != _NO_DAY
    keep = np.flatnonzero(numbered & dated)
    order = keep[np.lexsort((seg[keep], inp.seg_coder[seg[keep]], doc[keep], inp.doc_outlet[doc[keep]], mid[keep],
                             st.est_src[keep], day[keep]))]
    source_names = [s.name for s in st.sources] + [NO_SOURCE]  # index -1: no source
    coders = [n for _, n in inp.coders]
    docs = inp.docs
    with no_cycle_collection():
        marks = tuple(Mark(i, st.doc_date[d], st.figures[f], st.counted[c], source_names[s], docs[d].outlet,
                           docs[d].title, coders[k])
                      for i, d, f, c, s, k in zip(seg[order].tolist(), doc[order].tolist(), st.est_fig[order].tolist(),
                                                  st.est_counted[order].tolist(), st.est_src[order].tolist(),
                                                  inp.seg_coder[seg[order]].tolist(), strict=True))
    used = np.unique(st.est_src[order])
    sources = tuple(source_names[int(s)] for s in np.r_[used[used < 0], used[used >= 0]])
    position = {name: k for k, name in enumerate(sources)}
    src = np.array([position[source_names[int(s)]] for s in used], dtype=np.int64)
    lookup = np.full(len(source_names) + 1, -1, dtype=np.int64)
    lookup[used] = src
    return TimelineView(marks, sources, int((numbered & ~dated).sum()), int((~numbered).sum()),
                        day[order].astype(np.float64), mid[order], fig_low[st.est_fig[order]],
                        fig_high[st.est_fig[order]], lookup[st.est_src[order]])

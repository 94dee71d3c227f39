"""View 2: estimates by outlet, and view 6's marks (the timeline).

The ledger's estimates grouped by what is counted and by source (one row each), one column per
outlet: each cell lists the figures that outlet's articles report ("as many as 8,000 ×2") with
the number of estimate segments behind them. A row is flagged when its outlets disagree:

* **hedge drift**: the same number with a different hedge in different outlets ("as many as
  8,000" in one, "up to 8,000" in another; a bare number counts as the hedge "exact", as in the
  ledger's own drift check);
* **changed number**: two or more outlets report the row and their sets of numbers differ.

With several coders pooled, two coders' different readings of one span also differ; choose one
coder or the gold layer to compare the outlets alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from newscoder.core.compare.model import CompareInput
from newscoder.core.compare.structured import NO_SOURCE, NOT_GIVEN, Figure, Structured, structured

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
    # hedge drift: one number, several hedges, in different outlets
    numbers: dict[tuple[float | None, float | None, float | None], dict[str, list[str]]] = {}
    for outlet, fset in by_outlet.items():
        for f in fset:
            if figs[f].mid is None:
                continue
            numbers.setdefault(figs[f].number, {}).setdefault(figs[f].hedge, []).append(outlet)
    for number, hedges in sorted(numbers.items(), key=lambda kv: [x if x is not None else -1.0 for x in kv[0]]):
        outlets = {o for os in hedges.values() for o in os}
        if len(hedges) > 1 and len(outlets) > 1:
            label = next(figs[f] for fs in by_outlet.values() for f in fs if figs[f].number == number).number_label()
            detail = f"{label}: " + " · ".join(f"{h} ({', '.join(os)})" for h, os in sorted(hedges.items()))
            involved = tuple(sorted({f for fs in by_outlet.values() for f in fs if figs[f].number == number}))
            out.append(Drift(HEDGE, detail, tuple(o for o in by_outlet if o in outlets), involved))
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
            ordered = sorted(fmap, key=lambda f: _figure_order(st.figures[f]))
            cells[outlet] = tuple((st.figures[f].label(), fmap[f]) for f in ordered)
            counts_o[outlet] = sum(fmap.values())
            by_outlet[outlet] = set(fmap)
        rows.append(EstimateRow(st.counted[counted_i], src.name if src else NO_SOURCE, src.kind if src else "", g,
                                cells, counts_o, _drifts(st, by_outlet)))
    rows.sort(key=lambda r: (r.counted == NOT_GIVEN, r.counted.casefold(), r.source == NO_SOURCE, r.source.casefold(), r.source))
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


def drift_segments(inp: CompareInput, view: EstimatesView, row: EstimateRow, drift: Drift) -> np.ndarray:
    """The estimates a drift flag rests on: the row's estimates with the figures involved."""
    st = structured(inp)
    mask = (view.est_group == row.group) & np.isin(st.est_fig, np.array(drift.figures, dtype=np.int64))
    return _ordered(inp, st.est_seg[mask])


# -- view 6: the timeline's marks ----------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Mark:
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
    marks: tuple[Mark, ...]  # by date, source, value
    sources: tuple[str, ...]  # in legend order (by name; NO_SOURCE last)
    undated: int  # estimates whose article has no publication date
    unnumbered: int  # estimates with no number (e.g. "thousands")


def timeline(inp: CompareInput) -> TimelineView:
    """One mark per estimate with a number, at its article's publication date."""
    st = structured(inp)
    marks = []
    undated = unnumbered = 0
    for k in range(st.n_estimates):
        i = int(st.est_seg[k])
        d = int(inp.seg_doc[i])
        fig = st.figures[int(st.est_fig[k])]
        date = st.doc_date[d]
        if fig.mid is None:
            unnumbered += 1
            continue
        if date is None:
            undated += 1
            continue
        s = int(st.est_src[k])
        doc = inp.docs[d]
        marks.append(Mark(i, date, fig, st.counted[int(st.est_counted[k])], st.sources[s].name if s >= 0 else NO_SOURCE,
                          doc.outlet, doc.title, inp.coders[int(inp.seg_coder[i])][1]))
    marks.sort(key=lambda m: (m.date, m.source.casefold(), m.figure.mid or 0.0, m.outlet, m.title, m.coder,
                              m.segment))
    names = {m.source for m in marks}
    sources = tuple(sorted(names - {NO_SOURCE}, key=lambda n: (n.casefold(), n))) + \
        ((NO_SOURCE,) if NO_SOURCE in names else ())
    return TimelineView(tuple(marks), sources, undated, unnumbered)

"""The comparison report: every view computed once, and each view as tables of plain cells.

A view is registered in ``VIEWS`` as ``(key, title, compute, tables)``: ``compute(project,
inp)`` returns the view, ``tables(inp, view)`` its tables ``(name, header, rows)``, in the
issue's order: outlet × code, estimates, sources, present/missing, quotes, timeline,
co-occurrence, reliability.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from newscoder import __version__
from newscoder.core.compare import cooccurrence as cooc
from newscoder.core.compare import cited, estimates, matrix, presence, quotes, reliability
from newscoder.core.compare.model import CompareInput
from newscoder.core.store import Project
from newscoder.core.timeutil import now_utc

Table = tuple[str, list[str], list[list[Any]]]


@dataclass(frozen=True)
class ViewSpec:
    key: str
    title: str
    compute: Callable[[Project | None, CompareInput], Any]
    tables: Callable[[CompareInput, Any], list[Table]]


def _matrix_tables(inp: CompareInput, v: matrix.MatrixView) -> list[Table]:
    header = ["outlet", "code", "segments", "per_1000_words", "share_of_text", "first_headline", "first_lede",
              "first_body", "articles", "words"]
    rows = []
    for o, outlet in enumerate(v.outlets):
        for c, code in enumerate(v.codes):
            f = v.first[o, c]
            rows.append([outlet, code, int(v.count[o, c]), round(float(v.per_1000[o, c]), 3),
                         round(float(v.share[o, c]), 4), int(f[0]), int(f[1]), int(f[2]),
                         int(v.documents[o]), int(v.words[o])])
    return [("matrix", header, rows)]


def _presence_tables(inp: CompareInput, v: presence.PresenceView) -> list[Table]:
    header = ["kind", "item", "present_in", "missing_in", "segments_by_outlet"]
    rows = [[i.kind, i.name, "; ".join(i.present(v.outlets)), "; ".join(i.missing(v.outlets)),
             "; ".join(f"{o}: {n}" for o, n in i.counts.items())] for i in v.items]
    return [("present_missing", header, rows)]


def _quote_tables(inp: CompareInput, v: quotes.QuotesView) -> list[Table]:
    docs = inp.docs
    def where(spans: tuple[quotes.Span, ...], most: int = 12) -> str:
        shown = "; ".join(f"{docs[s.doc].title} [{s.start}-{s.end}]" for s in spans[:most])
        return shown + (f"; … and {len(spans) - most} more" if len(spans) > most else "")

    shared = [[n + 1, g.articles, "; ".join(g.outlets), "yes" if g.identical else "near", g.text, where(g.spans)]
              for n, g in enumerate(v.shared)]
    altered = []
    for n, q in enumerate(v.altered):
        for k, var in enumerate(q.variants):
            altered.append([n + 1, k + 1, "; ".join(var.outlets), var.text,
                            quotes.diff_text(var.diff) if var.diff else "(first wording)",
                            where(var.spans)])
    return [("shared_sentences", ["group", "articles", "outlets", "identical", "text", "where"], shared),
            ("altered_quotes", ["quote", "variant", "outlets", "wording", "word_diff", "where"], altered)]


def _cooc_tables(inp: CompareInput, v: cooc.CooccurrenceView) -> list[Table]:
    rows = [[a, b, int(v.counts[i, j])] for i, a in enumerate(v.codes) for j, b in enumerate(v.codes)
            if j >= i and v.counts[i, j]]
    return [("cooccurrence", ["code_a", "code_b", "sentences"], rows)]


def _reliability_tables(inp: CompareInput, v: reliability.ReliabilityView) -> list[Table]:
    rows = [[r.outlet, None if r.alpha_u is None else round(r.alpha_u, 4), r.documents, r.note] for r in v.rows]
    return [("reliability", ["outlet", "alpha_u", "articles", "note"], rows)]


def _num(x: float | None) -> int | float | None:
    return None if x is None else (int(x) if float(x).is_integer() else x)


def _estimate_tables(inp: CompareInput, v: estimates.EstimatesView) -> list[Table]:
    rows: list[list[Any]] = []
    drift: list[list[Any]] = []
    for r in v.rows:
        flags = " | ".join(d.text() for d in r.drift)
        for outlet in v.outlets:
            if outlet in r.cells:
                rows.append([r.counted, r.source, r.source_kind, outlet, r.cell_text(outlet), r.counts[outlet], flags])
        drift.extend([r.counted, r.source, d.kind, d.detail, "; ".join(d.outlets)] for d in r.drift)
    return [("estimates_by_outlet", ["counted", "source", "source_kind", "outlet", "figures", "estimates", "drift"],
             rows),
            ("estimate_drift", ["counted", "source", "flag", "detail", "outlets"], drift)]


def _source_tables(inp: CompareInput, v: cited.SourcesView) -> list[Table]:
    rows = [[r.name, r.kind, r.affiliation, r.code_name, outlet, r.articles.get(outlet, 0), r.segments[outlet]]
            for r in v.rows for outlet in v.outlets if outlet in r.segments]
    return [("sources_by_outlet", ["source", "source_kind", "affiliation", "code", "outlet", "articles", "segments"],
             rows)]


def _timeline_tables(inp: CompareInput, v: estimates.TimelineView) -> list[Table]:
    figures = {f: [_num(f.value), _num(f.low), _num(f.high), f.hedge, f.label()] for f in {m.figure for m in v.marks}}
    dates: dict[object, str] = {}
    rows = [[dates.get(m.date) or dates.setdefault(m.date, m.date.isoformat()), *figures[m.figure], m.counted,
             m.source, m.outlet, m.title, m.coder] for m in v.marks]
    return [("timeline", ["date", "value", "low", "high", "hedge", "figure", "counted", "source", "outlet", "article",
                          "coder"], rows)]


VIEWS: list[ViewSpec] = [
    ViewSpec("matrix", "Outlet × code", lambda p, i: matrix.outlet_code_matrix(i), _matrix_tables),
    ViewSpec("estimates", "Estimates by outlet", lambda p, i: estimates.estimates_by_outlet(i), _estimate_tables),
    ViewSpec("sources", "Sources by outlet", lambda p, i: cited.sources_by_outlet(i), _source_tables),
    ViewSpec("presence", "Present here, missing there", lambda p, i: presence.present_missing(i), _presence_tables),
    ViewSpec("quotes", "Shared and altered quotes", lambda p, i: quotes.shared_and_altered(i), _quote_tables),
    ViewSpec("timeline", "Timeline of estimates", lambda p, i: estimates.timeline(i), _timeline_tables),
    ViewSpec("cooccurrence", "Co-occurrence", lambda p, i: cooc.cooccurrence(i), _cooc_tables),
    ViewSpec("reliability", "Reliability (α_u per outlet)", reliability.reliability_strip, _reliability_tables),
]


@dataclass(frozen=True)
class Methods:
    coders: tuple[str, ...]
    pooled: bool
    documents: int
    outlets: int
    by: str
    segments: int
    date: str
    version: str

    def line(self) -> str:
        who = ", ".join(self.coders) or "none"
        mode = "all coders pooled, figures per coder" if self.pooled or len(self.coders) > 1 else "one coder"
        return (f"Coders: {who} ({mode}). Documents: {self.documents} in {self.outlets} groups by '{self.by}'. "
                f"Segments: {self.segments}. Computed {self.date} with Newscoder {self.version}.")


@dataclass(frozen=True)
class CompareReport:
    inp: CompareInput
    methods: Methods
    views: dict[str, Any]

    def tables(self) -> list[Table]:
        out: list[Table] = []
        for spec in VIEWS:
            if spec.key in self.views:
                out.extend(spec.tables(self.inp, self.views[spec.key]))
        return out


def compute(project: Project | None, inp: CompareInput, keys: tuple[str, ...] | None = None, *,
            progress: Callable[[int, str], None] | None = None) -> CompareReport:
    """Every view (or those in ``keys``); ``progress(k, title)`` is called before the k-th view."""
    views = {}
    for k, spec in enumerate(VIEWS):
        if keys is None or spec.key in keys:
            if progress is not None:
                progress(k, spec.title)
            views[spec.key] = spec.compute(project, inp)
    methods = Methods(tuple(inp.coder_names()), inp.pooled, len(inp.docs), len(inp.outlets), inp.by,
                      inp.n_segments, now_utc()[:19].replace("T", " ") + " UTC", __version__)
    return CompareReport(inp, methods, views)

"""Structured coding for the comparison: who said it (sources) and the estimate ledger, as arrays.

:func:`build_structured` turns the selected segments' attribute values (canonical JSON, as
stored on coders' segments and gold rows) into two parallel tables that views 2, 3, 4 and 6
read without touching the project:

* *citations*: one row per (segment, source) for every attribute of type ``source``;
* *estimates*: one row per segment of the code named ``estimate`` (the ledger's code) with its
  ``value``, ``low``, ``high``, ``hedge``, ``counted`` and first source.

A source id merged into another stands for the kept one (``merged_into`` is followed); an id
the project does not know reads as "(unknown source)". :func:`structured` gives the table of an
input (empty when nothing was loaded).
"""

from __future__ import annotations

import datetime as dt
import gc
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from newscoder.core import attributes as attrs
from newscoder.core.compare.model import CompareInput
from newscoder.core.store import Project

ESTIMATE_CODE = "estimate"
NO_SOURCE = "(no source)"
NOT_GIVEN = "(not given)"
UNKNOWN_SOURCE = "(unknown source)"
BARE = "exact"  # a number with no hedge, as the ledger counts it
ESTIMATE_FIELDS = ("value", "low", "high", "hedge", "counted")


@dataclass(frozen=True, slots=True)
class SourceInfo:
    id: str
    name: str
    kind: str
    affiliation: str


@dataclass(frozen=True, slots=True)
class Figure:
    """A number as reported: value (or a range's bounds) and its hedge."""

    value: float | None
    low: float | None
    high: float | None
    hedge: str

    @property
    def number(self) -> tuple[float | None, float | None, float | None]:
        """What is compared for a changed number: the value, else the range."""
        return (self.value, None, None) if self.value is not None else (None, self.low, self.high)

    def number_label(self) -> str:
        if self.value is not None:
            return _fmt(self.value)
        if self.low is not None and self.high is not None:
            return f"{_fmt(self.low)}–{_fmt(self.high)}"
        if self.low is not None:
            return f"{_fmt(self.low)}+"
        if self.high is not None:
            return f"≤ {_fmt(self.high)}"
        return "no number"

    def label(self) -> str:
        """"as many as 8,000", "8,000" (bare), "10,000–12,000" (a range)."""
        number = self.number_label()
        if self.hedge in (BARE, "range") or (self.hedge == "unspecified" and number == "no number"):
            return number if number != "no number" else "unspecified"
        return f"{self.hedge} {number}"

    @property
    def mid(self) -> float | None:
        """Where the figure sits on a chart: the value, else the middle of its bounds."""
        if self.value is not None:
            return self.value
        if self.low is not None and self.high is not None:
            return (self.low + self.high) / 2
        return self.low if self.low is not None else self.high


def _fmt(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True, eq=False)
class Structured:
    sources: tuple[SourceInfo, ...]  # the live sources cited, by name
    cite_seg: np.ndarray  # (N,) segment index
    cite_src: np.ndarray  # (N,) index into sources
    figures: tuple[Figure, ...]  # the distinct figures
    counted: tuple[str, ...]  # the distinct "what is counted" (first spelling; NOT_GIVEN for none)
    est_seg: np.ndarray  # (E,) segment index, by segment index
    est_fig: np.ndarray  # (E,) index into figures
    est_counted: np.ndarray  # (E,) index into counted
    est_src: np.ndarray  # (E,) index into sources, -1: no source
    doc_date: tuple[dt.date | None, ...]  # publication date per document (None: not a date)
    cite_target: np.ndarray  # (N,) index into target_names ("target" attribute, case aside), -1: none
    target_names: tuple[str, ...]  # first spelling of each

    @property
    def n_estimates(self) -> int:
        return int(self.est_seg.size)


def _number(v: Any) -> float | None:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    f = float(v)
    return f if math.isfinite(f) else None


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector while a view makes many small objects (none in a cycle): each
    collection would walk them all, a third of the time on a large corpus."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def parse_date(text: str) -> dt.date | None:
    """A publication date from ``YYYY-MM-DD`` (anything after the day, e.g. a time, is ignored)."""
    try:
        return dt.date.fromisoformat(str(text).strip()[:10])
    except ValueError:
        return None


def _resolver(rows: Iterable[tuple[str, str, str, str, str | None]]) -> dict[str, SourceInfo]:
    by_id = {r[0]: r for r in rows}
    out: dict[str, SourceInfo] = {}
    for sid in by_id:
        seen = {sid}
        row = by_id[sid]
        while row[4] and row[4] in by_id and row[4] not in seen:
            seen.add(row[4])
            row = by_id[row[4]]
        out[sid] = SourceInfo(row[0], " ".join(str(row[1]).split()) or UNKNOWN_SOURCE, row[2] or "", row[3] or "")
    return out


def code_roles(inp: CompareInput, definitions: Mapping[str, Sequence[Any]]) -> tuple[dict[int, tuple[str, ...]], int]:
    """Each code's ``source`` attributes (code index -> names) and the estimate code's index (-1: none)."""
    source_attr = {}
    estimate_code = -1
    for c, (code_id, name) in enumerate(inp.codes):
        names = tuple(d.name for d in definitions.get(code_id, ()) if d.type == "source")
        if names:
            source_attr[c] = names
        if name.casefold() == ESTIMATE_CODE and estimate_code < 0:
            estimate_code = c
    return source_attr, estimate_code


def fields_for(code: int, source_attr: Mapping[int, tuple[str, ...]], estimate_code: int) -> list[str]:
    """The attribute values a code's rows carry, in order: its source attributes and ``target``; the
    estimate code's number, hedge and what is counted."""
    fields = list(source_attr.get(code, ()))
    fields += ["target"] if fields else []
    fields += list(ESTIMATE_FIELDS) if code == estimate_code else []
    return list(dict.fromkeys(fields))


def _plain(v: Any) -> Any:
    """A value as a set key: numbers and text as they are, anything else (a list, an object) as nothing
    (SQLite's ``json_extract`` gives such a value as its JSON text, which no column takes either)."""
    return v if isinstance(v, (str, int, float)) and not isinstance(v, bool) else None


def build_structured(inp: CompareInput, values: Mapping[str, str], definitions: Mapping[str, Sequence[Any]],
                     source_rows: Iterable[tuple[str, str, str, str, str | None]]) -> Structured:
    """The tables from plain records: ``values`` is segment id -> attribute JSON, ``definitions`` code id ->
    its attribute definitions, ``source_rows`` every source ``(id, name, kind, affiliation, merged_into)``."""
    source_attr, estimate_code = code_roles(inp, definitions)
    tables: dict[int, list[tuple[Any, ...]]] = {}
    for i, seg_id in enumerate(inp.seg_id):
        text = values.get(seg_id)
        code = int(inp.seg_code[i])
        if text is None or (code not in source_attr and code != estimate_code):
            continue
        got = attrs.parse_values(text)
        tables.setdefault(code, []).append(
            (i, *(_plain(got.get(f)) for f in fields_for(code, source_attr, estimate_code))))
    return build_columns(inp, tables, definitions, source_rows)


class KeyedTable(NamedTuple):
    """One code's rows, keyed: row r is segment ``seg[r]`` with the values ``rows[key[r]]`` (in fields_for
    order), so that rows with equal values share one tuple and each distinct value is mapped once."""

    seg: np.ndarray
    key: np.ndarray
    rows: Sequence[tuple[Any, ...] | None]


def keyed(rows: Sequence[Sequence[Any]]) -> KeyedTable:
    """Rows ``(segment index, value…)`` as a :class:`KeyedTable`."""
    values = [tuple(r[1:]) for r in rows]
    index: dict[tuple[Any, ...], int] = dict.fromkeys(values, 0)
    for k, v in enumerate(index):
        index[v] = k
    return KeyedTable(np.array([r[0] for r in rows], dtype=np.int64).reshape(-1),
                      np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values)), list(index))


def build_columns(inp: CompareInput, tables: Mapping[int, Sequence[Sequence[Any]] | KeyedTable],
                  definitions: Mapping[str, Sequence[Any]],
                  source_rows: Iterable[tuple[str, str, str, str, str | None]]) -> Structured:
    """The tables from each code's rows ``(segment index, value of each field in fields_for order)``;
    segments without a row have no values (an estimate segment without one is an estimate with no number).
    Columns are mapped through their distinct values, so a large corpus costs a few passes per column."""
    resolve = _resolver(source_rows)
    source_attr, estimate_code = code_roles(inp, definitions)
    infos: list[SourceInfo] = []
    src_index: dict[str, int] = {}

    def source_of(sid: Any) -> int:
        if not isinstance(sid, str) or not sid:
            return -1
        info = resolve.get(sid) or SourceInfo(sid, UNKNOWN_SOURCE, "", "")
        k = src_index.get(info.id)
        if k is None:
            k = src_index[info.id] = len(infos)
            infos.append(info)
        return k

    def indexer(names: list[str], fold: dict[str, int]) -> Any:
        def index(v: Any) -> int:
            if not isinstance(v, str) or not v.strip():
                return -1
            clean = " ".join(v.split())
            k = fold.setdefault(clean.casefold(), len(names))
            if k == len(names):
                names.append(clean)
            return k
        return index

    target_names: list[str] = []
    counted_names: list[str] = []
    target_of = indexer(target_names, {})
    counted_of = indexer(counted_names, {})
    fig_index: dict[Figure, int] = {}

    def figure_of(key: tuple[Any, Any, Any, Any]) -> int:
        value, low, high, hedge = key
        hedge = " ".join(hedge.split()) if isinstance(hedge, str) and hedge.strip() else BARE
        return fig_index.setdefault(Figure(_number(value), _number(low), _number(high), hedge), len(fig_index))

    def mapped(col: Sequence[Any], weight: Sequence[int], at: np.ndarray, fn: Any) -> np.ndarray:
        """Each row's index (``col``: a value per key, ``weight`` its rows, ``at`` each row's key); the distinct
        values are indexed most common first (so of two spellings of one name, case aside, the more common one
        is shown; a tie: the one that sorts last)."""
        counts: dict[Any, int] = {}
        for v, n in zip(col, weight, strict=True):  # keys in order of first appearance: as a Counter of the rows
            counts[v] = counts.get(v, 0) + n
        by_text = sorted(counts, key=lambda v: v if isinstance(v, str) else repr(v), reverse=True)
        table = {v: fn(v) for v in sorted(by_text, key=lambda v: -counts[v])}  # stable: ties keep text order
        per_key = np.fromiter((table[v] for v in col), dtype=np.int64, count=len(col))
        return per_key[at]

    cites: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    est_parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    for code in sorted(tables):
        got = tables[code]
        t = got if isinstance(got, KeyedTable) else keyed(got)
        if not t.seg.size:
            continue
        fields = fields_for(code, source_attr, estimate_code)
        # the distinct keys in order of first appearance, each with its number of rows
        uniq, first_at, inverse, weight = np.unique(t.key, return_index=True, return_inverse=True,
                                                    return_counts=True)
        by_first = np.argsort(first_at, kind="stable")
        rank = np.empty_like(by_first)
        rank[by_first] = np.arange(by_first.size)
        at = rank[inverse.reshape(-1)]
        key_rows = [t.rows[k] or () for k in uniq[by_first].tolist()]
        weights = weight[by_first].tolist()
        col = {f: [r[n] for r in key_rows] for n, f in enumerate(fields)}
        seg = t.seg
        first = np.full(seg.size, -1, dtype=np.int64)
        if code in source_attr:
            target = mapped(col["target"], weights, at, target_of)
            for name in source_attr[code]:
                src = mapped(col[name], weights, at, source_of)
                ok = src >= 0
                cites.append((seg[ok], src[ok], target[ok]))
                first = np.where(first < 0, src, first)
        if code == estimate_code:
            keys = list(zip(*(col[f] for f in ("value", "low", "high", "hedge")), strict=True))
            table = {k: figure_of(k) for k in dict.fromkeys(keys)}
            fig = np.fromiter((table[k] for k in keys), dtype=np.int64, count=len(keys))[at]
            counted = mapped(col["counted"], weights, at,
                             lambda v: counted_of(v if isinstance(v, str) and v.strip() else NOT_GIVEN))
            est_parts.append((seg, fig, counted, first))
    if estimate_code >= 0:  # estimate segments with no values at all
        every = np.flatnonzero(inp.seg_code == estimate_code)
        seen = np.concatenate([p[0] for p in est_parts]) if est_parts else np.zeros(0, dtype=np.int64)
        bare = np.setdiff1d(every, seen)
        if bare.size:
            none = np.full(bare.size, -1, dtype=np.int64)
            est_parts.append((bare, np.full(bare.size, figure_of((None, None, None, None)), dtype=np.int64),
                              np.full(bare.size, counted_of(NOT_GIVEN), dtype=np.int64), none))
    empty_i = np.zeros(0, dtype=np.int64)
    c_seg, c_src, c_tgt = (np.concatenate(x) if cites else empty_i for x in zip(*cites, strict=True)) \
        if cites else (empty_i, empty_i, empty_i)
    # one citation per (segment, source): a segment naming a source in two attributes cites it once
    n = max(len(infos), 1)
    _, first_at = np.unique(c_seg * n + c_src, return_index=True)
    c_seg, c_src, c_tgt = c_seg[first_at], c_src[first_at], c_tgt[first_at]
    e_seg, e_fig, e_cnt, e_src = (np.concatenate(x) for x in zip(*est_parts, strict=True)) \
        if est_parts else (empty_i, empty_i, empty_i, empty_i)
    e_order = np.argsort(e_seg, kind="stable")
    # sources by name, so every view lists them in one order
    order = sorted(range(len(infos)), key=lambda k: (infos[k].name.casefold(), infos[k].name, infos[k].id))
    remap = np.empty(len(infos) + 1, dtype=np.int64)
    remap[np.array(order, dtype=np.int64)] = np.arange(len(infos))
    remap[-1] = -1  # index -1 (no source) stays -1
    return Structured(
        sources=tuple(infos[k] for k in order), cite_seg=c_seg, cite_src=remap[c_src],
        figures=tuple(fig_index), counted=tuple(counted_names),
        est_seg=e_seg[e_order], est_fig=e_fig[e_order], est_counted=e_cnt[e_order], est_src=remap[e_src[e_order]],
        doc_date=tuple(parse_date(d.published) for d in inp.docs), cite_target=c_tgt,
        target_names=tuple(target_names))


def empty(inp: CompareInput) -> Structured:
    return build_structured(inp, {}, {}, ())


def structured(inp: CompareInput) -> Structured:
    """The structured tables of ``inp`` (loaded with it), else empty ones (cached)."""
    got = inp.extra.get("structured")
    if isinstance(got, Structured):
        return got
    made = empty(inp)
    inp.extra["structured"] = made
    return made


def load(project: Project, inp: CompareInput, attributes: Sequence[Any] | None = None) -> Structured:
    """Read the selected coders' (and the gold layer's) attribute values and the sources; attach them to ``inp``.

    ``attributes`` is each segment's attribute JSON as :func:`load_input` read it with the segments (a gold
    row's as ``attribute_read.GoldText``); without it they are read here. One pass: each distinct JSON text is parsed
    once and the columns are mapped through their distinct values."""
    from newscoder.core import compare_queries as q
    from newscoder.core.attribute_edits import all_definitions
    from newscoder.core.compare.attribute_read import attribute_tables, read_attributes

    definitions = all_definitions(project)
    source_attr, estimate_code = code_roles(inp, definitions)
    wanted = sorted(set(source_attr) | ({estimate_code} if estimate_code >= 0 else set()))
    with no_cycle_collection():
        if attributes is None:
            attributes = read_attributes(project, inp)
        tables = attribute_tables(inp, attributes, wanted, source_attr, estimate_code)
        made = build_columns(inp, tables, definitions, q.compare_source_rows(project))
    inp.extra["structured"] = made
    return made

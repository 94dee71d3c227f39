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
from typing import Any

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


def build_structured(inp: CompareInput, values: Mapping[str, str], definitions: Mapping[str, Sequence[Any]],
                     source_rows: Iterable[tuple[str, str, str, str, str | None]]) -> Structured:
    """The tables from plain records: ``values`` is segment id -> attribute JSON, ``definitions`` code id ->
    its attribute definitions, ``source_rows`` every source ``(id, name, kind, affiliation, merged_into)``."""
    rows = ((i, attrs.parse_values(values[seg_id])) for i, seg_id in enumerate(inp.seg_id) if seg_id in values)
    return build_from_values(inp, rows, definitions, source_rows)


def build_from_values(inp: CompareInput, rows: Iterable[tuple[int, Mapping[str, Any]]],
                      definitions: Mapping[str, Sequence[Any]],
                      source_rows: Iterable[tuple[str, str, str, str, str | None]]) -> Structured:
    """The tables from ``(segment index, attribute values)`` rows (any order; segments without values need no
    row: an estimate segment without one is an estimate with no number)."""
    resolve = _resolver(source_rows)
    source_attr, estimate_code = code_roles(inp, definitions)
    src_index: dict[str, int] = {}
    infos: list[SourceInfo] = []

    def source_of(sid: Any) -> int:
        if not isinstance(sid, str) or not sid:
            return -1
        info = resolve.get(sid) or SourceInfo(sid, UNKNOWN_SOURCE, "", "")
        k = src_index.get(info.id)
        if k is None:
            k = src_index[info.id] = len(infos)
            infos.append(info)
        return k

    cite_seg: list[int] = []
    cite_src: list[int] = []
    fig_index: dict[Figure, int] = {}
    counted_index: dict[str, int] = {}
    counted_names: list[str] = []
    est: dict[int, tuple[int, int, int]] = {}  # segment index -> figure, counted, source
    cite_target: list[int] = []
    target_index: dict[str, int] = {}
    target_names: list[str] = []
    seg_code = inp.seg_code.tolist()

    def estimate(vals: Mapping[str, Any], first_src: int) -> tuple[int, int, int]:
        hedge = vals.get("hedge")
        hedge = " ".join(hedge.split()) if isinstance(hedge, str) and hedge.strip() else BARE
        fig = Figure(_number(vals.get("value")), _number(vals.get("low")), _number(vals.get("high")), hedge)
        counted = vals.get("counted")
        counted = " ".join(counted.split()) if isinstance(counted, str) and counted.strip() else NOT_GIVEN
        ck = counted_index.get(counted.casefold())
        if ck is None:
            ck = counted_index[counted.casefold()] = len(counted_names)
            counted_names.append(counted)
        return fig_index.setdefault(fig, len(fig_index)), ck, first_src

    for i, vals in rows:
        code = seg_code[i]
        names = source_attr.get(code)
        if names is None and code != estimate_code:
            continue
        first_src = -1
        if names:
            seen_src: set[int] = set()
            target = vals.get("target")
            t = -1
            if isinstance(target, str) and target.strip():
                clean = " ".join(target.split())
                t = target_index.setdefault(clean.casefold(), len(target_names))
                if t == len(target_names):
                    target_names.append(clean)
            for name in names:
                k = source_of(vals.get(name))
                if k >= 0 and k not in seen_src:
                    seen_src.add(k)
                    cite_seg.append(i)
                    cite_src.append(k)
                    cite_target.append(t)
                    first_src = k if first_src < 0 else first_src
        if code == estimate_code:
            est[i] = estimate(vals, first_src)
    if estimate_code >= 0:
        for i in np.flatnonzero(inp.seg_code == estimate_code).tolist():
            if i not in est:
                est[i] = estimate({}, -1)
    est_seg = sorted(est)
    est_fig = [est[i][0] for i in est_seg]
    est_counted = [est[i][1] for i in est_seg]
    est_src = [est[i][2] for i in est_seg]
    cite_order = np.argsort(np.array(cite_seg, dtype=np.int64), kind="stable")
    # sources by name, so every view lists them in one order
    order = sorted(range(len(infos)), key=lambda k: (infos[k].name.casefold(), infos[k].name, infos[k].id))
    remap = np.empty(len(infos) + 1, dtype=np.int64)
    remap[np.array(order, dtype=np.int64)] = np.arange(len(infos))
    remap[-1] = -1  # index -1 (no source) stays -1
    def ints(values: list[int]) -> np.ndarray:
        return np.array(values, dtype=np.int64)

    return Structured(
        sources=tuple(infos[k] for k in order),
        cite_seg=ints(cite_seg)[cite_order], cite_src=remap[ints(cite_src)][cite_order],
        figures=tuple(fig_index), counted=tuple(counted_names),
        est_seg=ints(est_seg), est_fig=ints(est_fig), est_counted=ints(est_counted), est_src=remap[ints(est_src)],
        doc_date=tuple(parse_date(d.published) for d in inp.docs),
        cite_target=ints(cite_target)[cite_order], target_names=tuple(target_names))


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


def load(project: Project, inp: CompareInput) -> Structured:
    """Read the selected coders' (and the gold layer's) attribute values and the sources; attach them to ``inp``.

    Coders' values are read field by field inside SQLite (``json_extract``), one query per code that has a
    source attribute or counts estimates; the gold layer's from its rows."""
    from newscoder.core import compare_queries as q
    from newscoder.core import gold_store
    from newscoder.core.attribute_edits import all_definitions
    from newscoder.core.compare.model import GOLD_ID

    definitions = all_definitions(project)
    source_attr, estimate_code = code_roles(inp, definitions)
    position = {seg_id: i for i, seg_id in enumerate(inp.seg_id)}
    coder_ids = [c for c, _ in inp.coders if c != GOLD_ID]

    def rows() -> Iterator[tuple[int, Mapping[str, Any]]]:
        if coder_ids:
            for c in sorted(set(source_attr) | ({estimate_code} if estimate_code >= 0 else set())):
                fields = list(source_attr.get(c, ()))
                fields += ["target"] if fields else []
                fields += list(ESTIMATE_FIELDS) if c == estimate_code else []
                fields = list(dict.fromkeys(fields))
                for seg_id, *got in q.compare_attribute_fields(project, inp.codes[c][0], fields,
                                                              [] if inp.pooled else coder_ids):
                    i = position.get(str(seg_id))
                    if i is not None:
                        yield i, dict(zip(fields, got, strict=True))
        if any(c == GOLD_ID for c, _ in inp.coders):
            for g in gold_store.gold_rows(project):
                i = position.get(g.id)
                if i is not None and g.attributes != "{}":
                    yield i, attrs.parse_values(g.attributes)

    with no_cycle_collection():
        made = build_from_values(inp, rows(), definitions, q.compare_source_rows(project))
    inp.extra["structured"] = made
    return made

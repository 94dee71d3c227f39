"""The comparison's input: articles grouped by a variable (the outlet) and the selected coders' segments."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat
from typing import Any

import numpy as np

from newscoder.core import compare_queries as q
from newscoder.core import corpus, gold_store
from newscoder.core.errors import UserError
from newscoder.core.store import Project, name_key
from newscoder.core.variables import value_of

NO_VALUE = "(not set)"
GOLD_CODER = gold_store.GOLD_CODER
GOLD_ID = "gold"  # the gold layer's id among the selected coders (coders' ids are UUIDs)
HEADLINE, LEDE, BODY = "headline", "lede", "body"


@dataclass(frozen=True, slots=True)
class Doc:
    """One article: its group (outlet), text and where its headline and lede end (code points)."""

    id: str
    title: str
    outlet: str
    published: str
    text: str
    words: int
    headline_end: int  # 0: the text does not repeat the headline
    lede_end: int  # end of the first paragraph after the headline


@dataclass(frozen=True, eq=False)
class CompareInput:
    """Plain records for every view. Segment arrays are parallel; ``doc``/``code``/``coder`` are indices."""

    by: str
    docs: tuple[Doc, ...]
    outlets: tuple[str, ...]  # sorted, NO_VALUE last
    doc_outlet: np.ndarray  # (D,) outlet index per document
    codes: tuple[tuple[str, str], ...]  # (id, name)
    coders: tuple[tuple[str, str], ...]  # (id, name) selected
    seg_id: tuple[str, ...]
    seg_doc: np.ndarray
    seg_code: np.ndarray
    seg_coder: np.ndarray
    seg_start: np.ndarray
    seg_end: np.ndarray
    pooled: bool = True  # all coders (no --coder given)
    extra: dict[str, object] = field(default_factory=dict)  # hook: attribute data (issue 15)

    @property
    def n_segments(self) -> int:
        return int(self.seg_start.size)

    def coder_names(self) -> list[str]:
        return [n for _, n in self.coders]


def structure(title: str, text: str) -> tuple[int, int]:
    """(headline end, lede end): the first line is the headline when it repeats the title;
    the lede is the first non-empty paragraph after it."""
    first_end = text.find("\n")
    first_end = len(text) if first_end < 0 else first_end
    headline_end = 0
    if title.strip() and " ".join(text[:first_end].split()).casefold() == " ".join(title.split()).casefold():
        headline_end = first_end
    pos = headline_end
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        if text[pos:end].strip():
            return headline_end, end
        pos = end + 1
    return headline_end, len(text)


def make_doc(doc_id: str, title: str, outlet: str, published: str, text: str) -> Doc:
    headline_end, lede_end = structure(title, text)
    return Doc(doc_id, title, outlet or NO_VALUE, published, text, len(text.split()), headline_end, lede_end)


def _outlet_order(values: Sequence[str]) -> tuple[str, ...]:
    named = sorted({v for v in values if v != NO_VALUE}, key=lambda v: (v.casefold(), v))
    return tuple(named + ([NO_VALUE] if NO_VALUE in values else []))


def build_input(by: str, docs: Sequence[Doc], codes: Sequence[tuple[str, str]], coders: Sequence[tuple[str, str]],
                segments: Sequence[tuple[str, str, str, str, int, int]], *, pooled: bool = True) -> CompareInput:
    """The input from plain records; ``segments`` are ``(id, document id, code id, coder id, start, end)``.
    Segments of other coders, unknown codes or documents, or empty after clipping are left out."""
    columns = list(zip(*segments, strict=True)) if segments else [()] * 6
    return build_input_columns(by, docs, codes, coders, columns[:6], pooled=pooled)[0]


def build_input_columns(by: str, docs: Sequence[Doc], codes: Sequence[tuple[str, str]],
                        coders: Sequence[tuple[str, str]], columns: Sequence[Sequence[Any]], *,
                        pooled: bool = True) -> tuple[CompareInput, np.ndarray]:
    """:func:`build_input` from the segments' columns ``(ids, document ids, code ids, coder ids, starts, ends)``;
    also the positions (in the columns) of the segments kept, in order. Mapped column by column."""
    ids, doc_ids, code_ids, coder_ids, starts, ends = columns
    d_index = {d.id: i for i, d in enumerate(docs)}
    c_index = {c: i for i, (c, _) in enumerate(codes)}
    k_index = {c: i for i, (c, _) in enumerate(coders)}
    return input_from_indices(by, docs, codes, coders, ids, index_column(doc_ids, d_index),
                              index_column(code_ids, c_index), index_column(coder_ids, k_index), starts, ends,
                              pooled=pooled)


def index_column(col: Sequence[Any], table: dict[Any, int]) -> np.ndarray:
    """Each value's index in ``table`` (-1: not there)."""
    return np.fromiter(map(table.get, col, repeat(-1)), dtype=np.int64, count=len(col))


def input_from_indices(by: str, docs: Sequence[Doc], codes: Sequence[tuple[str, str]],
                       coders: Sequence[tuple[str, str]], ids: Sequence[str], doc: np.ndarray, code: np.ndarray,
                       coder: np.ndarray, starts: Sequence[int], ends: Sequence[int], *,
                       pooled: bool = True) -> tuple[CompareInput, np.ndarray]:
    """The input from the segments' ids, document, code and coder indices (-1: unknown) and bounds; also the
    positions of the segments kept, in order."""
    n = len(ids)
    outlets = _outlet_order([d.outlet for d in docs])
    o_index = {o: i for i, o in enumerate(outlets)}
    known = (doc >= 0) & (code >= 0) & (coder >= 0)
    lengths = np.array([len(d.text) for d in docs], dtype=np.int64)
    start = np.maximum(np.array(starts, dtype=np.int64).reshape(-1), 0)
    end = np.array(ends, dtype=np.int64).reshape(-1)
    if n:
        end = np.minimum(end, np.where(known, lengths[np.where(known, doc, 0)] if len(docs) else 0, end))
    good = known & (start < end)
    kept = np.flatnonzero(good)
    inp = CompareInput(
        by=by, docs=tuple(docs), outlets=outlets,
        doc_outlet=np.array([o_index[d.outlet] for d in docs], dtype=np.int64),
        codes=tuple(codes), coders=tuple(coders),
        seg_id=tuple(ids) if kept.size == n else tuple(compress(ids, good.tolist())),
        seg_doc=doc[kept], seg_code=code[kept], seg_coder=coder[kept], seg_start=start[kept], seg_end=end[kept],
        pooled=pooled)
    return inp, kept


def _variable_names(project: Project) -> dict[str, str]:
    names = {n.casefold(): n for n in corpus.BUILTIN_VARIABLES}
    for d in corpus.variable_defs(project):
        names.setdefault(d.name.casefold(), d.name)
    for key in corpus.metadata_keys(project):
        names.setdefault(key.casefold(), key)
    return names


def resolve_coders(project: Project, wanted: Sequence[str]) -> list[tuple[str, str]]:
    """Selected coders as (id, name): the named ones (case-insensitive; ``gold`` or the gold layer's
    name selects the adjudicated gold layer), else every coder with segments (never gold)."""
    if not wanted:
        return q.coders_with_segments(project)
    known = {name_key(c.name): (c.id, c.name) for c in project.coders()}
    known.setdefault("gold", (GOLD_ID, GOLD_CODER))
    known.setdefault(name_key(GOLD_CODER), (GOLD_ID, GOLD_CODER))
    out: list[tuple[str, str]] = []
    for name in wanted:
        got = known.get(name_key(name))
        if got is None:
            have = ", ".join(sorted({n for _, n in known.values()})) or "none"
            raise UserError(f"no coder named {name!r} (the project has: {have})")
        if got not in out:
            out.append(got)
    return out


def load_input(project: Project, by: str = "source", coders: Sequence[str] = ()) -> CompareInput:
    """Read a project for comparison: articles grouped by the variable ``by``, the coders' live segments."""
    variables = _variable_names(project)
    key = by.strip().casefold()
    if key not in variables:
        raise UserError(f"no variable named {by!r} (the project has: {', '.join(sorted(variables.values()))})")
    by = variables[key]
    chosen = resolve_coders(project, coders)
    from newscoder.core.compare import structured  # sources and the estimate ledger (views 2, 3, 4, 6)
    from newscoder.core.compare.attribute_read import GoldText

    with q.read_snapshot(project), structured.no_cycle_collection():  # a million small tuples, none in a cycle
        from newscoder.core.compare.publications import copy_segments, other_publications

        shared = other_publications(project, by)  # issue 13: counted for each outlet that ran the text
        docs: list[Doc] = []
        copies: list[tuple[int, Doc]] = []  # (the document's index, its copy under another outlet)
        for r in q.compare_documents(project):
            row = corpus.DocRow(r.id, r.title, r.source, r.author, r.published, r.url, r.metadata)
            copies += [(len(docs), make_doc(r.id, p.title, value, p.published, r.text))
                       for value, p in shared.get(r.id, ())]
            docs.append(make_doc(r.id, r.title, value_of(row, by).strip(), r.published, r.text))
        codes = [(c.id, c.name) for c in project.codes(include_archived=True)]
        rows = q.compare_segment_table(project, [c for c, _ in chosen if c != GOLD_ID])
        ids, doc_rowids, code_rowids, coder_rowids, starts, ends, texts = (
            list(zip(*rows, strict=True)) if rows else [()] * 7)
        del rows
        wanted = ((doc_rowids, "documents", [d.id for d in docs]), (code_rowids, "codes", [c for c, _ in codes]),
                  (coder_rowids, "coders", [c for c, _ in chosen]))
        index: list[np.ndarray] = []
        for col, table, order in wanted:  # rowid -> the position of its id among the documents, codes, coders
            rowid_of = q.compare_rowids(project, table)
            index.append(index_column(col, {rowid_of[x]: i for i, x in enumerate(order) if x in rowid_of}))
        doc, code, coder = index
        if any(c == GOLD_ID for c, _ in chosen):
            gold = [(g.id, g.document_id, g.code_id, GOLD_ID, g.start, g.end, GoldText(g.attributes))
                    for g in gold_store.gold_rows(project) if g.decision != "none" and g.end > g.start]
            if gold:
                g_ids, g_docs, g_codes, g_coders, g_starts, g_ends, g_texts = zip(*gold, strict=True)
                d_index = {d.id: i for i, d in enumerate(docs)}
                c_index = {c: i for i, (c, _) in enumerate(codes)}
                k_index = {c: i for i, (c, _) in enumerate(chosen)}
                ids, starts, ends, texts = ids + g_ids, starts + g_starts, ends + g_ends, texts + g_texts
                doc = np.concatenate([doc, index_column(g_docs, d_index)])
                code = np.concatenate([code, index_column(g_codes, c_index)])
                coder = np.concatenate([coder, index_column(g_coders, k_index)])
        if copies:  # each copy (after the documents) gets its document's segments again
            ids, doc, code, coder, starts, ends, texts = copy_segments(
                (ids, doc, code, coder, starts, ends, texts), [k for k, _ in copies], len(docs))
            docs += [d for _, d in copies]
        inp, kept = input_from_indices(by, docs, codes, chosen, ids, doc, code, coder, starts, ends,
                                       pooled=not coders)
        kept_texts = texts if kept.size == len(texts) else [texts[k] for k in kept.tolist()]
        structured.load(project, inp, attributes=kept_texts)
    return inp

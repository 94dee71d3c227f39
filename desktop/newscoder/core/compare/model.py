"""The comparison's input: articles grouped by a variable (the outlet) and the selected coders' segments."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

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
    outlets = _outlet_order([d.outlet for d in docs])
    o_index = {o: i for i, o in enumerate(outlets)}
    d_index = {d.id: i for i, d in enumerate(docs)}
    c_index = {c: i for i, (c, _) in enumerate(codes)}
    k_index = {c: i for i, (c, _) in enumerate(coders)}
    keep = [(s[0], d_index[s[1]], c_index[s[2]], k_index[s[3]], int(s[4]), int(s[5])) for s in segments
            if s[1] in d_index and s[2] in c_index and s[3] in k_index]
    lengths = np.array([len(d.text) for d in docs], dtype=np.int64)
    arr = np.array([k[1:] for k in keep], dtype=np.int64).reshape(-1, 5)
    start = np.maximum(arr[:, 3], 0)
    end = np.minimum(arr[:, 4], lengths[arr[:, 0]] if len(arr) else arr[:, 4])
    ok = start < end
    return CompareInput(
        by=by, docs=tuple(docs), outlets=outlets,
        doc_outlet=np.array([o_index[d.outlet] for d in docs], dtype=np.int64),
        codes=tuple(codes), coders=tuple(coders),
        seg_id=tuple(k[0] for k, good in zip(keep, ok, strict=True) if good),
        seg_doc=arr[ok, 0], seg_code=arr[ok, 1], seg_coder=arr[ok, 2], seg_start=start[ok], seg_end=end[ok],
        pooled=pooled)


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
    docs = []
    for r in q.compare_documents(project):
        row = corpus.DocRow(r.id, r.title, r.source, r.author, r.published, r.url, r.metadata)
        docs.append(make_doc(r.id, r.title, value_of(row, by).strip(), r.published, r.text))
    codes = [(c.id, c.name) for c in project.codes(include_archived=True)]
    segs: list[tuple[str, str, str, str, int, int]] = list(q.compare_segments(project, [c for c, _ in chosen
                                                                                      if c != GOLD_ID]))
    if any(c == GOLD_ID for c, _ in chosen):
        segs += [(g.id, g.document_id, g.code_id, GOLD_ID, g.start, g.end) for g in gold_store.gold_rows(project)
                 if g.decision != "none" and g.end > g.start]
    inp = build_input(by, docs, codes, chosen, segs, pooled=not coders)
    from newscoder.core.compare import structured  # sources and the estimate ledger (views 2, 3, 4, 6)

    structured.load(project, inp)
    return inp

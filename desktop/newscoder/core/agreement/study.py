"""The study: which documents, coders and codes an agreement report covers.

A coder *counts for* a document if they marked it done or have any live
segment in it (of any code, whatever the code selection). A document that
counts for fewer than two of the selected coders is left out and listed as
excluded. Segments are loaded with one query and kept as numpy arrays; each
coder's overlapping or touching segments of one code in one document are
merged into their union.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from newscoder.core import store_agreement
from newscoder.core.agreement.intervals import merge_union
from newscoder.core.errors import UserError
from newscoder.core.store import Project, name_key

#: Code points for which ``str.isspace()`` is true (checked by a test).
WHITESPACE = np.array(
    [0x9, 0xA, 0xB, 0xC, 0xD, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680]
    + list(range(0x2000, 0x200B))
    + [0x2028, 0x2029, 0x202F, 0x205F, 0x3000],
    dtype=np.uint32,
)

SCOPE_STUDY = "study"
SCOPE_ALPHA_U = "alpha_u"


@dataclass(frozen=True)
class StudyDocument:
    id: str
    title: str
    length: int


@dataclass(frozen=True)
class ExcludedDocument:
    """A document left out: of the whole study, or only of the pooled α_u."""

    document_id: str
    title: str
    reason: str
    scope: str  # SCOPE_STUDY or SCOPE_ALPHA_U


@dataclass(frozen=True, eq=False)
class Units:
    """Merged segments as parallel int64 arrays, sorted by coder, code, document, start."""

    coder: np.ndarray
    code: np.ndarray
    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray

    def __len__(self) -> int:
        return int(self.start.size)

    def where(self, mask: np.ndarray) -> Units:
        return Units(self.coder[mask], self.code[mask], self.doc[mask], self.start[mask], self.end[mask])


@dataclass(frozen=True, eq=False)
class Study:
    """The selected coders and codes, and the documents that count for two or more coders."""

    coders: tuple[str, ...]
    codes: tuple[str, ...]
    documents: tuple[StudyDocument, ...]
    counts: np.ndarray  # bool (n_coders, n_documents): coder counts for document
    units: Units
    excluded: tuple[ExcludedDocument, ...] = ()
    #: only documents every selected coder marked done were kept
    done_only: bool = False

    ignore_whitespace: bool = False
    #: per character of the documents laid end to end: is it a unit (not dropped whitespace)?
    keep: np.ndarray | None = field(default=None)
    #: the segments as coded (not merged; exact duplicates once), same order as ``units``; for γ
    segments: Units | None = field(default=None)

    @property
    def doc_length(self) -> np.ndarray:
        return np.array([d.length for d in self.documents], dtype=np.int64)


def _names(values: Sequence[str]) -> str:
    return ", ".join(values) if values else "none"


def _exclusion_reason(counting: list[str], n_selected: int) -> str:
    if not counting:
        return "no selected coder marked it done or coded it"
    return (
        f"only {counting[0]} of the {n_selected} selected coders marked it done or coded it; "
        "agreement needs two or more"
    )


def study_documents(project: Project, documents: Sequence[str] | None) -> list[StudyDocument]:
    """The project's documents by title, or only ``documents`` (ids; an unknown one is an error)."""
    rows = store_agreement.documents_by_title(project)
    if documents:
        known = {r[0] for r in rows}
        unknown = [d for d in dict.fromkeys(documents) if d not in known]
        if unknown:
            raise UserError(f"no document with id {unknown[0]!r}")
        wanted = set(documents)
        rows = [r for r in rows if r[0] in wanted]
    return [StudyDocument(r[0], r[1], int(r[2])) for r in rows]


def make_study(
    coders: Sequence[str],
    codes: Sequence[str],
    documents: Sequence[StudyDocument],
    segments: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    done: np.ndarray,
    *,
    ignore_whitespace: bool = False,
    texts: Callable[[Sequence[str]], Sequence[str]] | None = None,
    done_only: bool = False,
) -> Study:
    """Build a study from raw arrays.

    ``segments`` is ``(coder, code, doc, start, end)``: indices into ``coders``,
    ``codes`` (-1: a code not selected, which still makes its coder count) and
    ``documents``. ``done[coder, doc]`` says the coder marked the document done.
    ``texts(ids)`` returns the documents' texts (needed to drop whitespace).
    With ``done_only``, only documents every selected coder marked done are kept.
    """
    n_coders, n_docs = len(coders), len(documents)
    coder, code, doc, start, end = (np.asarray(a, dtype=np.int64).ravel() for a in segments)
    done = np.asarray(done, dtype=bool).reshape(n_coders, n_docs)
    counts_all = done.copy()
    counts_all[coder, doc] = True
    excluded: list[ExcludedDocument] = []
    if done_only:
        all_done = done.all(axis=0)
        counts_all[:, all_done] = True
        counts_all[:, ~all_done] = False
        for d in np.flatnonzero(~all_done):
            missing = [coders[int(c)] for c in np.flatnonzero(~done[:, d])]
            reason = f"done only: not marked done by {_names(missing)}"
            excluded.append(ExcludedDocument(documents[int(d)].id, documents[int(d)].title, reason, SCOPE_STUDY))
    n_counting = counts_all.sum(axis=0)
    included = np.flatnonzero(n_counting >= 2)
    already = {e.document_id for e in excluded}
    for d in np.flatnonzero(n_counting < 2):
        if documents[int(d)].id in already:
            continue
        who = [coders[int(c)] for c in np.flatnonzero(counts_all[:, d])]
        doc_ = documents[int(d)]
        excluded.append(ExcludedDocument(doc_.id, doc_.title, _exclusion_reason(who, n_coders), SCOPE_STUDY))
    for d in included:
        if not counts_all[:, d].all():
            missing = [coders[int(c)] for c in np.flatnonzero(~counts_all[:, d])]
            doc_ = documents[int(d)]
            reason = f"alpha_u needs every selected coder; not counted for {_names(missing)}"
            excluded.append(ExcludedDocument(doc_.id, doc_.title, reason, SCOPE_ALPHA_U))

    new_index = np.full(n_docs, -1, dtype=np.int64)
    new_index[included] = np.arange(included.size)
    docs = tuple(documents[int(d)] for d in included)
    length = np.array([d.length for d in docs], dtype=np.int64)
    keep_seg = (code >= 0) & (new_index[doc] >= 0) if doc.size else np.zeros(0, dtype=bool)
    coder, code, doc, start, end = (a[keep_seg] for a in (coder, code, doc, start, end))
    doc = new_index[doc]
    start = np.maximum(start, 0)
    end = np.minimum(end, length[doc])
    valid = start < end
    coder, code, doc, start, end = (a[valid] for a in (coder, code, doc, start, end))
    n_codes = max(len(codes), 1)
    group = (coder * n_codes + code) * max(len(docs), 1) + doc
    raw = np.unique(np.stack([group, start, end]), axis=1) if group.size else np.zeros((3, 0), dtype=np.int64)
    raw_doc = raw[0] % max(len(docs), 1)
    raw_code = raw[0] // max(len(docs), 1) % n_codes
    coded = Units(raw[0] // max(len(docs), 1) // n_codes, raw_code, raw_doc, raw[1], raw[2])
    index, m_start, m_end = merge_union(group, start, end)
    units = Units(coder[index], code[index], doc[index], m_start, m_end)

    keep = None
    if ignore_whitespace:
        if texts is None:
            raise ValueError("dropping whitespace needs the documents' texts")
        joined = "".join(texts([d.id for d in docs]))
        points = np.frombuffer(joined.encode("utf-32-le"), dtype="<u4")
        keep = ~np.isin(points, WHITESPACE)
    return Study(
        coders=tuple(coders),
        codes=tuple(codes),
        documents=docs,
        counts=counts_all[:, included],
        done_only=done_only,
        units=units,
        excluded=tuple(excluded),
        ignore_whitespace=ignore_whitespace,
        keep=keep,
        segments=coded,
    )


def _resolve(kind: str, wanted: Sequence[str], available: dict[str, str]) -> list[str]:
    """Map requested names (case-insensitive) to ids, refusing unknown names."""
    if not wanted:
        return list(available.values())
    by_key = {name_key(n): i for n, i in available.items()}
    chosen: list[str] = []
    for name in wanted:
        key = name_key(name)
        if key not in by_key:
            raise UserError(f"no {kind} named {name!r} (the project has: {_names(sorted(available))})")
        if by_key[key] not in chosen:
            chosen.append(by_key[key])
    return chosen


def load_study(
    project: Project,
    *,
    coders: Sequence[str] = (),
    codes: Sequence[str] = (),
    documents: Sequence[str] = (),
    ignore_whitespace: bool = False,
    done_only: bool = False,
) -> Study:
    """Select coders, codes and documents by name/id (all by default) and load their segments.

    ``done_only``: count only documents every selected coder marked done.
    """
    all_coders = sorted(project.coders(), key=lambda c: (c.name.casefold(), c.name))
    coder_ids = _resolve("coder", coders, {c.name: c.id for c in all_coders})
    coder_ids.sort(key=lambda i: next(k for k, c in enumerate(all_coders) if c.id == i))
    if len(coder_ids) < 2:
        have = _names([c.name for c in all_coders])
        raise UserError(f"agreement needs at least two coders; selected {len(coder_ids)} (the project has: {have})")
    all_codes = project.codes(include_archived=True)
    code_ids = _resolve("code", codes, {c.name: c.id for c in all_codes})
    code_names = {c.id: c.name for c in all_codes}
    coder_names = {c.id: c.name for c in all_coders}

    docs = study_documents(project, documents)
    doc_index = {d.id: i for i, d in enumerate(docs)}
    coder_index = {c: i for i, c in enumerate(coder_ids)}

    # one query; coders and codes become indices in SQL (-1: not selected)
    seg_rows = store_agreement.indexed_spans(project, coder_ids, code_ids)
    if seg_rows:
        coder_col, code_col, doc_col, start_col, end_col = zip(*seg_rows, strict=True)
        arrays = np.array(
            [coder_col, code_col, [doc_index.get(x, -1) for x in doc_col], start_col, end_col], dtype=np.int64
        )
        arrays = arrays[:, (arrays[0] >= 0) & (arrays[2] >= 0)]
    else:
        arrays = np.zeros((5, 0), dtype=np.int64)
    done = np.zeros((len(coder_ids), len(docs)), dtype=bool)
    for doc_id, coder_id in store_agreement.done_pairs(project):
        if coder_id in coder_index and doc_id in doc_index:
            done[coder_index[coder_id], doc_index[doc_id]] = True

    def texts(ids: Sequence[str]) -> list[str]:
        found = store_agreement.all_texts(project)
        return [found[i] for i in ids]

    return make_study(
        [coder_names[c] for c in coder_ids],
        [code_names[c] for c in code_ids],
        docs,
        (arrays[0], arrays[1], arrays[2], arrays[3], arrays[4]),
        done,
        ignore_whitespace=ignore_whitespace,
        texts=texts,
        done_only=done_only,
    )

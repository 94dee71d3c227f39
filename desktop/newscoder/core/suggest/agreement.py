"""The suggester as one more coder in agreement (``newscoder agreement --with-suggester``).

How far to trust the suggestions: the suggester's spans become the work of one extra coder,
named ``suggester:rules`` (rules only) or ``suggester:learned from NAME`` (rules and the
neighbours learned from NAME's coding), and the agreement core computes every figure (F1,
α_u, …) for each pair, so the suggester stands against each human, and with
``--against-gold`` against the gold layer.

Honesty rules: the suggester *counts for* exactly the documents where a selected human
counts (done or coded), so the documents are the same as without it; learned suggestions
for an article come from the coder's segments in the *other* articles only (leave one
article out); every suggestion counts, whatever its score, unless ``min_score`` says
otherwise. Suggestions are never stored and never a coder's work anywhere else.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newscoder.core import gold_store, store_agreement
from newscoder.core.agreement import AgreementReport, compute_report, make_study
from newscoder.core.agreement.study import Study, StudyDocument, study_documents
from newscoder.core.errors import UserError
from newscoder.core.gold_store import GOLD_CODER
from newscoder.core.store import Project, name_key
from newscoder.core.suggest.engine import SuggestionEngine

PREFIX = "suggester:"


def suggester_name(learn_from: str | None) -> str:
    return f"{PREFIX}learned from {learn_from}" if learn_from else f"{PREFIX}rules"


def _pick(kind: str, wanted: Sequence[str], available: dict[str, str]) -> list[str]:
    if not wanted:
        return list(available.values())
    by_key = {name_key(n): i for n, i in available.items()}
    out = []
    for name in wanted:
        found = by_key.get(name_key(name))
        if found is None:
            have = ", ".join(available) or "none"
            raise UserError(f"no {kind} named {name!r} (the project has: {have})")
        out.append(found)
    return list(dict.fromkeys(out))


def _engine(project: Project, learn_from: str | None) -> SuggestionEngine:
    if learn_from is None:
        return SuggestionEngine(project, "", learned=False)
    coder = project.coder_by_name(learn_from)
    if coder is None:
        raise UserError(f"no coder named {learn_from!r} to learn from")
    return SuggestionEngine(project, coder.id)


def _suggested(engine: SuggestionEngine, document_ids: Sequence[str], code_index: dict[str, int],
               min_score: float) -> list[tuple[int, int, int, int]]:
    """``(code index, document index, start, end)`` of the suggestions, each article held out of the learning."""
    out = []
    for d, doc_id in enumerate(document_ids):
        engine.hold_out = doc_id
        for s in engine.for_document(doc_id, exclude_coded=False):
            if s.score >= min_score and s.code_id in code_index:
                out.append((code_index[s.code_id], d, s.start, s.end))
    engine.hold_out = None
    return out


def study_with_suggester(project: Project, *, coders: Sequence[str] = (), codes: Sequence[str] = (),
                         documents: Sequence[str] = (), ignore_whitespace: bool = False, done_only: bool = False,
                         learn_from: str | None = None, min_score: float = 0.0) -> Study:
    """The agreement study of the selected humans (one is enough) plus the suggester as the last coder."""
    all_coders = sorted(project.coders(), key=lambda c: (c.name.casefold(), c.name))
    coder_ids = _pick("coder", coders, {c.name: c.id for c in all_coders})
    coder_ids.sort(key=lambda i: next(k for k, c in enumerate(all_coders) if c.id == i))
    if not coder_ids:
        raise UserError("the project has no coders yet: the suggester needs someone to be compared with")
    all_codes = project.codes(include_archived=True)
    code_ids = _pick("code", codes, {c.name: c.id for c in all_codes})
    names = {c.id: c.name for c in all_coders}
    code_names = {c.id: c.name for c in all_codes}
    docs = study_documents(project, documents)
    doc_index = {d.id: i for i, d in enumerate(docs)}
    n = len(coder_ids)
    seg = [(c, k, doc_index[d], a, b) for c, k, d, a, b in store_agreement.indexed_spans(project, coder_ids, code_ids)
           if c >= 0 and d in doc_index]
    done = np.zeros((n + 1, len(docs)), dtype=bool)
    coder_index = {c: i for i, c in enumerate(coder_ids)}
    for doc_id, coder_id in store_agreement.done_pairs(project):
        if coder_id in coder_index and doc_id in doc_index:
            done[coder_index[coder_id], doc_index[doc_id]] = True
    human = done[:n].any(axis=0)
    for _c, _k, d, _a, _b in seg:
        human[d] = True
    # the suggester counts where a human counts (and, for "done only", is done wherever they all are)
    done[n] = human
    counted = [docs[int(i)].id for i in np.flatnonzero(human)]
    engine = _engine(project, learn_from)
    index = {c: i for i, c in enumerate(code_ids)}
    for k, d_local, a, b in _suggested(engine, counted, index, min_score):
        seg.append((n, k, doc_index[counted[d_local]], a, b))
    arrays = np.array(seg, dtype=np.int64).T if seg else np.zeros((5, 0), dtype=np.int64)

    def texts(ids: Sequence[str]) -> list[str]:
        found = store_agreement.all_texts(project)
        return [found[i] for i in ids]

    return make_study([*(names[c] for c in coder_ids), suggester_name(learn_from)], [code_names[c] for c in code_ids],
                      docs, (arrays[0], arrays[1], arrays[2], arrays[3], arrays[4]), done,
                      ignore_whitespace=ignore_whitespace, texts=texts, done_only=done_only)


def suggester_against_gold(project: Project, *, codes: Sequence[str] = (), ignore_whitespace: bool = False,
                           by_document: bool = False, learn_from: str | None = None,
                           min_score: float = 0.0) -> AgreementReport:
    """The suggester against the gold layer, over the adjudicated documents (as a coder is)."""
    gold = gold_store.gold_rows(project)
    if not gold:
        raise UserError("the project has no gold layer yet: run 'newscoder gold auto' or adjudicate first")
    all_codes = project.codes(include_archived=True)
    code_ids = _pick("code", codes, {c.name: c.id for c in all_codes})
    index = {c: i for i, c in enumerate(code_ids)}
    docs = [StudyDocument(d.id, d.title, d.length) for d in project.documents()]
    doc_index = {d.id: i for i, d in enumerate(docs)}
    gold_docs = sorted({g.document_id for g in gold}, key=lambda d: doc_index[d])
    rows = [(1, index.get(g.code_id, -1), doc_index[g.document_id], g.start, g.end) for g in gold if g.is_segment]
    engine = _engine(project, learn_from)
    rows += [(0, k, doc_index[gold_docs[d]], a, b) for k, d, a, b in _suggested(engine, gold_docs, index, min_score)]
    arrays = np.array(rows, dtype=np.int64).T if rows else np.zeros((5, 0), dtype=np.int64)
    done = np.zeros((2, len(docs)), dtype=bool)
    for d in gold_docs:
        done[:, doc_index[d]] = True

    def texts(ids: Sequence[str]) -> list[str]:
        return [project.document_text(i) for i in ids]

    code_names = {c.id: c.name for c in all_codes}
    study = make_study([suggester_name(learn_from), GOLD_CODER], [code_names[c] for c in code_ids],
                       docs, (arrays[0], arrays[1], arrays[2], arrays[3], arrays[4]), done,
                       ignore_whitespace=ignore_whitespace, texts=texts)
    return compute_report(study, by_document=by_document)

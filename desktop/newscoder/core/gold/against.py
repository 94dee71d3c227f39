"""Each coder against gold: the agreement core's figures with the gold layer as the second coder.

For each selected coder, a two-coder study is built from that coder's live segments and
the live gold segments ("accept nothing" decisions are not segments), and the agreement
core computes every figure on it (α_u, character-level α, Cohen's κ, percent agreement,
F1 exact and overlap), overall and per code. Gold *counts for* a document when any live
decision (even "accept nothing") is in it: documents never adjudicated are left out, not
read as "gold coded nothing". The coder counts for a document as in any agreement study.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newscoder.core import gold_store
from newscoder.core.agreement import AgreementReport, compute_report, make_study
from newscoder.core.agreement.study import StudyDocument
from newscoder.core.errors import UserError
from newscoder.core.gold_store import GOLD_CODER
from newscoder.core.store import Project


def _codes(project: Project, names: Sequence[str]) -> list[tuple[str, str]]:
    codes = project.codes(include_archived=True)
    if not names:
        return [(c.id, c.name) for c in codes]
    out = []
    for name in names:
        code = project.code_by_name(name)
        if code is None:
            raise UserError(f"no code named {name!r} (the project has: {', '.join(c.name for c in codes)})")
        out.append((code.id, code.name))
    return out


def against_gold(project: Project, *, coders: Sequence[str] = (), codes: Sequence[str] = (),
                 ignore_whitespace: bool = False, by_document: bool = False) -> list[AgreementReport]:
    """One report per coder (all coders by default, by name): that coder against gold."""
    all_coders = sorted(project.coders(), key=lambda c: (c.name.casefold(), c.name))
    chosen = all_coders
    if coders:
        chosen = []
        for name in coders:
            coder = project.coder_by_name(name)
            if coder is None:
                have = ", ".join(c.name for c in all_coders) or "none"
                raise UserError(f"no coder named {name!r} (the project has: {have})")
            chosen.append(coder)
    gold = gold_store.gold_rows(project)
    if not gold:
        raise UserError("the project has no gold layer yet: run 'newscoder gold auto' or adjudicate first")
    code_list = _codes(project, codes)
    code_index = {cid: i for i, (cid, _n) in enumerate(code_list)}
    docs = [StudyDocument(d.id, d.title, d.length) for d in project.documents()]
    doc_index = {d.id: i for i, d in enumerate(docs)}
    done_pairs = gold_store.done_pairs(project)
    gold_docs = {g.document_id for g in gold}

    def texts(ids: Sequence[str]) -> list[str]:
        return [project.document_text(i) for i in ids]

    reports = []
    for coder in chosen:
        rows: list[tuple[int, int, int, int, int]] = []
        for s in project.segments(coder_id=coder.id):
            rows.append((0, code_index.get(s.code_id, -1), doc_index[s.document_id], s.start, s.end))
        for g in gold:
            if g.is_segment:
                rows.append((1, code_index.get(g.code_id, -1), doc_index[g.document_id], g.start, g.end))
        arrays = np.array(rows, dtype=np.int64).T if rows else np.zeros((5, 0), dtype=np.int64)
        done = np.zeros((2, len(docs)), dtype=bool)
        for d in gold_docs:
            done[1, doc_index[d]] = True
        for d, c in done_pairs:
            if c == coder.id and d in doc_index:
                done[0, doc_index[d]] = True
        study = make_study([coder.name, GOLD_CODER], [n for _i, n in code_list], docs,
                           (arrays[0], arrays[1], arrays[2], arrays[3], arrays[4]), done,
                           ignore_whitespace=ignore_whitespace, texts=texts)
        reports.append(compute_report(study, by_document=by_document))
    return reports

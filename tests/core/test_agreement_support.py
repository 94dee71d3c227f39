"""Helpers for the agreement tests (no tests here): real projects, and slow reference implementations.

The reference implementations are deliberately naive (per character / per section Python
loops, exact fractions), written straight from the definitions, so that the vectorised code
in ``newscoder.core.agreement`` is checked against something independent.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

import numpy as np

from newscoder.core import edits
from newscoder.core.agreement.study import Study, StudyDocument, make_study
from newscoder.core.codebook import add_code
from newscoder.core.records import Status
from newscoder.core.store import Project

#: (coder, code, document index, start, end)
Seg = tuple[str, str, int, int, int]


def build_project(
    path: Path,
    coders: Sequence[str],
    codes: Sequence[str],
    texts: Sequence[str],
    segments: Sequence[Seg],
    done: Sequence[tuple[str, int]] = (),
) -> tuple[Project, list[str]]:
    """A real project file with these documents, coders, codes, segments and 'done' marks.

    Segments go through ``edits.add_segment`` + ``edits.apply``; returns the project and
    the document ids in the order of ``texts``.
    """
    project = Project.create(path, codebook=False)
    code_ids = {}
    for name in codes:
        edits.apply(project, add_code(project, name))
        code = project.code_by_name(name)
        assert code is not None
        code_ids[name] = code.id
    coder_ids = {name: project.ensure_coder(name).id for name in coders}
    doc_ids = []
    for i, text in enumerate(texts):
        info, created = project.add_document(text, f"doc {i:04d}")
        assert created, "documents must have distinct texts"
        doc_ids.append(info.id)
    for coder, code, doc, start, end in segments:
        edits.apply(project, edits.add_segment(project, doc_ids[doc], code_ids[code], coder_ids[coder], start, end))
    for coder, doc in done:
        edits.apply(project, edits.set_status(project, doc_ids[doc], coder_ids[coder], Status.DONE))
    return project, doc_ids


def unit_texts(n: int) -> list[str]:
    """``n`` distinct one-character, non-whitespace documents."""
    return [chr(0x4E00 + i) for i in range(n)]


def study_from(
    coders: Sequence[str],
    codes: Sequence[str],
    lengths: Sequence[int],
    segments: Sequence[tuple[int, int, int, int, int]],
    done: Sequence[tuple[int, int]] = (),
    texts: Sequence[str] | None = None,
    ignore_whitespace: bool = False,
) -> Study:
    """An in-memory study (segments as index tuples (coder, code, doc, start, end))."""
    docs = [StudyDocument(f"d{i}", f"doc {i}", n) for i, n in enumerate(lengths)]
    arr = np.array(segments, dtype=np.int64).reshape(-1, 5).T
    done_arr = np.zeros((len(coders), len(docs)), dtype=bool)
    for c, d in done:
        done_arr[c, d] = True
    by_id = {d.id: t for d, t in zip(docs, texts or [], strict=False)}
    return make_study(
        list(coders), list(codes), docs, (arr[0], arr[1], arr[2], arr[3], arr[4]), done_arr,
        ignore_whitespace=ignore_whitespace, texts=lambda ids: [by_id[i] for i in ids],
    )


# -- slow references ------------------------------------------------------------------------
def union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def slow_alpha_u_sums(
    lengths: Sequence[int], units: dict[int, dict[int, list[tuple[int, int]]]], coders: Sequence[int]
) -> tuple[Fraction, Fraction]:
    """(D_o, D_e) of one code, exactly, by walking sections as DKPro does.

    ``units[coder][doc]``: that coder's merged units of the code; every coder in
    ``coders`` counts for every document in ``lengths``.
    """
    L = sum(lengths)
    m = len(coders)

    def sections(coder: int, doc: int) -> list[tuple[int, int, bool]]:
        out, pos = [], 0
        for s, e in units.get(coder, {}).get(doc, []):
            if s > pos:
                out.append((pos, s - pos, False))
            out.append((s, e - s, True))
            pos = e
        if pos < lengths[doc]:
            out.append((pos, lengths[doc] - pos, False))
        return out

    def distance(b1: int, l1: int, u1: bool, b2: int, l2: int, u2: bool) -> int:
        if u1 and u2:
            return (b1 - b2) ** 2 + (b1 + l1 - b2 - l2) ** 2
        if u1 and not u2 and b2 <= b1 and b1 + l1 <= b2 + l2:
            return l1 * l1
        if u2 and not u1 and b1 <= b2 and b2 + l2 <= b1 + l1:
            return l2 * l2
        return 0

    observed = 0
    for i, j in itertools.combinations(coders, 2):
        for d in range(len(lengths)):
            for b1, l1, u1 in sections(i, d):
                for b2, l2, u2 in sections(j, d):
                    if b1 < b2 + l2 and b2 < b1 + l1:
                        observed += distance(b1, l1, u1, b2, l2, u2)
    d_o = Fraction(2 * observed, m * (m - 1) * L * L)
    all_units = [e - s for c in coders for d in range(len(lengths)) for s, e in units.get(c, {}).get(d, [])]
    gaps = [ln for c in coders for d in range(len(lengths)) for _, ln, u in sections(c, d) if not u]
    n = len(all_units)
    total = Fraction(0)
    for ln in all_units:
        total += Fraction((n - 1) * (2 * ln**3 - 3 * ln**2 + ln), 3)
        total += ln * ln * sum(g - ln + 1 for g in gaps if g >= ln)
    denominator = m * L * (m * L - 1) - sum(ln * (ln - 1) for ln in all_units)
    d_e = Fraction(2, L) * total / denominator
    return d_o, d_e


def reliability_matrix(study: Study, coders: Sequence[int] | None = None, code: int | None = None) -> np.ndarray:
    """(coders, units) float matrix, NaN = missing, built character by character."""
    coders = list(range(len(study.coders))) if coders is None else list(coders)
    rows = []
    u = study.units
    set_ids: dict[frozenset[int], int] = {}
    for c in coders:
        row = []
        pos = 0
        for d, doc in enumerate(study.documents):
            for x in range(doc.length):
                keep = study.keep is None or bool(study.keep[pos + x])
                if not keep:
                    continue
                if not study.counts[c, d]:
                    row.append(np.nan)
                    continue
                covering = frozenset(
                    int(u.code[k]) for k in range(len(u))
                    if u.coder[k] == c and u.doc[k] == d and u.start[k] <= x < u.end[k]
                )
                if code is None:
                    row.append(float(set_ids.setdefault(covering, len(set_ids))))
                else:
                    row.append(1.0 if code in covering else 0.0)
            pos += doc.length
        rows.append(row)
    return np.array(rows, dtype=np.float64).reshape(len(coders), -1)


def slow_cohen(a: Sequence[float], b: Sequence[float]) -> float | None:
    pairs = [(x, y) for x, y in zip(a, b, strict=True) if not (np.isnan(x) or np.isnan(y))]
    if not pairs:
        return None
    n = len(pairs)
    p_o = Fraction(sum(1 for x, y in pairs if x == y), n)
    cats = {x for p in pairs for x in p}
    p_e = sum(
        Fraction(sum(1 for x, _ in pairs if x == c), n) * Fraction(sum(1 for _, y in pairs if y == c), n) for c in cats
    )
    if p_e == 1:
        return None
    return float((p_o - p_e) / (1 - p_e))


def slow_fleiss(matrix: np.ndarray) -> float | None:
    cols = [matrix[:, k] for k in range(matrix.shape[1]) if not np.isnan(matrix[:, k]).any()]
    if not cols:
        return None
    n = matrix.shape[0]
    cats = sorted({float(x) for col in cols for x in col})
    p_i = [Fraction(sum(int((col == c).sum()) ** 2 for c in cats) - n, n * (n - 1)) for col in cols]
    p_bar = sum(p_i) / len(cols)
    p_j = [Fraction(sum(int((col == c).sum()) for col in cols), len(cols) * n) for c in cats]
    p_e = sum(p * p for p in p_j)
    if p_e == 1:
        return None
    return float((p_bar - p_e) / (1 - p_e))

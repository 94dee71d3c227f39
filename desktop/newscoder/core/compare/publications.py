"""A text run by several outlets counts for each of them (issue 13).

When the comparison groups by a publication field (``source``, the outlet, by default; or
``title``, ``author``, ``published``, ``url``), a document whose later publications carry other
values of that field is counted once more for each other value: it appears again in the input
under that value, with that publication's title and date, and its segments with it (coders code
the text once). Grouped by any other variable, a document counts once. The reliability strip (α_u per outlet)
counts such a text in each of its outlets' groups too (:func:`per_outlet`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from newscoder.core.agreement.study import Study, Units
from newscoder.core.store import Project
from newscoder.core.store_publications import PUBLICATION_FIELDS, Publication, document_outlets


def other_publications(project: Project, by: str) -> dict[str, list[tuple[str, Publication]]]:
    """Per document: ``(value, publication)`` for each other value of ``by`` among its later publications.

    The first publication's value (the document's own) is left out, as is a value repeated.
    """
    field = by.strip().casefold()
    if field not in PUBLICATION_FIELDS:
        return {}
    out: dict[str, list[tuple[str, Publication]]] = {}
    for doc_id, pubs in document_outlets(project, light=True).items():
        if len(pubs) < 2:
            continue
        seen = {getattr(pubs[0], field).strip()}
        for pub in pubs[1:]:
            value = getattr(pub, field).strip()
            if value not in seen:
                seen.add(value)
                out.setdefault(doc_id, []).append((value, pub))
    return out


def copy_segments(columns: tuple[Any, ...], sources: Sequence[int], first_copy: int) -> tuple[Any, ...]:
    """The segment columns ``(ids, doc, code, coder, starts, ends, texts)`` (``doc``, ``code``, ``coder``
    index arrays, the others sequences) with, for each copy ``j`` of document ``sources[j]``, that
    document's segments once more under document ``first_copy + j``."""
    ids, doc, code, coder, starts, ends, texts = columns
    doc = np.asarray(doc, dtype=np.int64)
    picks = [np.flatnonzero(doc == k) for k in sources]
    at = np.concatenate(picks) if picks else np.zeros(0, dtype=np.int64)
    if not at.size:
        return columns
    new_doc = np.concatenate([np.full(p.size, first_copy + j, dtype=np.int64) for j, p in enumerate(picks)])
    take = at.tolist()
    return (tuple(ids) + tuple(ids[i] for i in take), np.concatenate([doc, new_doc]),
            np.concatenate([np.asarray(code, dtype=np.int64), np.asarray(code, dtype=np.int64)[at]]),
            np.concatenate([np.asarray(coder, dtype=np.int64), np.asarray(coder, dtype=np.int64)[at]]),
            tuple(starts) + tuple(starts[i] for i in take), tuple(ends) + tuple(ends[i] for i in take),
            tuple(texts) + tuple(texts[i] for i in take))


def per_outlet(study: Study, outlets_of: Mapping[str, Sequence[str]], index: Mapping[str, int]
               ) -> tuple[np.ndarray, np.ndarray, Units, np.ndarray]:
    """The agreement study's documents with a text run by several outlets once per outlet.

    Returns ``(doc_length, counts, units, group)`` for ``unitizing_disagreements``: a document
    with outlets ``[a, b]`` stays in group ``a`` and is appended once more, with its coders'
    counts and merged segments, in group ``b``. Only documents every coder counts for get a
    group (as the comparison's reliability strip requires); others get -1.
    """
    full = study.counts.all(axis=0)
    first: list[int] = []
    copies: list[tuple[int, int]] = []  # (study document, group) of each extra copy
    for k, d in enumerate(study.documents):
        names = list(outlets_of.get(d.id, ())) or [""]
        groups = [index.get(o, -1) if full[k] else -1 for o in names]
        first.append(groups[0])
        copies += [(k, g) for g in groups[1:] if g >= 0]
    doc_length, counts, units = study.doc_length, study.counts, study.units
    group = np.array(first, dtype=np.int64)
    if not copies:
        return doc_length, counts, units, group
    src = np.array([k for k, _ in copies], dtype=np.int64)
    n = len(study.documents)
    new_index = np.full(n, -1, dtype=np.int64)
    parts = [units]
    for j, k in enumerate(src):
        mask = units.doc == k
        if mask.any():
            part = units.where(mask)
            parts.append(Units(part.coder, part.code, np.full(part.doc.size, n + j, dtype=np.int64), part.start,
                               part.end))
        new_index[k] = n + j
    cat = [np.concatenate([getattr(p, f) for p in parts]) for f in ("coder", "code", "doc", "start", "end")]
    order = np.lexsort((cat[3], cat[2], cat[1], cat[0]))  # by coder, code, document, start (as the study's)
    merged = Units(*(a[order] for a in cat))
    return (np.concatenate([doc_length, doc_length[src]]), np.concatenate([counts, counts[:, src]], axis=1), merged,
            np.concatenate([group, np.array([g for _, g in copies], dtype=np.int64)]))

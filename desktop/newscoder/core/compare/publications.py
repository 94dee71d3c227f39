"""A text run by several outlets counts for each of them (issue 13).

When the comparison groups by a publication field (``source``, the outlet, by default; or
``title``, ``author``, ``published``, ``url``), a document whose later publications carry other
values of that field is counted once more for each other value: it appears again in the input
under that value, with that publication's title and date, and its segments with it (coders code
the text once). Grouped by any other variable, a document counts once.
"""

from __future__ import annotations

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

"""Publications in a merge (issue 13): they merge by content hash plus metadata.

* The other project's documents were matched to ours by content hash (``doc_map``). Each of
  their publications (their document's own metadata, its first, and every later one) is keyed by
  our document and its title, source, author, date and URL (:func:`publications.metadata_key`).
* One we hold already (as our first publication or a later one) is the same publication: nothing
  changes. One we lack is added, with the stable id derived from our document and its key (the same
  id the other project gave it, when the documents' ids agree).
* Nothing is overwritten: a publication whose metadata was edited there arrives as another one.
* A coder copy of this project may not add publications (it may change only its coder's work):
  they are left out and reported as skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from newscoder.core import publications
from newscoder.core import store_publications as sp
from newscoder.core.exchange.bundle import Bundle
from newscoder.core.exchange.merge_copy import copy_coder
from newscoder.core.store import Project
from newscoder.core.store_publications import PUBLICATION_FIELDS, Publication

if TYPE_CHECKING:
    from newscoder.core.exchange.merge_report import MergeReport


def _theirs(bundle: Bundle) -> list[Publication]:
    """Every publication the other project holds: its documents' own metadata, then the later ones."""
    firsts = [Publication(d.id, d.id, d.title, d.source, d.author, d.published, d.url, dict(d.metadata),
                          d.imported_at, True) for d in bundle.documents]
    return firsts + list(bundle.publications)


def merge_publications(project: Project, bundle: Bundle, doc_map: Mapping[str, str], report: MergeReport) -> None:
    """Add the publications of matched texts that ``project`` lacks (see the module docs)."""
    theirs = [p for p in _theirs(bundle) if p.document_id in doc_map]
    if not theirs:
        return
    ours = sp.document_outlets_of(project, sorted({doc_map[p.document_id] for p in theirs}))
    have: dict[str, set[str]] = {
        doc: {publications.metadata_key(p.fields()) for p in pubs} for doc, pubs in ours.items()
    }
    rows = []
    new: list[str] = []
    for p in theirs:
        doc = doc_map[p.document_id]
        key = publications.metadata_key(p.fields())
        if key in have.setdefault(doc, set()):
            continue
        have[doc].add(key)
        if not p.title.strip():
            report.skipped.append(f"publication {p.id} of article {doc}: no title")
            continue
        rows.append(publications.new_row(doc, dict(zip(PUBLICATION_FIELDS, p.fields(), strict=True)),
                                         p.metadata, p.imported_at or None))
        new.append(f"{p.title} ({p.source or 'no source'}{', ' + p.published if p.published else ''})")
    if not rows:
        return
    if copy_coder(project, bundle) is not None:
        report.skipped += [f"publication {t}: a coder copy may not add publications" for t in new]
        return
    sp.insert_publications(project, rows)
    report.publications_added += new

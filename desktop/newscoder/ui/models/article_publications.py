"""The article list's rows for a text run by several outlets (issue 13): one row per publication.

Kept apart from :mod:`newscoder.ui.models.article_list` so that the list model stays small: these
functions add the later publications' rows, refresh them after an edit, and word their mark
("≡ 2 outlets") and tooltip (every publication, one line each, plain text).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication

from newscoder.core import store_publications as sp
from newscoder.core.publications import outlets_label
from newscoder.core.store import Project


class Row(Protocol):
    id: str
    title: str
    source: str
    status: Any
    count: int | None
    pub: str
    shared: tuple[str, ...]
    published: str | None
    mark: str


def _line(p: sp.Publication) -> str:
    where = ", ".join(x for x in (p.source or QCoreApplication.translate("ArticleList", "no source"), p.published)
                      if x)
    return f"{p.title} — {where}"


def _mark(pubs: list[sp.Publication]) -> str:
    label = outlets_label(pubs)
    if not label:
        return ""
    n = label.split()[1]
    if label.endswith("outlets"):
        return QCoreApplication.translate("ArticleList", "≡ %1 outlets").replace("%1", n)
    return QCoreApplication.translate("ArticleList", "≡ %1 publications").replace("%1", n)


def _describe(rows: Sequence[Row], pubs: list[sp.Publication]) -> None:
    lines = tuple(_line(p) for p in pubs)
    mark = _mark(pubs)
    for row in rows:
        row.shared, row.mark = lines, mark


def add_publication_rows(project: Project, rows: list[Any], make: Callable[..., Any]) -> bool:
    """Append a row for every later publication (``make`` builds a row); mark every shared text's rows.

    Returns whether any row was added (the caller then sorts).
    """
    extras = sp.extra_publications(project)
    if not extras:
        return False
    base = {r.id: r for r in rows}
    later: dict[str, list[sp.Publication]] = {}
    for p in extras:
        if p.document_id in base:
            later.setdefault(p.document_id, []).append(p)
    dates = project.article_dates() if later else {}  # one pass, no text
    for doc_id, pubs in later.items():
        first = base[doc_id]
        first.pub = doc_id
        made = [make(doc_id, p.title, p.source, first.status, first.count, pub=p.id, published=p.published)
                for p in pubs]
        rows.extend(made)
        own = sp.Publication(doc_id, doc_id, first.title, first.source, "", dates.get(doc_id, ""), "", {}, "", True)
        _describe([first, *made], [own, *pubs])
    return bool(later)


def refresh_publication_rows(project: Project, document_id: str, rows: Sequence[Row]) -> bool:
    """Re-read the later publications of one document into its rows; ``False`` if their number changed."""
    later = sp.shared_documents_of(project, document_id)  # an index count: cheap on every key press
    if later + 1 != len(rows):
        return False
    if later == 0:
        return True
    pubs = sp.publications_of(project, document_id, light=True)
    by_id = {p.id: p for p in pubs}
    for row in rows:
        p = by_id.get(row.pub or row.id)
        if p is None:
            return False
        if not p.first:
            row.title, row.source, row.published = p.title, p.source, p.published
    _describe(rows, pubs)
    return True


def tooltip_tail(row: Row) -> str:
    """The tooltip's lines about the shared text (plain text; the caller escapes it with ``tip``)."""
    if not row.shared:
        return ""
    head = QCoreApplication.translate("ArticleList", "The same text, coded once, was run as:")
    return "\n\n" + head + "\n" + "\n".join("• " + line for line in row.shared)


def shown_metadata(project: Project, doc: Any, publication_id: str | None) -> tuple[str, str]:
    """The header's title and "outlet · author · date" line: of the selected publication of ``doc``
    (the document's own when none or its first is selected), with "≡ N outlets" for a shared text."""
    pubs = sp.publications_of(project, doc.id, light=True) if sp.shared_documents_of(project, doc.id) else []
    chosen = next((p for p in pubs if p.id == publication_id), None)
    title, source, author, published = (doc.title, doc.source, doc.author, doc.published) if chosen is None \
        else (chosen.title, chosen.source, chosen.author, chosen.published)
    meta = "  ·  ".join(x for x in (source, author, published, _mark(pubs)) if x)
    return title, meta

"""How publications go out (issue 13): a text shared by several outlets, in CSV and REFI-QDA.

* Segments CSV: ``document_title`` and ``source`` stay the document's first publication (the
  plain export's columns never change). ``export segments --variables`` adds two columns:
  ``outlets`` (every distinct outlet that ran the text, in order, ``"; "``-separated) and
  ``publications`` (a JSON array of every publication: id, title, source, author, published, url).
* REFI-QDA: one TextSource per document (the text is coded once); its publications go in two
  Text Variables, ``Outlets`` and ``Publications`` (the same values as the CSV columns), which
  MAXQDA and ATLAS.ti show as document variables.

:func:`parse_publications` reads a ``publications`` cell back (round trips are checked against
the stored values).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from newscoder.core.store import Project
from newscoder.core.store_publications import PUBLICATION_FIELDS, Publication, document_outlets

#: the extra columns of ``export segments --variables``
CSV_COLUMNS = ("outlets", "publications")
#: the REFI-QDA Text Variables
REFI_VARIABLES = ("Outlets", "Publications")


def outlets_cell(pubs: Sequence[Publication]) -> str:
    """Every distinct outlet (source) that ran the text, in publication order; "; " between."""
    return "; ".join(dict.fromkeys(p.source.strip() for p in pubs if p.source.strip()))


def publications_cell(pubs: Sequence[Publication]) -> str:
    """Every publication as a JSON array of objects (id, then the five fields), in order."""
    return json.dumps([{"id": p.id, **dict(zip(PUBLICATION_FIELDS, p.fields(), strict=True))} for p in pubs],
                      ensure_ascii=False, separators=(",", ":"))


def parse_publications(cell: str) -> list[dict[str, str]]:
    """A ``publications`` cell back as a list of ``{id, title, source, author, published, url}``."""
    value: Any = json.loads(cell)
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ValueError("a publications cell is a JSON array of objects")
    return [{k: str(v.get(k, "")) for k in ("id", *PUBLICATION_FIELDS)} for v in value]


def refi_values(project: Project) -> dict[str, tuple[str, str]]:
    """The ``Outlets`` and ``Publications`` Text Variable values of the documents with several publications."""
    return {doc: (outlets_cell(pubs), publications_cell(pubs)) for doc, pubs in document_outlets(project).items()
            if len(pubs) > 1}


def from_refi_value(document_id: str, value: str) -> list[Publication]:
    """A ``Publications`` Text Variable read back: the document's publications (``[]`` if unreadable;
    one-line fields, clipped to the limits, as an imported article's; one without a title is left out)."""
    from newscoder.core import limits

    try:
        rows = parse_publications(value)
    except ValueError:
        return []
    caps = {"title": limits.MAX_TITLE, "source": limits.MAX_LINE_FIELD, "author": limits.MAX_LINE_FIELD,
            "published": limits.MAX_LINE_FIELD, "url": limits.MAX_URL}
    clean = [{k: limits.clip(" ".join(r[k].split()), caps[k]) for k in PUBLICATION_FIELDS} for r in rows]
    return [Publication(r["id"], document_id, c["title"], c["source"], c["author"], c["published"], c["url"], {}, "")
            for r, c in zip(rows, clean, strict=True) if c["title"]]


def cells_by_document(project: Project) -> dict[str, tuple[str, str]]:
    """``(outlets, publications)`` cells of every document, by id."""
    return {doc: (outlets_cell(pubs), publications_cell(pubs)) for doc, pubs in document_outlets(project).items()}

"""Publications: the same text run by several outlets (issue 13, "Same text, different outlets").

The model:

* A **document** is one distinct body text (its id derives from the text's SHA-256). Its text
  and its segments are stored once: coders code the text once.
* Each import of that text with other metadata (title, source/outlet, author, published, url)
  is a **publication** of the document. The document's own metadata is its *first*
  publication (its id is the document id); later ones are rows of ``publications``.
* A publication's id is a stable UUID derived from the document id and its metadata key
  (:func:`publication_id_for`), so the same publication imported in two projects has the same
  id and merges as one; a new one is added.
* Importing the same text with the same five fields as any of its publications is a
  duplicate, reported as such.

Pure rules here; the SQL is in :mod:`newscoder.core.store_publications`.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from typing import Any

from newscoder.core import store_publications as sp
from newscoder.core.edits import Edit, RowChange
from newscoder.core.errors import EditError
from newscoder.core.store import Project
from newscoder.core.store_publications import PUBLICATION_FIELDS, Publication
from newscoder.core.timeutil import now_utc

__all__ = ["PUBLICATION_FIELDS", "Publication", "metadata_key", "new_row", "outlets_label", "publication_id_for",
           "update_publication"]

#: Namespace of publication ids (uuid5 of ``document id + ":" + metadata key``).
PUBLICATION_NAMESPACE = uuid.UUID("0d7c2b8e-3f7a-4c61-8e0b-6a1f4f2b9c53")


def metadata_key(fields: Mapping[str, str] | tuple[str, ...]) -> str:
    """SHA-256 of the five publication fields (exact values, as stored): equal keys, same publication."""
    values = [str(fields.get(f, "")) for f in PUBLICATION_FIELDS] if isinstance(fields, Mapping) else list(fields)
    if len(values) != len(PUBLICATION_FIELDS):
        raise ValueError("a publication key needs title, source, author, published and url")
    return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode("utf-8")).hexdigest()


def publication_id_for(document_id: str, key: str) -> str:
    """The stable id of a document's publication with metadata ``key``."""
    return str(uuid.uuid5(PUBLICATION_NAMESPACE, f"{document_id}:{key}"))


def new_row(document_id: str, fields: Mapping[str, str], metadata: Mapping[str, Any] | None = None,
            imported_at: str | None = None) -> dict[str, Any]:
    """A ``publications`` row for ``document_id`` with these fields (missing ones empty)."""
    values = {f: str(fields.get(f, "")) for f in PUBLICATION_FIELDS}
    key = metadata_key(values)
    return {
        "id": publication_id_for(document_id, key), "document_id": document_id, **values,
        "metadata": json.dumps(dict(metadata or {}), ensure_ascii=False, sort_keys=True),
        "metadata_key": key, "imported_at": imported_at or now_utc(),
    }


def outlets_label(pubs: list[Publication]) -> str:
    """``"≡ 2 outlets"``-style text: how many distinct outlets (sources) ran this text; "" for one."""
    outlets = {p.source.strip().casefold() for p in pubs}
    if len(pubs) < 2:
        return ""
    if len(outlets) < 2:
        return f"≡ {len(pubs)} publications"
    return f"≡ {len(outlets)} outlets"


def update_publication(project: Project, publication_id: str, **fields: str) -> Edit:
    """Edit one publication's title, source, author, published or url (one undoable edit).

    The first publication is the document's own metadata (``edits.update_document``); another
    one is its ``publications`` row, whose metadata key follows the new values (its id stays).
    Making it equal to another publication of the same text is refused.
    """
    from newscoder.core import edits

    unknown = set(fields) - set(PUBLICATION_FIELDS)
    if unknown:
        raise EditError(f"cannot edit {', '.join(sorted(unknown))} of a publication")
    if "title" in fields and not fields["title"].strip():
        raise EditError("a publication needs a title")
    before = sp.publication_row(project, publication_id)
    if before is None:
        if sp.publication(project, publication_id) is None:
            raise EditError(f"no such publication: {publication_id}")
        return edits.update_document(project, publication_id, **fields)
    after = dict(before)
    after.update(fields)
    after["metadata_key"] = metadata_key({f: after[f] for f in PUBLICATION_FIELDS})
    others = sp.publications_of(project, str(before["document_id"]))
    if any(p.id != publication_id and metadata_key(dict(zip(PUBLICATION_FIELDS, p.fields(), strict=True)))
           == after["metadata_key"] for p in others):
        raise EditError("another publication of this text already has that title, source, author, date and URL")
    return Edit("Edit publication", (RowChange("publications", before, after),))


def add_publication(project: Project, document_id: str, **fields: str) -> Edit:
    """Record another outlet's run of a stored text by hand (one undoable edit); refuses a duplicate."""
    if sp.publication(project, document_id) is None:
        raise EditError(f"no such article: {document_id}")
    if not fields.get("title", "").strip():
        raise EditError("a publication needs a title")
    row = new_row(document_id, fields)
    if any(metadata_key(dict(zip(PUBLICATION_FIELDS, p.fields(), strict=True))) == row["metadata_key"]
           for p in sp.publications_of(project, document_id)):
        raise EditError("this text already has a publication with that title, source, author, date and URL")
    return Edit("Add publication", (RowChange("publications", None, row),))

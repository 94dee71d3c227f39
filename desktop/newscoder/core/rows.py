"""The store's column lists and row builders, stable content ids and name keys.

Beneath :mod:`newscoder.core.store` (which re-exports every public name here): the
pieces :class:`~newscoder.core.store.Project` and the store layer's modules share.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any, NamedTuple

from newscoder.core import paths
from newscoder.core.records import Code, DocumentInfo, Segment

#: Namespace for document ids derived from content hashes.
DOCUMENT_NAMESPACE = uuid.UUID("6b1f0c52-5d1e-4a57-9a4b-4e5c0d3e2a11")

DOC_INFO_COLUMNS = (
    "id, title, source, author, published, url, content_sha256, length, imported_at, metadata"
)
SEGMENT_COLUMNS = (
    'id, document_id, code_id, coder_id, start, "end", quote, memo, created_at, updated_at, deleted_at, attributes'
)
#: the columns of a segments row, in table order (what :meth:`Project.upsert_segments` writes)
SEGMENT_FIELDS = ("id", "document_id", "code_id", "coder_id", "start", "end", "quote", "memo", "created_at",
                  "updated_at", "deleted_at", "attributes")
CODE_COLUMNS = "id, name, description, color, shortcut, parent_id, position, archived"
_ATTRIBUTES = SEGMENT_FIELDS.index("attributes")


def segment_cells(row: Any) -> tuple[Any, ...]:
    """A segment row (a mapping) as the parameters of the bulk writer (``Project.upsert_segments``): SEGMENT_FIELDS.

    A missing column is ``NULL``; missing ``attributes`` are ``{}`` (a mapping is written as JSON).
    """
    cells = [row.get(f) for f in SEGMENT_FIELDS]
    if cells[0] is None:
        raise ValueError("every segment written needs its id")
    value = cells[_ATTRIBUTES]
    if not isinstance(value, str):
        cells[_ATTRIBUTES] = "{}" if value is None else json.dumps(value, ensure_ascii=False)
    return tuple(cells)


#: A segment as drawn, light (no quote or memo): ``(id, code_id, coder_id, start, end)``.
#: A plain tuple: an article opens with thousands of them, so no per-row object is built.
SegmentSpan = tuple[str, str, str, int, int]


class ArticleRow(NamedTuple):
    """An article as listed: title and source (no text)."""

    id: str
    title: str
    source: str


def content_hash(text: str) -> str:
    """SHA-256 of the canonical (UTF-8, ``\\n``-newline) text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_id_for(sha256_hex: str) -> str:
    """The stable document id: a UUID derived from the content hash."""
    return str(uuid.uuid5(DOCUMENT_NAMESPACE, sha256_hex))


def name_key(name: str) -> str:
    """The case-insensitive key under which code and coder names are unique."""
    return " ".join(name.split()).casefold()


def default_codebook() -> list[dict[str, Any]]:
    """The default codes as dicts (name, description, color, shortcut)."""
    path = paths.resources_dir() / "codebook" / "default.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return list(data["codes"])


def _doc_info(row: tuple[Any, ...]) -> DocumentInfo:
    a = row
    return DocumentInfo(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], json.loads(a[9] or "{}"))


def _segment(row: tuple[Any, ...]) -> Segment:
    return Segment(*row)


def _code(row: tuple[Any, ...]) -> Code:
    a = row
    return Code(a[0], a[1], a[2], a[3], a[4], a[5], a[6], bool(a[7]))


def _context_where(code_id: str, coder_id: str | None) -> tuple[str, dict[str, Any]]:
    where = "s.code_id = :code AND s.deleted_at IS NULL"
    params: dict[str, Any] = {"code": code_id}
    if coder_id is not None:
        where += " AND s.coder_id = :coder"
        params["coder"] = coder_id
    return where, params


def default_code_rows(first_position: int, now: str) -> list[dict[str, Any]]:
    """The default codes as ``codes`` rows (new ids), placed from ``first_position`` on."""
    return [
        {
            "id": str(uuid.uuid4()), "name": " ".join(spec["name"].split()), "name_key": name_key(spec["name"]),
            "description": spec.get("description", ""), "color": str(spec["color"]).upper(),
            "shortcut": spec.get("shortcut"), "parent_id": None, "position": first_position + i, "archived": 0,
            "created_at": now, "updated_at": now, "deleted_at": None,
            "attributes": json.dumps(spec.get("attributes", []), sort_keys=True, ensure_ascii=False,
                                     separators=(",", ":")),
        }
        for i, spec in enumerate(default_codebook())
    ]

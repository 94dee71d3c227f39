"""The gold layer's named queries (store layer: the only gold SQL outside migrations and edits).

Gold rows live in ``gold_segments``, apart from the coders' ``segments``; nothing here
writes to ``segments``. Decisions are written through :mod:`newscoder.core.edits`
(builders in :mod:`newscoder.core.gold.decide`); :func:`upsert_gold_rows` is the bulk
writer for ``gold auto`` and merges.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from newscoder.core import attributes as attrs
from newscoder.core.store import Project

GOLD_FIELDS = ("id", "document_id", "code_id", "start", "end", "quote", "decision", "adjudicator", "reason",
               "sources", "unit_segments", "created_at", "updated_at", "deleted_at", "attributes")
_COLUMNS = ", ".join(f'"{f}"' for f in GOLD_FIELDS)

#: the name the gold layer goes by where a coder's name is expected (CSV ``coder``, QDPX ``User``)
GOLD_CODER = "Gold (adjudicated)"

#: How a gold row was decided. ``none``: "accept nothing", a decision that is not a segment.
DECISIONS = ("agreed", "accepted", "union", "intersection", "edited", "added", "none")


@dataclass(frozen=True, slots=True)
class GoldSegment:
    """One gold row. ``sources`` and ``unit_segments`` are tuples of coders' segment ids;
    ``attributes`` the attribute values as stored (canonical JSON, as ``segments.attributes``)."""

    id: str
    document_id: str
    code_id: str
    start: int
    end: int
    quote: str
    decision: str
    adjudicator: str
    reason: str
    sources: tuple[str, ...]
    unit_segments: tuple[str, ...]
    created_at: str
    updated_at: str
    deleted_at: str | None = None
    attributes: str = "{}"

    @property
    def is_segment(self) -> bool:
        """False for an "accept nothing" decision."""
        return self.decision != "none"


def gold_from_row(row: Mapping[str, Any] | Sequence[Any]) -> GoldSegment:
    """A record from a row (a mapping as edits hold it, or a tuple in :data:`GOLD_FIELDS` order)."""
    values = [row[f] for f in GOLD_FIELDS] if isinstance(row, Mapping) else list(row)
    values[9] = tuple(json.loads(values[9] or "[]"))
    values[10] = tuple(json.loads(values[10] or "[]"))
    if len(values) > 14 and values[14] is None:
        values[14] = "{}"
    return GoldSegment(*values)


def gold_rows(project: Project, *, document_id: str | None = None, include_deleted: bool = False,
              segments_only: bool = False) -> list[GoldSegment]:
    """Gold rows (live ones unless told otherwise), by document, start, end."""
    clauses, params = [], []
    if document_id is not None:
        clauses.append("document_id = ?")
        params.append(document_id)
    if not include_deleted:
        clauses.append("deleted_at IS NULL")
    if segments_only:
        clauses.append("decision != 'none'")
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    rows = project.conn.execute(
        f'SELECT {_COLUMNS} FROM gold_segments {where} ORDER BY document_id, start, "end", id', params)
    return [gold_from_row(r) for r in rows]


def gold_row(project: Project, gold_id: str) -> GoldSegment | None:
    row = project.conn.execute(f"SELECT {_COLUMNS} FROM gold_segments WHERE id = ?", (gold_id,)).fetchone()
    return gold_from_row(row) if row else None


def decided_segment_ids(project: Project, document_ids: Sequence[str] | None = None) -> dict[str, list[str]]:
    """Each coder segment id a live gold decision settles -> the ids of those gold rows.

    With ``document_ids``, only the decisions in those documents (an indexed lookup).
    """
    sql = ("SELECT j.value, g.id FROM gold_segments g, json_each(g.unit_segments) j "
           "WHERE g.deleted_at IS NULL")
    params: list[str] = []
    if document_ids is not None:
        sql += f" AND g.document_id IN ({', '.join('?' * len(document_ids))})"
        params = list(document_ids)
    out: dict[str, list[str]] = {}
    for seg_id, gold_id in project.conn.execute(sql + " ORDER BY g.id", params):
        out.setdefault(str(seg_id), []).append(str(gold_id))
    return out


def coder_spans(project: Project, coder_ids: Sequence[str]) -> list[tuple[str, str, str, str, int, int]]:
    """Live segments of these coders: ``(id, document_id, code_id, coder_id, start, end)``, in no set order."""
    marks = ", ".join("?" * len(coder_ids))
    rows: list[tuple[str, str, str, str, int, int]] = project.conn.execute(
        f'SELECT id, document_id, code_id, coder_id, start, "end" FROM segments '
        f"WHERE deleted_at IS NULL AND coder_id IN ({marks})", list(coder_ids)).fetchall()
    return rows


def done_pairs(project: Project) -> set[tuple[str, str]]:
    """``(document_id, coder_id)`` pairs marked done."""
    return {(d, c) for d, c in project.conn.execute(
        "SELECT document_id, coder_id FROM document_status WHERE status = 'done'")}


def gold_document_counts(project: Project) -> dict[str, tuple[int, int]]:
    """Per document: (live gold segments, live "accept nothing" decisions)."""
    rows = project.conn.execute(
        "SELECT document_id, sum(decision != 'none'), sum(decision = 'none') FROM gold_segments "
        "WHERE deleted_at IS NULL GROUP BY document_id")
    return {r[0]: (int(r[1]), int(r[2])) for r in rows}


def upsert_gold_rows(project: Project, rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert these gold rows or replace the rows with their ids (one transaction, or the caller's)."""
    batch = [tuple(db_value(f, row.get(f)) for f in GOLD_FIELDS) for row in rows]
    if batch:
        marks = ", ".join("?" * len(GOLD_FIELDS))
        updates = ", ".join(f'"{f}" = excluded."{f}"' for f in GOLD_FIELDS[1:])
        with project.atomic():
            project.conn.executemany(
                f"INSERT INTO gold_segments ({_COLUMNS}) VALUES ({marks}) ON CONFLICT(id) DO UPDATE SET {updates}",
                batch)
    return len(batch)


def db_value(field: str, value: Any) -> Any:
    """A value as stored: id lists become sorted JSON arrays; attribute values canonical JSON (``{}`` if none)."""
    if field in ("sources", "unit_segments") and not isinstance(value, str):
        return json.dumps(sorted(value or ()))
    if field == "attributes" and not isinstance(value, str):
        return attrs.canonical(dict(value or {}))
    return value


def gold_as_row(gold: GoldSegment) -> dict[str, Any]:
    """A record as a ``gold_segments`` row (what an edit holds)."""
    row = {f: getattr(gold, f) for f in GOLD_FIELDS}
    row["sources"] = json.dumps(sorted(gold.sources))
    row["unit_segments"] = json.dumps(sorted(gold.unit_segments))
    return row


def read_gold_rows(conn: Any) -> list[dict[str, Any]]:
    """Every gold row (tombstones too) of another project's connection, as dicts (for merges)."""
    return [dict(zip(GOLD_FIELDS, r, strict=True))
            for r in conn.execute(f"SELECT {_COLUMNS} FROM gold_segments ORDER BY id")]


def gold_row_dict(project: Project, gold_id: str) -> dict[str, Any] | None:
    """One gold row as stored (id lists as JSON text), or ``None``."""
    row = project.conn.execute(f"SELECT {_COLUMNS} FROM gold_segments WHERE id = ?", (gold_id,)).fetchone()
    return dict(zip(GOLD_FIELDS, row, strict=True)) if row else None


def documents_titles(project: Project) -> dict[str, str]:
    """Every document's title by id."""
    return dict(project.conn.execute("SELECT id, title FROM documents"))


def segment_values(project: Project, segment_ids: Sequence[str]
                   ) -> dict[str, tuple[int, int, dict[str, Any]]]:
    """These coders' segments' ``(start, end, attribute values)`` by id (a segment with none: ``{}``)."""
    out: dict[str, tuple[int, int, dict[str, Any]]] = {}
    ids = list(segment_ids)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        rows = project.conn.execute(
            f'SELECT id, start, "end", attributes FROM segments WHERE id IN ({", ".join("?" * len(chunk))})', chunk)
        out.update({str(r[0]): (int(r[1]), int(r[2]), attrs.parse_values(r[3])) for r in rows})
    return out

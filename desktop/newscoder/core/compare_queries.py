"""Named store queries for the outlet comparison (``core/compare`` reads only through these)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple

from newscoder.core.corpus import parse_metadata
from newscoder.core.store import Project

_CHUNK = 400


class CompareDocRow(NamedTuple):
    id: str
    title: str
    source: str
    published: str
    author: str
    url: str
    metadata: dict[str, object]
    text: str


class CompareSegRow(NamedTuple):
    id: str
    document_id: str
    code_id: str
    coder_id: str
    start: int
    end: int


def compare_documents(project: Project) -> Iterator[CompareDocRow]:
    """Every article with its variables and text, ordered by title (then id)."""
    for r in project.conn.execute(
            "SELECT id, title, source, published, author, url, metadata, text FROM documents "
            "ORDER BY title COLLATE NOCASE, title, id"):
        yield CompareDocRow(r[0], r[1], r[2], r[3], r[4], r[5], parse_metadata(r[6]), r[7])


def compare_segments(project: Project, coder_ids: Sequence[str]) -> list[CompareSegRow]:
    """The live segments of these coders (every coder when empty), by document, coder, start."""
    sql = 'SELECT id, document_id, code_id, coder_id, start, "end" FROM segments WHERE deleted_at IS NULL'
    rows: list[CompareSegRow] = []
    if not coder_ids:
        return [CompareSegRow(*r) for r in project.conn.execute(sql + ' ORDER BY document_id, coder_id, start, "end"')]
    for i in range(0, len(coder_ids), _CHUNK):
        chunk = list(coder_ids[i:i + _CHUNK])
        marks = ", ".join("?" * len(chunk))
        rows.extend(CompareSegRow(*r) for r in project.conn.execute(
            sql + f' AND coder_id IN ({marks}) ORDER BY document_id, coder_id, start, "end"', chunk))
    return rows


def compare_segment_table(project: Project, coder_ids: Sequence[str]) -> list[tuple[Any, ...]]:
    """One set-based read of the live segments of these coders (every coder when empty), by document, coder,
    start: ``(id, document rowid, code rowid, coder rowid, start, end, attribute JSON)`` as plain tuples (a
    rowid is None when that row is missing). Integer rowids, so the reader maps them with arrays."""
    sql = ('SELECT s.id, d.rowid, c.rowid, k.rowid, s.start, s."end", s.attributes FROM segments s '
           "LEFT JOIN documents d ON d.id = s.document_id LEFT JOIN codes c ON c.id = s.code_id "
           "LEFT JOIN coders k ON k.id = s.coder_id WHERE s.deleted_at IS NULL")
    order = ' ORDER BY s.document_id, s.coder_id, s.start, s."end"'
    if not coder_ids:
        return project.conn.execute(sql + order).fetchall()
    rows: list[tuple[Any, ...]] = []
    for i in range(0, len(coder_ids), _CHUNK):
        chunk = list(coder_ids[i:i + _CHUNK])
        marks = ", ".join("?" * len(chunk))
        rows.extend(project.conn.execute(sql + f" AND s.coder_id IN ({marks})" + order, chunk).fetchall())
    return rows


def compare_rowids(project: Project, table: str) -> dict[str, int]:
    """Id -> rowid of every row of ``documents``, ``codes`` or ``coders``."""
    if table not in ("documents", "codes", "coders"):
        raise ValueError(table)
    return {r[0]: r[1] for r in project.conn.execute(f"SELECT id, rowid FROM {table}")}


@contextmanager
def read_snapshot(project: Project) -> Iterator[None]:
    """One read transaction around several reads, so they see one state of the project (unless the
    connection is inside a transaction already, which gives that)."""
    conn = project.conn
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")


def coders_with_segments(project: Project) -> list[tuple[str, str]]:
    """``(id, name)`` of coders with at least one live segment, by name."""
    return [(r[0], r[1]) for r in project.conn.execute(
        "SELECT c.id, c.name FROM coders c WHERE EXISTS "
        "(SELECT 1 FROM segments s WHERE s.coder_id = c.id AND s.deleted_at IS NULL) "
        "ORDER BY c.name COLLATE NOCASE, c.name")]


def compare_segment_attributes(project: Project, coder_ids: Sequence[str]) -> list[tuple[str, str]]:
    """``(segment id, attribute JSON)`` of the live segments of these coders (every coder when empty)
    that carry attribute values."""
    sql = "SELECT id, attributes FROM segments WHERE deleted_at IS NULL AND attributes != '{}'"
    if not coder_ids:
        return [(r[0], r[1]) for r in project.conn.execute(sql)]
    rows: list[tuple[str, str]] = []
    for i in range(0, len(coder_ids), _CHUNK):
        chunk = list(coder_ids[i:i + _CHUNK])
        marks = ", ".join("?" * len(chunk))
        rows.extend((r[0], r[1]) for r in project.conn.execute(sql + f" AND coder_id IN ({marks})", chunk))
    return rows


def compare_source_rows(project: Project) -> list[tuple[str, str, str, str, str | None]]:
    """Every source, live, merged away or deleted: ``(id, name, kind, affiliation, merged_into)``."""
    return [(r[0], r[1], r[2], r[3], r[4]) for r in project.conn.execute(
        "SELECT id, name, kind, affiliation, merged_into FROM sources")]


def compare_attribute_fields(project: Project, code_id: str, fields: Sequence[str],
                             coder_ids: Sequence[str]) -> Iterator[tuple[object, ...]]:
    """``(segment id, value of each field…)`` for the live segments of one code with attribute values, read
    with ``json_extract`` (a field's name is a JSON object key; a damaged attribute cell is skipped); only
    these coders' segments when ``coder_ids`` is given."""
    paths = ", ".join("json_extract(attributes, ?)" for _ in fields)
    base = (f"SELECT id{', ' if fields else ''}{paths} FROM segments WHERE code_id = ? AND deleted_at IS NULL "
            "AND attributes != '{}' AND json_valid(attributes)")
    keys = ['$."' + f.replace('"', "") + '"' for f in fields]
    if not coder_ids:
        yield from project.conn.execute(base, [*keys, code_id])
        return
    for i in range(0, len(coder_ids), _CHUNK):
        chunk = list(coder_ids[i:i + _CHUNK])
        marks = ", ".join("?" * len(chunk))
        yield from project.conn.execute(base + f" AND coder_id IN ({marks})", [*keys, code_id, *chunk])

"""The segments CSV as SQLite formats it (store layer): its columns, and the queries that read them.

:mod:`newscoder.core.exchange.segments_csv_export` writes these lines out (and re-exports the
constants); the query text lives here so that core/exchange/ runs no SQL of its own.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from newscoder.core.store import Project

HEADER: tuple[str, ...] = (
    "segment_id",
    "document_id",
    "document_title",
    "source",
    "coder",
    "code",
    "start",
    "end",
    "text",
    "memo",
    "created_at",
    "updated_at",
    "suggested_by",  # issue 19: the suggester (name/version) of an accepted suggestion; empty if hand-coded
    "suggestion_score",  # its score (0..1); empty if hand-coded
)
#: Columns escaped against formula injection: every column but the numbers.
#: (Ids and timestamps too: a merged or hand-edited project can hold anything there.)
TEXT_COLUMNS: frozenset[str] = frozenset(HEADER) - {"start", "end", "suggestion_score"}
#: A cell a spreadsheet would run as a formula starts with one of these.
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
#: A cell starting with one of these is written with one ``'`` in front. The
#: apostrophe itself is escaped too, so that import (drop one ``'`` that is
#: followed by one of these) reverses export exactly: ``'=x`` -> ``''=x`` -> ``'=x``.
ESCAPE_STARTS: tuple[str, ...] = FORMULA_STARTS + ("'",)

_FROM = """
FROM segments AS s
JOIN documents AS d ON d.id = s.document_id
JOIN coders AS cr ON cr.id = s.coder_id
JOIN codes AS cd ON cd.id = s.code_id
LEFT JOIN segment_provenance AS sp ON sp.segment_id = s.id
"""
_ORDER = 'ORDER BY d.title, s.start, s."end", cr.name, cd.name, s.id'

#: (column, SQL expression) in header order.
_SOURCES: tuple[tuple[str, str], ...] = (
    ("segment_id", "s.id"),
    ("document_id", "s.document_id"),
    ("document_title", "d.title"),
    ("source", "d.source"),
    ("coder", "cr.name"),
    ("code", "cd.name"),
    ("start", "s.start"),
    ("end", 's."end"'),
    ("text", "s.quote"),
    ("memo", "s.memo"),
    ("created_at", "s.created_at"),
    ("updated_at", "s.updated_at"),
    ("suggested_by", "coalesce(sp.suggester, '')"),
    ("suggestion_score", "coalesce(round(sp.score, 4), '')"),
)


#: Code points of :data:`ESCAPE_STARTS`, for SQLite's ``unicode()``.
_FORMULA_CODES = ", ".join(str(ord(c)) for c in ESCAPE_STARTS)


def _sql_needs_quotes(expr: str) -> str:
    """True when RFC 4180 requires quotes. (``instr`` is NUL-safe and much faster than a GLOB class.)"""
    return " OR ".join(f"instr({expr}, {c})" for c in ("','", "'\"'", "char(10)", "char(13)"))


def _sql_cell(expr: str, *, escape: bool) -> str:
    """One CSV cell, exactly as ``csv.QUOTE_MINIMAL`` with a CRLF terminator writes it.

    ``expr`` is evaluated at most three times per row. The ``'`` prefix never
    changes whether a cell needs quotes, so it goes inside the quotes if any.
    """
    prefix = f"iif(unicode({expr}) IN ({_FORMULA_CODES}), '''', '') || " if escape else ""
    return (
        f"(CASE WHEN {_sql_needs_quotes(expr)} "
        f"THEN '\"' || {prefix}replace({expr}, '\"', '\"\"') || '\"' "
        f"ELSE {prefix}{expr} END)"
    )


def _cell_sql(column: str, expr: str, raw: bool) -> str:
    if column in ("start", "end"):
        return expr
    return _sql_cell(expr, escape=column in TEXT_COLUMNS and not raw)


def _where(coder_ids: Sequence[str], code_ids: Sequence[str]) -> tuple[str, list[str]]:
    clauses = ["s.deleted_at IS NULL"]
    params: list[str] = []
    if coder_ids:
        clauses.append(f"s.coder_id IN ({', '.join('?' for _ in coder_ids)})")
        params.extend(coder_ids)
    if code_ids:
        clauses.append(f"s.code_id IN ({', '.join('?' for _ in code_ids)})")
        params.extend(code_ids)
    return "WHERE " + " AND ".join(clauses), params


def select_rows_sql(coder_ids: Sequence[str] = (), code_ids: Sequence[str] = ()) -> tuple[str, list[str]]:
    """The plain SELECT of the exported rows (used by the reference writer and the benchmark)."""
    where, params = _where(coder_ids, code_ids)
    columns = ", ".join(expr for _, expr in _SOURCES)
    return f"SELECT {columns} {_FROM} {where} {_ORDER}", params


def select_lines_sql(
    coder_ids: Sequence[str] = (), code_ids: Sequence[str] = (), *, raw: bool = False, with_document: bool = False
) -> tuple[str, list[str]]:
    """A SELECT whose single column is each finished CSV line (with its CRLF).

    The cells of documents, coders and codes are formatted once each (in
    materialized CTEs); only the segment's own cells are formatted per row.
    ``with_document``: each row is ``(document_id, line)`` (for per-article columns after the line's).
    """
    esc = not raw

    def stamp(expr: str) -> str:
        return _sql_cell(expr, escape=esc)

    where, params = _where(coder_ids, code_ids)
    lead = "s.document_id, " if with_document else ""
    sql = f"""
WITH dc AS MATERIALIZED (
    SELECT id, title,
        {_sql_cell("id", escape=esc)} || ',' || {_sql_cell("title", escape=esc)} || ','
        || {_sql_cell("source", escape=esc)} || ',' AS cells
    FROM documents),
crc AS MATERIALIZED (SELECT id, name, {_sql_cell("name", escape=esc)} || ',' AS cell FROM coders),
cdc AS MATERIALIZED (SELECT id, name, {_sql_cell("name", escape=esc)} || ',' AS cell FROM codes)
SELECT {lead}{stamp("s.id")} || ',' || dc.cells || crc.cell || cdc.cell || s.start || ',' || s."end" || ','
    || {_sql_cell("s.quote", escape=esc)} || ',' || {_sql_cell("s.memo", escape=esc)} || ','
    || {stamp("s.created_at")} || ',' || {stamp("s.updated_at")} || ','
    || {stamp("coalesce(sp.suggester, '')")} || ',' || coalesce(round(sp.score, 4), '') || char(13, 10)
FROM segments AS s
CROSS JOIN dc ON dc.id = s.document_id
CROSS JOIN crc ON crc.id = s.coder_id
CROSS JOIN cdc ON cdc.id = s.code_id
LEFT JOIN segment_provenance AS sp ON sp.segment_id = s.id
{where}
ORDER BY dc.title, s.start, s."end", crc.name, cdc.name, s.id
"""
    return sql, params


def select_lines_sql_simple(
    coder_ids: Sequence[str] = (), code_ids: Sequence[str] = (), *, raw: bool = False
) -> tuple[str, list[str]]:
    """The same lines from a plain join, every cell formatted per row (slower; kept for tests)."""
    where, params = _where(coder_ids, code_ids)
    cells = " || ',' || ".join(_cell_sql(col, expr, raw) for col, expr in _SOURCES)
    return f"SELECT {cells} || char(13, 10) {_FROM} {where} {_ORDER}", params


def line_cursor(project: Project, sql: str, params: Sequence[str], fetch_rows: int) -> sqlite3.Cursor:
    """A cursor over one of the SELECTs above, fetching ``fetch_rows`` rows at a time (the caller closes it).

    One SELECT statement reads one consistent snapshot (WAL), even while others write.
    """
    cursor = project.conn.execute(sql, params)
    cursor.arraysize = fetch_rows
    return cursor


def select_rows_with_attributes_sql(
    coder_ids: Sequence[str] = (), code_ids: Sequence[str] = ()
) -> tuple[str, list[str]]:
    """:func:`select_rows_sql` with each segment's ``code_id`` and ``attributes`` first (``--attributes``)."""
    sql, params = select_rows_sql(coder_ids, code_ids)
    return sql.replace("SELECT ", "SELECT s.code_id, s.attributes, ", 1), params


def source_cells(project: Project) -> dict[str, tuple[str, str, str]]:
    """Every source's ``(name, kind, affiliation)``, by id."""
    return {r[0]: (r[1], r[2], r[3]) for r in project.conn.execute("SELECT id, name, kind, affiliation FROM sources")}

"""Export coded segments as CSV (RFC 4180, UTF-8, CRLF).

Two writers produce the very same bytes:

* :func:`export_segments` lets SQLite format each CSV line (quoting, formula
  escaping, CRLF) and streams the lines out in big batches. This is the one the
  CLI uses; it is several times faster than the ``csv`` module.
* :func:`export_segments_reference` formats the same rows with Python's
  :mod:`csv` module. It is the specification the fast path is tested against.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager as ContextManager
from pathlib import Path
from typing import IO

from newscoder.core.errors import UserError
from newscoder.core.exchange import output
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
)
#: Columns escaped against formula injection: every column but the two integers.
#: (Ids and timestamps too: a merged or hand-edited project can hold anything there.)
TEXT_COLUMNS: frozenset[str] = frozenset(HEADER) - {"start", "end"}
#: A cell a spreadsheet would run as a formula starts with one of these.
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
#: A cell starting with one of these is written with one ``'`` in front. The
#: apostrophe itself is escaped too, so that import (drop one ``'`` that is
#: followed by one of these) reverses export exactly: ``'=x`` -> ``''=x`` -> ``'=x``.
ESCAPE_STARTS: tuple[str, ...] = FORMULA_STARTS + ("'",)
BOM = "\ufeff".encode()
CRLF = "\r\n"
FETCH_ROWS = 20_000

_FROM = """
FROM segments AS s
JOIN documents AS d ON d.id = s.document_id
JOIN coders AS cr ON cr.id = s.coder_id
JOIN codes AS cd ON cd.id = s.code_id
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
)


def escape_formula(value: str) -> str:
    """Put one ``'`` in front of a cell that a spreadsheet would run as a formula, or that starts with ``'``."""
    return "'" + value if value.startswith(ESCAPE_STARTS) else value


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


def resolve_filters(
    project: Project, coders: Sequence[str] = (), codes: Sequence[str] = ()
) -> tuple[list[str], list[str]]:
    """Coder and code names to ids; an unknown name is a :class:`UserError`."""
    coder_ids: list[str] = []
    for name in coders:
        coder = project.coder_by_name(name)
        if coder is None:
            known = ", ".join(c.name for c in project.coders()) or "none"
            raise UserError(f"no coder named {name!r} in the project (coders: {known})")
        coder_ids.append(coder.id)
    code_ids: list[str] = []
    for name in codes:
        code = project.code_by_name(name)
        if code is None:
            known = ", ".join(c.name for c in project.codes()) or "none"
            raise UserError(f"no code named {name!r} in the project (codes: {known})")
        code_ids.append(code.id)
    return coder_ids, code_ids


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
    coder_ids: Sequence[str] = (), code_ids: Sequence[str] = (), *, raw: bool = False
) -> tuple[str, list[str]]:
    """A SELECT whose single column is each finished CSV line (with its CRLF).

    The cells of documents, coders and codes are formatted once each (in
    materialized CTEs); only the segment's own cells are formatted per row.
    """
    esc = not raw

    def stamp(expr: str) -> str:
        return _sql_cell(expr, escape=esc)

    where, params = _where(coder_ids, code_ids)
    sql = f"""
WITH dc AS MATERIALIZED (
    SELECT id, title,
        {_sql_cell("id", escape=esc)} || ',' || {_sql_cell("title", escape=esc)} || ','
        || {_sql_cell("source", escape=esc)} || ',' AS cells
    FROM documents),
crc AS MATERIALIZED (SELECT id, name, {_sql_cell("name", escape=esc)} || ',' AS cell FROM coders),
cdc AS MATERIALIZED (SELECT id, name, {_sql_cell("name", escape=esc)} || ',' AS cell FROM codes)
SELECT {stamp("s.id")} || ',' || dc.cells || crc.cell || cdc.cell || s.start || ',' || s."end" || ','
    || {_sql_cell("s.quote", escape=esc)} || ',' || {_sql_cell("s.memo", escape=esc)} || ','
    || {stamp("s.created_at")} || ',' || {stamp("s.updated_at")} || char(13, 10)
FROM segments AS s
CROSS JOIN dc ON dc.id = s.document_id
CROSS JOIN crc ON crc.id = s.coder_id
CROSS JOIN cdc ON cdc.id = s.code_id
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


def header_line() -> str:
    return ",".join(HEADER) + CRLF


def iter_chunks(
    project: Project, coder_ids: Sequence[str] = (), code_ids: Sequence[str] = (), *, raw: bool = False
) -> Iterator[tuple[bytes, int]]:
    """The CSV body as UTF-8 byte chunks, each with its number of rows."""
    sql, params = select_lines_sql(coder_ids, code_ids, raw=raw)
    cursor = project.conn.execute(sql, params)
    cursor.arraysize = FETCH_ROWS
    try:
        while True:
            rows = cursor.fetchmany()
            if not rows:
                return
            yield "".join([r[0] for r in rows]).encode("utf-8"), len(rows)
    finally:
        cursor.close()


def export_segments(
    project: Project,
    out: IO[bytes],
    *,
    coders: Sequence[str] = (),
    codes: Sequence[str] = (),
    raw: bool = False,
    excel: bool = False,
) -> int:
    """Write the live segments as CSV to the binary stream ``out``; return the row count."""
    coder_ids, code_ids = resolve_filters(project, coders, codes)
    out.write((BOM if excel else b"") + header_line().encode("utf-8"))
    count = 0
    # one SELECT statement reads one consistent snapshot (WAL), even while others write
    for chunk, rows in iter_chunks(project, coder_ids, code_ids, raw=raw):
        out.write(chunk)
        count += rows
    return count


def reference_rows(
    project: Project, coder_ids: Sequence[str] = (), code_ids: Sequence[str] = (), *, raw: bool = False
) -> Iterable[list[str | int]]:
    sql, params = select_rows_sql(coder_ids, code_ids)
    text_idx = [i for i, col in enumerate(HEADER) if col in TEXT_COLUMNS]
    for row in project.conn.execute(sql, params):
        cells = list(row)
        if not raw:
            for i in text_idx:
                cells[i] = escape_formula(cells[i])
        yield cells


def export_segments_reference(
    project: Project,
    out: IO[bytes],
    *,
    coders: Sequence[str] = (),
    codes: Sequence[str] = (),
    raw: bool = False,
    excel: bool = False,
) -> int:
    """The same CSV as :func:`export_segments`, written with the :mod:`csv` module."""
    coder_ids, code_ids = resolve_filters(project, coders, codes)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=CRLF, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    count = 0
    for cells in reference_rows(project, coder_ids, code_ids, raw=raw):
        writer.writerow(cells)
        count += 1
    out.write((BOM if excel else b"") + buffer.getvalue().encode("utf-8"))
    return count


def atomic_output(path: Path, *, protect: Iterable[str | Path] = ()) -> ContextManager[IO[bytes]]:
    """A binary file that appears at ``path`` only when the block succeeds (see :mod:`output`)."""
    return output.atomic_output(path, protect=protect)


def export_segments_to_path(project: Project, path: Path, **options: object) -> int:
    """Write the CSV to ``path`` atomically (temp file, fsync, rename; never over an input)."""
    with output.atomic_output(path, protect=[project.path]) as fh:
        return export_segments(project, fh, **options)  # type: ignore[arg-type]

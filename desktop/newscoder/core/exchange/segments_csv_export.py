"""Export coded segments as CSV (RFC 4180, UTF-8, CRLF).

:func:`export_segments` lets SQLite format each CSV line (quoting, formula escaping,
CRLF) and streams the lines out in big batches: several times faster than the ``csv``
module, and byte for byte what the ``csv`` module writes (the tests hold it to a
``csv``-module reference, ``tests/core/segments_csv_reference.py``). The columns are
:data:`HEADER`, declared once in :mod:`newscoder.core.store_csv`; ``--variables``
(:mod:`segments_variables`) appends the articles' columns to these same lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager as ContextManager
from pathlib import Path
from typing import IO

from newscoder.core.errors import UserError
from newscoder.core.exchange import output
from newscoder.core.store import Project
from newscoder.core.store_csv import (
    ESCAPE_STARTS,
    FORMULA_STARTS,
    HEADER,
    TEXT_COLUMNS,
    select_lines_sql,
    select_lines_sql_simple,
    select_rows_sql,
)
from newscoder.core.store_csv import line_cursor as _line_cursor

__all__ = [
    "BOM", "CRLF", "ESCAPE_STARTS", "FETCH_ROWS", "FORMULA_STARTS", "HEADER", "TEXT_COLUMNS", "atomic_output",
    "escape_formula", "export_segments", "export_segments_to_path", "header_line", "iter_chunks", "resolve_filters",
    "select_lines_sql", "select_lines_sql_simple", "select_rows_sql",
]

BOM = "\ufeff".encode()
CRLF = "\r\n"
FETCH_ROWS = 20_000


def escape_formula(value: str) -> str:
    """Put one ``'`` in front of a cell that a spreadsheet would run as a formula, or that starts with ``'``."""
    return "'" + value if value.startswith(ESCAPE_STARTS) else value


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


def header_line() -> str:
    return ",".join(HEADER) + CRLF


def iter_chunks(
    project: Project, coder_ids: Sequence[str] = (), code_ids: Sequence[str] = (), *, raw: bool = False
) -> Iterator[tuple[bytes, int]]:
    """The CSV body as UTF-8 byte chunks, each with its number of rows."""
    sql, params = select_lines_sql(coder_ids, code_ids, raw=raw)
    cursor = _line_cursor(project, sql, params, FETCH_ROWS)
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


def atomic_output(path: Path, *, protect: Iterable[str | Path] = ()) -> ContextManager[IO[bytes]]:
    """A binary file that appears at ``path`` only when the block succeeds (see :mod:`output`)."""
    return output.atomic_output(path, protect=protect)


def export_segments_to_path(project: Project, path: Path, **options: object) -> int:
    """Write the CSV to ``path`` atomically (temp file, fsync, rename; never over an input)."""
    with output.atomic_output(path, protect=[project.path]) as fh:
        return export_segments(project, fh, **options)  # type: ignore[arg-type]

"""The segments CSV with the articles' variables as extra columns (``export segments --variables``).

The columns of the plain export come first, unchanged; then ``author``, ``published``, ``url``
and every project variable (defined ones, then other metadata keys), one column each. A
variable whose name is already a column is written as ``variable:NAME``. Each line is the
plain export's line as SQLite formats it (:func:`store_csv.select_lines_sql`: same cells, same
escaping, same order) followed by its article's cells, formatted once per article with the
:mod:`csv` module.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import IO

from newscoder.core import corpus, store_csv
from newscoder.core.exchange.segments_csv_export import (
    BOM,
    CRLF,
    FETCH_ROWS,
    HEADER,
    escape_formula,
    resolve_filters,
)
from newscoder.core.store import Project


def _csv_line(cells: Sequence[str]) -> str:
    """``cells`` as one CSV line with its CRLF, exactly as :func:`csv.writer` writes it."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator=CRLF, quoting=csv.QUOTE_MINIMAL).writerow(cells)
    return buffer.getvalue()


def variable_columns(project: Project) -> list[str]:
    """The variables written as extra columns, in order."""
    names = ["author", "published", "url"]
    for d in corpus.variable_defs(project):
        if d.name not in names:
            names.append(d.name)
    for key in corpus.metadata_keys(project):
        if key not in names:
            names.append(key)
    return names


def export_segments_with_variables(
    project: Project,
    out: IO[bytes],
    *,
    coders: Sequence[str] = (),
    codes: Sequence[str] = (),
    raw: bool = False,
    excel: bool = False,
) -> int:
    """Write the live segments, each with its article's variables; return the row count."""
    coder_ids, code_ids = resolve_filters(project, coders, codes)
    names = variable_columns(project)
    header = list(HEADER) + [f"variable:{n}" if n in HEADER else n for n in names]
    tails: dict[str, str] = {}  # article id -> "," + its variable cells + CRLF
    for doc in corpus.document_rows(project):
        values = []
        for n in names:
            value = getattr(doc, n) if n in corpus.BUILTIN_VARIABLES else doc.metadata.get(n, "")
            value = value if isinstance(value, str) else str(value)
            values.append(value if raw else escape_formula(value))
        tails[doc.id] = "," + _csv_line(values)
    empty = "," + _csv_line([""] * len(names))
    out.write((BOM if excel else b"") + _csv_line(header).encode("utf-8"))
    count = 0
    sql, params = store_csv.select_lines_sql(coder_ids, code_ids, raw=raw, with_document=True)
    cursor = store_csv.line_cursor(project, sql, params, FETCH_ROWS)  # one SELECT: one consistent snapshot
    try:
        while rows := cursor.fetchmany():
            out.write("".join([line[:-2] + tails.get(doc_id, empty) for doc_id, line in rows]).encode("utf-8"))
            count += len(rows)
    finally:
        cursor.close()
    return count

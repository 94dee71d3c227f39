"""The segments CSV as Python's :mod:`csv` module writes it: the specification the fast writers are held to.

:func:`export_segments_reference` formats the rows of :func:`store_csv.select_rows_sql` with
``csv.writer`` (QUOTE_MINIMAL, CRLF); :func:`export_variables_reference` adds each article's
variables the same way. ``tests/core/test_segments_csv_export.py`` compares the production
writers (SQLite-formatted lines) with these, byte for byte.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import IO

from newscoder.core import corpus, store_csv
from newscoder.core.exchange.segments_csv_export import (
    BOM,
    CRLF,
    FETCH_ROWS,
    HEADER,
    TEXT_COLUMNS,
    escape_formula,
    resolve_filters,
)
from newscoder.core.exchange.segments_variables import variable_columns
from newscoder.core.store import Project


def reference_rows(
    project: Project, coder_ids: Sequence[str] = (), code_ids: Sequence[str] = (), *, raw: bool = False
) -> Iterable[list[str | int]]:
    """Each exported row's cells, escaped against formulas unless ``raw``."""
    sql, params = store_csv.select_rows_sql(coder_ids, code_ids)
    text_idx = [i for i, col in enumerate(HEADER) if col in TEXT_COLUMNS]
    for row in store_csv.line_cursor(project, sql, params, FETCH_ROWS):
        cells = list(row)
        if not raw:
            for i in text_idx:
                cells[i] = escape_formula(cells[i])
        yield cells


def export_segments_reference(
    project: Project, out: IO[bytes], *, coders: Sequence[str] = (), codes: Sequence[str] = (),
    raw: bool = False, excel: bool = False,
) -> int:
    """The same CSV as :func:`segments_csv_export.export_segments`, written with the :mod:`csv` module."""
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


def export_variables_reference(
    project: Project, out: IO[bytes], *, coders: Sequence[str] = (), codes: Sequence[str] = (),
    raw: bool = False, excel: bool = False,
) -> int:
    """The same CSV as :func:`segments_variables.export_segments_with_variables`, with the :mod:`csv` module."""
    coder_ids, code_ids = resolve_filters(project, coders, codes)
    names = variable_columns(project)
    docs = {r.id: r for r in corpus.document_rows(project)}
    doc_col = HEADER.index("document_id")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=CRLF, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(list(HEADER) + [f"variable:{n}" if n in HEADER else n for n in names])
    count = 0
    for cells in reference_rows(project, coder_ids, code_ids, raw=raw):
        doc = docs.get(str(cells[doc_col]))
        extra = []
        for n in names:
            value = "" if doc is None else getattr(doc, n) if n in corpus.BUILTIN_VARIABLES else doc.metadata.get(n, "")
            value = value if isinstance(value, str) else str(value)
            extra.append(value if raw else escape_formula(value))
        writer.writerow([*cells, *extra])
        count += 1
    out.write((BOM if excel else b"") + buffer.getvalue().encode("utf-8"))
    return count

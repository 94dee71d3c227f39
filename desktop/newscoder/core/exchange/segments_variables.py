"""The segments CSV with the articles' variables as extra columns (``export segments --variables``).

The columns of the plain export come first, unchanged; then ``author``, ``published``, ``url``
and every project variable (defined ones, then other metadata keys), one column each. A
variable whose name is already a column is written as ``variable:NAME``. Last come ``outlets`` and
``publications``: every outlet that ran the article's text (issue 13, :mod:`publications_out`). Written with the
:mod:`csv` module from :func:`segments_csv_export.reference_rows` (same cells, same escaping).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import IO

from newscoder.core import corpus
from newscoder.core.exchange.segments_csv_export import (
    BOM,
    CRLF,
    HEADER,
    escape_formula,
    reference_rows,
    resolve_filters,
)
from newscoder.core.store import Project


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
    from newscoder.core.exchange import publications_out

    header = list(HEADER) + [f"variable:{n}" if n in HEADER else n for n in names]
    header += [f"newscoder:{c}" if c in header else c for c in publications_out.CSV_COLUMNS]
    shared = publications_out.cells_by_document(project)
    docs = {r.id: r for r in corpus.document_rows(project)}
    doc_col = HEADER.index("document_id")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=CRLF, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    count = 0
    for cells in reference_rows(project, coder_ids, code_ids, raw=raw):
        doc = docs.get(str(cells[doc_col]))
        extra = []
        for n in names:
            if doc is None:
                value = ""
            else:
                value = getattr(doc, n) if n in corpus.BUILTIN_VARIABLES else doc.metadata.get(n, "")
            value = value if isinstance(value, str) else str(value)
            extra.append(value if raw else escape_formula(value))
        extra += [c if raw else escape_formula(c) for c in shared.get(str(cells[doc_col]), ("", ""))]
        writer.writerow([*cells, *extra])
        count += 1
    out.write((BOM if excel else b"") + buffer.getvalue().encode("utf-8"))
    return count

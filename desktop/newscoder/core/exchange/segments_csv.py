"""The coded-segment CSV round trip: ``export segments`` and ``import segments``.

See :mod:`segments_csv_export` (the SQL-formatted writer), :mod:`segments_csv_read` (parsing and checking) and
:mod:`segments_csv_import` (the one-transaction writer).
"""

from __future__ import annotations

from newscoder.core.exchange.segments_csv_export import (
    BOM,
    FORMULA_STARTS,
    HEADER,
    TEXT_COLUMNS,
    atomic_output,
    escape_formula,
    export_segments,
    export_segments_to_path,
)
from newscoder.core.exchange.segments_csv_import import (
    ImportSummary,
    import_segments,
    import_segments_bytes,
)
from newscoder.core.exchange.segments_csv_read import unescape_formula

__all__ = [
    "BOM",
    "FORMULA_STARTS",
    "HEADER",
    "TEXT_COLUMNS",
    "ImportSummary",
    "atomic_output",
    "escape_formula",
    "export_segments",
    "export_segments_to_path",
    "import_segments",
    "import_segments_bytes",
    "unescape_formula",
]

"""The estimate ledger: one row per live *estimate* segment, with its number, hedge, what is counted and who said it.

Columns: :data:`LEDGER_COLUMNS`. Order: by ``counted`` (case-insensitive; empty last), then
``value`` (numeric; empty last), then article title, start, coder and segment id, so equal
inputs give the same bytes. Text cells are escaped against formulas as in the segments CSV.
:func:`ledger_rows` is the one query (the GUI's Analysis ▸ Estimates shows the same rows);
:func:`hedge_drift` flags one source's same number given with different hedges.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from newscoder.core import store_exchange
from newscoder.core.errors import UserError
from newscoder.core.exchange.segments_csv_export import BOM, CRLF, escape_formula, resolve_filters
from newscoder.core.store import Project

LEDGER_COLUMNS: tuple[str, ...] = (
    "document_id", "title", "source_outlet", "published", "coder", "value", "low", "high", "hedge", "counted",
    "source", "source_kind", "text", "start", "end",
)
_ESCAPED = frozenset({"title", "source_outlet", "published", "coder", "hedge", "counted", "source", "source_kind",
                      "text"})
ESTIMATE_CODE = "estimate"


@dataclass(frozen=True, slots=True)
class LedgerRow:
    segment_id: str
    document_id: str
    title: str
    source_outlet: str
    published: str
    coder: str
    value: int | float | None
    low: int | float | None
    high: int | float | None
    hedge: str
    counted: str
    source: str
    source_kind: str
    text: str
    start: int
    end: int
    source_id: str

    def cells(self) -> list[Any]:
        return [self.document_id, self.title, self.source_outlet, self.published, self.coder,
                _num(self.value), _num(self.low), _num(self.high), self.hedge, self.counted, self.source,
                self.source_kind, self.text, self.start, self.end]


def _num(value: Any) -> str:
    if value is None:
        return ""
    return repr(value) if isinstance(value, float) else str(value)


def _source_attribute(project: Project, code_id: str) -> str:
    from newscoder.core.attribute_edits import definitions_of

    return next((d.name for d in definitions_of(project, code_id) if d.type == "source"), "source")


def _json_path(name: str) -> str:
    return '$."' + name.replace('"', "") + '"'


def ledger_rows(project: Project, coders: Sequence[str] = ()) -> Iterator[LedgerRow]:
    """The ledger's rows, in ledger order (one SQL statement; values read with ``json_extract``)."""
    code = project.code_by_name(ESTIMATE_CODE)
    if code is None:
        raise UserError(f"the project has no code named {ESTIMATE_CODE!r}; the ledger lists its segments")
    coder_ids, _ = resolve_filters(project, coders, ())
    for row in store_exchange.ledger_query(project, code.id, _json_path(_source_attribute(project, code.id)),
                                           coder_ids):
        yield LedgerRow(*row)


def write_ledger(project: Project, out: IO[bytes], coders: Sequence[str] = (), *, excel: bool = False) -> int:
    """Write the ledger as CSV (UTF-8, CRLF); returns the row count."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=CRLF, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(LEDGER_COLUMNS)
    escaped = [i for i, c in enumerate(LEDGER_COLUMNS) if c in _ESCAPED]
    out.write(BOM if excel else b"")
    count = 0
    for row in ledger_rows(project, coders):
        cells = row.cells()
        for i in escaped:
            cells[i] = escape_formula(cells[i])
        writer.writerow(cells)
        count += 1
        if count % 20_000 == 0:
            out.write(buffer.getvalue().encode("utf-8"))
            buffer.seek(0)
            buffer.truncate()
    out.write(buffer.getvalue().encode("utf-8"))
    return count


@dataclass(frozen=True, slots=True)
class Drift:
    """One source's same number given with different hedges (or bare in one outlet, hedged in another)."""

    source: str
    value: int | float
    hedges: dict[str, list[str]]  # hedge -> outlets
    segment_ids: tuple[str, ...]

    def describe(self) -> str:
        parts = "; ".join(f"{'bare' if h == 'exact' else h}: {', '.join(sorted(set(o)))}"
                          for h, o in sorted(self.hedges.items()))
        return f"{self.source} {self.value:,}: {parts}"


def hedge_drift(rows: Sequence[LedgerRow]) -> list[Drift]:
    """Where one source's same number appears with different hedges across outlets ("exact" counts as bare)."""
    groups: dict[tuple[str, Any], list[LedgerRow]] = {}
    for r in rows:
        if r.source_id and r.value is not None:
            groups.setdefault((r.source_id, r.value), []).append(r)
    out: list[Drift] = []
    for (_sid, value), members in groups.items():
        hedges: dict[str, list[str]] = {}
        for r in members:
            hedges.setdefault(r.hedge if r.hedge not in ("", "exact") else "exact", []).append(
                r.source_outlet or r.title)
        outlets = {r.source_outlet or r.title for r in members}
        if len(hedges) > 1 and len(outlets) > 1:
            out.append(Drift(members[0].source, value, hedges, tuple(r.segment_id for r in members)))
    return sorted(out, key=lambda d: (d.source.casefold(), d.value))

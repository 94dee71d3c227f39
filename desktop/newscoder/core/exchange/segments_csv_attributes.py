"""Attribute columns of the segments CSV (``export segments --attributes``; ``import segments`` reads them back).

One column per attribute, named ``code.attribute`` (``estimate.value``, ``claim.target``), in codebook
order. A source attribute's cell holds the source's *name*; its link to the naming words is in
``code.attribute@span`` (``start:end``, code points). Two more columns describe the segment's (first)
source: ``source_kind`` and ``source_affiliation``. (The segments CSV's ``source`` column already is
the article's outlet; it keeps that meaning.) Integer ranges are written ``low-high``; text-like cells
are escaped against formulas as the other text columns are. A cell of another code's column must be
empty. On import an unknown source name creates the source with the row's kind and affiliation.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from newscoder.core import attributes as attrs
from newscoder.core import store_csv
from newscoder.core.attribute_edits import all_definitions
from newscoder.core.exchange.segments_csv_export import (
    BOM,
    CRLF,
    FETCH_ROWS,
    HEADER,
    TEXT_COLUMNS,
    escape_formula,
    resolve_filters,
)
from newscoder.core.store import Project, name_key

SOURCE_COLUMNS = ("source_kind", "source_affiliation")
#: types whose cells are free text, escaped against formulas
_ESCAPED_TYPES = frozenset({"text", "choice", "source", "integer range"})


@dataclass(frozen=True)
class AttrColumn:
    name: str
    code_id: str
    code_key: str
    defn: attrs.AttributeDef
    span: bool = False

    @property
    def escaped(self) -> bool:
        return self.span is False and self.defn.type in _ESCAPED_TYPES


def attribute_columns(project: Project, code_ids: Sequence[str] = ()) -> list[AttrColumn]:
    """The attribute columns of the project's live codes (of these codes only, if given), in codebook order."""
    defs = all_definitions(project)
    out: list[AttrColumn] = []
    for code in project.codes():
        if code_ids and code.id not in code_ids:
            continue
        for d in defs.get(code.id, []):
            out.append(AttrColumn(f"{code.name}.{d.name}", code.id, name_key(code.name), d))
            if d.type == "source":
                out.append(AttrColumn(f"{code.name}.{d.name}{attrs.SPAN_SUFFIX}", code.id, name_key(code.name), d,
                                      span=True))
    return out


def header(columns: list[AttrColumn]) -> tuple[str, ...]:
    return (*HEADER, *(c.name for c in columns), *SOURCE_COLUMNS)


def source_table(project: Project) -> dict[str, tuple[str, str, str]]:
    return store_csv.source_cells(project)


def attribute_cells(columns: list[AttrColumn], code_id: str, stored: str,
                    sources: dict[str, tuple[str, str, str]]) -> list[str]:
    """The attribute cells of one segment row (unescaped)."""
    values = attrs.parse_values(stored)
    cells: list[str] = []
    kind = affiliation = ""
    for col in columns:
        if col.code_id != code_id:
            cells.append("")
            continue
        value = values.get(col.defn.name + (attrs.SPAN_SUFFIX if col.span else ""))
        if col.span:
            cells.append(attrs.format_span(value))
            continue
        if col.defn.type == "source" and isinstance(value, str):
            name, k, a = sources.get(value, (value, "", ""))
            if not kind and not affiliation:
                kind, affiliation = k, a
            cells.append(name)
            continue
        cells.append(attrs.format_value(col.defn, value))
    return [*cells, kind, affiliation]


def iter_rows(project: Project, coders: Sequence[str] = (), codes: Sequence[str] = (), *,
              raw: bool = False) -> Iterator[list[Any]]:
    """Header, then every live segment's row with its attribute cells (escaped unless ``raw``)."""
    coder_ids, code_ids = resolve_filters(project, coders, codes)
    columns = attribute_columns(project, code_ids)
    yield list(header(columns))
    sql, params = store_csv.select_rows_with_attributes_sql(coder_ids, code_ids)
    sources = source_table(project)
    text_idx = [i for i, col in enumerate(HEADER) if col in TEXT_COLUMNS]
    escaped = [len(HEADER) + i for i, c in enumerate(columns) if c.escaped] + [
        len(HEADER) + len(columns), len(HEADER) + len(columns) + 1]
    for row in store_csv.line_cursor(project, sql, params, FETCH_ROWS):
        cells = list(row[2:]) + attribute_cells(columns, row[0], row[1], sources)
        if not raw:
            for i in (*text_idx, *escaped):
                cells[i] = escape_formula(cells[i])
        yield cells


def export_segments_with_attributes(project: Project, out: IO[bytes], *, coders: Sequence[str] = (),
                                    codes: Sequence[str] = (), raw: bool = False, excel: bool = False) -> int:
    """The segments CSV with the attribute columns; returns the row count."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=CRLF, quoting=csv.QUOTE_MINIMAL)
    out.write(BOM if excel else b"")
    count = -1
    for cells in iter_rows(project, coders, codes, raw=raw):
        writer.writerow(cells)
        count += 1
        if buffer.tell() > 1 << 20:
            out.write(buffer.getvalue().encode("utf-8"))
            buffer.seek(0)
            buffer.truncate()
    out.write(buffer.getvalue().encode("utf-8"))
    return count


@dataclass(frozen=True)
class SourceCell:
    """A source named in a CSV row, to find or create when the row is written."""

    name: str
    kind: str
    affiliation: str


def parse_attribute_cells(columns: dict[str, AttrColumn], code: str, cells: dict[str, str],
                          why: list[str]) -> dict[str, Any]:
    """A row's attribute values (source values as :class:`SourceCell`), problems appended to ``why``."""
    from newscoder.core.exchange.segments_csv_read import unescape_formula
    from newscoder.core.schema import SOURCE_KINDS

    key = name_key(code)
    values: dict[str, Any] = {}
    kind = unescape_formula(cells.get("source_kind", "")).strip()
    affiliation = unescape_formula(cells.get("source_affiliation", "")).strip()
    if kind and kind not in SOURCE_KINDS:
        why.append(f"source_kind {kind[:30]!r} is not one of: {', '.join(SOURCE_KINDS)}")
    for name, col in columns.items():
        cell = cells.get(name, "")
        if col.escaped:
            cell = unescape_formula(cell)
        if cell == "":
            continue
        if col.code_key != key:
            why.append(f"{name} is given but the row's code is {code[:40]!r}")
            continue
        try:
            if col.span:
                values[col.defn.name + attrs.SPAN_SUFFIX] = attrs.parse_span(cell)
            elif col.defn.type == "source":
                values[col.defn.name] = SourceCell(" ".join(cell.split()), kind or "other", affiliation)
            else:
                values[col.defn.name] = attrs.check_value(col.defn, cell)
        except attrs.AttributeValueError as exc:
            text = str(exc)
            prefix = col.defn.name + ": "
            why.append(f"{name}: {text[len(prefix):] if text.startswith(prefix) else text}")
    for k in list(values):
        if k.endswith(attrs.SPAN_SUFFIX) and k[: -len(attrs.SPAN_SUFFIX)] not in values:
            why.append(f"{k} is given without its source")
    return values

"""Gold in the exports: ``export segments --gold`` (CSV) and the gold user of a QDPX export.

The CSV has the very columns of ``export segments`` (so scripts read either), the
``coder`` column naming the gold layer (:data:`GOLD_CODER`), then four more:
``decision``, ``adjudicator``, ``reason`` and ``sources`` (the coders' segment ids the
gold segment came from, ``|``-separated). "Accept nothing" decisions are not segments
and are not exported. Text cells are escaped against formulas as in ``export segments``.

With ``attributes`` (``export segments --gold --attributes``) the header is exactly that of
``export segments --attributes`` (the attribute columns, then ``source_kind`` and
``source_affiliation``, cells written by the same code), followed by the four gold columns.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from newscoder.core import gold_store
from newscoder.core.errors import UserError
from newscoder.core.exchange import segments_csv_attributes as attr_csv
from newscoder.core.exchange.segments_csv_export import BOM, CRLF, HEADER, atomic_output, escape_formula
from newscoder.core.store import Project

GOLD_CODER = gold_store.GOLD_CODER
GOLD_COLUMNS = ("decision", "adjudicator", "reason", "sources")
GOLD_HEADER: tuple[str, ...] = (*HEADER, *GOLD_COLUMNS)
_TEXT = {"document_title", "source", "coder", "code", "text", "memo", "adjudicator", "reason"}


def gold_csv_rows(project: Project, codes: Sequence[str] = (), *, raw: bool = False,
                  attributes: bool = False) -> tuple[tuple[str, ...], list[list[str | int]]]:
    """The header and the live gold segments as CSV rows, by article title then position."""
    code_ids = set()
    for name in codes:
        code = project.code_by_name(name)
        if code is None:
            known = ", ".join(c.name for c in project.codes()) or "none"
            raise UserError(f"no code named {name!r} in the project (codes: {known})")
        code_ids.add(code.id)
    docs = {d.id: d for d in project.documents()}
    names = {c.id: c.name for c in project.codes()}
    columns = attr_csv.attribute_columns(project, sorted(code_ids)) if attributes else []
    head = (*attr_csv.header(columns), *GOLD_COLUMNS) if attributes else GOLD_HEADER
    escaped = {c.name for c in columns if c.escaped} | set(attr_csv.SOURCE_COLUMNS)
    sources = attr_csv.source_table(project) if attributes else {}
    rows = []
    for g in gold_store.gold_rows(project, segments_only=True):
        if code_ids and g.code_id not in code_ids:
            continue
        doc = docs[g.document_id]
        cells: dict[str, str | int] = {
            "segment_id": g.id, "document_id": g.document_id, "document_title": doc.title, "source": doc.source,
            "coder": GOLD_CODER, "code": names.get(g.code_id, ""), "start": g.start, "end": g.end, "text": g.quote,
            "memo": "", "created_at": g.created_at, "updated_at": g.updated_at, "suggested_by": "",
            "suggestion_score": "", "decision": g.decision,
            "adjudicator": g.adjudicator, "reason": g.reason, "sources": "|".join(sorted(g.sources)),
        }
        if attributes:
            extra = attr_csv.attribute_cells(columns, g.code_id, g.attributes, sources)
            cells.update(zip(attr_csv.header(columns)[len(HEADER):], extra, strict=True))
        if not raw:
            for col in _TEXT | (escaped if attributes else set()):
                cells[col] = escape_formula(str(cells[col]))
        rows.append([cells[c] for c in head])
    rows.sort(key=lambda r: (str(r[2]), int(r[6]), int(r[7]), str(r[5]), str(r[0])))
    return head, rows


def export_gold(project: Project, out: IO[bytes], *, codes: Sequence[str] = (), raw: bool = False,
                excel: bool = False, attributes: bool = False) -> int:
    """Write the gold segments as CSV to the binary stream ``out``; return the row count."""
    head, rows = gold_csv_rows(project, codes, raw=raw, attributes=attributes)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=CRLF, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(head)
    writer.writerows(rows)
    out.write((BOM if excel else b"") + buffer.getvalue().encode("utf-8"))
    return len(rows)


def check_output(path: Path, project: Project) -> None:
    """Refuse an output that is a folder, not a regular file, or the project itself (nothing written)."""
    path = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise UserError(f"cannot write {path}: it is a folder; give a file name")
    if not stat.S_ISREG(info.st_mode):
        raise UserError(f"cannot write {path}: it is not a regular file (a device or a pipe); give a file name")
    try:
        same = os.path.samefile(path, project.path)
    except OSError:
        same = False
    if same:
        raise UserError(f"cannot write {path}: it is the project itself; choose another name")


def export_gold_to_path(project: Project, path: Path, **options: object) -> int:
    """The gold CSV written to ``path`` atomically (never over the project, a folder or a device)."""
    check_output(Path(path), project)
    with atomic_output(Path(path)) as fh:
        return export_gold(project, fh, **options)  # type: ignore[arg-type]

"""``newscoder export bundle``: the coded data and its agreement, ready for R and pandas.

Writes into a folder: ``segments.csv`` (long, one row per segment, with the
document variables), ``documents.csv``, ``codebook.csv``,
``reliability_matrix.csv`` (units × coders per code, for ``irr::kripp.alpha``,
the ``krippendorff`` package and K-Alpha), ``agreement.json``, a data
dictionary ``README.md``, and ``load.py`` / ``load.R``. Every text cell (and
the coder names heading the matrix) gets the app's spreadsheet escaping
(:func:`~newscoder.core.exchange.segments_csv_export.escape_formula`: one ``'``
before a cell starting with ``=``, ``+``, ``-``, ``@``, tab, CR or ``'``);
numbers are written as they are. ``load.py`` and ``load.R`` remove exactly that
``'`` again, so values come back as stored. Every file goes through a temporary
file and a rename, never over an input, a device, a FIFO or a folder.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np

from newscoder.core import corpus
from newscoder.core.agreement import charlevel
from newscoder.core.agreement.bundle_text import LOAD_PY, LOAD_R, PLAIN_COLUMNS, readme
from newscoder.core.agreement.output import check_folder, write_bytes
from newscoder.core.agreement.render import to_json_data
from newscoder.core.agreement.report import compute_report
from newscoder.core.agreement.study import Study
from newscoder.core.errors import UserError
from newscoder.core.exchange.segments_csv_export import escape_formula
from newscoder.core.exchange.segments_variables import variable_columns
from newscoder.core.store import Project

ALL = "(all)"
NONE_LABEL = "(none)"
MISSING = "NA"
FIXED_MATRIX_COLUMNS = ("document_id", "char", "code")
SEGMENT_COLUMNS = ("segment_id", "document_id", "title", "source", "author", "published", "url", "coder", "code",
                   "start", "end", "length", "text", "memo", "created_at", "updated_at")
DOCUMENT_COLUMNS = ("document_id", "title", "source", "author", "published", "url", "length", "imported_at",
                    "in_study")
CODEBOOK_COLUMNS = ("code_id", "name", "description", "color", "shortcut", "parent", "position", "archived")
#: Per CSV file, the columns that may carry an escaping ``'`` (the coder columns of the matrix and its header too).
ESCAPED_COLUMNS: dict[str, tuple[str, ...]] = {
    name: tuple(c for c in columns if c not in PLAIN_COLUMNS[name])
    for name, columns in (("segments.csv", SEGMENT_COLUMNS), ("documents.csv", DOCUMENT_COLUMNS),
                          ("codebook.csv", CODEBOOK_COLUMNS), ("reliability_matrix.csv", FIXED_MATRIX_COLUMNS))
}


def _escaped(rows: Iterable[Sequence[object]]) -> Iterator[list[object]]:
    """Text cells (``str``) through the shared spreadsheet escaping; numbers (``int``) as they are."""
    for row in rows:
        yield [escape_formula(c) if isinstance(c, str) else c for c in row]


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A CSV file; the caller escapes the text cells (the header is escaped here: it can hold coder names)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # CRLF line ends, like the other exports
    writer.writerow([escape_formula(h) for h in header])
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def project_variables(project: Project) -> list[tuple[str, str, str]]:
    """``(column, variable name, type)`` of each project variable, as the last columns of segments.csv
    and documents.csv: defined variables (text, number, date, choice), then other metadata keys (text).
    A name that is already a column is written ``variable:NAME``."""
    fixed = set(SEGMENT_COLUMNS) | set(DOCUMENT_COLUMNS)
    types = {d.name: d.type for d in corpus.variable_defs(project)}
    names = [n for n in variable_columns(project) if n not in ("author", "published", "url")]
    return [(f"variable:{n}" if n in fixed else n, n, types.get(n, "text")) for n in names]


def _variable_values(doc: corpus.DocRow | None, variables: Sequence[tuple[str, str, str]]) -> list[str]:
    if doc is None:
        return [""] * len(variables)
    values = (doc.metadata.get(name, "") for _, name, _ in variables)
    return [v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in values]


def _escaped_columns_text(variables: Sequence[tuple[str, str, str]] = ()) -> dict[str, tuple[str, ...]]:
    """:data:`ESCAPED_COLUMNS` for the README, the matrix's coder columns named in words."""
    texts = {name: tuple(f"`{c}`" for c in cols) for name, cols in ESCAPED_COLUMNS.items()}
    if variables:
        texts["segments.csv"] += ("every project variable column",)
        texts["documents.csv"] += ("every project variable column",)
    texts["reliability_matrix.csv"] += ("every coder column (a code set in `(all)` rows)",
                                        "the coder names in the header row")
    return texts


def matrix_rows(study: Study) -> Iterable[list[object]]:
    """Units × coders, per code: ``1``/``0`` per code, the code set for ``(all)``; ``NA`` = missing.

    Ids, code names and code sets come escaped (each escaped once, not per cell); ``char`` is an int.
    """
    length = study.doc_length
    doc_of_char = np.repeat(np.arange(length.size), length)
    char = np.arange(int(length.sum())) - np.repeat(np.cumsum(length) - length, length)
    words = charlevel.code_words(study)
    present = study.counts[:, doc_of_char]
    keep = study.keep if study.keep is not None else np.ones(doc_of_char.size, dtype=bool)
    ids = [escape_formula(d.id) for d in study.documents]
    n_coders = len(study.coders)
    labels: dict[tuple[int, ...], str] = {}

    def label(key: tuple[int, ...]) -> str:
        if key not in labels:
            names = [study.codes[w * charlevel.BITS + b] for w, x in enumerate(key)
                     for b in range(charlevel.BITS) if (x >> b) & 1]
            labels[key] = escape_formula("|".join(names)) or NONE_LABEL
        return labels[key]

    positions = np.flatnonzero(keep)
    for k in range(-1, len(study.codes)):
        name = ALL if k < 0 else escape_formula(study.codes[k])
        if k >= 0:
            bit = (words[k // charlevel.BITS] >> (k % charlevel.BITS)) & 1
        for x in positions.tolist():
            row: list[object] = [ids[doc_of_char[x]], int(char[x]), name]
            for c in range(n_coders):
                if not present[c, x]:
                    row.append(MISSING)
                elif k < 0:
                    row.append(label(tuple(int(w[c, x]) for w in words)))
                else:
                    row.append(str(int(bit[c, x])))
            yield row


def write_bundle(
    project: Project,
    project_path: Path,
    study: Study,
    folder: Path,
    version: str,
    *,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[Path]:
    """Write the bundle's files into ``folder`` (made if missing); returns the paths written."""
    folder = Path(folder)
    inputs = [Path(project_path)]
    check_folder(folder, inputs)
    clash = [c for c in study.coders if c in FIXED_MATRIX_COLUMNS]
    if clash:
        raise UserError(f"a coder is named {clash[0]!r}, like a column of reliability_matrix.csv; rename the coder")
    odd = [c for c in study.codes if c in (MISSING, NONE_LABEL, ALL)]
    if odd:
        raise UserError(f"a code is named {odd[0]!r}, which reliability_matrix.csv uses for a missing value or "
                        "an uncoded character; rename the code")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot make the folder {folder}: {exc.strerror or exc}") from None
    coder_names = {c.id: c.name for c in project.coders()}
    codes = project.codes(include_archived=True)
    code_names = {c.id: c.name for c in codes}
    docs = project.documents()
    doc_by_id = {d.id: d for d in docs}
    in_study = {d.id for d in study.documents}
    variables = project_variables(project)
    var_rows = {r.id: r for r in corpus.document_rows(project)} if variables else {}
    var_columns = [column for column, _, _ in variables]
    files: list[tuple[str, Callable[[], bytes]]] = []

    def segments() -> bytes:
        rows = []
        for s in project.segments():
            d = doc_by_id.get(s.document_id)
            if d is None:
                continue
            rows.append([s.id, d.id, d.title, d.source, d.author, d.published, d.url, coder_names.get(s.coder_id, ""),
                         code_names.get(s.code_id, ""), s.start, s.end, s.end - s.start, s.quote, s.memo,
                         s.created_at, s.updated_at, *_variable_values(var_rows.get(d.id), variables)])
        return _csv([*SEGMENT_COLUMNS, *var_columns], _escaped(rows))

    def documents() -> bytes:
        return _csv([*DOCUMENT_COLUMNS, *var_columns],
                    _escaped([d.id, d.title, d.source, d.author, d.published, d.url, d.length, d.imported_at,
                              "TRUE" if d.id in in_study else "FALSE",
                              *_variable_values(var_rows.get(d.id), variables)] for d in docs))

    def codebook() -> bytes:
        return _csv(CODEBOOK_COLUMNS, _escaped([c.id, c.name, c.description, c.color, c.shortcut or "",
                                                 code_names.get(c.parent_id or "", ""), c.position,
                                                 "TRUE" if c.archived else "FALSE"] for c in codes))

    def matrix() -> bytes:
        return _csv([*FIXED_MATRIX_COLUMNS, *study.coders], matrix_rows(study))

    def agreement_json() -> bytes:
        data = to_json_data(compute_report(study))
        data["software"] = f"Newscoder {version}"
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    files = [
        ("segments.csv", segments),
        ("documents.csv", documents),
        ("codebook.csv", codebook),
        ("reliability_matrix.csv", matrix),
        ("agreement.json", agreement_json),
        ("README.md", lambda: readme(study.coders, version, _escaped_columns_text(variables),
                                     variables).encode("utf-8")),
        ("load.py", lambda: LOAD_PY.encode("utf-8")),
        ("load.R", lambda: LOAD_R.encode("utf-8")),
    ]
    written = []
    for i, (name, make) in enumerate(files):
        if progress is not None:
            progress(i, len(files), name)
        write_bytes(folder / name, make(), inputs)
        written.append(folder / name)
    if progress is not None:
        progress(len(files), len(files), "")
    return written

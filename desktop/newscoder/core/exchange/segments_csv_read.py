"""Read and check a coded-segment CSV before anything is written.

:func:`read_segments_csv` parses the whole file and checks every row against
the project (documents, offsets, text). It returns the rows to write, or
raises :class:`InputError` listing every bad row with its line number.
Nothing here writes to the project.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newscoder.core import store_exchange
from newscoder.core.errors import InputError
from newscoder.core.exchange.segments_csv_export import ESCAPE_STARTS, HEADER, TEXT_COLUMNS
from newscoder.core.store import Project, name_key
from newscoder.core.timeutil import is_timestamp

REQUIRED = ("coder", "code", "start", "end")
#: Field separators read: the comma we write, Excel's semicolon (European locales), a tab.
DELIMITERS = (",", ";", "\t")
DOCUMENT_KEYS = ("document_id", "document_title")
#: The largest single field accepted (characters); bigger fields refuse the file.
FIELD_LIMIT = 8 * 1024 * 1024
#: At most this many bad rows are spelled out; the rest are counted.
MAX_PROBLEMS = 500
_INT = re.compile(r"^-?[0-9]{1,15}$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


@dataclass(frozen=True, slots=True)
class CsvSegment:
    """One checked row. Optional values are ``None`` when the file leaves them out."""

    line: int
    segment_id: str | None
    document_id: str
    coder: str
    code: str
    start: int
    end: int
    quote: str
    memo: str
    created_at: str | None
    updated_at: str | None
    #: attribute values when the file has attribute columns (sources as ``SourceCell``), else ``None``
    attributes: dict[str, Any] | None = None
    #: ``(suggested_by, suggestion_score)`` of an accepted suggestion (issue 19), else ``None``
    provenance: tuple[str, float] | None = None

    def same_as(self, other: CsvSegment) -> bool:
        return (
            self.document_id, name_key(self.coder), name_key(self.code), self.start, self.end,
            self.memo, self.created_at, self.updated_at, self.attributes,
        ) == (
            other.document_id, name_key(other.coder), name_key(other.code), other.start, other.end,
            other.memo, other.created_at, other.updated_at, other.attributes,
        )


def unescape_formula(value: str) -> str:
    """Undo :func:`escape_formula`: drop one ``'`` only if a formula character or ``'`` follows it.

    Exact inverse of the export. A file written before ``'`` itself was escaped
    (``'abc`` for the text ``'abc``) still reads right; only ``''...`` and
    ``'=...`` from such old files are ambiguous and read by the new rule.
    """
    if value.startswith("'") and value[1:].startswith(ESCAPE_STARTS):
        return value[1:]
    return value


@contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    old = csv.field_size_limit()
    csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def decode(data: bytes, name: str) -> str:
    """UTF-8 text (BOM dropped), or a clear error naming the line of the bad bytes."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(f"{name}: line {line}: not UTF-8 text (byte {exc.start})") from exc


def check_header(header: list[str], name: str, extra: Collection[str] = ()) -> list[str]:
    """The header's columns; ``extra`` are attribute columns the project knows (``estimate.value``, …)."""
    columns = [c.strip() for c in header]
    if columns and columns[0].startswith("\ufeff"):
        columns[0] = columns[0][1:]
    problems: list[str] = []
    unknown = [c for c in columns if c not in HEADER and c not in extra]
    if unknown:
        shown = ", ".join(repr(c[:40]) for c in unknown[:5])
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        problems.append(f"unknown column(s) {shown}{more}")
    seen: set[str] = set()
    dupes = sorted({c for c in columns if c in seen or seen.add(c)})  # type: ignore[func-returns-value]
    if dupes:
        problems.append(f"duplicate column(s) {', '.join(dupes)}")
    missing = [c for c in REQUIRED if c not in columns]
    if not any(k in columns for k in DOCUMENT_KEYS):
        missing.append("document_id or document_title")
    if missing:
        problems.append(f"missing column(s) {', '.join(missing)}")
    if problems:
        raise InputError(
            f"{name}: line 1: not a segments CSV header; expected columns {','.join(HEADER)}", problems
        )
    return columns


def detect_delimiter(text: str) -> str:
    """``,``, or the ``;`` (Excel in European locales) or tab that splits the header into known columns."""
    first = text.split("\n", 1)[0]
    best, best_known = ",", -1
    for delimiter in DELIMITERS:
        try:
            cells = next(csv.reader([first], delimiter=delimiter), [])
        except csv.Error:
            continue
        known = sum(c.strip().lstrip("\ufeff") in HEADER for c in cells)
        if known > best_known:
            best, best_known = delimiter, known
    return best


class _RowChecker:
    """Checks rows against the project's documents (texts are loaded on demand)."""

    def __init__(self, project: Project, columns: list[str], create_codes: bool = False,
                 attr_columns: dict[str, Any] | None = None) -> None:
        self.project = project
        self.create_codes = create_codes
        self.known_codes: dict[str, bool] = {}
        self.attr_columns = {k: v for k, v in (attr_columns or {}).items() if k in columns}
        self.has_attributes = bool(self.attr_columns) or "source_kind" in columns
        self.columns = columns
        self.width = len(columns)
        self.docs: dict[str, int] = {}
        self.titles: dict[str, list[str]] = {}
        for doc_id, title, length in store_exchange.document_titles_and_lengths(project):
            self.docs[doc_id] = int(length)
            self.titles.setdefault(title, []).append(doc_id)
        self.texts: dict[str, str] = {}
        self.seen: dict[str, CsvSegment] = {}
        self.text_index = columns.index("text") if "text" in columns else -1
        self.escaped = [c for c in columns if c in TEXT_COLUMNS]
        self.stamps: dict[str, bool] = {}
        self.names: dict[str, str] = {}

    def _stamp_ok(self, value: str) -> bool:
        ok = self.stamps.get(value)
        if ok is None:
            ok = self.stamps[value] = is_timestamp(value)
        return ok

    def _name(self, value: str) -> str:
        clean = self.names.get(value)
        if clean is None:
            clean = self.names[value] = " ".join(value.split())
        return clean

    def _code_known(self, name: str) -> bool:
        key = name_key(name)
        known = self.known_codes.get(key)
        if known is None:
            known = self.known_codes[key] = self.project.code_by_name(name) is not None
        return known

    def _text(self, doc_id: str) -> str:
        if doc_id not in self.texts:
            self.texts[doc_id] = self.project.document_text(doc_id)
        return self.texts[doc_id]

    def _document(self, cells: dict[str, str], why: list[str]) -> str | None:
        doc_id = cells.get("document_id", "").strip()
        if doc_id:
            if doc_id in self.docs:
                return doc_id
            if doc_id.lower() in self.docs:
                return doc_id.lower()
            why.append(f"no document with id {doc_id[:60]!r} in the project")
            return None
        title = cells.get("document_title", "")
        if not title:
            why.append("neither document_id nor document_title is given")
            return None
        found = self.titles.get(title, [])
        if len(found) == 1:
            return found[0]
        if not found:
            why.append(f"no document titled {title[:60]!r} in the project")
        else:
            why.append(f"{len(found)} documents are titled {title[:60]!r}; give the document_id")
        return None

    def _offsets(self, cells: dict[str, str], why: list[str]) -> tuple[int, int] | None:
        values: list[int] = []
        for key in ("start", "end"):
            raw = cells[key].strip()
            if not _INT.match(raw):
                why.append(f"{key} is not an integer: {raw[:30]!r}")
            else:
                values.append(int(raw))
        if len(values) != 2:
            return None
        start, end = values
        if start >= end:
            why.append(f"start ({start}) must be less than end ({end})")
            return None
        return start, end

    def check(self, line: int, row: list[str]) -> tuple[CsvSegment | None, list[str]]:
        if len(row) != self.width:
            return None, [f"expected {self.width} fields, found {len(row)}"]
        cells = dict(zip(self.columns, row, strict=True))
        for col in self.escaped:
            cells[col] = unescape_formula(cells[col])
        why: list[str] = []
        coder = self._name(cells["coder"])
        code = self._name(cells["code"])
        if not coder:
            why.append("the coder is empty")
        if not code:
            why.append("the code is empty")
        elif not self.create_codes and not self._code_known(code):
            why.append(f"no code named {code[:60]!r} in the codebook (check the spelling, or give --create-codes "
                       "to create the codes the file names)")
        doc_id = self._document(cells, why)
        offsets = self._offsets(cells, why)
        quote = ""
        if doc_id is not None and offsets is not None:
            start, end = offsets
            length = self.docs[doc_id]
            if start < 0 or end > length:
                why.append(f"[{start}, {end}) is outside the document (it has {length} characters)")
            else:
                quote = self._text(doc_id)[start:end]
                given = cells.get("text", "")
                if given and quote != given and quote != row[self.text_index]:
                    why.append(f"text {given[:40]!r} differs from the document's text {quote[:40]!r}")
        segment_id = cells.get("segment_id", "").strip() or None
        if segment_id is not None:
            if _UUID.match(segment_id):
                segment_id = segment_id.lower()
            else:
                why.append(f"segment_id is not a UUID: {segment_id[:40]!r}")
        stamps: dict[str, str | None] = {}
        for key in ("created_at", "updated_at"):
            value = cells.get(key, "").strip() or None
            if value is not None and not self._stamp_ok(value):
                why.append(f"{key} is not a timestamp like 2024-05-01T12:00:00Z: {value[:30]!r}")
            stamps[key] = value
        created, updated = stamps["created_at"], stamps["updated_at"]
        if not why and created and updated and updated < created:
            why.append(f"updated_at ({updated}) is before created_at ({created})")
        values = None
        if self.has_attributes:
            from newscoder.core.exchange.segments_csv_attributes import parse_attribute_cells

            values = parse_attribute_cells(self.attr_columns, code, cells, why)
        provenance = _provenance(cells, why)
        if why:
            return None, why
        assert doc_id is not None and offsets is not None
        segment = CsvSegment(
            line, segment_id, doc_id, coder, code, offsets[0], offsets[1], quote,
            cells.get("memo", ""), created, updated, values, provenance,
        )
        if segment_id is not None:
            first = self.seen.get(segment_id)
            if first is not None:
                if not first.same_as(segment):
                    return None, [f"segment_id {segment_id} is also on line {first.line} with different values"]
                return None, []  # an exact repeat: nothing to do
            self.seen[segment_id] = segment
        return segment, []


def _provenance(cells: dict[str, str], why: list[str]) -> tuple[str, float] | None:
    """``suggested_by`` and ``suggestion_score`` (both empty for a hand-coded segment)."""
    by = " ".join(cells.get("suggested_by", "").split())
    raw = cells.get("suggestion_score", "").strip()
    if not by:
        if raw:
            why.append("suggestion_score is given without suggested_by")
        return None
    if len(by) > 200:
        why.append("suggested_by is longer than 200 characters")
        return None
    try:
        score = float(raw)
    except ValueError:
        score = -1.0
    if not 0.0 <= score <= 1.0:  # NaN fails too
        why.append(f"suggestion_score must be a number from 0 to 1, not {raw[:30]!r}")
        return None
    return by, score


def read_segments_csv(
    project: Project, data: bytes, name: str = "the CSV file", *, create_codes: bool = False
) -> tuple[list[CsvSegment], int]:
    """Parse and check the whole file: the rows to write, and how many exact repeats were dropped.

    The delimiter is the one that splits the header into known columns: ``,``, ``;`` (Excel in European
    locales) or a tab. A code the codebook does not have is a bad row unless ``create_codes``.
    """
    text = decode(data, name)
    if "\x00" in text:
        lines = [n for n, part in enumerate(text.split("\n"), start=1) if "\x00" in part]
        nul_lines = [f"line {n}: contains a NUL byte" for n in lines[:MAX_PROBLEMS]]
        if len(lines) > MAX_PROBLEMS:
            nul_lines.append(f"... and {len(lines) - MAX_PROBLEMS} more lines")
        raise InputError(f"{name}: contains NUL bytes; nothing imported", nul_lines)
    rows: list[CsvSegment] = []
    problems: list[str] = []
    bad = 0
    repeats = 0
    with _field_limit(FIELD_LIMIT):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(text), strict=True)
        try:
            header = next(reader, None)
            if header is None or not any(h.strip() for h in header):
                raise InputError(f"{name}: the file is empty or has no header line")
            from newscoder.core.exchange.segments_csv_attributes import SOURCE_COLUMNS, attribute_columns

            attr = {c.name: c for c in attribute_columns(project)}
            checker = _RowChecker(project, check_header(header, name, [*attr, *SOURCE_COLUMNS]), create_codes, attr)
            while True:
                line = reader.line_num + 1
                row = next(reader, None)
                if row is None:
                    break
                if not row:
                    continue  # a blank line
                segment, why = checker.check(line, row)
                if why:
                    bad += 1
                    if len(problems) < MAX_PROBLEMS:
                        problems.append(f"line {line}: " + "; ".join(why))
                elif segment is None:
                    repeats += 1
                else:
                    rows.append(segment)
        except csv.Error as exc:
            bad += 1
            problems.append(f"line {reader.line_num + (0 if reader.line_num else 1)}: malformed CSV ({exc})")
    if problems:
        if bad > len(problems):
            problems.append(f"... and {bad - len(problems)} more bad rows")
        raise InputError(f"{name}: {bad} bad row(s); nothing imported", problems)
    return rows, repeats


#: Largest segments CSV read at all.
MAX_CSV_BYTES = 512 * 1024 * 1024


def read_file(path: Path) -> bytes:
    from newscoder.core.inputs import read_regular

    try:
        return read_regular(path, MAX_CSV_BYTES)
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a folder, not a CSV file") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from exc

"""A project's contents as plain data, for merging: read from another project file
(read-only, never migrated in place) or built by the REFI-QDA importer.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newscoder.core import gold_store, projectfile, store_exchange, store_suggest
from newscoder.core.exchange import readonly
from newscoder.core.errors import CorruptProjectError
from newscoder.core.migrations import MIGRATIONS
from newscoder.core.schema import SCHEMA_VERSION


@dataclass
class InDocument:
    id: str  # the id in the other project (used by its segments and statuses)
    text: str
    title: str
    source: str = ""
    author: str = ""
    published: str = ""
    url: str = ""
    imported_at: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class InCode:
    id: str
    name: str
    description: str = ""
    color: str | None = None
    shortcut: str | None = None
    parent_id: str | None = None
    archived: bool = False
    created_at: str = ""
    updated_at: str = ""
    attributes: str = "[]"


@dataclass
class InSource:
    id: str
    name: str
    kind: str = "other"
    affiliation: str = ""
    merged_into: str | None = None
    created_at: str = ""
    updated_at: str = ""
    deleted_at: str | None = None


@dataclass
class InCoder:
    id: str
    name: str
    created_at: str = ""


@dataclass
class InSegment:
    id: str
    document_id: str
    code_id: str
    coder_id: str
    start: int
    end: int
    memo: str
    created_at: str
    updated_at: str
    deleted_at: str | None = None
    attributes: str = "{}"


@dataclass
class InStatus:
    document_id: str
    coder_id: str
    status: str
    updated_at: str


@dataclass
class Bundle:
    """Everything another project (or file) brings."""

    label: str
    project_uuid: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    documents: list[InDocument] = field(default_factory=list)
    codes: list[InCode] = field(default_factory=list)  # parents before children
    coders: list[InCoder] = field(default_factory=list)
    segments: list[InSegment] = field(default_factory=list)
    statuses: list[InStatus] = field(default_factory=list)
    #: gold rows (``gold_store.GOLD_FIELDS`` dicts, tombstones too); empty from a REFI-QDA import
    gold: list[dict[str, Any]] = field(default_factory=list)
    sources: list[InSource] = field(default_factory=list)
    #: variable definitions ``(name, type, choices JSON)``; empty from a REFI-QDA import
    variables: list[tuple[str, str, str]] = field(default_factory=list)
    #: rejected suggestions and accepted suggestions' provenance (issue 19), as dicts of
    #: ``store_suggest.REJECTION_FIELDS`` / ``PROVENANCE_FIELDS`` (their ids)
    rejections: list[dict[str, Any]] = field(default_factory=list)
    provenance: list[dict[str, Any]] = field(default_factory=list)


def _ordered_codes(codes: list[InCode]) -> list[InCode]:
    """Parents before children (cycles and dangling parents cut)."""
    by_id = {c.id: c for c in codes}
    done: set[str] = set()
    out: list[InCode] = []

    def visit(code: InCode, trail: set[str]) -> None:
        if code.id in done:
            return
        parent = by_id.get(code.parent_id) if code.parent_id else None
        if code.parent_id and (parent is None or parent.id in trail):
            code.parent_id = None
        elif parent is not None:
            visit(parent, trail | {code.id})
        done.add(code.id)
        out.append(code)

    for c in codes:
        visit(c, {c.id})
    return out


def open_readonly(path: Path) -> sqlite3.Connection:
    """Open another project with the same checks as ``Project.open``, without writing to it.

    The file is read without creating anything beside it (see :mod:`readonly`:
    no ``-wal``/``-shm``, works on a read-only medium) and copied into memory;
    an older schema is migrated in that in-memory copy, never in the file.
    """
    version = projectfile.check_project_file(path)

    def copy(src: sqlite3.Connection) -> tuple[sqlite3.Connection, int]:
        mem = sqlite3.connect(":memory:", isolation_level=None)
        try:
            found = projectfile.verified_version(src, path)  # exact schema and sane data, as on open
            src.backup(mem)
        except BaseException:
            mem.close()
            raise
        return mem, found

    try:
        mem, version = readonly.read_consistently(path, copy)
    except sqlite3.DatabaseError as exc:
        raise CorruptProjectError(f"{path}: the project file is damaged or cannot be read ({exc})") from exc
    for step in range(version, SCHEMA_VERSION):
        MIGRATIONS[step](mem)
    return mem


def input_size(path: Path) -> int:
    """The bytes a project file brings: the file and its WAL."""
    total = 0
    for p in (path, Path(f"{path}-wal")):
        try:
            total += os.stat(p).st_size
        except OSError:
            pass
    return total


def read_project_file(path: Path) -> Bundle:
    """Read another project file into a :class:`Bundle` (read-only, sizes capped by the file's size)."""
    conn = open_readonly(path)
    try:
        return read_connection(conn, str(path), limits=Limits.for_bytes(input_size(path)))
    except sqlite3.DatabaseError as exc:
        raise CorruptProjectError(f"{path}: the project file is damaged ({exc})") from exc
    finally:
        conn.close()


@dataclass(frozen=True)
class Limits:
    """The most a file of a given size can honestly hold (SQLite stores rows uncompressed).

    A row of ``segments`` takes well over :data:`MIN_ROW_BYTES` in a real file
    (four UUIDs and two timestamps alone are 184 bytes), and every character
    of text at least one byte. A file that yields more was built to blow up
    (a view or a generator in place of a table): it is refused before anything
    is written.
    """

    rows: int
    text_bytes: int

    MIN_ROW_BYTES = 32
    SLACK_ROWS = 64
    SLACK_BYTES = 64 * 1024

    @classmethod
    def for_bytes(cls, size: int) -> Limits:
        return cls(rows=size // cls.MIN_ROW_BYTES + cls.SLACK_ROWS, text_bytes=size + cls.SLACK_BYTES)


class _Meter:
    def __init__(self, label: str, limits: Limits | None) -> None:
        self.label = label
        self.limits = limits
        self.text = 0

    def rows(self, conn: sqlite3.Connection, name: str, what: str) -> list[tuple[Any, ...]]:
        """The rows of ``store_exchange.BUNDLE_QUERIES[name]``, refused beyond the limits."""
        if self.limits is None:
            return store_exchange.bundle_rows(conn, name)
        cap = self.limits.rows
        # count first, stopping at the cap: a generator is never run (or sorted) in full
        found = store_exchange.bundle_count(conn, name, cap)
        if found > cap:
            raise CorruptProjectError(
                f"{self.label}: refused: the file yields more than {cap} {what}, more than a file of its size "
                "can hold; it was built to blow up the project. Nothing was changed"
            )
        rows = store_exchange.bundle_rows(conn, name)
        for row in rows:
            for value in row:
                if isinstance(value, str):
                    self.text += len(value)
                elif isinstance(value, bytes):
                    self.text += len(value)
        if self.text > self.limits.text_bytes:
            raise CorruptProjectError(
                f"{self.label}: refused: the file yields more than {self.limits.text_bytes} characters of text, "
                "more than a file of its size can hold. Nothing was changed"
            )
        return rows


def read_connection(conn: sqlite3.Connection, label: str, *, limits: Limits | None = None) -> Bundle:
    meter = _Meter(label, limits)
    meta = {k: v for k, v in meter.rows(conn, "meta", "project settings")}
    bundle = Bundle(label=label, project_uuid=meta.get("uuid", ""), meta=meta)
    for row in meter.rows(conn, "documents", "articles"):
        try:
            metadata = json.loads(row[8] or "{}")
        except ValueError:
            metadata = {}
        bundle.documents.append(InDocument(*row[:8], metadata=metadata if isinstance(metadata, dict) else {}))  # type: ignore[misc]
    codes = [
        InCode(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7], r[8], r[9])
        for r in meter.rows(conn, "codes", "codes")
    ]
    bundle.codes = _ordered_codes(codes)
    bundle.coders = [
        InCoder(*r) for r in meter.rows(conn, "coders", "coders")
    ]
    bundle.segments = [
        InSegment(*r)
        for r in meter.rows(conn, "segments", "segments")
    ]
    bundle.statuses = [
        InStatus(*r)
        for r in meter.rows(conn, "statuses", "statuses")
    ]
    if limits is not None:  # counted against the file's size like every other table
        meter.rows(conn, "gold", "gold segments")
    bundle.gold = gold_store.read_gold_rows(conn)
    bundle.sources = [InSource(*r) for r in meter.rows(conn, "sources", "sources")]
    bundle.variables = [(str(r[0]), str(r[1]), str(r[2])) for r in meter.rows(conn, "variables", "variables")]
    bundle.rejections = [dict(zip(store_suggest.REJECTION_FIELDS, r, strict=True))
                         for r in meter.rows(conn, "rejections", "rejected suggestions")]
    bundle.provenance = [dict(zip(store_suggest.PROVENANCE_FIELDS, r, strict=True))
                         for r in meter.rows(conn, "provenance", "suggestion records")]
    return bundle

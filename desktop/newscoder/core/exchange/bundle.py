"""A project's contents as plain data, for merging: read from another project file
(read-only, never migrated in place) or built by the REFI-QDA importer.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from newscoder.core import gold_store, projectfile
from newscoder.core.errors import CorruptProjectError
from newscoder.core.schema import MIGRATIONS, SCHEMA_VERSION


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

    The file is opened read-only and copied into memory; an older schema is
    migrated in that in-memory copy, never in the file.
    """
    version = projectfile.check_project_file(path)
    uri = "file:" + quote(str(path.resolve())) + "?mode=ro"
    try:
        src = sqlite3.connect(uri, uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        raise CorruptProjectError(f"{path}: cannot open ({exc})") from exc
    mem = sqlite3.connect(":memory:", isolation_level=None)
    try:
        version = projectfile.verified_version(src, path)  # exact schema and sane data, as on open
        src.backup(mem)
    except sqlite3.DatabaseError as exc:
        mem.close()
        raise CorruptProjectError(f"{path}: the project file is damaged ({exc})") from exc
    except BaseException:
        mem.close()
        raise
    finally:
        src.close()
    for step in range(version, SCHEMA_VERSION):
        MIGRATIONS[step](mem)
    return mem


def read_project_file(path: Path) -> Bundle:
    """Read another project file into a :class:`Bundle` (read-only)."""
    conn = open_readonly(path)
    try:
        return read_connection(conn, str(path))
    except sqlite3.DatabaseError as exc:
        raise CorruptProjectError(f"{path}: the project file is damaged ({exc})") from exc
    finally:
        conn.close()


def read_connection(conn: sqlite3.Connection, label: str) -> Bundle:
    meta = {k: v for k, v in conn.execute("SELECT key, value FROM project")}
    bundle = Bundle(label=label, project_uuid=meta.get("uuid", ""), meta=meta)
    for row in conn.execute(
        "SELECT id, text, title, source, author, published, url, imported_at, metadata FROM documents ORDER BY id"
    ):
        try:
            metadata = json.loads(row[8] or "{}")
        except ValueError:
            metadata = {}
        bundle.documents.append(InDocument(*row[:8], metadata=metadata if isinstance(metadata, dict) else {}))  # type: ignore[misc]
    codes = [
        InCode(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7], r[8])
        for r in conn.execute(
            "SELECT id, name, description, color, shortcut, parent_id, archived, created_at, updated_at "
            "FROM codes WHERE deleted_at IS NULL ORDER BY position, name_key"
        )
    ]
    bundle.codes = _ordered_codes(codes)
    bundle.coders = [InCoder(*r) for r in conn.execute("SELECT id, name, created_at FROM coders ORDER BY name_key")]
    bundle.segments = [
        InSegment(*r)
        for r in conn.execute(
            'SELECT id, document_id, code_id, coder_id, start, "end", memo, created_at, updated_at, deleted_at '
            "FROM segments ORDER BY id"
        )
    ]
    bundle.statuses = [
        InStatus(*r)
        for r in conn.execute("SELECT document_id, coder_id, status, updated_at FROM document_status ORDER BY 1, 2")
    ]
    bundle.gold = gold_store.read_gold_rows(conn)
    return bundle

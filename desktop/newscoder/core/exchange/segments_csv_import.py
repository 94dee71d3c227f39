"""Import coded segments from CSV: the inverse of ``export segments``.

Every row is checked first (:mod:`segments_csv_read`); only a file without a
single bad row is written, in one transaction. Unknown coders are created;
a code the codebook lacks is a bad row unless ``create_codes`` is given. A
``segment_id`` already in the project is skipped when its values are the
same; when they differ the newer ``updated_at`` wins.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newscoder.core import store_exchange
from newscoder.core import sources
from newscoder.core.attributes import canonical
from newscoder.core.codebook import add_code
from newscoder.core.edits import apply
from newscoder.core.exchange.segments_csv_attributes import SourceCell
from newscoder.core.exchange.segments_csv_read import CsvSegment, read_file, read_segments_csv
from newscoder.core import store_suggest
from newscoder.core.store import Project, name_key
from newscoder.core.timeutil import now_utc

_BATCH = 500


@dataclass
class ImportSummary:
    """What an import did."""

    imported: int = 0
    skipped: int = 0
    updated: int = 0
    kept: int = 0
    created_codes: list[str] = field(default_factory=list)
    created_coders: list[str] = field(default_factory=list)
    created_sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def message(self) -> str:
        codes = ", ".join(self.created_codes) or "none"
        coders = ", ".join(self.created_coders) or "none"
        line = (
            f"imported {self.imported} segments, skipped {self.skipped} unchanged, "
            f"updated {self.updated} (newer updated_at), created codes: {codes}, created coders: {coders}"
        )
        if self.created_sources:
            line += f", created sources: {', '.join(self.created_sources)}"
        if self.kept:
            line += f"\nkept {self.kept} segments whose copy in the project is newer than the file's"
        return line


def _existing(project: Project, ids: list[str]) -> dict[str, dict[str, Any]]:
    return store_exchange.segment_states(project, ids, _BATCH)


def _live_keys(project: Project, doc_ids: Iterable[str]) -> set[tuple[Any, ...]]:
    return store_exchange.live_segment_keys(project, doc_ids)


class _Writer:
    def __init__(self, project: Project, summary: ImportSummary) -> None:
        self.project = project
        self.summary = summary
        self.coders: dict[str, str] = {}
        self.codes: dict[str, str] = {}
        self.sources: dict[str, str] = {}
        self.now = now_utc()

    def source_id(self, cell: SourceCell) -> str:
        """The source of that name, created (with the row's kind and affiliation) if new."""
        key = name_key(cell.name)
        if key not in self.sources:
            found = sources.source_by_name(self.project, cell.name)
            if found is None:
                edit = sources.add_source(self.project, cell.name, cell.kind, cell.affiliation)
                apply(self.project, edit)
                found = sources.source_by_name(self.project, cell.name)
                assert found is not None
                self.summary.created_sources.append(found.name)
            elif (cell.kind, cell.affiliation) not in ((found.kind, found.affiliation), ("other", "")):
                self.summary.notes.append(
                    f"source {found.name!r}: kind/affiliation in the file differ from the project's; "
                    "the project's stay")
            self.sources[key] = found.id
        return self.sources[key]

    def attributes(self, seg: CsvSegment, current: dict[str, Any] | None) -> str:
        if seg.attributes is None:
            return str(current["attributes"]) if current is not None else "{}"
        values = {k: (self.source_id(v) if isinstance(v, SourceCell) else v) for k, v in seg.attributes.items()}
        return canonical(values)

    def coder_id(self, name: str) -> str:
        key = name_key(name)
        if key not in self.coders:
            coder = self.project.coder_by_name(name)
            if coder is None:
                coder = self.project.ensure_coder(name)
                self.summary.created_coders.append(coder.name)
            self.coders[key] = coder.id
        return self.coders[key]

    def code_id(self, name: str) -> str:
        key = name_key(name)
        if key not in self.codes:
            code = self.project.code_by_name(name)
            if code is None:
                edit = add_code(self.project, name)
                apply(self.project, edit)
                code = self.project.code_by_name(name)
                assert code is not None
                self.summary.created_codes.append(code.name)
            self.codes[key] = code.id
        return self.codes[key]

    def values(self, seg: CsvSegment, current: dict[str, Any] | None = None) -> dict[str, Any]:
        created = seg.created_at or seg.updated_at or self.now
        return {
            "id": seg.segment_id or str(uuid.uuid4()),
            "document_id": seg.document_id,
            "code_id": self.code_id(seg.code),
            "coder_id": self.coder_id(seg.coder),
            "start": seg.start,
            "end": seg.end,
            "quote": seg.quote,
            "memo": seg.memo,
            "created_at": created,
            "updated_at": seg.updated_at or max(created, self.now),
            "attributes": self.attributes(seg, current),
        }


def _same(current: dict[str, Any], new: dict[str, Any]) -> bool:
    keys = ("document_id", "code_id", "coder_id", "start", "end", "memo", "attributes")
    return current["deleted_at"] is None and all(current[k] == new[k] for k in keys)


def write_segments(project: Project, rows: list[CsvSegment], repeats: int = 0) -> ImportSummary:
    """Write checked rows in one transaction and say what happened."""
    summary = ImportSummary(skipped=repeats)
    with project.atomic():
        writer = _Writer(project, summary)
        existing = _existing(project, [r.segment_id for r in rows if r.segment_id])
        live = _live_keys(project, [r.document_id for r in rows if not r.segment_id])
        writes: list[dict[str, Any]] = []
        touched: set[tuple[str, str]] = set()
        provenance: list[tuple[str, tuple[str, float]]] = []
        for seg in rows:
            current = existing.get(seg.segment_id) if seg.segment_id else None
            new = writer.values(seg, current)
            if current is None and not seg.segment_id:
                key = (new["document_id"], new["coder_id"], new["code_id"], new["start"], new["end"], new["memo"])
                if key in live:
                    summary.skipped += 1
                    continue
                live.add(key)
            if seg.provenance is not None:
                provenance.append((new["id"], seg.provenance))
            if current is None:
                writes.append(new)
                touched.add((new["document_id"], new["coder_id"]))
                summary.imported += 1
            elif _same(current, new):
                summary.skipped += 1
            elif new["updated_at"] > current["updated_at"]:
                writes.append(new)
                touched.add((new["document_id"], new["coder_id"]))
                summary.updated += 1
                summary.notes.append(f"line {seg.line}: segment {new['id']} updated (the file's copy is newer)")
            else:
                summary.kept += 1
                summary.notes.append(
                    f"line {seg.line}: segment {new['id']} kept as it is (the project's copy is newer)"
                )
        project.upsert_segments(writes)  # new rows and newer copies: every column, deleted_at NULL
        project.start_statuses(touched, writer.now)
        _write_provenance(project, provenance, writer.now)
    return summary


def _write_provenance(project: Project, provenance: list[tuple[str, tuple[str, float]]], now: str) -> None:
    """Provenance of accepted suggestions (issue 19) for these segment ids; an existing record is kept."""
    rows = [{"segment_id": seg_id, "suggester": by, "model_sha256": "", "score": score, "created_at": now}
            for seg_id, (by, score) in provenance]
    store_suggest.insert_missing(project, [], rows)


def import_segments_bytes(
    project: Project, data: bytes, name: str = "the CSV file", *, create_codes: bool = False
) -> ImportSummary:
    rows, repeats = read_segments_csv(project, data, name, create_codes=create_codes)
    return write_segments(project, rows, repeats)


def import_segments(project: Project, path: str | Path, *, create_codes: bool = False) -> ImportSummary:
    """Check, then import, the CSV at ``path``. Raises :class:`InputError` and writes nothing on any bad row.

    A code name the codebook lacks is such a bad row, unless ``create_codes`` (then it is created).
    """
    path = Path(path)
    return import_segments_bytes(project, read_file(path), str(path), create_codes=create_codes)

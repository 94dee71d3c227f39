"""What an applied edit (or another program) changed: a typed summary, as Anki's ``OpChanges``.

:func:`newscoder.core.edits.apply` returns a :class:`Changes` built from the rows it
wrote; the external-change watcher yields :meth:`Changes.everything`. Views and models
look only at the fields they show and refresh only themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any

from newscoder.core.records import Segment

_SEGMENT_FIELDS = tuple(f.name for f in fields(Segment))


def segment_from_row(row: Mapping[str, Any]) -> Segment:
    """A segment record from a ``segments`` row as an edit holds it."""
    # a row written without ``attributes`` (a bulk writer of another feature) has none: the column's default
    return Segment(*(row[name] if name != "attributes" else row.get(name, "{}") for name in _SEGMENT_FIELDS))


@dataclass(frozen=True, eq=False)
class Changes:
    """Which segments, documents, statuses, codes and coders changed.

    ``segments`` maps each changed segment id to the segment as it is now (deleted ones
    carry ``deleted_at``; ``None``: the row itself is gone). ``segment_documents`` are the
    documents those segments belong to (before and after). ``documents`` are documents
    whose properties changed; ``statuses`` are ``(document_id, coder_id)`` pairs.
    ``external`` marks a change written by another program: its extent is unknown, so
    every field reads as "possibly everything".
    """

    segments: Mapping[str, Segment | None] = field(default_factory=lambda: MappingProxyType({}))
    segment_documents: frozenset[str] = frozenset()
    documents: frozenset[str] = frozenset()
    statuses: frozenset[tuple[str, str]] = frozenset()
    codes: frozenset[str] = frozenset()
    coders: frozenset[str] = frozenset()
    external: bool = False
    added_segments: frozenset[str] = frozenset()
    #: documents whose gold layer (adjudicated segments) changed
    gold_documents: frozenset[str] = frozenset()
    sources: frozenset[str] = frozenset()
    #: documents where a coder's rejected suggestions changed (issue 19)
    suggestion_documents: frozenset[str] = frozenset()

    @classmethod
    def everything(cls) -> Changes:
        """Another program wrote to the project: anything may have changed."""
        return cls(external=True)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, Mapping[str, Any] | None, Mapping[str, Any] | None]]) -> Changes:
        """From ``(table, before, after)`` row changes as written (``after`` stamped)."""
        segments: dict[str, Segment | None] = {}
        seg_docs: set[str] = set()
        documents: set[str] = set()
        statuses: set[tuple[str, str]] = set()
        codes: set[str] = set()
        coders: set[str] = set()
        added: set[str] = set()
        gold: set[str] = set()
        sources: set[str] = set()
        rejected: set[str] = set()
        for table, before, after in rows:
            row = after if after is not None else before
            if row is None:
                continue
            if table == "segments":
                segments[row["id"]] = segment_from_row(after) if after is not None else None
                if before is None and after is not None:
                    added.add(row["id"])
                seg_docs.update(r["document_id"] for r in (before, after) if r is not None)
            elif table == "documents":
                documents.add(row["id"])
            elif table == "document_status":
                statuses.add((row["document_id"], row["coder_id"]))
            elif table == "codes":
                codes.add(row["id"])
            elif table == "coders":
                coders.add(row["id"])
            elif table == "gold_segments":
                gold.update(r["document_id"] for r in (before, after) if r is not None)
            elif table == "sources":
                sources.add(row["id"])
            elif table == "suggestion_rejections":
                rejected.add(row["document_id"])
        return cls(MappingProxyType(segments), frozenset(seg_docs), frozenset(documents), frozenset(statuses),
                   frozenset(codes), frozenset(coders), added_segments=frozenset(added),
                   gold_documents=frozenset(gold), sources=frozenset(sources),
                   suggestion_documents=frozenset(rejected))

    def __bool__(self) -> bool:
        return self.external or bool(
            self.segments or self.documents or self.statuses or self.codes or self.coders or self.gold_documents
            or self.sources or self.suggestion_documents
        )

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            MappingProxyType({**self.segments, **other.segments}),
            self.segment_documents | other.segment_documents,
            self.documents | other.documents,
            self.statuses | other.statuses,
            self.codes | other.codes,
            self.coders | other.coders,
            self.external or other.external,
            self.added_segments | other.added_segments,
            self.gold_documents | other.gold_documents,
            self.sources | other.sources,
            self.suggestion_documents | other.suggestion_documents,
        )

    # -- questions views ask ---------------------------------------------------------
    @property
    def codebook_changed(self) -> bool:
        return self.external or bool(self.codes)

    @property
    def coders_changed(self) -> bool:
        return self.external or bool(self.coders)

    @property
    def sources_changed(self) -> bool:
        return self.external or bool(self.sources)

    def touched_documents(self) -> list[str]:
        """Every document whose row in the article list may read differently, in a stable order."""
        docs = set(self.segment_documents) | self.documents | {d for d, _c in self.statuses}
        return sorted(docs)

    def segments_in(self, document_id: str) -> dict[str, Segment | None]:
        """The changed segments of one document (id -> record, or ``None`` if gone)."""
        return {sid: seg for sid, seg in self.segments.items()
                if seg is None or seg.document_id == document_id} if document_id in self.segment_documents else {}

    def document_changed(self, document_id: str) -> bool:
        """Whether a document's properties (title, source, …) changed."""
        return self.external or document_id in self.documents

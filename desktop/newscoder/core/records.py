"""Plain records read from the store. Offsets are code points, half-open."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any


class Status(str, Enum):
    """A coder's progress on one document."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """A document without its text (cheap to list)."""

    id: str
    title: str
    source: str
    author: str
    published: str
    url: str
    content_sha256: str
    length: int
    imported_at: str
    metadata: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Document(DocumentInfo):
    text: str


@dataclass(frozen=True, slots=True)
class Code:
    id: str
    name: str
    description: str
    color: str
    shortcut: str | None
    parent_id: str | None
    position: int
    archived: bool


@dataclass(frozen=True, slots=True)
class Source:
    """Who said it: a person, body or outlet a segment's ``source`` attribute refers to."""

    id: str
    name: str
    kind: str
    affiliation: str
    merged_into: str | None = None


@dataclass(frozen=True, slots=True)
class Coder:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Segment:
    id: str
    document_id: str
    code_id: str
    coder_id: str
    start: int
    end: int
    quote: str
    memo: str
    created_at: str
    updated_at: str
    deleted_at: str | None = None
    #: typed attribute values as canonical JSON (see :mod:`newscoder.core.attributes`)
    attributes: str = "{}"

    @property
    def length(self) -> int:
        return self.end - self.start

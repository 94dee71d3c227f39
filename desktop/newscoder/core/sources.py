"""The project's sources (who said it): named queries, edits, and proposing a source from a sentence.

A source has a name (unique, case-insensitively, among live sources), a kind
(:data:`~newscoder.core.schema.SOURCE_KINDS`) and an affiliation/country. Merging two
sources points every segment value at the kept one and tombstones the other with
``merged_into``, so a coder copy that still says the old id merges back onto the kept one.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from newscoder.core import attributes as attrs
from newscoder.core import store_sources
from newscoder.core.edits import Edit, RowChange, _row, _update
from newscoder.core.errors import EditError
from newscoder.core.records import Source
from newscoder.core.schema import SOURCE_KINDS
from newscoder.core.store import Project, name_key
from newscoder.core.timeutil import now_utc

MAX_NAME = 200

# -- named queries ------------------------------------------------------------------
def list_sources(project: Project) -> list[Source]:
    """The live sources, by name."""
    return [Source(*r) for r in store_sources.live_source_rows(project)]


def get_source(project: Project, source_id: str) -> Source | None:
    """A source by id (a merged-away or deleted one too)."""
    row = store_sources.source_row(project, source_id)
    return Source(*row) if row else None


def resolve(project: Project, source_id: str) -> Source | None:
    """The live source an id stands for, following ``merged_into`` (cycles stop)."""
    seen: set[str] = set()
    current = get_source(project, source_id)
    while current is not None and current.merged_into and current.id not in seen:
        seen.add(current.id)
        current = get_source(project, current.merged_into)
    return current


def source_by_name(project: Project, name: str) -> Source | None:
    row = store_sources.live_source_row_by_key(project, name_key(name))
    return Source(*row) if row else None


def segments_citing(project: Project, source_id: str) -> list[str]:
    """Ids of the segments (deleted ones too) whose values name ``source_id``."""
    out = []
    for seg_id, text in store_sources.segment_attributes_mentioning(project, source_id):
        if any(v == source_id for v in attrs.parse_values(text).values()):
            out.append(seg_id)
    return out


def use_counts(project: Project) -> dict[str, int]:
    """Live segments citing each source."""
    counts: dict[str, int] = {}
    live = {s.id for s in list_sources(project)}
    for text in store_sources.live_segment_attribute_texts(project):
        for v in attrs.parse_values(text).values():
            if isinstance(v, str) and v in live:
                counts[v] = counts.get(v, 0) + 1
    return counts


# -- edits ------------------------------------------------------------------------------
def _clean_name(name: str) -> str:
    clean = " ".join(str(name).split())
    if not clean:
        raise EditError("a source needs a name")
    if len(clean) > MAX_NAME:
        raise EditError(f"a source name has at most {MAX_NAME} characters")
    return clean


def _check_kind(kind: str) -> str:
    if kind not in SOURCE_KINDS:
        raise EditError(f"unknown source kind {kind[:40]!r} (one of: {', '.join(SOURCE_KINDS)})")
    return kind


def add_source(project: Project, name: str, kind: str = "other", affiliation: str = "",
               source_id: str | None = None) -> Edit:
    clean = _clean_name(name)
    if source_by_name(project, clean) is not None:
        raise EditError(f"there is already a source named {clean!r}")
    now = now_utc()
    row = {"id": source_id or str(uuid.uuid4()), "name": clean, "name_key": name_key(clean), "kind": _check_kind(kind),
           "affiliation": " ".join(affiliation.split())[:MAX_NAME], "merged_into": None,
           "created_at": now, "updated_at": now, "deleted_at": None}
    return Edit("Add source", (RowChange("sources", None, row),))


def update_source(project: Project, source_id: str, *, name: str | None = None, kind: str | None = None,
                  affiliation: str | None = None) -> Edit:
    """Rename a source and/or change its kind or affiliation."""
    values: dict[str, object] = {}
    if name is not None:
        clean = _clean_name(name)
        other = source_by_name(project, clean)
        if other is not None and other.id != source_id:
            raise EditError(f"there is already a source named {clean!r}; merge the two instead")
        values.update(name=clean, name_key=name_key(clean))
    if kind is not None:
        values["kind"] = _check_kind(kind)
    if affiliation is not None:
        values["affiliation"] = " ".join(affiliation.split())[:MAX_NAME]
    label = "Rename source" if set(values) == {"name", "name_key"} else "Edit source"
    return Edit(label, (_update(project, "sources", {"id": source_id}, **values),))


def merge_sources(project: Project, keep_id: str, gone_id: str) -> Edit:
    """Two entries are one source: every value naming ``gone_id`` names ``keep_id``; ``gone_id`` is retired."""
    if keep_id == gone_id:
        raise EditError("cannot merge a source with itself")
    keep = _row(project, "sources", id=keep_id)
    if keep["deleted_at"] is not None:
        raise EditError("cannot merge into a deleted source")
    changes: list[RowChange] = []
    for seg_id in segments_citing(project, gone_id):
        before = _row(project, "segments", id=seg_id)
        values = attrs.parse_values(before["attributes"])
        moved = {k: (keep_id if v == gone_id else v) for k, v in values.items()}
        changes.append(RowChange("segments", before, {**before, "attributes": attrs.canonical(moved)}))
    changes.append(_update(project, "sources", {"id": gone_id}, merged_into=keep_id, deleted_at=now_utc()))
    return Edit("Merge sources", tuple(changes))


def delete_source(project: Project, source_id: str) -> Edit:
    """Delete a source no live segment cites."""
    live = [s for s in segments_citing(project, source_id) if project.segment(s) and not project.segment(s).deleted_at]  # type: ignore[union-attr]
    if live:
        raise EditError(f"{len(live)} segment(s) cite this source; merge it into another instead")
    return Edit("Delete source", (_update(project, "sources", {"id": source_id}, deleted_at=now_utc()),))


# -- proposing a source from the sentence --------------------------------------------------
@dataclass(frozen=True, slots=True)
class SourceProposal:
    """A name found in the sentence around a span, and the known source it matches (if any)."""

    name: str
    start: int
    end: int
    source_id: str | None


_NAME = r"((?:[A-Z][\w’'.-]*|of|the|for|and|de|al-)(?:[ \t]+(?:[A-Z][\w’'.-]*|of|the|for|and|de|al-))*)"
_CUES = [
    re.compile(rf"\baccording to (?:the )?{_NAME}"),
    re.compile(rf"{_NAME},?[ \t]+(?:said|says|stated|states|estimated|estimates|told|added|noted|claimed|"
               r"claims|confirmed|announced|reported|assessed|indicated|wrote)\b"),
    re.compile(rf"\b(?:said|says|stated|estimated|told|added|noted|claimed|confirmed|announced)[ \t]+{_NAME}"),
]
_NOT_NAMES = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
              "he", "she", "they", "it", "we", "i", "this", "that", "officials", "it was", "on", "in", "last"}
_TITLE_WORDS = {"the", "of", "for", "and", "de", "us", "u.s."}


_SENTENCE_END = re.compile(r"[.!?][\"”’)]*(?:\s+|$)|\n")
_ABBREV = re.compile(r"(?:\b[A-Z]|\bU\.S|\bU\.K|\bU\.N|\bMr|\bMrs|\bMs|\bDr|\bSt|\bGen|\bCol|\bLt|\bSen|\bRep|"
                     r"\bGov|\bNo|\bvs|\be\.g|\bi\.e|\bJan|\bFeb|\bAug|\bSept?|\bOct|\bNov|\bDec)$")
#: how far around a span a sentence is looked for (characters)
WINDOW = 1500


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line) around ``[start, end)``; "U.S." or "Dr." do not end one."""
    lo = max(0, start - WINDOW)
    left, right = lo, min(len(text), end + WINDOW)
    for m in _SENTENCE_END.finditer(text, lo, right):
        if m.group(0) != "\n" and _ABBREV.search(text, max(0, m.start() - 5), m.start()):
            continue
        if m.end() <= start:
            left = m.end()
        elif m.start() >= end:
            return left, m.end()
    return left, right


def _trim(name: str, at: int) -> tuple[str, int]:
    """Drop leading/trailing small words ("the", "of") from a name found at ``at``."""
    words = name.split(" ")
    while words and words[0].lower() in _TITLE_WORDS - {"us", "u.s."}:
        at += len(words[0]) + 1
        words = words[1:]
    while words and words[-1].lower() in _TITLE_WORDS - {"us", "u.s."}:
        words = words[:-1]
    return " ".join(words), at


def propose_source(text: str, start: int, end: int, known: Iterable[tuple[str, str]]) -> list[SourceProposal]:
    """Names said in the sentence of ``[start, end)``: "X said", "according to X", "X estimated".

    ``known`` are ``(id, name)`` of the project's sources; a name matches one when the known
    name occurs in it or it ends a known name ("Blinken" ↔ "Antony Blinken"), case-insensitively.
    A known source named anywhere in the sentence is proposed too. Best first: a cue near the span.
    """
    left, right = sentence_bounds(text, start, end)
    sentence = text[left:right]
    known = list(known)
    found: list[tuple[int, SourceProposal]] = []
    for cue in _CUES:
        for m in cue.finditer(sentence):
            name, at = _trim(m.group(1).rstrip(".,’'"), left + m.start(1))
            if not name or not name[0].isupper() or name.casefold() in _NOT_NAMES:
                continue
            match = _match_known(name, known)
            distance = min(abs(at - start), abs(at - end))
            found.append((distance, SourceProposal(name, at, at + len(name), match)))
    lower = sentence.casefold()
    for source_id, source_name in known:
        for piece in {source_name, source_name.split(" ")[-1]}:
            i = lower.find(piece.casefold()) if len(piece) >= 3 else -1
            if i >= 0:
                proposal = SourceProposal(source_name, left + i, left + i + len(piece), source_id)
                found.append((10_000 + abs(left + i - start), proposal))
                break
    out: list[SourceProposal] = []
    seen: set[tuple[str | None, str]] = set()
    for _d, p in sorted(found, key=lambda x: (x[0], x[1].start)):
        key = (p.source_id, p.name.casefold() if p.source_id is None else "")
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _match_known(name: str, known: list[tuple[str, str]]) -> str | None:
    n = name.casefold()
    for source_id, source_name in known:
        k = source_name.casefold()
        if k == n or k in n or (len(n) >= 3 and k.endswith(" " + n)):
            return source_id
    return None

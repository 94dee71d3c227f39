"""One coder coding one project: the Qt-free heart of the coding window.

A :class:`CodingSession` owns the current article and its text, the selection policy
(snapping to words), the codebook and coder-name caches, and the coding operations.
Each operation returns an :class:`~newscoder.core.edits.Edit` without writing it; the
caller (the UI's undo stack, a test, a script) applies it with :meth:`CodingSession.apply`,
which writes it in one transaction and returns the :class:`~newscoder.core.changes.Changes`
that views use to refresh only themselves.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from typing import Any

from newscoder.core import attribute_edits, edits
from newscoder.core import attributes as attrs
from newscoder.core import sources as sources_mod
from newscoder.core.prefill import Prefill, prefill
from newscoder.core.changes import Changes
from newscoder.core.edits import Edit
from newscoder.core.errors import EditError
from newscoder.core.records import Code, Coder, Document, Segment, Status
from newscoder.core.snapping import word_at
from newscoder.core.store import Project, SegmentSpan

#: ``(text, start, end) -> (start, end)``: how a selection is widened or trimmed.
Snapper = Callable[[str, int, int], tuple[int, int]]


class CodingSession:
    """The state and operations of one coder's work on one project (no Qt)."""

    def __init__(self, project: Project, coder: str, *, snapper: Snapper | None = None) -> None:
        self.project = project
        self.coder: Coder = self._coder_named(coder)
        self.document: Document | None = None
        #: the selection policy: snap selections to whole words with ``snapper``
        self.snap_to_words = snapper is not None
        self._snapper = snapper
        self._codes: list[Code] = []
        self._code_by_id: dict[str, Code] = {}
        self._coder_names: dict[str, str] = {}
        self._definitions: dict[str, list[attrs.AttributeDef]] = {}
        self._sources: list[tuple[str, str]] = []
        self.reload_codebook()
        self.reload_sources()
        self.reload_coders()

    # -- who and where ------------------------------------------------------------------
    @property
    def coder_id(self) -> str:
        return self.coder.id

    @property
    def document_id(self) -> str | None:
        return self.document.id if self.document is not None else None

    @property
    def text(self) -> str:
        return self.document.text if self.document is not None else ""

    def _coder_named(self, name: str) -> Coder:
        """The project's coder of that name, or a planned one: a coder is registered by their first
        edit (``coder_name`` in :func:`edits.add_segment`), never by opening a project."""
        clean = " ".join(name.split())
        if not clean:
            raise EditError("a coder needs a name")
        return self.project.coder_by_name(clean) or Coder(str(uuid.uuid4()), clean)

    @property
    def coder_registered(self) -> bool:
        return self.project.coder(self.coder.id) is not None

    def switch_coder(self, name: str) -> Coder:
        """Code as another coder from now on (registered by their first edit if new)."""
        self.coder = self._coder_named(name)
        self.reload_coders()
        return self.coder

    def open(self, document_id: str | None) -> Document | None:
        """Make ``document_id`` the current article (``None``: no article)."""
        self.document = self.project.document(document_id) if document_id else None
        return self.document

    # -- the codebook and coder names (a cache the models adapt) ------------------------------
    def reload_codebook(self) -> None:
        every = self.project.codes()
        self._code_by_id = {c.id: c for c in every}
        self._codes = [c for c in every if not c.archived]
        self._definitions = attribute_edits.all_definitions(self.project)

    def reload_sources(self) -> None:
        self._sources = [(s.id, s.name) for s in sources_mod.list_sources(self.project)]

    def definitions(self, code_id: str) -> list[attrs.AttributeDef]:
        """The attributes a code defines (cached; empty for none)."""
        return self._definitions.get(code_id, [])

    def known_sources(self) -> list[tuple[str, str]]:
        """``(id, name)`` of the live sources (cached)."""
        return list(self._sources)

    def reload_coders(self) -> None:
        """Coder names (tooltips). Until my first edit my id is a planned one; if another program
        registered my name meanwhile, its id becomes mine."""
        if not self.coder_registered:
            mine = self.project.coder_by_name(self.coder.name)
            if mine is not None:
                self.coder = mine
        self._coder_names = {c.id: c.name for c in self.project.coders()}
        self._coder_names.setdefault(self.coder.id, self.coder.name)

    def codes(self) -> list[Code]:
        """The codes one can code with (not archived), in codebook order."""
        return list(self._codes)

    def all_codes(self) -> list[Code]:
        """Every code, archived ones too (their segments are still drawn)."""
        return list(self._code_by_id.values())

    def code(self, code_id: str) -> Code | None:
        return self._code_by_id.get(code_id)

    def code_for_key(self, key: str) -> Code | None:
        return next((c for c in self._codes if c.shortcut == key), None)

    def coder_name(self, coder_id: str) -> str:
        return self._coder_names.get(coder_id, "?")

    # -- selection policy -----------------------------------------------------------------
    def snap(self, start: int, end: int) -> tuple[int, int]:
        """The span a selection ``[start, end)`` of the current text codes (snapped if on)."""
        start, end = min(start, end), max(start, end)
        if self.snap_to_words and self._snapper is not None and start < end:
            return self._snapper(self.text, start, end)
        return start, end

    def selected_text(self, start: int, end: int) -> str:
        a, b = self.snap(start, end)
        return self.text[a:b]

    # -- reading --------------------------------------------------------------------------
    def spans(self, *, others: bool) -> list[SegmentSpan]:
        """The live segments of the current article to draw: mine, and with ``others`` everyone's."""
        if self.document is None:
            return []
        return self.project.segment_spans(self.document.id, None if others else self.coder_id)

    def segment(self, segment_id: str) -> Segment | None:
        return self.project.segment(segment_id)

    def status(self) -> Status:
        if self.document is None:
            return Status.NOT_STARTED
        return self.project.status(self.document.id, self.coder_id)

    # -- operations: each returns one edit ------------------------------------------------------
    def _need_document(self) -> str:
        if self.document is None:
            raise EditError("no article is open")
        return self.document.id

    def _mine(self, segment_id: str) -> Segment:
        seg = self.project.segment(segment_id)
        if seg is None or seg.deleted_at is not None:
            raise EditError("that segment no longer exists")
        if seg.coder_id != self.coder_id:
            raise EditError("that is another coder's segment")
        return seg

    def code_span(self, code_id: str, start: int, end: int) -> Edit:
        """Code ``[start, end)`` of the current article (snapped by the selection policy)."""
        document_id = self._need_document()
        start, end = self.snap(start, end)
        if start >= end:
            raise EditError("select some words first")
        values = self.prefill(code_id, start, end).values
        return edits.add_segment(self.project, document_id, code_id, self.coder_id, start, end,
                                 coder_name=self.coder.name, attributes=attrs.canonical(values))

    def prefill(self, code_id: str, start: int, end: int) -> Prefill:
        """What coding ``[start, end)`` with this code pre-fills (values, and source names found)."""
        defs = self.definitions(code_id)
        if not defs:
            return Prefill()
        return prefill(defs, self.text, start, end, self._sources)

    def set_attributes(self, segment_id: str, values: dict[str, Any]) -> Edit:
        """Give one of my segments these attribute values (an empty edit if nothing changes)."""
        self._mine(segment_id)
        return attribute_edits.set_segment_attributes(self.project, segment_id, values)

    def incomplete(self, segment: Segment) -> list[str]:
        """The required attributes a segment lacks (it is *incomplete*, not wrong)."""
        return attrs.missing_required(self.definitions(segment.code_id), attrs.parse_values(segment.attributes))

    def recode(self, segment_id: str, code_id: str) -> Edit | None:
        """Give one of my segments another code (``None``: it already has it)."""
        seg = self._mine(segment_id)
        if seg.code_id == code_id:
            return None
        return edits.change_segment_code(self.project, segment_id, code_id)

    def move_boundary(self, segment_id: str, *, start: int | None = None, end: int | None = None) -> Edit:
        """Move the start and/or end of one of my segments."""
        self._mine(segment_id)
        return edits.move_segment_boundary(self.project, segment_id, start=start, end=end)

    def word_edge(self, pos: int, *, forward: bool, ends: bool) -> int | None:
        """The next word start (``ends=False``) or word end (``ends=True``) after ``pos`` (before it if not
        ``forward``), by the snapping rules ("10,000" and "U.S." are one word); ``None`` if there is none."""
        text = self.text
        step = 1 if forward else -1
        p = pos + step
        while 0 <= p <= len(text):
            if ends and p > 0:
                word = word_at(text, p - 1)
                if word is not None and word[1] == p:
                    return p
            elif not ends:
                word = word_at(text, p)
                if word is not None and word[0] == p:
                    return p
            p += step
        return None

    def nudge_boundary(self, segment_id: str, *, edge: str, forward: bool) -> Edit | None:
        """Move one of my segments' ``edge`` ("start" or "end") by one word; ``None`` if it cannot move."""
        seg = self._mine(segment_id)
        if edge == "start":
            new = self.word_edge(seg.start, forward=forward, ends=False)
            if new is None or new >= seg.end:
                return None
            return self.move_boundary(segment_id, start=new)
        new = self.word_edge(seg.end, forward=forward, ends=True)
        if new is None or new <= seg.start:
            return None
        return self.move_boundary(segment_id, end=new)

    def same_code_overlap(self, code_id: str, start: int, end: int) -> str | None:
        """My segment of ``code_id`` that the (snapped) span ``[start, end)`` would overlap, if any."""
        if self.document is None:
            return None
        start, end = self.snap(start, end)
        for sid, code, _coder, a, b in self.project.segment_spans(self.document.id, self.coder_id):
            if code == code_id and a < end and start < b:
                return sid
        return None

    def extend(self, segment_id: str, start: int, end: int) -> Edit | None:
        """Widen one of my segments to cover the (snapped) span too (``None``: it already does)."""
        seg = self._mine(segment_id)
        start, end = self.snap(start, end)
        new_start, new_end = min(seg.start, start), max(seg.end, end)
        if (new_start, new_end) == (seg.start, seg.end):
            return None
        edit = self.move_boundary(segment_id, start=new_start, end=new_end)
        return Edit("Extend segment", edit.changes)

    def delete(self, segment_id: str) -> Edit:
        self._mine(segment_id)
        return edits.delete_segment(self.project, segment_id)

    def memo(self, segment_id: str, memo: str) -> Edit:
        self._mine(segment_id)
        return edits.set_segment_memo(self.project, segment_id, memo)

    def mark_done(self) -> Edit:
        """Mark the current article done (an empty edit if it already is)."""
        edit = edits.set_status(self.project, self._need_document(), self.coder_id, Status.DONE,
                                coder_name=self.coder.name)
        return Edit("Mark done", edit.changes)

    def reopen(self) -> Edit:
        """Un-do a done article: back to "in progress", or to "not started" if I coded nothing in it (a stray
        Ctrl+D on an unread article then no longer counts as "coded nothing" in agreement)."""
        document_id = self._need_document()
        if self.status() != Status.DONE:
            return Edit("Reopen article", ())
        coded = bool(self.project.segment_spans(document_id, self.coder_id))
        edit = edits.set_status(self.project, document_id, self.coder_id,
                                Status.IN_PROGRESS if coded else Status.NOT_STARTED, coder_name=self.coder.name)
        return Edit("Reopen article", edit.changes)

    # -- applying ------------------------------------------------------------------------------
    def apply(self, edit: Edit) -> Changes:
        """Write one edit (one transaction) and return what changed; raises ``UserError`` if refused."""
        changes = edits.apply(self.project, edit)
        self.absorb(changes)
        return changes

    def absorb(self, changes: Changes) -> None:
        """Bring the session's own caches up to date with ``changes`` (an edit's or another program's)."""
        if changes.codebook_changed:
            self.reload_codebook()
        if changes.coders_changed:
            self.reload_coders()
        if changes.sources_changed:
            self.reload_sources()
        if self.document is not None and changes.document_changed(self.document.id):
            info = self.project.document_info(self.document.id)
            if info is None:  # gone (another program): no article
                self.document = None
            else:
                self.document = Document(**{f: getattr(info, f) for f in info.__slots__}, text=self.document.text)

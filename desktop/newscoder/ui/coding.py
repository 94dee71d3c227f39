"""The coding controller: key and click intents -> one session operation -> one edit on the undo stack.

It owns no state of its own beyond the session it is given: the session holds the
article, the text and the codebook; the undo controller applies edits; the views and
models each follow the :class:`~newscoder.core.changes.Changes` an edit yields
(:meth:`CodingController.apply_changes` hands them out, each part refreshing itself).
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction

from newscoder.core.changes import Changes
from newscoder.core.edits import Edit
from newscoder.core.errors import EditError
from newscoder.core.records import Segment
from newscoder.core.session import CodingSession
from newscoder.ui.article_view import ArticleView
from newscoder.ui.highlights import Mark
from newscoder.ui.models.codebook import CodebookModel
from newscoder.ui.models.segments import SegmentListModel
from newscoder.ui.palette import mark_color, widget_colors
from newscoder.ui.tagging_panel import TaggingPanel
from newscoder.ui.undo import UndoController

#: shows a message in the status bar for some milliseconds
Say = Callable[[str, int], None]


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class CodingController(QObject):
    """Coding in the article view and the tagging panel, for one session at a time."""

    #: a span was just coded (the new segment's id): the attribute editor may open
    segmentCoded = Signal(str)

    def __init__(self, view: ArticleView, panel: TaggingPanel, codebook: CodebookModel,
                 segments: SegmentListModel, undo: UndoController, show_others: QAction, snap: QAction,
                 say: Say, failed: Callable[[str], None], parent: QObject | None = None,
                 warn: Say | None = None) -> None:
        super().__init__(parent)
        self.session: CodingSession | None = None
        self.view, self.panel, self.codebook, self.segments = view, panel, codebook, segments
        self.undo = undo
        self._show_others, self._snap = show_others, snap
        self._say, self._failed = say, failed
        self._warn: Say = warn or say  # errors that matter: shown in the window too
        #: the span just coded (segment id): Shift+code key gives it a second code
        self.last_coded: str | None = None
        #: ``(code name) -> "extend" | "add" | None``: asked when a span overlaps a segment of the same code
        self.ask_extend: Callable[[str], str | None] = lambda _name: "add"
        view.tooltip_provider = self.tooltip
        view.segmentClicked.connect(self.segment_clicked)
        view.selectedScrolledAway.connect(lambda: self.select_segment(None))
        view.boundaryDragged.connect(self.drag_boundary)
        view.selectionChanged.connect(self.selection_changed)
        panel.codeChosen.connect(self.code_with)
        panel.segmentActivated.connect(lambda sid: self.select_segment(sid, scroll=True))
        panel.codeChangeRequested.connect(self.change_code)
        panel.memoEdited.connect(self.edit_memo)
        panel.deleteRequested.connect(self.delete_segment)
        snap.toggled.connect(self.set_snap)
        show_others.toggled.connect(self.set_show_others)

    def set_session(self, session: CodingSession | None) -> None:
        self.session = session
        if session is not None:
            session.snap_to_words = self._snap.isChecked()

    # -- marks --------------------------------------------------------------------------
    def _ink(self, color: str) -> str:
        """A code colour made readable on the article's palette (light or dark)."""
        base, text = widget_colors(self.view)
        try:
            return mark_color(color, base, text)
        except ValueError:
            return color

    def _mark(self, span: Segment) -> Mark:
        assert self.session is not None
        code = self.session.code(span.code_id)
        ink = self._ink(code.color if code else "#999999")
        a, b = self.view.offsets.span_to_utf16(span.start, span.end)
        return Mark(span.id, a, b, span.code_id, ink, span.coder_id, span.coder_id == self.session.coder_id)

    def document_marks(self) -> list[Mark]:
        """Marks for every drawn segment of the current article (light spans, no records)."""
        if self.session is None:
            return []
        inks = {c.id: self._ink(c.color) for c in self.session.all_codes()}
        me, to16 = self.session.coder_id, self.view.offsets.to_utf16
        return [  # per key press on long articles: plain tuple unpacking, no per-span calls but to16
            Mark(sid, to16(a), to16(b), code_id, inks.get(code_id, "#999999"), coder_id, coder_id == me)
            for sid, code_id, coder_id, a, b in self.session.spans(others=self._show_others.isChecked())
        ]

    def repaint_marks(self) -> None:
        marks = self.document_marks()
        self.view.set_marks(marks)
        counts: dict[str, int] = {}
        for m in marks:
            if m.mine:
                counts[m.code_id] = counts.get(m.code_id, 0) + 1
        self.codebook.set_counts(counts)

    def tooltip(self, marks: list[Mark]) -> str:
        """Code — coder, and the memo, of the segments under the mouse (user text escaped)."""
        lines = []
        for m in marks[:6]:
            code = self.session.code(m.code_id) if self.session else None
            seg = self.session.segment(m.segment_id) if self.session else None
            coder = self.session.coder_name(m.coder_id) if self.session else "?"
            memo = f"<br><i>{html.escape(seg.memo)}</i>" if seg and seg.memo else ""
            lines.append(f"<b>{html.escape(code.name if code else '?')}</b> — {html.escape(coder)}{memo}")
        return "<br>".join(lines)

    # -- intents --------------------------------------------------------------------------
    def code_key(self, key: str, *, again: bool = False) -> None:
        code = self.session.code_for_key(key) if self.session else None
        if code is None:
            self._warn(tr("No code has the key %1.").replace("%1", key), 6000)
            return
        if again:
            self.code_again(code.id)
        else:
            self.code_with(code.id)

    def code_with(self, code_id: str) -> None:
        """Code the visible text selection, or recode the selected segment while it is on screen."""
        session = self.session
        if session is None or session.document is None:
            return
        start, end = self.view.selection_cp()
        if start < end:
            a, b = session.snap(start, end)
            if a >= b:
                self._warn(tr("Select some words first."), 4000)
                return
            same = session.same_code_overlap(code_id, start, end)
            if same is not None:
                code = session.code(code_id)
                answer = self.ask_extend(code.name if code else "?")
                if answer is None:
                    return
                if answer == "extend":
                    self._push(lambda s: s.extend(same, start, end))
                    self._clear_text_selection()
                    self.last_coded = same
                    return
            try:
                edit = session.code_span(code_id, start, end)
            except EditError as exc:
                self._failed(str(exc))
                return
            added = edit.touched("segments")[0]["id"]  # the first change may register the coder
            if self.undo.push(edit):
                self._clear_text_selection()
                self.select_segment(None)  # a new coding clears the segment selection
                self.last_coded = added
                self._say(tr("Coded. Shift+key gives the same words a second code."), 4000)
                self.segmentCoded.emit(added)
            return
        selected = self.view.selected_id
        if selected and self.view.segment_visible(selected):
            self.change_code(selected, code_id)
        elif selected:
            self.select_segment(None)
            self._warn(tr("The selected segment is not on screen: nothing was changed."), 6000)
        else:
            self._warn(tr("Select some words first."), 4000)

    def code_again(self, code_id: str) -> None:
        """Shift+code key: give the span just coded another code (the first code stays)."""
        session = self.session
        if session is None or session.document is None:
            return
        if self.view.textCursor().hasSelection():  # a visible selection wins, as for the plain key
            self.code_with(code_id)
            return
        seg = session.segment(self.last_coded) if self.last_coded else None
        if seg is None or seg.deleted_at is not None or seg.document_id != session.document.id:
            self._warn(tr("Nothing was just coded here: select some words first."), 6000)
            return
        try:
            edit = session.code_span(code_id, seg.start, seg.end)
        except EditError as exc:
            self._failed(str(exc))
            return
        added = edit.touched("segments")[0]["id"]
        if self.undo.push(edit):
            code = session.code(code_id)
            self._say(tr("Also coded “%1” as %2.").replace("%1", seg.quote[:60])
                      .replace("%2", code.name if code else "?"), 4000)
            self.segmentCoded.emit(added)

    def _clear_text_selection(self) -> None:
        cur = self.view.textCursor()
        cur.clearSelection()
        self.view.setTextCursor(cur)

    def clear_selection(self) -> None:
        """Escape: no text selection, no selected segment."""
        self._clear_text_selection()
        self.select_segment(None)

    def nudge(self, edge: str, forward: bool) -> None:
        """Alt(+Shift)+arrow: move the selected segment's start (end) one word, if it is on screen."""
        selected = self.view.selected_id
        if not selected or not self.view.segment_visible(selected):
            self._warn(tr("Click a segment first, then move its start (Alt+arrow) or end (Alt+Shift+arrow)."), 5000)
            return
        self._push(lambda s: s.nudge_boundary(selected, edge=edge, forward=forward))

    def drag_boundary(self, segment_id: str, edge: str, pos16: int) -> None:
        """The mouse dropped a segment's edge at ``pos16``: one move, snapped to a word edge if snapping is on."""
        session = self.session
        if session is None:
            return
        pos = self.view.offsets.to_cp(pos16)
        seg = session.segment(segment_id)
        if seg is None:
            return
        start, end = (pos, seg.end) if edge == "start" else (seg.start, pos)
        if session.snap_to_words:
            a, b = session.snap(start, end)
            start, end = (a, seg.end) if edge == "start" else (seg.start, b)
        if start >= end or (start, end) == (seg.start, seg.end):
            return
        self._push(lambda s: s.move_boundary(segment_id, start=start, end=end))

    def _push(self, build: Callable[[CodingSession], Edit | None]) -> None:
        if self.session is None:
            return
        try:
            edit = build(self.session)
        except EditError as exc:
            self._failed(str(exc))
            return
        if edit is not None:
            self.undo.push(edit)

    def change_code(self, segment_id: str, code_id: str) -> None:
        self._push(lambda s: s.recode(segment_id, code_id))

    def edit_memo(self, segment_id: str, memo: str) -> None:
        self._push(lambda s: s.memo(segment_id, memo))

    def delete_segment(self) -> None:
        selected = self.view.selected_id
        if selected:
            self._push(lambda s: s.delete(selected))

    def mark_done(self) -> None:
        if self.session is not None and self.session.document is not None:
            self._push(lambda s: s.mark_done())

    def select_segment(self, segment_id: str | None, *, scroll: bool = False) -> None:
        self.view.set_selected_segment(segment_id, scroll=scroll)
        seg = self.segments.segment(segment_id) if segment_id else None
        self.panel.show_segment(seg)
        code = self.session.code(seg.code_id) if seg is not None and self.session else None
        if code is not None:  # the code by name and key, never by colour alone
            key = f" ({code.shortcut})" if code.shortcut else ""
            self._say(tr("Selected segment: %1").replace("%1", code.name + key), 6000)

    def segment_clicked(self, segment_id: str) -> None:
        self.select_segment(segment_id or None)

    def cycle_segments(self) -> None:
        """Select the next of my segments overlapping the cursor (or the selected one)."""
        view = self.view
        current = view.index.get(view.selected_id) if view.selected_id else None
        pos = view.textCursor().position() if current is None else current.start
        hits = view.my_marks_at(pos) if current is None else [
            m for m in view.index.overlapping(current.start, current.end) if m.mine
        ]
        if not hits:
            return
        ids = [m.segment_id for m in hits]
        nxt = ids[(ids.index(current.segment_id) + 1) % len(ids)] if current and current.segment_id in ids else ids[0]
        self.select_segment(nxt, scroll=True)

    def selection_changed(self) -> None:
        start, end = self.view.selection_cp()
        has = self.session is not None and start < end
        self.panel.show_selection(self.session.selected_text(start, end) if self.session and has else "")
        if has and self.session is not None:
            if self.view.selected_id:  # a new text selection replaces the segment selection
                self.select_segment(None)
            a, b = self.session.snap(start, end)
            self.view.set_preview(self.view.offsets.span_to_utf16(a, b) if a < b else None)
        else:
            self.view.set_preview(None)

    def set_snap(self, on: bool) -> None:
        if self.session is not None:
            self.session.snap_to_words = on
        self.selection_changed()

    def set_show_others(self, _on: bool = False) -> None:
        if self.session is not None and self.session.document is not None:
            self.repaint_marks()

    # -- following changes ------------------------------------------------------------------
    def apply_changes(self, changes: Changes) -> None:
        """Repaint the marks and the panel for what one edit changed in this article."""
        session = self.session
        if session is None or session.document is None:
            return
        document_id = session.document.id
        if changes.external:  # another program: re-read this article's segments, keep the selection
            selected = self.view.selected_id
            self.segments.load(session.project, document_id, session.coder_id)
            self.repaint_marks()
            self.select_segment(selected if selected and self.segments.segment(selected) else None)
            return
        self.segments.apply_changes(changes, document_id, session.coder_id)
        if changes.codebook_changed:
            self.repaint_marks()
        others = self._show_others.isChecked()
        for sid, seg in changes.segments_in(document_id).items():
            old = self.view.index.get(sid)
            if old is not None and old.mine:
                self.codebook.add_count(old.code_id, -1)
            if seg is not None and seg.deleted_at is None and seg.coder_id == session.coder_id:
                self.codebook.add_count(seg.code_id, 1)
            if seg is None or seg.deleted_at is not None or not (others or seg.coder_id == session.coder_id):
                self.view.drop_mark(sid)
            elif not changes.codebook_changed:
                self.view.put_mark(self._mark(seg))
            shown = self.panel.segment
            if shown is not None and shown.id == sid:
                if seg is None or seg.deleted_at is not None:
                    self.select_segment(None)
                else:
                    self.panel.show_segment(seg)

"""Wiring the inline attribute editor to the coding window: open after coding, F2, confirm as one undo step."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QTextCursor

from newscoder.core import attribute_edits
from newscoder.core import attributes as attrs
from newscoder.core.errors import EditError
from newscoder.core.session import CodingSession
from newscoder.ui.article_view import ArticleView
from newscoder.ui.attribute_editor import AttributeEditor
from newscoder.ui.models.segments import SegmentListModel
from newscoder.ui.undo import UndoController


class AttributeEditing(QObject):
    """Opens the card under a segment and turns a confirmed card into one edit on the undo stack."""

    def __init__(self, view: ArticleView, segments: SegmentListModel, undo: UndoController,
                 say: Callable[[str, int], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view, self.segments, self.undo, self._say = view, segments, undo, say
        self.session: CodingSession | None = None
        self.editor = AttributeEditor(view.viewport())
        self.editor.confirmed.connect(self._confirmed)
        self.editor.closed.connect(lambda: self.view.setFocus(Qt.FocusReason.OtherFocusReason))

    def set_session(self, session: CodingSession | None) -> None:
        self.session = session
        self.editor.close_card() if self.editor.isVisible() else None
        self.segments.incomplete = session.incomplete if session is not None else None

    def segment_coded(self, segment_id: str) -> None:
        """A span was just coded: open the card if its code has attributes."""
        seg = self.session.segment(segment_id) if self.session else None
        if seg is not None and self.session is not None and self.session.definitions(seg.code_id):
            self.open(segment_id)

    def open_selected(self) -> None:
        selected = self.view.selected_id
        if not selected:
            self._say(self.tr("Select one of your segments first (click it, or ` to cycle)."), 4000)
            return
        self.open(selected)

    def open(self, segment_id: str) -> None:
        session = self.session
        seg = session.segment(segment_id) if session else None
        if session is None or seg is None or seg.deleted_at is not None:
            return
        if seg.coder_id != session.coder_id:
            self._say(self.tr("That is another coder's segment."), 4000)
            return
        defs = session.definitions(seg.code_id)
        code = session.code(seg.code_id)
        if not defs:
            self._say(self.tr("The code %1 has no attributes (Edit ▸ Codebook… defines them).")
                      .replace("%1", code.name if code else "?"), 5000)
            return
        values = attrs.parse_values(seg.attributes)
        proposed = ""
        if any(d.type == "source" and d.name not in values for d in defs):
            found = session.prefill(seg.code_id, seg.start, seg.end).proposals
            proposed = next((p.name for p in found if p.source_id is None), "")
        self.editor.open_for(segment_id, code.name if code else "?", defs, values, session.known_sources(), proposed)
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(self.view.offsets.to_utf16(seg.end))
        rect = self.view.cursorRect(cursor)
        self.editor.place_below(QPoint(rect.left() - 40, rect.bottom() + 6))

    def _confirmed(self, values: dict, new_names: list) -> None:
        session, segment_id = self.session, self.editor.segment_id
        if session is None or segment_id is None:
            return
        try:
            edit = attribute_edits.set_attributes_adding_sources(session.project, segment_id, values, new_names)
        except EditError as exc:
            self.editor.show_problem(str(exc))
            return
        if edit.changes and not self.undo.push(edit):
            self.editor.show_problem(self.tr("Not saved: the project was changed meanwhile."))
            return
        if new_names:
            self._say(self.tr("Added source: %1 (kind: other; edit it in the Sources pane)")
                      .replace("%1", ", ".join(new_names)), 6000)
        self.editor.close_card()

"""Dragging the start or end of the selected segment with the mouse (UTF-16 positions, as the view).

The view asks :meth:`EdgeDrag.edge_at` on a press and on hover: within :data:`GRAB_PX`
pixels of the selected segment's first or last character edge (on that line) the
mouse grabs that edge. While dragging, the view shows the new extent as a preview;
on release it emits the new position, and the coding controller makes it one
undoable move of that boundary. :meth:`EdgeDrag.press`, :meth:`~EdgeDrag.move` and
:meth:`~EdgeDrag.release` are the view's mouse handling of a drag.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from newscoder.ui.highlights import Mark

if TYPE_CHECKING:
    from newscoder.ui.article_view import ArticleView

#: how near (px) to a segment's edge the mouse grabs it
GRAB_PX = 5


class EdgeDrag:
    def __init__(self, view: ArticleView) -> None:
        self._view = view
        #: (segment id, "start" or "end", the fixed other end) while a drag is under way
        self.active: tuple[str, str, int] | None = None

    def _rect(self, pos: int) -> tuple[int, int, int]:
        cur = QTextCursor(self._view.document())
        cur.setPosition(pos)
        rect = self._view.cursorRect(cur)
        return rect.x(), rect.top(), rect.bottom()

    def edge_at(self, point: QPoint, start: int, end: int) -> str | None:
        """"start" or "end" if ``point`` (viewport coordinates) is on that edge of ``[start, end)``."""
        for edge, pos in (("start", start), ("end", end)):
            x, top, bottom = self._rect(pos)
            if abs(point.x() - x) <= GRAB_PX and top <= point.y() <= bottom:
                return edge
        return None

    def span(self, pos: int) -> tuple[int, int]:
        """The segment's extent if the grabbed edge were at ``pos`` (never empty, never reversed)."""
        assert self.active is not None
        _sid, edge, fixed = self.active
        if edge == "start":
            return min(pos, fixed - 1), fixed
        return fixed, max(pos, fixed + 1)

    def selected_edge(self, point: QPoint) -> tuple[Mark, str] | None:
        """The view's selected segment (mine) and its edge under ``point``, if any."""
        view = self._view
        mark = view.index.get(view.selected_id) if view.selected_id else None
        if mark is None or not mark.mine:
            return None
        edge = self.edge_at(point, mark.start, mark.end)
        return (mark, edge) if edge is not None else None

    def press(self, point: QPoint) -> bool:
        """A left press: grab the selected segment's start or end under ``point`` (True if grabbed)."""
        grabbed = self.selected_edge(point)
        if grabbed is None:
            return False
        mark, edge = grabbed
        self.active = (mark.segment_id, edge, mark.end if edge == "start" else mark.start)
        self._view.set_preview((mark.start, mark.end))
        return True

    def move(self, point: QPoint, *, buttons_up: bool) -> bool:
        """Follow a drag with the preview (True while dragging); hovering, show the resize cursor on an edge."""
        view = self._view
        if self.active is not None:
            view.set_preview(self.span(view.cursorForPosition(point).position()))
            return True
        if view.selected_id and buttons_up:
            on_edge = self.selected_edge(point) is not None
            shape = Qt.CursorShape.SizeHorCursor if on_edge else Qt.CursorShape.IBeamCursor
            if view.viewport().cursor().shape() != shape:
                view.viewport().setCursor(shape)
        return False

    def release(self, point: QPoint) -> bool:
        """A left release ends a drag: the view emits the grabbed edge's new position (True if one ended)."""
        if self.active is None:
            return False
        sid, edge, _fixed = self.active
        a, b = self.span(self._view.cursorForPosition(point).position())
        self.active = None
        self._view.set_preview(None)
        self._view.boundaryDragged.emit(sid, edge, a if edge == "start" else b)
        return True

"""Dragging the start or end of the selected segment with the mouse (UTF-16 positions, as the view).

The view asks :meth:`EdgeDrag.edge_at` on a press and on hover: within :data:`GRAB_PX`
pixels of the selected segment's first or last character edge (on that line) the
mouse grabs that edge. While dragging, the view shows the new extent as a preview;
on release it emits the new position, and the coding controller makes it one
undoable move of that boundary.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

#: how near (px) to a segment's edge the mouse grabs it
GRAB_PX = 5


class EdgeDrag:
    def __init__(self, view: QPlainTextEdit) -> None:
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

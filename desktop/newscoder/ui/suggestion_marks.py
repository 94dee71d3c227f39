"""Ghost marks: suggestions drawn over the article as dotted outlines, never a fill.

A suggestion is not a segment, so it looks like none: segments are translucent fills
with solid underlines, other coders' segments dashed underlines, the selection
preview a dashed square outline in the highlight colour. A ghost is a *dotted*,
rounded outline in its code's colour, with a small tag after its end naming the
code by its key (or its initial), so codes are never told apart by colour alone.
The current suggestion (after Tab) has a thicker outline and a filled tag.

The layer keeps its ghosts in UTF-16 positions (as the view's marks) and draws
only those touching the visible blocks, with the rectangles the view's
:class:`~newscoder.ui.mark_geometry.VisibleGeometry` computes for marks.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette, QPen
from PySide6.QtWidgets import QWidget

from newscoder.ui.highlights import Mark
from newscoder.ui.mark_geometry import VisibleGeometry

#: dotted: one pixel on, one off (the selection preview and other coders' underlines are dashed: 3–4 px dashes).
#: One-pixel pens take Qt's fast path (a wide dashed pen costs ~0.5 ms a rectangle); the current suggestion
#: gets a second dotted ring inside the first, the dots staggered.
DOTS = [1.0, 1.0]
_DOT = Qt.PenStyle.CustomDashLine


@dataclass(frozen=True, slots=True)
class Ghost:
    """One suggestion as drawn: its key, UTF-16 span, code, colour and tag."""

    key: str
    start: int
    end: int
    code_id: str
    color: str
    label: str


class GhostLayer:
    """The ghosts of the open article, in order of position; :meth:`paint` draws the visible ones."""

    def __init__(self) -> None:
        self._ghosts: list[Ghost] = []
        self._starts: list[int] = []
        self._by_key: dict[str, Ghost] = {}
        self.current: str | None = None
        self._rects: dict[str, list[QRectF]] = {}
        self._rects_for: object = None  # the geometry the cached rectangles belong to

    def __len__(self) -> int:
        return len(self._ghosts)

    def set(self, ghosts: list[Ghost]) -> None:
        self._ghosts = sorted(ghosts, key=lambda g: (g.start, g.end, g.key))
        self._starts = [g.start for g in self._ghosts]
        self._by_key = {g.key: g for g in self._ghosts}
        if self.current not in self._by_key:
            self.current = None
        self._rects_for = None

    def all(self) -> list[Ghost]:
        return list(self._ghosts)

    def get(self, key: str | None) -> Ghost | None:
        return self._by_key.get(key) if key else None

    def at(self, pos: int) -> list[Ghost]:
        """The ghosts containing UTF-16 position ``pos``, shortest first."""
        hits = [g for g in self._ghosts[:bisect_left(self._starts, pos + 1)] if g.end > pos]
        return sorted(hits, key=lambda g: (g.end - g.start, g.start, g.key))

    def following(self, pos: int, *, forward: bool) -> Ghost | None:
        """The first ghost starting at or after ``pos`` (``forward``), or the last one before it; wraps around."""
        if not self._ghosts:
            return None
        if forward:
            i = bisect_left(self._starts, pos)
            return self._ghosts[i % len(self._ghosts)]
        i = bisect_left(self._starts, pos) - 1
        return self._ghosts[i]

    def after(self, start: int, end: int, key: str) -> Ghost | None:
        """The first ghost after the one ``(start, end, key)`` in reading order (it need not be here any more)."""
        return next((g for g in self._ghosts if (g.start, g.end, g.key) > (start, end, key)), None)

    def step(self, forward: bool) -> Ghost | None:
        """The ghost after (before) the current one in reading order, wrapping around."""
        if not self._ghosts:
            return None
        current = self.get(self.current)
        if current is None:
            return self._ghosts[0] if forward else self._ghosts[-1]
        i = self._ghosts.index(current)
        return self._ghosts[(i + (1 if forward else -1)) % len(self._ghosts)]

    def hit(self, point: QPointF) -> Ghost | None:
        """The ghost drawn under ``point`` (viewport coordinates) at the last paint, shortest first."""
        found = [self._by_key[k] for k, rects in self._rects.items() if k in self._by_key
                 and any(r.adjusted(-3, -2, 2, 1).contains(point) for r in rects)]
        return min(found, key=lambda g: (g.end - g.start, g.start), default=None)

    # -- painting ------------------------------------------------------------------------------
    def _visible_rects(self, geom: VisibleGeometry) -> dict[str, list[QRectF]]:
        if self._rects_for is not geom:
            self._rects = {}
            if geom.blocks:
                for g in self._ghosts:
                    if g.start >= geom.hi:
                        break
                    if g.end > geom.lo:
                        rects = geom.rects(Mark(g.key, g.start, g.end, g.code_id, g.color, "", True))
                        if rects:
                            self._rects[g.key] = rects
            self._rects_for = geom
        return self._rects

    def rects(self, geom: VisibleGeometry, key: str) -> list[QRectF]:
        """The line rectangles of one ghost on screen (for tests and the tooltip)."""
        return self._visible_rects(geom).get(key, [])

    def paint(self, viewport: QWidget, geom: VisibleGeometry, area: QRect) -> None:
        """Draw the ghosts touching ``area`` (viewport coordinates) on ``viewport``."""
        visible = self._visible_rects(geom)
        if not visible:
            return
        top, bottom = area.top() - 12, area.bottom() + 12
        base = viewport.palette().color(QPalette.ColorRole.Base)
        ink = viewport.palette().color(QPalette.ColorRole.Text)
        dark = base.lightness() < 128  # dots show less ink than a line: a little lighter on a dark page
        p = QPainter(viewport)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        font = QFont(viewport.font())
        font.setPointSizeF(max(6.5, font.pointSizeF() * 0.62))
        font.setBold(True)
        p.setFont(font)
        fm = QFontMetricsF(font)
        for key, rects in visible.items():
            if rects[-1].bottom() < top or rects[0].top() > bottom:
                continue
            ghost = self._by_key[key]
            current = key == self.current
            color = QColor(ghost.color).lighter(135) if dark else QColor(ghost.color)
            pen = QPen(color, 1)
            pen.setStyle(_DOT)
            pen.setDashPattern(DOTS)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            for r in rects:
                box = r.toAlignedRect().adjusted(-3, -2, 2, 1)
                p.drawRect(box)
                if current:
                    pen.setDashOffset(1.0)
                    p.setPen(pen)
                    p.drawRect(box.adjusted(1, 1, -1, -1))
                    pen.setDashOffset(0.0)
                    p.setPen(pen)
            self._paint_tag(p, fm, rects[-1], ghost.label, color, base, ink, current)
        p.end()

    @staticmethod
    def _paint_tag(p: QPainter, fm: QFontMetricsF, last: QRectF, label: str, color: QColor, base: QColor,
                   ink: QColor, current: bool) -> None:
        """The code's key (or initial) in a small tag raised after the end of the ghost, like a footnote mark:
        outlined in the code's colour with the text's colour inside (filled for the current one)."""
        if not label:
            return
        w = fm.horizontalAdvance(label) + 4
        h = fm.height()
        tag = QRectF(last.right() + 3, last.top() - h * 0.45, w, h)
        p.setPen(QPen(color, 1.0))
        p.setBrush(color if current else base)
        p.drawRoundedRect(tag, 2.0, 2.0)
        p.setPen(base if current else ink)
        p.drawText(tag, int(Qt.AlignmentFlag.AlignCenter), label)
        p.setBrush(Qt.BrushStyle.NoBrush)

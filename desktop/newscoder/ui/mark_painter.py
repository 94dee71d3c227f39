"""Painting the article view's marks: fills under the text, underline lanes over it, the
selection outline, the dashed preview of a code key's extent, and the margin bar's lanes.

:class:`MarkPainter` keeps the colours, fills and pens it made (a paint loop builds none
twice); :class:`~newscoder.ui.article_view.ArticleView` decides what is visible and calls it.
All coordinates are the viewport's (or the margin bar's) pixels.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QWidget

from newscoder.ui.mark_geometry import Item, VisibleGeometry

LANE_GAP = 3
FILL_ALPHA = 58
DARK_FILL_ALPHA = 74
#: at most palette.SELECTED_FILL_ALPHA (the code colours are made readable up to it)
SELECTED_ALPHA = 110
# Qt enum members looked up once (each lookup costs microseconds in a paint loop)
_ANTIALIASING = QPainter.RenderHint.Antialiasing
_DASH = Qt.PenStyle.DashLine
_DOT = Qt.PenStyle.DotLine
_BASE = QPalette.ColorRole.Base


class MarginBar(QWidget):
    """The strip left of the text; ``paint(bar, event)`` draws its lanes."""

    def __init__(self, parent: QWidget, paint: Callable[[QWidget, QPaintEvent], None]) -> None:
        super().__init__(parent)
        self._paint = paint
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)

    def paintEvent(self, event: QPaintEvent) -> None:
        self._paint(self, event)


class MarkPainter:
    """Draws marks for ``widget`` (whose palette says whether the page is dark)."""

    def __init__(self, widget: QWidget) -> None:
        self._widget = widget
        self._colors: dict[str, QColor] = {}
        self._fills: dict[tuple[str, bool], QColor] = {}
        self._pens: dict[tuple[str, bool], QPen] = {}

    def palette_changed(self) -> None:
        """Forget the fills (their alpha depends on a dark or light page)."""
        self._fills.clear()

    def _dark(self) -> bool:
        return self._widget.palette().color(_BASE).lightness() < 128

    def color(self, name: str) -> QColor:
        color = self._colors.get(name)
        if color is None:
            color = self._colors[name] = QColor(name)
        return color

    def fill(self, name: str, selected: bool) -> QColor:
        key = (name, selected)
        fill = self._fills.get(key)
        if fill is None:
            fill = self._fills[key] = QColor(self.color(name))
            dark = self._dark()  # a dim fill needs a little more on a dark page
            fill.setAlpha(SELECTED_ALPHA if selected else DARK_FILL_ALPHA if dark else FILL_ALPHA)
        return fill

    def pen(self, name: str, mine: bool) -> QPen:
        key = (name, mine)
        pen = self._pens.get(key)
        if pen is None:
            pen = self._pens[key] = QPen(self.color(name), 2)
            if not mine:
                pen.setStyle(_DASH)
                pen.setDashPattern([3, 2])
        return pen

    def paint_outline(self, target: QWidget, rects: Iterable[QRectF]) -> None:
        """The dashed outline of the extent a code key would code (the preview)."""
        p = QPainter(target)
        pen = QPen(self._widget.palette().color(QPalette.ColorRole.Highlight), 1, _DASH)
        p.setPen(pen)
        for r in rects:
            p.drawRect(r.adjusted(-1, 0, 0, -1))
        p.end()

    def paint_fills(self, target: QWidget, items: Sequence[Item], selected: str | None) -> None:
        """Under the text: my marks' translucent fills (overlaps blend)."""
        p = QPainter(target)
        for it in items:
            mark = it.mark
            if mark.mine:
                fill = self.fill(mark.color, mark.segment_id == selected)
                for r in it.rects:
                    p.fillRect(r, fill)
        p.end()

    def paint_underlines(self, target: QWidget, items: Sequence[Item], lanes: dict[str, int],
                         shifts: Sequence[float], selected: str | None) -> None:
        """Over the text: one underline lane per overlapping mark, and the selected mark's outline."""
        p = QPainter(target)
        p.setRenderHint(_ANTIALIASING, False)
        for it in items:
            mark = it.mark
            lane = lanes.get(mark.segment_id, 0)
            shift = shifts[lane] if lane < len(shifts) else -1.0 - (lane - len(shifts) + 1) * LANE_GAP
            p.setPen(self.pen(mark.color, mark.mine))
            lines = []
            for r in it.rects:
                y = int(r.bottom() + shift)
                lines.append(QLineF(int(r.left()), y, int(r.right()), y))
            p.drawLines(lines)
            if mark.segment_id == selected:
                color = self.color(mark.color)
                dark = self._dark()
                p.setPen(QPen(color.lighter(125) if dark else color.darker(135), 1))
                for r in it.rects:
                    p.drawRect(r.adjusted(0, 0, -1, -1))
        p.end()

    def paint_margin(self, bar: QWidget, geom: VisibleGeometry, dy: float, top: float, bottom: float) -> None:
        """The margin bar's lanes for the marks between ``top`` and ``bottom`` (viewport y; ``dy`` to the bar)."""
        lanes = geom.lanes
        p = QPainter(bar)
        width = bar.width()
        for it in geom.items:
            if not it.rects or it.bottom < top or it.top > bottom:
                continue
            mark = it.mark
            x = width - 5 - lanes.get(mark.segment_id, 0) * 5
            if x < 0:
                continue
            y1, y2 = it.top + dy, it.bottom + dy
            color = self.color(mark.color)
            if mark.mine:
                p.fillRect(QRectF(x, y1 + 1, 3, y2 - y1 - 2), color)
            else:
                p.setPen(QPen(color, 3, _DOT))
                p.drawLine(int(x + 1), int(y1 + 1), int(x + 1), int(y2 - 2))
        p.end()

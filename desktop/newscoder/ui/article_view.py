"""The article, read-only, with each segment drawn in its code's colour.

Painting never loops over all segments: the view asks its :class:`MarkIndex`
for the marks that touch the visible blocks only. Under the text it paints
translucent fills (overlaps blend); over it, stacked underlines, one lane per
overlapping segment, in each code's colour (others' segments: dashed and
without fill, read-only). A margin bar on the left repeats the lanes.
All positions here are UTF-16 (Qt); conversion to code points happens in
:mod:`newscoder.ui.offsets` only.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QTextBlock,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from newscoder.ui.highlights import Mark, MarkIndex
from newscoder.ui.offsets import OffsetMap

READING_WIDTH = 720  # px: a comfortable line length (~75 characters)
GUTTER = 22
LANE_GAP = 3
FILL_ALPHA = 58


class _MarginBar(QWidget):
    def __init__(self, view: ArticleView) -> None:
        super().__init__(view)
        self._view = view
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)

    def paintEvent(self, event: QPaintEvent) -> None:
        self._view._paint_margin(self)


class ArticleView(QPlainTextEdit):
    """Read-only article text with segment highlights and coding keys."""

    codeKeyPressed = Signal(str)
    deleteRequested = Signal()
    cycleRequested = Signal()
    segmentClicked = Signal(str)  # "" when the click hit no segment of mine

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setCenterOnScroll(False)
        font = QFont(self.font())
        font.setFamilies(["Source Serif 4", "Source Serif Pro", "Charter", "Georgia", "DejaVu Serif", "serif"])
        font.setPointSizeF(12.5)
        self.setFont(font)
        self.document().setDocumentMargin(18)
        pal = self.palette()
        pal.setColor(QPalette.ColorRole.Window, pal.color(QPalette.ColorRole.Base))
        self.setPalette(pal)
        self.setAutoFillBackground(True)
        self.offsets = OffsetMap("")
        self.index = MarkIndex()
        self.selected_id: str | None = None
        self.tooltip_provider: Callable[[list[Mark]], str] | None = None
        self._margin = _MarginBar(self)
        self._version = 0
        self._geom_key: object = None
        self._geom: list[tuple[Mark, list[QRectF]]] = []
        self.setMouseTracking(True)

    # -- content -------------------------------------------------------------
    def set_article(self, text: str, marks: Iterable[Mark]) -> None:
        self.offsets = OffsetMap(text)
        self.index = MarkIndex(marks)
        self.selected_id = None
        self._version += 1
        self.setPlainText(text)
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self.viewport().update()
        self._margin.update()

    def set_marks(self, marks: Iterable[Mark]) -> None:
        self.index = MarkIndex(marks)
        if self.selected_id not in self.index:
            self.selected_id = None
        self._redraw()

    def put_mark(self, mark: Mark) -> None:
        self.index.add(mark)
        self._redraw()

    def drop_mark(self, segment_id: str) -> None:
        self.index.remove(segment_id)
        if self.selected_id == segment_id:
            self.selected_id = None
        self._redraw()

    def _redraw(self) -> None:
        self._version += 1
        self.viewport().update()
        self._margin.update()

    # -- selection in code points ----------------------------------------------
    def selection_cp(self) -> tuple[int, int]:
        cur = self.textCursor()
        return self.offsets.span_to_cp(cur.selectionStart(), cur.selectionEnd())

    def select_cp(self, start: int, end: int) -> None:
        a, b = self.offsets.span_to_utf16(start, end)
        cur = self.textCursor()
        cur.setPosition(a)
        cur.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cur)

    def set_selected_segment(self, segment_id: str | None, *, scroll: bool = False) -> None:
        self.selected_id = segment_id
        mark = self.index.get(segment_id) if segment_id else None
        if mark is not None and scroll:
            cur = self.textCursor()
            cur.setPosition(mark.end)
            self.setTextCursor(cur)
            cur.setPosition(mark.start)
            self.setTextCursor(cur)
            self.centerCursor() if not self._visible(mark.start) else None
        self._redraw()

    def _visible(self, pos: int) -> bool:
        cur = QTextCursor(self.document())
        cur.setPosition(pos)
        rect = self.cursorRect(cur)
        return self.viewport().rect().contains(rect.center())

    def my_marks_at(self, pos: int) -> list[Mark]:
        return [m for m in self.index.at(pos) if m.mine]

    # -- layout ----------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        side = max(GUTTER + 8, (self.width() - READING_WIDTH) // 2)
        self.setViewportMargins(side, 0, max(8, side - GUTTER), 0)
        super().resizeEvent(event)
        self._margin.setGeometry(QRect(side - GUTTER, 0, GUTTER - 4, self.height()))

    def _visible_blocks(self) -> list[tuple[QTextBlock, QRectF, int, int]]:
        out: list[tuple[QTextBlock, QRectF, int, int]] = []
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        height = self.viewport().height()
        while block.isValid():
            rect = self.blockBoundingGeometry(block).translated(offset)
            if rect.top() > height:
                break
            if block.isVisible():
                out.append((block, rect, block.position(), block.length()))
            block = block.next()
        return out

    @staticmethod
    def _lanes(marks: list[Mark]) -> dict[str, int]:
        """Greedy interval colouring: overlapping marks get different lanes."""
        ends: list[int] = []
        lanes: dict[str, int] = {}
        for m in sorted(marks, key=lambda m: (not m.mine, m.start, -(m.end - m.start))):
            for lane, end in enumerate(ends):
                if end <= m.start:
                    ends[lane] = m.end
                    lanes[m.segment_id] = lane
                    break
            else:
                lanes[m.segment_id] = len(ends)
                ends.append(m.end)
        return lanes

    def _line_rects(self, blocks: list[tuple[QTextBlock, QRectF, int, int]], starts: list[int], mark: Mark) -> list[QRectF]:
        rects: list[QRectF] = []
        first = max(0, bisect_right(starts, mark.start) - 1)
        for block, brect, bpos, blen in blocks[first:]:
            if bpos >= mark.end:
                break
            if mark.start >= bpos + blen:
                continue
            a, b = max(mark.start, bpos) - bpos, min(mark.end, bpos + blen - 1) - bpos
            layout = block.layout()
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                ls, le = line.textStart(), line.textStart() + line.textLength()
                if b <= ls or a >= le and not (a == b == le):
                    continue
                x1 = line.cursorToX(max(a, ls))[0]
                x2 = line.cursorToX(min(b, le))[0]
                top = brect.top() + line.y()
                rects.append(QRectF(brect.left() + x1, top, max(1.0, x2 - x1), line.height()))
        return rects

    # -- painting --------------------------------------------------------------
    def _geometry(self) -> list[tuple[Mark, list[QRectF]]]:
        """The visible marks and their line rectangles, cached until scroll, resize or edit."""
        key = (self.verticalScrollBar().value(), self.viewport().size().toTuple(), self._version,
               self.document().revision(), self.contentOffset().toTuple())
        if self._geom_key == key:
            return self._geom
        blocks = self._visible_blocks()
        geometry: list[tuple[Mark, list[QRectF]]] = []
        if blocks and len(self.index):
            starts = [b[2] for b in blocks]
            last = blocks[-1]
            for mark in self.index.overlapping(blocks[0][2], last[2] + last[3]):
                geometry.append((mark, self._line_rects(blocks, starts, mark)))
        self._geom_key, self._geom = key, geometry
        return geometry

    def paintEvent(self, event: QPaintEvent) -> None:
        geometry = self._geometry()
        marks = [m for m, _ in geometry]
        if marks:
            p = QPainter(self.viewport())
            for mark, rects in geometry:
                if not mark.mine:
                    continue
                fill = QColor(mark.color)
                fill.setAlpha(FILL_ALPHA if mark.segment_id != self.selected_id else 110)
                for r in rects:
                    p.fillRect(r, fill)
            p.end()
        super().paintEvent(event)
        if not marks:
            return
        lanes = self._lanes(marks)
        p = QPainter(self.viewport())
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for mark, rects in geometry:
            color = QColor(mark.color)
            lane = lanes.get(mark.segment_id, 0)
            pen = QPen(color, 2)
            if not mark.mine:
                pen.setStyle(Qt.PenStyle.DashLine)
                pen.setDashPattern([3, 2])
            p.setPen(pen)
            for r in rects:
                y = r.bottom() - 1 - lane * LANE_GAP
                p.drawLine(QPoint(int(r.left()), int(y)), QPoint(int(r.right()), int(y)))
            if mark.segment_id == self.selected_id:
                p.setPen(QPen(color.darker(140), 1.5))
                for r in rects:
                    p.drawRect(r.adjusted(0, 0, -1, -1))
        p.end()

    def _paint_margin(self, bar: QWidget) -> None:
        geometry = self._geometry()
        if not geometry:
            return
        lanes = self._lanes([m for m, _ in geometry])
        p = QPainter(bar)
        dy = self.viewport().y() - bar.y()
        width = bar.width()
        for mark, rects in geometry:
            if not rects:
                continue
            lane = lanes.get(mark.segment_id, 0)
            x = width - 5 - lane * 5
            if x < 0:
                continue
            top, bottom = rects[0].top() + dy, rects[-1].bottom() + dy
            color = QColor(mark.color)
            if mark.mine:
                p.fillRect(QRectF(x, top + 1, 3, bottom - top - 2), color)
            else:
                p.setPen(QPen(color, 3, Qt.PenStyle.DotLine))
                p.drawLine(QPoint(int(x + 1), int(top + 1)), QPoint(int(x + 1), int(bottom - 2)))
        p.end()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self._margin.update()

    # -- input -------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if text and text in "123456789" and mods == Qt.KeyboardModifier.NoModifier:
            self.codeKeyPressed.emit(text)
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and mods == Qt.KeyboardModifier.NoModifier:
            self.deleteRequested.emit()
            event.accept()
            return
        if text == "`" or event.key() == Qt.Key.Key_QuoteLeft:
            self.cycleRequested.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            hits = self.my_marks_at(self.textCursor().position())
            if hits and self.textCursor().position() == hits[0].end:
                hits = []
            self.segmentClicked.emit(hits[0].segment_id if hits else "")

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            pos = self.viewport().mapFrom(self, event.pos())
            cur = self.cursorForPosition(pos)
            rect = self.cursorRect(cur)
            hits = self.index.at(cur.position())
            if not hits and cur.position() > 0 and pos.x() < rect.x():
                hits = self.index.at(cur.position() - 1)
            if hits and self.tooltip_provider is not None:
                QToolTip.showText(event.globalPos(), self.tooltip_provider(hits), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

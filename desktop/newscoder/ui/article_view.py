"""The article, read-only, with each segment drawn in its code's colour.

Painting never loops over all segments: the view asks its :class:`MarkIndex`
for the marks that touch the visible blocks only, and keeps their line
rectangles (:mod:`newscoder.ui.mark_geometry`) until the view scrolls or
resizes. An edit changes that geometry in place and repaints only the lines
it touched. Under the text it paints translucent fills (overlaps blend); over
it, stacked underlines, one lane per overlapping segment, in each code's colour
(others' segments: dashed, no fill, read-only), in the gap below the line
(:mod:`newscoder.ui.reading_layout` gives the line height and paragraph gaps).
A margin bar on the left repeats the lanes (the drawing: :mod:`newscoder.ui.mark_painter`).
All positions here are UTF-16 (Qt); conversion to code points happens in :mod:`newscoder.ui.offsets` only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QKeyCombination, QRect, Qt, Signal
from PySide6.QtGui import (QAction, QFont, QHelpEvent, QKeyEvent, QKeySequence, QMouseEvent, QPaintEvent, QPalette,
                           QResizeEvent, QTextBlock, QTextCursor, QTextDocument, QTextOption)
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QToolTip, QWidget

from newscoder.ui.edge_drag import EdgeDrag
from newscoder.ui.highlights import Mark, MarkIndex
from newscoder.ui.mark_geometry import Lines, VisibleBlock, VisibleGeometry, block_lines
from newscoder.ui.mark_painter import LANE_GAP, MarginBar, MarkPainter
from newscoder.ui.offsets import OffsetMap
from newscoder.ui.reading_layout import ReadingLayout
from newscoder.ui.snapping import word_at
from newscoder.ui.suggestion_marks import GhostLayer

READING_WIDTH = 720  # px: a comfortable line length (~75 characters)
GUTTER = 22
_FONT_CHANGE = QEvent.Type.FontChange
_PALETTE_CHANGE = QEvent.Type.PaletteChange
__all__ = ["GUTTER", "LANE_GAP", "READING_WIDTH", "ArticleView"]


class ArticleView(QPlainTextEdit):
    """Read-only article text with segment highlights.

    Its keys (code keys 1–9, Delete, `) are registry actions the window adds to it;
    a key event delivered straight to the view runs the same action.
    """

    segmentClicked = Signal(str)  # "" when the click hit no segment of mine
    selectedScrolledAway = Signal()  # the selected segment is no longer on screen
    boundaryDragged = Signal(str, str, int)  # segment id, "start" or "end", new UTF-16 position

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._geom: VisibleGeometry | None = None
        self._geom_at: tuple[object, ...] = ()
        self._lines: dict[int, Lines] = {}  # block number -> its laid-out lines
        self._lines_key: tuple[int, int] = (-1, -1)  # (document revision, viewport width)
        self._painter = MarkPainter(self)
        doc = QTextDocument(self)
        self.reading_layout = ReadingLayout(doc)
        doc.setDocumentLayout(self.reading_layout)
        self.setDocument(doc)
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
        self._set_spacing(font)
        self.setFont(font)
        self.document().setDocumentMargin(18)
        pal = self.palette()
        pal.setColor(QPalette.ColorRole.Window, pal.color(QPalette.ColorRole.Base))
        self.setPalette(pal)
        self.setAutoFillBackground(True)
        self.offsets = OffsetMap("")
        self._text = ""
        self.index = MarkIndex()
        self.selected_id: str | None = None
        self.tooltip_provider: Callable[[list[Mark]], str] | None = None
        #: suggestions drawn over the text as dotted outlines (View ▸ Suggestions), if any
        self.ghosts: GhostLayer | None = None
        self._margin = MarginBar(self, self._paint_margin)
        #: the snapped extent of the text selection (UTF-16), outlined before a key is pressed
        self.preview: tuple[int, int] | None = None
        self._drag = EdgeDrag(self)
        self._aligned: tuple[QWidget, ...] = ()
        self.setMouseTracking(True)

    # -- content -------------------------------------------------------------
    def set_article(self, text: str, marks: Iterable[Mark]) -> None:
        self.offsets = OffsetMap(text)
        self._text = text  # the stored text, in code points (double-click word selection)
        self.index = MarkIndex(marks)
        self.selected_id = None
        self._invalidate()
        self.setPlainText(text)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def set_marks(self, marks: Iterable[Mark]) -> None:
        self.index = MarkIndex(marks)
        if self.selected_id not in self.index:
            self.selected_id = None
        self._invalidate()

    def put_mark(self, mark: Mark) -> None:
        """Add or replace one mark; repaint only the lines it (and any lane it moved) covers."""
        self.index.add(mark)
        geom = self._current_geometry()
        if geom is None:
            self._invalidate()
        else:
            self._repaint_bands(geom.put(mark))

    def drop_mark(self, segment_id: str) -> None:
        self.index.remove(segment_id)
        if self.selected_id == segment_id:
            self.selected_id = None
        geom = self._current_geometry()
        if geom is None:
            self._invalidate()
        else:
            self._repaint_bands(geom.drop(segment_id))

    def _invalidate(self) -> None:
        """Forget the visible geometry and repaint everything."""
        self._geom = None
        self.viewport().update()
        self._margin.update()

    def _repaint_bands(self, bands: list[tuple[float, float]]) -> None:
        """Repaint horizontal bands (viewport y coordinates) of the viewport and the margin."""
        if not bands:
            return
        width = self.viewport().width()
        dy = self.viewport().y() - self._margin.y()
        mwidth = self._margin.width()
        below = self._slack
        for top, bottom in bands:
            y, h = int(top) - 2, int(bottom - top) + 3 + below
            self.viewport().update(QRect(0, y, width, h))
            self._margin.update(QRect(0, y + dy, mwidth, h))

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
        previous, self.selected_id = self.selected_id, segment_id
        mark = self.index.get(segment_id) if segment_id else None
        if mark is not None and scroll:
            cur = self.textCursor()
            cur.setPosition(mark.end)
            self.setTextCursor(cur)
            cur.setPosition(mark.start)
            self.setTextCursor(cur)
            self.centerCursor() if not self._visible(mark.start) else None
        geom = self._current_geometry()
        if geom is None:
            self._invalidate()
        elif previous != segment_id:
            self._repaint_bands(geom.band(previous) + geom.band(segment_id))

    def _visible(self, pos: int) -> bool:
        cur = QTextCursor(self.document())
        cur.setPosition(pos)
        rect = self.cursorRect(cur)
        return self.viewport().rect().contains(rect.center())

    def segment_visible(self, segment_id: str | None) -> bool:
        """Whether some of that segment is inside the viewport now."""
        mark = self.index.get(segment_id) if segment_id else None
        if mark is None:
            return False
        first, last = QTextCursor(self.document()), QTextCursor(self.document())
        first.setPosition(mark.start)
        last.setPosition(mark.end)
        return self.cursorRect(first).top() < self.viewport().height() and self.cursorRect(last).bottom() > 0

    def set_preview(self, span: tuple[int, int] | None) -> None:
        """Outline ``span`` (UTF-16), the extent a code key would code; ``None``: no outline."""
        if span == self.preview:
            return
        previous, self.preview = self.preview, span
        geom = self._current_geometry()
        if geom is None:
            self.viewport().update()
            return
        bands = []  # repaint only the lines of the old and the new outline (a key press stays cheap)
        for a, b in (x for x in (previous, span) if x is not None):
            rects = geom.rects(Mark("", a, b, "", "", "", True))
            if rects:
                bands.append((rects[0].top(), rects[-1].bottom()))
        self._repaint_bands(bands)

    def my_marks_at(self, pos: int) -> list[Mark]:
        return [m for m in self.index.at(pos) if m.mine]

    # -- layout ----------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        side = max(GUTTER + 8, (self.width() - READING_WIDTH) // 2)
        self.setViewportMargins(side, 0, max(8, side - GUTTER), 0)
        super().resizeEvent(event)
        self._margin.setGeometry(QRect(side - GUTTER, 0, GUTTER - 4, self.height()))
        inset = int(self.document().documentMargin())
        for widget in self._aligned:  # the title starts where the text does (top and bottom: main.qss)
            m = widget.contentsMargins()
            widget.setContentsMargins(side + inset, m.top(), max(8, side - GUTTER) + inset, m.bottom())

    def align_with(self, *widgets: QWidget) -> None:
        """Keep these widgets (the article title, its details) indented like the text column."""
        self._aligned = widgets
        for label in (w for w in widgets if isinstance(w, QLabel)):
            label.setIndent(0)  # else a styled label indents by half an "x"

    def _set_spacing(self, font: QFont) -> None:
        """Line spacing for ``font``, and where the underline lanes go (see ReadingLayout.lane_shifts)."""
        self.reading_layout.set_font(font)
        self._lane_shifts = self.reading_layout.lane_shifts(LANE_GAP)
        self._slack = 5 + int(self._lane_shifts[-1])  # px below a line that its underlines may reach

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == _PALETTE_CHANGE:
            self._painter.palette_changed()
        elif event.type() == _FONT_CHANGE:
            self._set_spacing(self.font())
            self._lines.clear()
            self._geom = None
        super().changeEvent(event)

    def _geom_key(self) -> tuple[object, ...]:
        return (self.verticalScrollBar().value(), self.viewport().width(), self.viewport().height(),
                self.document().revision(), self.contentOffset().toTuple())

    def _current_geometry(self) -> VisibleGeometry | None:
        """The cached geometry if it still matches what is on screen, else None."""
        if self._geom is not None and self._geom_at == self._geom_key():
            return self._geom
        return None

    def _block_lines(self, block: QTextBlock, layout_key: tuple[int, int]) -> Lines:
        if self._lines_key != layout_key:
            self._lines.clear()
            self._lines_key = layout_key
        number = block.blockNumber()
        lines = self._lines.get(number)
        if lines is None:
            lines = self._lines[number] = block_lines(block)
        return lines

    def _visible_blocks(self) -> list[VisibleBlock]:
        out: list[VisibleBlock] = []
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        height = self.viewport().height()
        layout_key = (self.document().revision(), self.viewport().width())
        while block.isValid():
            rect = self.blockBoundingGeometry(block).translated(offset)
            if rect.top() > height:
                break
            if block.isVisible():
                out.append(VisibleBlock(block, block.position(), block.length(), rect.left(), rect.top(),
                                        self._block_lines(block, layout_key)))
            block = block.next()
        return out

    def _geometry(self) -> VisibleGeometry:
        """The visible marks and their line rectangles, cached until scroll, resize or new marks."""
        key = self._geom_key()
        if self._geom is not None and self._geom_at == key:
            return self._geom
        geom = VisibleGeometry(self._visible_blocks())
        if geom.blocks and len(self.index):
            geom.fill(self.index.overlapping(geom.lo, geom.hi))
        self._geom, self._geom_at = geom, key
        return geom

    # -- painting (the drawing itself: MarkPainter) -------------------------------
    def _paint_preview(self, geom: VisibleGeometry) -> None:
        if self.preview is None or not geom.blocks:
            return
        a, b = self.preview
        rects = geom.rects(Mark("", a, b, "", "", "", True))
        if rects:
            self._painter.paint_outline(self.viewport(), rects)

    def paintEvent(self, event: QPaintEvent) -> None:
        geom = self._geometry()
        try:
            self._paint_body(geom, event)
        finally:  # over the text: the selection preview, then the suggestions' ghost marks
            self._paint_preview(geom)
            if self.ghosts is not None and len(self.ghosts) and geom.blocks:
                self.ghosts.paint(self.viewport(), geom, event.rect())

    def _paint_body(self, geom: VisibleGeometry, event: QPaintEvent) -> None:
        rect = event.rect()
        top, bottom = rect.top() - self._slack, rect.bottom() + 4
        items = [it for it in geom.items if it.rects and it.bottom >= top and it.top <= bottom]
        selected = self.selected_id
        if items:
            self._painter.paint_fills(self.viewport(), items, selected)
        super().paintEvent(event)
        if items:
            self._painter.paint_underlines(self.viewport(), items, geom.lanes, self._lane_shifts, selected)

    def _paint_margin(self, bar: QWidget, event: QPaintEvent) -> None:
        geom = self._geometry()
        if not geom.items:
            return
        dy = self.viewport().y() - bar.y()
        rect = event.rect()
        self._painter.paint_margin(bar, geom, dy, rect.top() - dy - 4, rect.bottom() - dy + 4)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self._margin.update()
        if self.selected_id and not self.segment_visible(self.selected_id):
            self.selectedScrolledAway.emit()  # no key may act on a segment one cannot see

    # -- input -------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A key that reached the view itself (not as a shortcut) runs the same registry action."""
        action = self._action_for(event)
        if action is not None:
            action.trigger()
            event.accept()
            return
        super().keyPressEvent(event)

    def _action_for(self, event: QKeyEvent) -> QAction | None:
        """The view's action (code key, Delete, `) whose shortcut is this key, if any."""
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        pressed = QKeySequence(QKeyCombination(mods, Qt.Key(event.key())))
        for action in self.actions():
            if action.isEnabled() and any(
                key.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch for key in action.shortcuts()
            ):
                return action
        return None

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Select the word under the mouse by the snapping rules ("10,000", "U.S.", "Un's"), not Qt's."""
        super().mouseDoubleClickEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        cp = self.offsets.to_cp(self.cursorForPosition(event.position().toPoint()).position())
        text = self._text
        found = word_at(text, cp) or (word_at(text, cp - 1) if cp > 0 else None)
        if found is not None:
            self.select_cp(*found)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._drag.press(event.position().toPoint()):
            event.accept()  # dragging the selected segment's start or end (edge_drag.py)
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag.move(event.position().toPoint(), buttons_up=not event.buttons()):
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._drag.release(event.position().toPoint()):
            event.accept()
            return
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

"""Where the visible marks are on screen: line rectangles and underline lanes.

:class:`VisibleGeometry` is built for one scroll position of the article view:
the visible blocks (with a per-block table of their laid-out lines, kept
across scrolls until the text or the width changes) and, for each mark that
touches them, its line rectangles. After an edit the view changes it in
place (:meth:`VisibleGeometry.put` / :meth:`VisibleGeometry.drop`) and gets
back the vertical band that must be repainted, instead of recomputing every
visible mark and repainting the whole viewport.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from PySide6.QtCore import QRectF
from PySide6.QtGui import QTextBlock

from newscoder.ui.highlights import Mark


@dataclass(slots=True)
class Lines:
    """The laid-out lines of one block, relative to the block: starts, ends, x extents, y, height."""

    starts: list[int]
    ends: list[int]
    x1: list[float]
    x2: list[float]
    y: list[float]
    h: list[float]


def block_lines(block: QTextBlock) -> Lines:
    layout = block.layout()
    out = Lines([], [], [], [], [], [])
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        ls = line.textStart()
        le = ls + line.textLength()
        out.starts.append(ls)
        out.ends.append(le)
        out.x1.append(line.cursorToX(ls)[0])
        out.x2.append(line.cursorToX(le)[0])
        out.y.append(line.y())
        out.h.append(line.height())
    return out


@dataclass(slots=True)
class VisibleBlock:
    block: QTextBlock
    pos: int
    length: int
    left: float
    top: float
    lines: Lines


@dataclass(slots=True)
class Item:
    """One visible mark: its rectangles (viewport coordinates) and their vertical extent."""

    mark: Mark
    rects: list[QRectF]
    top: float
    bottom: float


def _sort_key(item: Item) -> tuple[int, int, str]:
    return (item.mark.start, item.mark.end, item.mark.segment_id)


def lanes_of(marks: Iterable[Mark]) -> dict[str, int]:
    """Greedy interval colouring: overlapping marks get different lanes (mine first)."""
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


@dataclass
class VisibleGeometry:
    """The visible blocks and the rectangles of the marks touching them."""

    blocks: list[VisibleBlock]
    items: list[Item] = field(default_factory=list)
    by_id: dict[str, Item] = field(default_factory=dict)
    lanes: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._starts = [b.pos for b in self.blocks]
        self.lo = self.blocks[0].pos if self.blocks else 0
        self.hi = self.blocks[-1].pos + self.blocks[-1].length if self.blocks else 0

    def fill(self, marks: Iterable[Mark]) -> None:
        self.items = [self._item(m) for m in marks]
        self.by_id = {it.mark.segment_id: it for it in self.items}
        self.lanes = lanes_of(it.mark for it in self.items)

    def touches(self, mark: Mark) -> bool:
        return bool(self.blocks) and mark.start < self.hi and mark.end > self.lo

    def rects(self, mark: Mark) -> list[QRectF]:
        """The line rectangles of ``mark`` within the visible blocks."""
        out: list[QRectF] = []
        m_start, m_end = mark.start, mark.end
        k = bisect_right(self._starts, m_start) - 1
        for vb in self.blocks[k if k > 0 else 0:]:
            bpos = vb.pos
            if bpos >= m_end:
                break
            blen = vb.length
            if m_start >= bpos + blen:
                continue
            a = (m_start if m_start > bpos else bpos) - bpos
            b = (m_end if m_end < bpos + blen - 1 else bpos + blen - 1) - bpos
            lines = vb.lines
            starts, ends = lines.starts, lines.ends
            j = bisect_right(starts, a) - 1
            layout = None
            for i in range(j if j > 0 else 0, len(starts)):
                ls, le = starts[i], ends[i]
                if b <= ls and not (a == b == ls):
                    break
                if a >= le and not (a == b == le):
                    continue
                if a > ls:
                    layout = layout or vb.block.layout()
                    x1 = layout.lineAt(i).cursorToX(a)[0]
                else:
                    x1 = lines.x1[i]
                if b < le:
                    layout = layout or vb.block.layout()
                    x2 = layout.lineAt(i).cursorToX(b)[0]
                else:
                    x2 = lines.x2[i]
                w = x2 - x1
                out.append(QRectF(vb.left + x1, vb.top + lines.y[i], w if w > 1.0 else 1.0, lines.h[i]))
                if a == b:
                    break
        return out

    def _item(self, mark: Mark) -> Item:
        rects = self.rects(mark)
        if rects:
            return Item(mark, rects, rects[0].top(), rects[-1].bottom())
        return Item(mark, rects, 0.0, 0.0)

    # -- incremental changes: each returns the (top, bottom) bands to repaint ------
    def put(self, mark: Mark) -> list[tuple[float, float]]:
        bands = self._remove(mark.segment_id)
        if self.touches(mark):
            item = self._item(mark)
            self.items.append(item)
            self.items.sort(key=_sort_key)
            self.by_id[mark.segment_id] = item
            if item.rects:
                bands.append((item.top, item.bottom))
        return bands + self._relane()

    def drop(self, segment_id: str) -> list[tuple[float, float]]:
        bands = self._remove(segment_id)
        return bands + self._relane() if bands else bands

    def band(self, segment_id: str | None) -> list[tuple[float, float]]:
        item = self.by_id.get(segment_id) if segment_id else None
        return [(item.top, item.bottom)] if item is not None and item.rects else []

    def _remove(self, segment_id: str) -> list[tuple[float, float]]:
        item = self.by_id.pop(segment_id, None)
        if item is None:
            return []
        self.items.remove(item)
        return [(item.top, item.bottom)] if item.rects else []

    def _relane(self) -> list[tuple[float, float]]:
        """Recompute the lanes; the bands of the marks whose lane changed."""
        old, self.lanes = self.lanes, lanes_of(it.mark for it in self.items)
        return [
            (it.top, it.bottom)
            for it in self.items
            if it.rects and old.get(it.mark.segment_id) != self.lanes.get(it.mark.segment_id)
        ]

"""Line height and paragraph spacing for the article view.

``QPlainTextEdit``'s document layout ignores ``QTextBlockFormat`` margins and
line heights, and the text must stay exactly as stored (offsets are code
points into it), so the spacing is added to the layout instead of the text:

* each laid-out line is moved down by half the extra line height above it
  plus the full extra of the lines before it (CSS-style half-leading), so a
  line box is ``line_height`` times the font's line spacing;
* each block's bounding rectangle grows by the half-leading below its last
  line plus the paragraph gap, which moves the following blocks down.

The work happens when a block's layout is fresh (Qt lays blocks out lazily,
only those shown, and again after a width or font change): a few line moves
per block, never a loop over the document. Hit testing, the caret, selections
and the article view's marks all read the moved lines, so they stay aligned.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFont, QFontMetricsF, QTextBlock, QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout

#: line box as a multiple of the font's line spacing
LINE_HEIGHT = 1.45
#: gap between paragraphs as a multiple of the font's line spacing
PARAGRAPH_GAP = 0.55


class ReadingLayout(QPlainTextDocumentLayout):
    """A plain-text layout with comfortable line height and paragraph gaps."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.half = 0.0  # extra px above and below each line
        self.gap = 0.0  # extra px after each paragraph

    def set_font(self, font: QFont, line_height: float = LINE_HEIGHT, paragraph_gap: float = PARAGRAPH_GAP) -> None:
        """Spacing for this font (whole pixels, so text stays crisp)."""
        spacing = QFontMetricsF(font).lineSpacing()
        self.half = float(max(1, round(spacing * (line_height - 1) / 2)))
        self.gap = float(max(0, round(spacing * paragraph_gap)))

    def lane_shifts(self, lane_gap: int) -> list[float]:
        """Underline offsets from a line's bottom, one per lane that fits the gap below the line.

        Lane 0 sits on the bottom edge of the line; the next lanes go down into
        the gap between lines (as many as fit); the view stacks any further
        ones up into the line.
        """
        fit = max(0, int((2 * self.half - 2) // lane_gap))
        return [-1.0 + k * lane_gap for k in range(fit + 1)]

    def blockBoundingRect(self, block: QTextBlock) -> QRectF:
        rect = super().blockBoundingRect(block)  # lays the block out if needed
        half = self.half
        if not half or not block.isVisible():
            return rect
        layout = block.layout()
        n = layout.lineCount()
        if n and layout.lineAt(0).y() == 0.0:  # fresh from Qt: spread the lines once
            step = half + half
            for i in range(n):
                line = layout.lineAt(i)
                line.setPosition(QPointF(line.x(), line.y() + half + i * step))
            rect = super().blockBoundingRect(block)
        return rect.adjusted(0.0, 0.0, 0.0, half + self.gap)

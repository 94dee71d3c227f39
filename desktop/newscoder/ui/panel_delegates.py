"""How the tagging panel's rows are painted: codebook rows and segment rows, light and dark.

The delegates paint without the style (a swatch, the name, the key as a key cap; a segment's
code, span and text), in :class:`RowColors` for a light or a dark page.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from newscoder.ui.models.codebook import CODE_ID_ROLE, COUNT_ROLE, CodebookModel
from newscoder.ui.models.segments import INCOMPLETE_ROLE

_SELECTED, _HOVER = QStyle.StateFlag.State_Selected, QStyle.StateFlag.State_MouseOver
_ELIDE_RIGHT = Qt.TextElideMode.ElideRight
_LEFT_MIDDLE = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter
_BASE = QPalette.ColorRole.Base


class RowColors:
    """The panel's row colours for a light or a dark page (delegates paint without the style)."""

    def __init__(
        self, text: str, muted: str, selected: str, hover: str, rule: str, badge: str, badge_line: str
    ) -> None:
        self.text, self.muted = QColor(text), QColor(muted)
        self.selected, self.hover, self.rule = QColor(selected), QColor(hover), QColor(rule)
        self.badge, self.badge_line = QColor(badge), QColor(badge_line)


LIGHT_ROWS = RowColors("#23272E", "#5B626D", "#DCE8F5", "#F2F6FB", "#EEF0F2", "#F4F5F7", "#C9CED6")
DARK_ROWS = RowColors("#E3E6EA", "#A4ABB5", "#2D4560", "#2A3038", "#30353C", "#2C3138", "#4B525C")


def row_colors(option: QStyleOptionViewItem) -> RowColors:
    return DARK_ROWS if option.palette.color(_BASE).lightness() < 128 else LIGHT_ROWS


def _background(painter: QPainter, rect: QRect, state: QStyle.StateFlag, colors: RowColors, rule: bool = True) -> None:
    if state & _SELECTED:
        painter.fillRect(rect, colors.selected)
    elif state & _HOVER:
        painter.fillRect(rect, colors.hover)
    if rule:
        painter.setPen(QPen(colors.rule, 1))
        painter.drawLine(rect.left() + 8, rect.bottom(), rect.right() - 8, rect.bottom())


class CodeRowDelegate(QStyledItemDelegate):
    """A codebook row: colour swatch, name, and the code's key as a key cap on the right."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(120, option.fontMetrics.height() + 14)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        model = index.model()
        code = model.code(index.data(CODE_ID_ROLE)) if isinstance(model, CodebookModel) else None
        rect: QRect = option.rect
        colors = row_colors(option)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        _background(painter, rect, option.state, colors, index.row() < model.rowCount() - 1)
        depth = model.depth(code.id) if code is not None and isinstance(model, CodebookModel) else 0
        x, mid = rect.left() + 10 + 16 * depth, rect.center().y()  # a child code under its parent, indented
        if code is not None:
            painter.setPen(QPen(QColor(code.color).darker(130), 1))
            painter.setBrush(QColor(code.color))
            painter.drawRoundedRect(QRectF(x, mid - 6, 12, 12), 3, 3)
        x += 22
        metrics = option.fontMetrics
        right = rect.right() - 8
        count = index.data(COUNT_ROLE) or 0
        if code is not None and code.shortcut:
            cap_w = max(metrics.horizontalAdvance(code.shortcut) + 12, metrics.height() + 4)
            cap = QRectF(right - cap_w, mid - metrics.height() / 2 - 2, cap_w, metrics.height() + 4)
            painter.setPen(QPen(colors.badge_line, 1))
            painter.setBrush(colors.badge)
            painter.drawRoundedRect(cap, 4, 4)
            painter.setPen(colors.muted)
            painter.drawText(cap, _CENTER, code.shortcut)
            right = int(cap.left()) - 8
        if count:  # my segments of this code in this article
            text = str(count)
            width = metrics.horizontalAdvance(text)
            painter.setPen(colors.muted)
            painter.drawText(QRect(right - width, rect.top(), width, rect.height()), _LEFT_MIDDLE, text)
            right -= width + 8
        name = code.name if code is not None else (index.data(Qt.ItemDataRole.DisplayRole) or "")
        painter.setPen(colors.text)
        area = QRect(x, rect.top(), right - x, rect.height())
        painter.drawText(area, _LEFT_MIDDLE, metrics.elidedText(name, _ELIDE_RIGHT, area.width()))
        painter.restore()


class SegmentRowDelegate(QStyledItemDelegate):
    """Paints a segment as two lines: swatch + code name (+ memo mark), then the quote, elided.

    The segment list repaints its visible rows after every edit (the rows below
    the new one move); the generic item painting costs milliseconds per repaint,
    so this paints directly, with no per-item style layout.
    """

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        rect: QRect = option.rect
        colors = row_colors(option)
        painter.save()
        _background(painter, rect, option.state, colors)
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        head, sep, quote = text.partition(": ")
        if not sep:
            head, quote = "", text
        memo = quote.endswith(" ✎")
        if memo:
            quote = quote[:-2]
        metrics = option.fontMetrics
        line = metrics.height()
        top = rect.top() + (rect.height() - 2 * line - 2) // 2
        x = rect.left() + 10
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        if icon is not None:
            icon.paint(painter, QRect(x, top + (line - 12) // 2, 12, 12))
        painter.setFont(option.font)
        right = rect.right() - 8
        missing = index.data(INCOMPLETE_ROLE)
        if missing:  # said in words, not by colour alone
            mark = self.tr("◌ incomplete")
            width = metrics.horizontalAdvance(mark)
            painter.setPen(colors.muted)
            painter.drawText(QRect(right - width, top, width, line), _LEFT_MIDDLE, mark)
            right -= width + 8
        if memo:
            mark = self.tr("✎ memo")
            width = metrics.horizontalAdvance(mark)
            painter.setPen(colors.muted)
            painter.drawText(QRect(right - width, top, width, line), _LEFT_MIDDLE, mark)
            right -= width + 8
        painter.setPen(colors.text)
        head_font = QFont(option.font)
        head_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(head_font)
        painter.drawText(QRect(x + 20, top, right - x - 20, line), _LEFT_MIDDLE, head)
        painter.setFont(option.font)
        painter.setPen(colors.muted)
        area = QRect(x + 20, top + line + 2, rect.right() - 8 - x - 20, line)
        painter.drawText(area, _LEFT_MIDDLE, metrics.elidedText(quote, _ELIDE_RIGHT, area.width()))
        painter.restore()

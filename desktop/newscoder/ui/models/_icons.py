"""Small drawn icons shared by the models (colour swatches, status marks)."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from newscoder.core.records import Status


@lru_cache(maxsize=64)
def swatch(color: str, size: int = 14) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(QColor(color).darker(130), 1))
    p.setBrush(QColor(color))
    p.drawRoundedRect(QRectF(1.5, 1.5, size - 3, size - 3), 3, 3)
    p.end()
    return QIcon(pix)


@lru_cache(maxsize=8)
def status_icon(status: Status, size: int = 14) -> QIcon:
    """Empty circle (not started), half-filled (in progress), check (done)."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    grey, green = QColor("#8A8F98"), QColor("#2E7D4F")
    r = QRectF(2, 2, size - 4, size - 4)
    if status == Status.DONE:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(green)
        p.drawEllipse(r)
        path = QPainterPath(QPointF(size * 0.3, size * 0.52))
        path.lineTo(QPointF(size * 0.45, size * 0.67))
        path.lineTo(QPointF(size * 0.72, size * 0.36))
        p.setPen(QPen(QColor("white"), 1.6))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
    else:
        p.setPen(QPen(grey, 1.3))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(r)
        if status == Status.IN_PROGRESS:
            p.setBrush(QColor("#C98A1B"))
            p.setPen(Qt.PenStyle.NoPen)
            p.drawPie(r, 90 * 16, 180 * 16)
    p.end()
    return QIcon(pix)

"""Render the app icon's PNG sizes from its SVG with Qt's SVG renderer.

    .venv/bin/python packaging/render_icons.py

writes ``resources/icons/hicolor/<N>x<N>/apps/org.newscoder.Newscoder.png`` for every
size in :data:`SIZES` (the freedesktop icon-theme layout, so the tree can be copied
straight into ``~/.local/share/icons/hicolor``). The PNGs are committed; run this
again after changing the SVG.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
ICON_ID = "org.newscoder.Newscoder"
SVG = REPO / "resources" / "icons" / f"{ICON_ID}.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def png_path(size: int, root: Path = REPO / "resources" / "icons") -> Path:
    return root / "hicolor" / f"{size}x{size}" / "apps" / f"{ICON_ID}.png"


def render(svg: Path, size: int) -> QImage:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (fonts, plugins)
    for size in SIZES:
        target = png_path(size)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(SVG, size).save(str(target), "PNG"):
            raise SystemExit(f"render_icons: could not write {target}")
        print(target.relative_to(REPO))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

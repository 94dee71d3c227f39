"""The application's icon and desktop id (imported by the app and by its windows)."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from newscoder.core import paths

APP_ID = "org.newscoder.Newscoder"


def app_icon() -> QIcon:
    """The application icon: the SVG (crisp at any scale) plus the PNG sizes of the hicolor theme."""
    icons = paths.resources_dir() / "icons"
    svg = icons / f"{APP_ID}.svg"
    icon = QIcon(str(svg)) if svg.is_file() else QIcon()  # the SVG engine first: scales to any size
    for png in sorted((icons / "hicolor").glob(f"*/apps/{APP_ID}.png")):
        icon.addFile(str(png))
    return icon

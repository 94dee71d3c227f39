"""Remembering the window: geometry, splitters, toggles and the last article per project."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QRect, QSize
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QSplitter

from newscoder.core import settings

LAST_ARTICLES = "last_articles"
MAX_REMEMBERED = 50


def _b64(data: QByteArray) -> str:
    return base64.b64encode(bytes(data.data())).decode("ascii")


def _unb64(text: Any) -> QByteArray | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        return QByteArray(base64.b64decode(text))
    except ValueError:
        return None


#: the first window's size on a large screen
PREFERRED = QSize(1280, 800)


def fitted_geometry(available: QRect, preferred: QSize = PREFERRED) -> QRect:
    """The first window's geometry: ``preferred`` or less, inside the screen's available area (without the
    panels), centred. A 1366×768 laptop keeps the status bar ("Saved", "Not saved") on screen."""
    width = min(preferred.width(), available.width())
    height = min(preferred.height(), available.height())
    rect = QRect(0, 0, width, height)
    rect.moveCenter(available.center())
    return rect


def fit_to_screen(window: QMainWindow) -> None:
    """Size ``window`` to its screen's available geometry (allowing for the window frame)."""
    screen = window.screen()
    if screen is None:
        window.resize(PREFERRED)
        return
    available = screen.availableGeometry()
    frame = window.frameGeometry().size() - window.geometry().size()  # (0, 0) until shown on most platforms
    margin = QSize(max(frame.width(), 8), max(frame.height(), 32))  # a title bar the platform adds later
    inner = QRect(available.topLeft(), available.size() - margin)
    window.setGeometry(fitted_geometry(inner))


class WindowState:
    """The window's remembered state, kept in :mod:`newscoder.core.settings`."""

    def __init__(self, window: QMainWindow, splitter: QSplitter, snap: QAction) -> None:
        self.window, self.splitter, self.snap = window, splitter, snap
        self.project_path: Path | None = None

    def _project_key(self) -> str | None:
        return str(self.project_path.resolve()) if self.project_path is not None else None

    def remember_article(self, document_id: str) -> None:
        key = self._project_key()
        if key is None:
            return
        last = settings.get(LAST_ARTICLES)
        if isinstance(last, dict) and last.get(key) == document_id:
            return

        def change(data: dict[str, Any]) -> None:  # re-read under the lock: other windows' entries stay
            found = data.get(LAST_ARTICLES)
            found = dict(found) if isinstance(found, dict) else {}
            found.pop(key, None)
            found[key] = document_id
            data[LAST_ARTICLES] = dict(list(found.items())[-MAX_REMEMBERED:])

        settings.modify(change)

    def remembered_article(self) -> str | None:
        key = self._project_key()
        last = settings.get(LAST_ARTICLES, {})
        found = last.get(key) if key and isinstance(last, dict) else None
        return found if isinstance(found, str) else None

    def save(self) -> None:
        data: dict[str, Any] = {}
        data["ui_geometry"] = _b64(self.window.saveGeometry())
        data["ui_state"] = _b64(self.window.saveState())
        data["ui_splitter"] = _b64(self.splitter.saveState())
        data["ui_snap_to_words"] = self.snap.isChecked()
        settings.update(data)  # only these keys: other windows' settings stay

    def restore(self) -> bool:
        """Restore geometry and splitters; False if nothing was saved."""
        data = settings.load()
        geometry = _unb64(data.get("ui_geometry"))
        if geometry is None:
            return False
        self.window.restoreGeometry(geometry)
        screen = self.window.screen()
        if screen is not None:  # saved on a larger screen: never larger than this one
            available = screen.availableGeometry()
            if not available.contains(self.window.frameGeometry()):
                fit_to_screen(self.window)
        state = _unb64(data.get("ui_state"))
        if state is not None:
            self.window.restoreState(state)
        splitter = _unb64(data.get("ui_splitter"))
        if splitter is not None:
            self.splitter.restoreState(splitter)
        if isinstance(data.get("ui_snap_to_words"), bool):
            self.snap.setChecked(data["ui_snap_to_words"])
        return True

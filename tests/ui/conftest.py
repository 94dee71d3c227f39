"""UI fixtures: a real project file and a real main window, cleaned up after (and checked for leaks)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from newscoder.core import settings
from newscoder.core.store import Project
from tests.fixtures import make_project

if TYPE_CHECKING:
    from newscoder.ui.main_window import MainWindow


class WindowFactory(Protocol):
    def __call__(self, project: Project | None = None, coder: str = "Alice",
                 articles: dict[str, str] | None = None, restore: bool = False) -> MainWindow: ...


def top_levels() -> list[QWidget]:
    """The application's live top-level widgets (windows, dialogs, menus)."""
    return [w for w in QApplication.topLevelWidgets() if shiboken6.isValid(w)]


def leaked_widgets(before: list[QWidget]) -> list[QWidget]:
    """Top-level widgets made since ``before`` that are still alive once deferred deletes ran."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()
    return [w for w in top_levels() if all(w is not b for b in before)]


@pytest.fixture
def main_window(qtbot: QtBot, tmp_path: Path) -> Iterator[WindowFactory]:
    """Factory: ``main_window(project=None, coder="Alice", articles=None)`` -> a shown MainWindow.

    After the test every window is closed and deleted; any top-level widget made during
    the test that is still alive then (a dialog, a message box or a menu that outlived
    its window) fails the test.
    """
    from newscoder.ui.main_window import MainWindow

    made: list[MainWindow] = []
    before = top_levels()

    def factory(project: Project | None = None, coder: str = "Alice", articles: dict[str, str] | None = None,
                restore: bool = False) -> MainWindow:
        if project is None:
            project = make_project(tmp_path / f"study{len(made)}.newscoder", articles)
        settings.put("coder_name", coder)
        window = MainWindow(project, coder, interactive=False)
        if not (restore and window.restore_state()):
            window.resize(1200, 760)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        return window

    yield factory
    for window in made:
        window.close()
        if window.project is not None:
            window.project.close()
        window.deleteLater()
    leaked = leaked_widgets(before)
    for widget in leaked:  # do not let one test's leftovers reach the next
        widget.close()
    assert not leaked, f"widgets outlived their window: {[type(w).__name__ for w in leaked]}"

"""UI fixtures: a real project file and a real main window, cleaned up after."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newscoder.core import settings
from newscoder.core.store import Project

from uihelp import make_project  # noqa: E402


@pytest.fixture
def main_window(qtbot, tmp_path: Path) -> Iterator[Callable[..., object]]:  # type: ignore[no-untyped-def]
    """Factory: ``main_window(project=None, coder="Alice", articles=None)`` -> shown MainWindow."""
    from newscoder.ui.main_window import MainWindow

    made: list[MainWindow] = []

    def factory(project: Project | None = None, coder: str = "Alice", articles: dict[str, str] | None = None,
                restore: bool = False) -> MainWindow:
        if project is None:
            project = make_project(tmp_path / f"study{len(made)}.newscoder", articles)
        settings.put("coder_name", coder)
        window = MainWindow(project, coder, interactive=False)
        qtbot.addWidget(window)
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

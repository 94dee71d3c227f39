"""The window's start-up with a hostile last project: a message, not a crash at every start.

On 944c888 a project holding a 100,000-character title opened (the window opens
without the integrity check) and was drawn: 4 GB of memory, and at 100 MB a
segfault at every start, since the window reopens the last project. Now the
file is refused before anything is drawn; the start-up shows the reason and
falls back to the default project.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from newscoder.core import settings
from newscoder.ui.app import open_start_project
from tests.conftest import REPO
from tests.ui.dialog_fixtures import ModalAnswerer

HOSTILE = REPO / "tests" / "data" / "hostile" / "projects"


def test_last_project_with_a_huge_title_is_refused_at_start(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "study.newscoder"
    path.write_bytes((HOSTILE / "long_title.newscoder").read_bytes())
    settings.note_project_opened(path)

    def choose_default(widget: QWidget) -> None:
        assert isinstance(widget, QMessageBox), widget
        next(b for b in widget.buttons() if b.text() == "Open the default project").click()

    answerer = ModalAnswerer(choose_default)
    try:
        project = open_start_project(None)
    finally:
        answerer.stop()
    assert project is not None
    try:
        assert project.path != path
        assert len(answerer.texts) == 1
        assert "title is longer than 1,000 characters" in answerer.texts[0]
        assert str(path) in answerer.texts[0]
    finally:
        project.close()

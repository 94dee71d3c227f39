"""Issue 11, item 3 in the window: File ▸ Export … onto the open project (or its -wal) is refused
with a message, through the same core output helper as the CLI; the project file is never opened
by the test (only stat'ed) and keeps every segment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from newscoder.ui import file_dialogs
from newscoder.ui.actions import ActionId
from tests.fixtures import add_segment
from tests.ui.dialog_fixtures import ModalAnswerer


def close_it(widget: QWidget) -> None:
    if isinstance(widget, QMessageBox):
        widget.defaultButton().click() if widget.defaultButton() else widget.close()
    else:
        widget.close()


@pytest.mark.parametrize("action", [ActionId.EXPORT_SEGMENTS, ActionId.EXPORT_CODEBOOK, ActionId.EXPORT_QDPX])
@pytest.mark.parametrize("which", ["project", "wal"])
def test_export_onto_the_open_project_is_refused(main_window, monkeypatch, action: ActionId,  # type: ignore[no-untyped-def]
                                                 which: str) -> None:
    w = main_window()
    add_segment(w.project, w.document_id, "claim", "Alice", 0, 6)
    path = Path(w.project.path)
    target = path if which == "project" else path.with_name(path.name + "-wal")
    before = os.stat(path)
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: str(target))
    answerer = ModalAnswerer(close_it)
    try:
        w.action(action).trigger()
    finally:
        answerer.stop()
    assert any("input" in t for t in answerer.texts), answerer.texts
    after = os.stat(path)
    assert (after.st_ino, after.st_size) == (before.st_ino, before.st_size)
    assert len(w.project.segments()) == 1
    assert w.project.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"

"""Issue 11 item 12 in the window: Undo after another program deleted the code is refused ("Not saved")."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from newscoder.ui.actions import ActionId

RELIABILITY = Path(__file__).resolve().parents[1] / "reliability"


def test_undo_refuses_to_bring_back_a_segment_on_a_deleted_code(main_window) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    cursor = QTextCursor(w.view.document())
    cursor.setPosition(0)
    cursor.setPosition(6, QTextCursor.MoveMode.KeepAnchor)
    w.view.setTextCursor(cursor)
    QTest.keyClick(w.view, Qt.Key.Key_1)  # code 1 ("claim")
    segment_id = w.coding.last_coded  # the segment just coded (a new coding leaves none selected)
    code_id = w.project.segment(segment_id).code_id
    code_name = w.project.code(code_id).name
    w.view.setFocus()
    w.select_segment(segment_id)  # as a click on it: Delete acts on the selected segment
    QTest.keyClick(w.view, Qt.Key.Key_Delete)
    assert w.project.segment(segment_id).deleted_at is not None
    done = subprocess.run([sys.executable, str(RELIABILITY / "other_program.py"), str(w.project.path),
                           "--delete-code", code_name], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    w.action(ActionId.UNDO).trigger()
    assert w.saved_label.text() == "Not saved"
    assert "code was deleted" in w.last_failure
    assert w.project.segment(segment_id).deleted_at is not None  # not resurrected
    assert w.project.code_by_name(code_name) is None  # the code stays deleted too

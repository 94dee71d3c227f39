"""The open window shows what another process wrote (a second real connection), and warns about network drives."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from newscoder.core import edits, projectfile
from newscoder.core.store import Project
from newscoder.ui.watcher import ExternalChanges, ProjectWatcher

from tests.fixtures import add_segment, make_project


@pytest.fixture
def shared(tmp_path: Path):  # type: ignore[no-untyped-def]
    """(path, window-side project): a second connection is opened by each test."""
    path = tmp_path / "shared.newscoder"
    return path, make_project(path)


def test_watcher_sees_only_other_connections(shared, qtbot) -> None:  # type: ignore[no-untyped-def]
    path, project = shared
    watcher = ProjectWatcher(interval_ms=20)
    watcher.watch(project)
    add_segment(project, project.documents()[0].id, "claim", "me", 0, 5)  # our own write
    assert not watcher.poll()
    with Project.open(path) as other:
        add_segment(other, other.documents()[0].id, "claim", "bob", 0, 5)
    with qtbot.waitSignal(watcher.changed, timeout=3000):
        pass
    watcher.stop()
    project.close()


def test_window_shows_a_segment_and_article_written_elsewhere(shared, main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    path, project = shared
    w = main_window(project=project)
    doc = w.document_id
    mine = add_segment(w.project, doc, "claim", "Alice", 0, 6)
    w.refresh_all()
    w.select_segment(mine)
    w.view.verticalScrollBar().setValue(0)
    stack_before = w.controller.stack.count()
    with Project.open(path) as other:
        theirs = add_segment(other, doc, "denial", "Alice", 7, 12)  # same coder, e.g. from the CLI
        other.add_document("Delta arrives from elsewhere.", "Delta item", source="Wire")
    qtbot.waitUntil(lambda: theirs in w.view.index, timeout=5000)
    assert w.segment_model.row_of(theirs) >= 0 and w.segment_model.rowCount() == 2
    assert w.articles.rowCount() == 4
    assert w.document_id == doc and w.view.selected_id == mine  # selection kept
    assert w.controller.stack.count() == stack_before  # the undo stack is not disturbed
    assert "another program" in w.statusBar().currentMessage()


def test_a_deleted_segment_disappears(shared, main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    path, project = shared
    w = main_window(project=project)
    seg = add_segment(w.project, w.document_id, "claim", "Alice", 0, 6)
    w.refresh_all()
    assert seg in w.view.index
    with Project.open(path) as other:
        edits.apply(other, edits.delete_segment(other, seg))
    qtbot.waitUntil(lambda: seg not in w.view.index, timeout=5000)
    assert w.segment_model.rowCount() == 0


def test_undo_of_a_row_changed_elsewhere_fails_clearly(shared, main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    path, project = shared
    w = main_window(project=project)
    claim = w.project.code_by_name("claim")
    edit = edits.add_segment(w.project, w.document_id, claim.id, w.coder_id, 0, 6, coder_name=w.coder_name)
    w.controller.push(edit)
    seg = edit.touched("segments")[0]["id"]
    with Project.open(path) as other:
        edits.apply(other, edits.set_segment_memo(other, seg, "changed by Bob's script"))
    qtbot.waitUntil(lambda: w.segment_model.segment(seg) is not None and w.segment_model.segment(seg).memo != "",
                    timeout=5000)
    with qtbot.waitSignal(w.controller.failed):
        w.undo()
    assert w.project.segment(seg) is not None  # nothing was undone behind Bob's back
    assert "Not saved" in w.saved_label.text()
    assert w.last_failure and w.last_failure in w.statusBar().currentMessage()


def test_refresh_waits_while_a_memo_is_typed(shared, main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    path, project = shared
    w = main_window(project=project)
    seg = add_segment(w.project, w.document_id, "claim", "Alice", 0, 6)
    w.refresh_all()
    w.select_segment(seg)
    w.activateWindow()
    w.panel.memo.setFocus()
    qtbot.waitUntil(w.panel.memo.hasFocus)
    w.panel.memo.setText("half-typed")
    with Project.open(path) as other:
        theirs = add_segment(other, w.document_id, "denial", "Alice", 7, 12)
    w.external.refresh()
    assert theirs not in w.view.index and w.panel.memo.text() == "half-typed"
    w.article_list.setFocus()  # leaving the memo saves it; the refresh then goes through
    qtbot.waitUntil(lambda: theirs in w.view.index, timeout=5000)
    assert w.project.segment(seg).memo == "half-typed"


def test_network_share_warned_once(tmp_path: Path, main_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(projectfile, "network_filesystem", lambda path, mounts_text=None: "nfs4")
    monkeypatch.setattr(ExternalChanges, "_network_warned", set())
    w = main_window()
    qtbot.waitUntil(lambda: any(b.objectName() == "networkWarning" and b.isVisible()
                                for b in QApplication.topLevelWidgets() if isinstance(b, QMessageBox)))
    assert "network drive (nfs4)" in w.statusBar().currentMessage()
    assert "Merge coder project" in w.external._network_box.text()
    w.external._network_box.close()
    assert w.external.warn_if_network(w.project.path) is None  # once per project


def test_local_disk_not_warned(main_window) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    assert w.external.network_message(w.project.path) is None
    assert getattr(w.external, "_network_box", None) is None


def test_a_title_changed_elsewhere_reaches_the_header(shared, main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    path, project = shared
    w = main_window(project=project)
    doc = w.document_id
    text_before = w.view.toPlainText()
    with Project.open(path) as other:
        edits.apply(other, edits.update_document(other, doc, title="Renamed elsewhere"))
    qtbot.waitUntil(lambda: w.title_label.text() == "Renamed elsewhere", timeout=5000)
    assert w.document_id == doc and w.view.toPlainText() == text_before
    assert w.articles.article(doc).title == "Renamed elsewhere"  # type: ignore[union-attr]

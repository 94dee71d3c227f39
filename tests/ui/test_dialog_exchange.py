"""File menu exchange actions: background work, preview/confirm for merges, reports, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from newscoder.core.store import Project
from newscoder.ui.dialogs.exchange_actions import (
    ReportDialog, run_export_codebook, run_export_copy, run_export_qdpx, run_import_codebook, run_import_qdpx,
    run_merge,
)
from tests.ui.dialog_fixtures import ModalAnswerer
from tests.fixtures import add_segment, make_project


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "x.newscoder", 2, source=None, coders=("alice", "bob"))
    path = project.path
    project.close()
    return path


def reports(answerer: ModalAnswerer) -> list[str]:
    return [w.text.toPlainText() for w in answerer.seen if isinstance(w, ReportDialog)]


def test_copy_then_merge_with_preview(project_path: Path, tmp_path: Path, qtbot) -> None:
    copy_path = tmp_path / "carol.newscoder"
    answerer = ModalAnswerer()
    copy = run_export_copy(None, project_path, copy_path, "carol")
    assert copy is not None and copy_path.exists() and copy.documents == 2
    with Project.open(copy_path) as copy_project:
        doc = copy_project.documents()[0]
        add_segment(copy_project, doc.id, "claim", "carol", 0, 9)
    merged = run_merge(None, project_path, [copy_path])
    answerer.stop()
    assert merged is not None and merged[0].by_coder["carol"].added == 1
    texts = reports(answerer)
    assert "Wrote" in texts[0]
    assert texts[1].startswith("Would merge")  # the preview, accepted with Merge
    assert texts[2].startswith("Merged")
    with Project.open(project_path) as project:
        assert len(project.segments(coder_id=project.coder_by_name("carol").id)) == 1


def test_cancelled_preview_changes_nothing(project_path: Path, tmp_path: Path, qtbot) -> None:
    copy_path = tmp_path / "dan.newscoder"
    answerer = ModalAnswerer()
    run_export_copy(None, project_path, copy_path, "dan")
    with Project.open(copy_path) as copy_project:
        add_segment(copy_project, copy_project.documents()[0].id, "denial", "dan", 0, 9)
    answerer.stop()

    def cancel(widget: QWidget) -> None:
        assert isinstance(widget, ReportDialog)
        widget.reject()

    answerer = ModalAnswerer(cancel)
    assert run_merge(None, project_path, [copy_path]) is None
    answerer.stop()
    with Project.open(project_path) as project:
        assert project.coder_by_name("dan") is None or not project.segments(coder_id=project.coder_by_name("dan").id)


def test_merging_a_project_into_itself_is_refused(project_path: Path, qtbot) -> None:
    answerer = ModalAnswerer()
    assert run_merge(None, project_path, [project_path]) is None
    answerer.stop()
    assert isinstance(answerer.seen[0], QMessageBox)
    assert "into itself" in answerer.texts[0]


def test_copy_onto_an_existing_file_is_refused(project_path: Path, tmp_path: Path, qtbot) -> None:
    target = tmp_path / "exists.newscoder"
    target.write_text("x", encoding="utf-8")
    answerer = ModalAnswerer()
    assert run_export_copy(None, project_path, target, "erin") is None
    answerer.stop()
    assert "already exists" in answerer.texts[0]


def test_codebook_round_trip(project_path: Path, tmp_path: Path, qtbot) -> None:
    from newscoder.core import codebook, edits

    with Project.open(project_path) as project:
        edits.apply(project, codebook.add_code(project, "speculation"))
    qdc = tmp_path / "book.qdc"
    other = Project.create(tmp_path / "other.newscoder")
    other_path = other.path
    other.close()
    answerer = ModalAnswerer()
    assert run_export_codebook(None, project_path, qdc) is not None
    report = run_import_codebook(None, other_path, qdc)
    answerer.stop()
    assert report is not None and report.added == ["speculation"]
    assert any("Imported the codebook" in t for t in reports(answerer))
    with Project.open(other_path) as project:
        assert project.code_by_name("speculation") is not None


def test_bad_codebook_shows_a_clear_error(project_path: Path, tmp_path: Path, qtbot) -> None:
    bad = tmp_path / "bad.qdc"
    bad.write_text("<not really xml", encoding="utf-8")
    answerer = ModalAnswerer()
    assert run_import_codebook(None, project_path, bad) is None
    answerer.stop()
    assert isinstance(answerer.seen[0], QMessageBox)
    assert "bad.qdc" in answerer.texts[0]


def test_qdpx_round_trip(project_path: Path, tmp_path: Path, qtbot) -> None:
    with Project.open(project_path) as project:
        add_segment(project, project.documents()[0].id, "claim", "alice", 0, 9)
    qdpx = tmp_path / "study.qdpx"
    target = Project.create(tmp_path / "target.newscoder")
    target_path = target.path
    target.close()
    answerer = ModalAnswerer()
    assert run_export_qdpx(None, project_path, qdpx) is not None
    report = run_import_qdpx(None, target_path, qdpx)
    answerer.stop()
    assert report is not None
    with Project.open(target_path) as project:
        assert len(project.documents()) == 2
        assert len(project.segments()) == 1

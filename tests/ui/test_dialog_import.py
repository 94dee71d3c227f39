"""The import dialog: real files off the UI thread, a summary listing every failure."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from newscoder.core.importers import ImportResult
from newscoder.core.store import Project
from newscoder.ui.dialogs.import_dialog import (
    ImportProblemsModel, ImportSummaryDialog, file_filter, run_import, summary_text,
)
from tests.conftest import SAMPLE_ARTICLES
from tests.ui.dialog_fixtures import ModalAnswerer


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(SAMPLE_ARTICLES, folder)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "broken.docx").write_bytes(b"this is not a zip")
    return folder


def summaries(answerer: ModalAnswerer) -> list[ImportSummaryDialog]:
    return [w for w in answerer.seen if isinstance(w, ImportSummaryDialog)]


def test_import_folder_lists_failures(qtbot, tmp_path: Path, articles: Path, qtmodeltester) -> None:
    project_path = tmp_path / "x.newscoder"
    Project.create(project_path).close()
    rows: list[list[str]] = []

    def inspect(widget: QWidget) -> None:
        assert isinstance(widget, ImportSummaryDialog)
        qtmodeltester.check(widget.model)
        model = widget.model
        for r in range(model.rowCount()):
            rows.append([model.data(model.index(r, c)) for c in range(3)])
        rows.append([widget.summary.text()])
        widget.accept()

    answerer = ModalAnswerer(inspect)
    result = run_import(None, project_path, [articles, tmp_path / "missing.txt"])
    answerer.stop()
    assert result is not None
    assert len(result.imported) == 5
    assert {p.name for p, _ in result.failed} == {"empty.txt", "broken.docx", "missing.txt"}
    names = {r[0]: r for r in rows[:-1]}
    assert set(names) == {"empty.txt", "broken.docx", "missing.txt"}
    assert all(r[1] == "Not imported" and r[2] for r in names.values())
    assert "no such file" in names["missing.txt"][2]
    assert rows[-1] == ["Imported 5 article(s); 0 duplicate(s) skipped; 3 file(s) failed."]
    with Project.open(project_path) as project:
        assert len(project.documents()) == 5


def test_second_import_reports_duplicates(qtbot, tmp_path: Path) -> None:
    project_path = tmp_path / "x.newscoder"
    Project.create(project_path).close()
    answerer = ModalAnswerer()
    run_import(None, project_path, [SAMPLE_ARTICLES])
    again = run_import(None, project_path, [SAMPLE_ARTICLES])
    answerer.stop()
    assert again is not None and len(again.duplicates) == 5 and not again.imported
    last = summaries(answerer)[-1]
    model = last.model
    assert model.rowCount() == 5
    assert {model.data(model.index(r, 1)) for r in range(5)} == {"Duplicate"}
    assert "already in the project as" in model.data(model.index(0, 2))


def test_unopenable_project_shows_the_error_and_returns_none(qtbot, tmp_path: Path) -> None:
    bad = tmp_path / "bad.newscoder"
    bad.write_text("not sqlite at all", encoding="utf-8")
    answerer = ModalAnswerer()
    assert run_import(None, bad, [SAMPLE_ARTICLES]) is None
    answerer.stop()
    assert len(answerer.seen) == 1 and isinstance(answerer.seen[0], QMessageBox)
    assert str(bad) in answerer.texts[0] or "bad.newscoder" in answerer.texts[0]


def test_no_paths_does_nothing(qtbot, tmp_path: Path) -> None:
    assert run_import(None, tmp_path / "x.newscoder", []) is None


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        (ImportResult(), "Imported 0 article(s); 0 duplicate(s) skipped; 0 file(s) failed."),
        (ImportResult(failed=[(Path("a.txt"), "empty")], cancelled=True), "cancelled"),
    ],
)
def test_summary_text(result: ImportResult, expected: str, qtbot) -> None:
    assert expected in summary_text(result)


def test_clean_import_hides_the_table(qtbot, qtmodeltester) -> None:
    dialog = ImportSummaryDialog(ImportResult())
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.table.isVisible()
    qtmodeltester.check(dialog.model)


def test_problem_tooltip_is_the_full_path(qtbot) -> None:
    model = ImportProblemsModel(ImportResult(failed=[(Path("/data/in/a.pdf"), "encrypted PDF")]))
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) == str(Path("/data/in/a.pdf"))
    assert model.data(model.index(0, 2)) == "encrypted PDF"


def test_file_filter_names_every_supported_type(qtbot) -> None:
    for suffix in (".txt", ".md", ".html", ".docx", ".pdf"):
        assert f"*{suffix}" in file_filter()

"""File ▸ Import articles…: pick files or a folder, import off the UI thread, report.

:func:`run_import` imports in a worker thread (its own project connection)
behind a cancellable progress dialog, then shows :class:`ImportSummaryDialog`:
the counts, and a table of every file that was not imported and why.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableView,
    QVBoxLayout, QWidget,
)

from newscoder.core.errors import UserError
from newscoder.core.importers import SUPPORTED_SUFFIXES, ImportResult, import_paths
from newscoder.core.store import Project
from newscoder.ui import file_dialogs
from newscoder.ui.models.import_problems import ImportProblemsModel
from newscoder.ui.background import run_with_progress, show_error
from newscoder.ui.plain import label as label_plain

def tr(text: str) -> str:
    return QCoreApplication.translate("ImportDialog", text)


def import_worker(
    project_path: Path,
    paths: list[Path],
    *,
    progress: Callable[[int, int, str], None],
    cancelled: Callable[[], bool],
) -> ImportResult:
    """Runs in the worker thread: its own connection to the project."""
    with Project.open(project_path) as project:
        return import_paths(project, paths, progress=progress, cancelled=cancelled)


def summary_text(result: ImportResult) -> str:
    text = tr("Imported {imported} article(s); {duplicates} duplicate(s) skipped; {failed} file(s) failed.").format(
        imported=len(result.imported), duplicates=len(result.duplicates), failed=len(result.failed))
    if result.publications:  # the same text from another outlet: kept as another publication, not dropped
        text += " " + tr("{n} file(s) held a text already here with another title, outlet or date: added as "
                         "another publication of it (the text is coded once).").format(n=len(result.publications))
    if result.cancelled:
        text += " " + tr("The import was cancelled; the articles read before that were kept.")
    return text


class ImportSummaryDialog(QDialog):
    """What an import did, with a table of the files that were not imported."""

    def __init__(self, result: ImportResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.import_result = result
        self.setWindowTitle(tr("Import finished"))
        layout = QVBoxLayout(self)
        self.summary = label_plain(summary_text(result))
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.model = ImportProblemsModel(result, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnsToContents()
        self.table.setAccessibleName(tr("Files not imported"))
        if self.model.rowCount():
            label = QLabel(tr("&Files not imported or added as publications:") if result.publications
                           else tr("&Files not imported:"))
            label.setBuddy(self.table)
            layout.addWidget(label)
            layout.addWidget(self.table)
        else:
            self.table.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.accept)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(720, 420 if self.model.rowCount() else 140)


def run_import(parent: QWidget | None, project_path: Path, paths: list[Path]) -> ImportResult | None:
    """Import ``paths`` (files and folders) into the project; show what happened.

    Returns the result, or ``None`` if the import could not run at all (the
    reason was shown).
    """
    if not paths:
        return None
    try:
        result = run_with_progress(
            parent, tr("Importing articles…"), import_worker, Path(project_path), [Path(p) for p in paths])
    except UserError as exc:
        show_error(parent, exc, tr("Import articles"))
        return None
    ImportSummaryDialog(result, parent).exec()
    return result


def file_filter() -> str:
    patterns = " ".join(f"*{s}" for s in SUPPORTED_SUFFIXES)
    return tr("Articles ({patterns});;All files (*)").format(patterns=patterns)


def choose_and_import(parent: QWidget | None, project_path: Path, folder: bool = False) -> ImportResult | None:
    """Ask for article files (or, with ``folder``, a folder) and import them."""
    if folder:
        chosen = file_dialogs.existing_directory(parent, tr("Import a folder of articles"))
        paths = [Path(chosen)] if chosen else []
    else:
        names = file_dialogs.open_file_names(parent, tr("Import articles"), "", file_filter())
        paths = [Path(n) for n in names]
    if not paths:
        return None
    return run_import(parent, project_path, paths)


def choose_folder_and_import(parent: QWidget | None, project_path: Path) -> ImportResult | None:
    """File ▸ Import folder…: every supported file under a folder (recursively)."""
    return choose_and_import(parent, project_path, folder=True)

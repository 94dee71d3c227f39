"""File menu exchange actions: merge coder projects, coder copies, codebook (.qdc), QDPX.

Each action is a ``choose_*`` function (asks for files with the standard
dialogs, then calls the matching ``run_*``) and a ``run_*`` function that does
the work off the UI thread (the worker opens its own project connection) and
shows a report. Every function returns the core report, or ``None`` if
nothing was done (cancelled, or refused: the reason was shown). After a
change (merge, imports) the caller should refresh its views.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QInputDialog, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget,
)

from newscoder.core.errors import UserError
from newscoder.core.exchange.copy import CopyReport, export_copy
from newscoder.core.exchange.merge import MergeReport, merge_files
from newscoder.core.exchange.refi_codebook import CodebookImportReport, ExportReport, export_codebook, import_codebook
from newscoder.core.exchange.refi_project_export import export_qdpx
from newscoder.core.exchange.refi_project_import import QdpxImportReport, import_qdpx
from newscoder.core.store import Project
from newscoder.ui import file_dialogs
from newscoder.ui.background import run_with_progress, show_error
from newscoder.ui.plain import label as label_plain

PROJECT_FILTER = "Newscoder projects (*.newscoder);;All files (*)"
QDC_FILTER = "REFI-QDA codebooks (*.qdc);;All files (*)"
QDPX_FILTER = "REFI-QDA projects (*.qdpx);;All files (*)"


def tr(text: str) -> str:
    return QCoreApplication.translate("Exchange", text)


class ReportDialog(QDialog):
    """A plain-text report (copyable) with Close, or with a confirm button and Cancel."""

    def __init__(self, title: str, lines: Sequence[str], parent: QWidget | None = None,
                 confirm: str | None = None, question: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        self.text = QPlainTextEdit("\n".join(lines))
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setAccessibleName(tr("Report"))
        layout.addWidget(self.text, 1)
        if question:
            label = label_plain(question)
            label.setWordWrap(True)
            layout.addWidget(label)
        if confirm:
            self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
            ok = self.buttons.addButton(confirm, QDialogButtonBox.ButtonRole.AcceptRole)
            ok.setDefault(True)
        else:
            self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(720, 420)


def _run(parent: QWidget | None, title: str, fn: Callable[..., Any], *args: Any) -> Any:
    """Run ``fn`` in the background; a refusal is shown and gives ``None``."""
    try:
        return run_with_progress(parent, title, fn, *args)
    except UserError as exc:
        show_error(parent, exc, title.rstrip("…"))
        return None


def _report(parent: QWidget | None, title: str, lines: Sequence[str]) -> None:
    ReportDialog(title, lines, parent).exec()


# -- workers (run in the worker thread, on their own connection) ------------------
def _merge_worker(project_path: Path, others: list[Path], dry_run: bool, *,
                  progress: Callable[[int, int, str], None]) -> list[MergeReport]:
    with Project.open(project_path) as project:
        return merge_files(project, others, dry_run=dry_run, progress=progress)


def _copy_worker(project_path: Path, output: Path, coder: str) -> CopyReport:
    with Project.open(project_path) as project:
        return export_copy(project, output, coder)


def _with_project(fn: Callable[[Project, Path], Any]) -> Callable[[Path, Path], Any]:
    def worker(project_path: Path, path: Path) -> Any:
        with Project.open(project_path) as project:
            return fn(project, path)

    return worker


_export_codebook = _with_project(export_codebook)
_import_codebook = _with_project(import_codebook)
_export_qdpx = _with_project(export_qdpx)
_import_qdpx = _with_project(import_qdpx)


def _lines(reports: Sequence[Any]) -> list[str]:
    out: list[str] = []
    for report in reports:
        out += report.lines()
    return out


# -- merge -------------------------------------------------------------------
def run_merge(parent: QWidget | None, project_path: Path, others: Sequence[Path],
              preview: bool = True) -> list[MergeReport] | None:
    """Merge coder projects: show what would change, ask, then merge (all or nothing)."""
    others = [Path(p) for p in others]
    if not others:
        return None
    if preview:
        dry = _run(parent, tr("Checking the projects to merge…"), _merge_worker, Path(project_path), others, True)
        if dry is None:
            return None
        question = tr("Merge these projects into this one? This cannot be undone with Undo; "
                      "a backup is a good idea first.") if any(r.changed for r in dry) else ""
        dialog = ReportDialog(tr("Merge preview"), _lines(dry), parent,
                              confirm=tr("&Merge") if question else None, question=question)
        if dialog.exec() != QDialog.DialogCode.Accepted or not question:
            return None
    reports = _run(parent, tr("Merging projects…"), _merge_worker, Path(project_path), others, False)
    if reports is not None:
        _report(parent, tr("Merge finished"), _lines(reports))
    return reports


def choose_and_merge(parent: QWidget | None, project_path: Path) -> list[MergeReport] | None:
    """File ▸ Merge coder project…"""
    names = file_dialogs.open_file_names(parent, tr("Merge coder projects"), str(Path(project_path).parent),
                                         tr(PROJECT_FILTER))
    return run_merge(parent, project_path, [Path(n) for n in names]) if names else None


# -- coder copy ----------------------------------------------------------------
def run_export_copy(parent: QWidget | None, project_path: Path, output: Path, coder: str) -> CopyReport | None:
    report = _run(parent, tr("Writing the coder copy…"), _copy_worker, Path(project_path), Path(output), coder)
    if report is not None:
        _report(parent, tr("Coder copy written"), report.lines())
    return report  # type: ignore[no-any-return]


def choose_and_export_copy(parent: QWidget | None, project_path: Path) -> CopyReport | None:
    """File ▸ Export coder copy…: a project file carrying the articles and codebook for one coder."""
    coder, ok = QInputDialog.getText(parent, tr("Export coder copy"), tr("Name of the coder this copy is for:"),
                                     QLineEdit.EchoMode.Normal)
    if not ok or not coder.strip():
        return None
    project_path = Path(project_path)
    suggested = project_path.with_name(f"{project_path.stem}-{'-'.join(coder.split())}.newscoder")
    name = file_dialogs.save_file_name(parent, tr("Save the coder copy as"), str(suggested), tr(PROJECT_FILTER))
    return run_export_copy(parent, project_path, Path(name), coder) if name else None


# -- codebook ------------------------------------------------------------------
def run_export_codebook(parent: QWidget | None, project_path: Path, path: Path) -> ExportReport | None:
    report = _run(parent, tr("Exporting the codebook…"), _export_codebook, Path(project_path), Path(path))
    if report is not None:
        _report(parent, tr("Codebook exported"), report.lines())
    return report  # type: ignore[no-any-return]


def run_import_codebook(parent: QWidget | None, project_path: Path, path: Path) -> CodebookImportReport | None:
    report = _run(parent, tr("Importing the codebook…"), _import_codebook, Path(project_path), Path(path))
    if report is not None:
        _report(parent, tr("Codebook imported"), report.lines())
    return report  # type: ignore[no-any-return]


def choose_and_export_codebook(parent: QWidget | None, project_path: Path) -> ExportReport | None:
    suggested = Path(project_path).with_suffix(".qdc")
    name = file_dialogs.save_file_name(parent, tr("Export codebook"), str(suggested), tr(QDC_FILTER))
    return run_export_codebook(parent, project_path, Path(name)) if name else None


def choose_and_import_codebook(parent: QWidget | None, project_path: Path) -> CodebookImportReport | None:
    name = file_dialogs.open_file_name(parent, tr("Import codebook"), str(Path(project_path).parent), tr(QDC_FILTER))
    return run_import_codebook(parent, project_path, Path(name)) if name else None


# -- QDPX ----------------------------------------------------------------------
def run_export_qdpx(parent: QWidget | None, project_path: Path, path: Path) -> ExportReport | None:
    report = _run(parent, tr("Exporting the project (QDPX)…"), _export_qdpx, Path(project_path), Path(path))
    if report is not None:
        _report(parent, tr("Project exported"), report.lines())
    return report  # type: ignore[no-any-return]


def run_import_qdpx(parent: QWidget | None, project_path: Path, path: Path) -> QdpxImportReport | None:
    report = _run(parent, tr("Importing the project (QDPX)…"), _import_qdpx, Path(project_path), Path(path))
    if report is not None:
        _report(parent, tr("Project imported"), report.lines())
    return report  # type: ignore[no-any-return]


def choose_and_export_qdpx(parent: QWidget | None, project_path: Path) -> ExportReport | None:
    suggested = Path(project_path).with_suffix(".qdpx")
    name = file_dialogs.save_file_name(parent, tr("Export REFI-QDA project"), str(suggested), tr(QDPX_FILTER))
    return run_export_qdpx(parent, project_path, Path(name)) if name else None


def choose_and_import_qdpx(parent: QWidget | None, project_path: Path) -> QdpxImportReport | None:
    name = file_dialogs.open_file_name(parent, tr("Import REFI-QDA project"), str(Path(project_path).parent),
                                      tr(QDPX_FILTER))
    return run_import_qdpx(parent, project_path, Path(name)) if name else None

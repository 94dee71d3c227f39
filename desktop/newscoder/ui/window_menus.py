"""Main-window slots that open files and dialogs (File, Edit, Article, Analysis, Help)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QTextBrowser, QVBoxLayout, QWidget

from newscoder import __version__
from newscoder.core import settings
from newscoder.core.errors import UserError
from newscoder.core.paths import PROJECT_SUFFIX
from newscoder.core.store import Project


def _dialog_module(name: str) -> Any:
    return importlib.import_module(f"newscoder.ui.dialogs.{name}")


def _export_csv(project_path: Path, out: Path) -> int:
    from newscoder.core.exchange.segments_csv_export import export_segments_to_path

    with Project.open(project_path, check=False) as project:
        return int(export_segments_to_path(project, out))


class MenuSlots:
    """Mixin for MainWindow (which provides project, controller, refresh_all…)."""

    project: Project | None

    def _filter(self) -> str:
        return self.tr("Newscoder projects (*%1)").replace("%1", PROJECT_SUFFIX)  # type: ignore[attr-defined]

    # -- File ----------------------------------------------------------------------
    def open_path(self, path: Path, *, create: bool = False) -> bool:
        """Open (or create) a project; a clear message, never a traceback, on failure."""
        try:
            project = Project.create(path) if create else Project.open(path, check=False)
        except (UserError, OSError, ValueError) as exc:
            QMessageBox.warning(self, self.tr("Cannot open project"), str(exc))  # type: ignore[arg-type]
            return False
        except Exception as exc:  # noqa: BLE001 - a corrupt file may raise anything from sqlite
            QMessageBox.warning(self, self.tr("Cannot open project"), f"{path}: {exc}")  # type: ignore[arg-type]
            return False
        settings.note_project_opened(path)
        self.set_project(project)  # type: ignore[attr-defined]
        return True

    def new_project(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("New project"), "", self._filter())  # type: ignore[arg-type]
        if name:
            path = Path(name)
            if path.suffix != PROJECT_SUFFIX:
                path = path.with_suffix(PROJECT_SUFFIX)
            if path.exists():
                QMessageBox.warning(self, self.tr("New project"),  # type: ignore[arg-type]
                                    self.tr("%1 already exists.").replace("%1", str(path)))
                return
            self.open_path(path, create=True)

    def open_project(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Open project"), "", self._filter())  # type: ignore[arg-type]
        if name:
            self.open_path(Path(name))

    def _fill_recent(self) -> None:
        menu = self.recent_menu  # type: ignore[attr-defined]
        menu.clear()
        recent = [p for p in settings.recent_projects() if p.exists()]
        for path in recent:
            action = menu.addAction(str(path))
            action.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        if not recent:
            menu.addAction(self.tr("(none)")).setEnabled(False)

    def import_articles(self) -> None:
        if self.project is None:
            return
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Import articles"), "",  # type: ignore[arg-type]
            self.tr("Articles (*.txt *.md *.html *.htm *.docx *.pdf);;All files (*)"),
        )
        if names:
            _dialog_module("import_dialog").run_import(self, self.project.path, [Path(n) for n in names])
            self.refresh_all()  # type: ignore[attr-defined]

    def export_segments_csv(self) -> None:
        if self.project is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export segments as CSV"),  # type: ignore[arg-type]
            str(self.project.path.with_suffix(".csv")), self.tr("CSV files (*.csv)"),
        )
        if not name:
            return
        from newscoder.ui.background import run_with_progress

        try:
            rows = run_with_progress(self, self.tr("Exporting segments"), _export_csv, self.project.path, Path(name))
        except (UserError, OSError) as exc:
            QMessageBox.warning(self, self.tr("Export failed"), str(exc))  # type: ignore[arg-type]
            return
        self.statusBar().showMessage(  # type: ignore[attr-defined]
            self.tr("Wrote %1 segments to %2").replace("%1", str(rows)).replace("%2", name), 8000)

    def switch_coder(self) -> None:
        from newscoder.ui.coder_dialog import ask_coder

        known = [c.name for c in self.project.coders()] if self.project else []
        name = ask_coder(self, self.coder_name, known)  # type: ignore[attr-defined,arg-type]
        if name:
            settings.put("coder_name", name)
            self.set_coder(name)  # type: ignore[attr-defined]

    # -- dialogs -------------------------------------------------------------------------
    def edit_codebook(self) -> None:
        if self.controller is None:  # type: ignore[attr-defined]
            return
        dialog = _dialog_module("codebook_editor").CodebookEditor(self.controller, self)  # type: ignore[attr-defined]
        dialog.exec()
        self.refresh_all()  # type: ignore[attr-defined]

    def article_properties(self) -> None:
        if self.controller is None or not self.document_id:  # type: ignore[attr-defined]
            return
        module = _dialog_module("article_properties")
        dialog = module.ArticlePropertiesDialog(self.controller, self.document_id, self)  # type: ignore[attr-defined]
        dialog.exec()
        self.refresh_all()  # type: ignore[attr-defined]

    def code_browser(self) -> None:
        if self.project is None:
            return
        browser = _dialog_module("code_browser").CodeBrowser(self.project, self)
        browser.open_segment.connect(self._open_segment)
        browser.setModal(False)
        browser.show()
        self._code_browser = browser

    def _open_segment(self, document_id: str, segment_id: str) -> None:
        self.select_article(document_id)  # type: ignore[attr-defined]
        self.select_segment(segment_id, scroll=True)  # type: ignore[attr-defined]
        self.raise_()  # type: ignore[attr-defined]
        self.activateWindow()  # type: ignore[attr-defined]

    def agreement(self) -> None:
        try:
            module = _dialog_module("agreement")
        except ImportError:
            QMessageBox.information(self, self.tr("Agreement"),  # type: ignore[arg-type]
                                    self.tr("Use the command line for now: newscoder agreement -p PROJECT"))
            return
        dialog = module.AgreementDialog(self.project, self)
        dialog.exec()

    # -- Help ----------------------------------------------------------------------------
    def shortcuts_help(self) -> QDialog:
        from newscoder.ui.actions import shortcuts_html

        dialog = QDialog(self)  # type: ignore[arg-type]
        dialog.setWindowTitle(self.tr("Keyboard shortcuts"))  # type: ignore[attr-defined]
        browser = QTextBrowser(dialog)
        browser.setObjectName("shortcutsBrowser")
        browser.setHtml(shortcuts_html())
        layout = QVBoxLayout(dialog)
        layout.addWidget(browser)
        dialog.resize(560, 620)
        dialog.show()
        self._shortcuts_dialog = dialog
        return dialog

    def about(self) -> None:
        QMessageBox.about(
            self,  # type: ignore[arg-type]
            self.tr("About Newscoder"),  # type: ignore[attr-defined]
            self.tr("<b>Newscoder %1</b><p>Code news articles: select a span, press a code's key. "
                    "Every segment is saved at once.</p><p>GPL-3.0-or-later</p>").replace("%1", __version__),
        )

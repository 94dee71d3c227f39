"""Main-window slots that open files and dialogs (File, Edit, Article, Analysis, Help)."""

from __future__ import annotations

import contextlib
import importlib
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from newscoder.core import settings
from newscoder.core.errors import UserError
from newscoder.core.paths import PROJECT_SUFFIX
from newscoder.core.store import Project
from newscoder.ui import file_dialogs, plain


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

    def _folder(self) -> str:
        """The open project's folder: where Open and New start."""
        return str(self.project.path.parent) if self.project is not None else ""

    # -- File ----------------------------------------------------------------------
    def open_path(self, path: Path, *, create: bool = False) -> bool:
        """Open (or create) a project; a clear message, never a traceback, on failure.

        The project already open here is switched to without touching its file; one
        open in another window is offered read-only (ui/project_opening.py).
        """
        from newscoder.ui import project_opening

        if not create and project_opening.switch_to_open_project(self, path):
            return True
        try:
            if create:
                project = Project.create(path)
                from newscoder.core import inuse

                inuse.claim_for_window(path)
            else:
                opened = project_opening.open_for_window(self, path)  # type: ignore[arg-type]
                if opened is None:
                    return False
                project = opened
        except (UserError, OSError, ValueError) as exc:
            plain.warning(self, self.tr("Cannot open project"), str(exc))  # type: ignore[arg-type]
            return False
        except Exception as exc:  # noqa: BLE001 - a corrupt file may raise anything from sqlite
            plain.warning(self, self.tr("Cannot open project"), f"{path}: {exc}")  # type: ignore[arg-type]
            return False
        settings.note_project_opened(path)
        self.set_project(project)  # type: ignore[attr-defined]
        project_opening.apply_read_only(self)
        self._confirm_coder(project)
        return True

    def _confirm_coder(self, project: Project) -> None:
        """A coder copy made for someone else: ask who is coding (proposing that name)."""
        from newscoder.ui.first_run import choose_coder, proposed_coder

        if proposed_coder(project, self.coder_name) is None:  # type: ignore[attr-defined]
            return
        name = choose_coder(project, self, current=self.coder_name)  # type: ignore[arg-type,attr-defined]
        if name and name != self.coder_name:  # type: ignore[attr-defined]
            self.set_coder(name)  # type: ignore[attr-defined]

    def new_project(self) -> None:
        name = file_dialogs.save_file_name(self, self.tr("New project"), self._folder(), self._filter())  # type: ignore[arg-type]
        if name:
            path = Path(name)
            if path.suffix != PROJECT_SUFFIX:
                path = path.with_suffix(PROJECT_SUFFIX)
            if path.exists():
                plain.warning(self, self.tr("New project"),  # type: ignore[arg-type]
                                    self.tr("%1 already exists.").replace("%1", str(path)))
                return
            self.open_path(path, create=True)

    def open_project(self) -> None:
        name = file_dialogs.open_file_name(self, self.tr("Open project"), self._folder(), self._filter())  # type: ignore[arg-type]
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
        names = file_dialogs.open_file_names(
            self, self.tr("Import articles"), "",  # type: ignore[arg-type]
            _dialog_module("import_dialog").file_filter(),
        )
        if names:
            with self._own_write():
                _dialog_module("import_dialog").run_import(self, self.project.path, [Path(n) for n in names])
            self.refresh_all()  # type: ignore[attr-defined]

    def import_folder(self) -> None:
        if self.project is None:
            return
        with self._own_write():
            done = _dialog_module("import_dialog").choose_folder_and_import(self, self.project.path)
        if done is not None:
            self.refresh_all()  # type: ignore[attr-defined]

    @contextlib.contextmanager
    def _own_write(self) -> Iterator[None]:
        """The window writes on another connection (an import, a merge): the external-change watcher
        waits, then takes the result as seen, so the status bar never blames "another program"."""
        watcher = self.external.watcher  # type: ignore[attr-defined]
        running = watcher.timer.isActive()
        watcher.timer.stop()
        try:
            yield
        finally:
            watcher.sync()
            if running:
                watcher.timer.start()

    # -- exchange: written on another connection, never on the undo stack -------------
    def _exchange(self, name: str, changes_project: bool) -> Any:
        if self.project is None:
            return None
        with self._own_write():
            report = getattr(_dialog_module("exchange_actions"), name)(self, self.project.path)
        if report is not None and changes_project:
            self.refresh_all()  # type: ignore[attr-defined]
        return report

    def merge_project(self) -> Any:
        return self._exchange("choose_and_merge", True)

    def export_copy(self) -> Any:
        return self._exchange("choose_and_export_copy", False)

    def import_codebook(self) -> Any:
        return self._exchange("choose_and_import_codebook", True)

    def export_codebook(self) -> Any:
        return self._exchange("choose_and_export_codebook", False)

    def import_qdpx(self) -> Any:
        return self._exchange("choose_and_import_qdpx", True)

    def export_qdpx(self) -> Any:
        return self._exchange("choose_and_export_qdpx", False)

    # -- backups -----------------------------------------------------------------------
    def restore_backup(self) -> bool:
        """File ▸ Restore backup…: choose a backup by date, confirm, restore, reopen."""
        if self.project is None:
            return False
        from newscoder.core import backup
        from newscoder.ui.restore_backup import RestoreBackupDialog

        path = self.project.path
        found = backup.list_backups(path)
        if not found:
            plain.information(self, self.tr("Restore backup"),  # type: ignore[arg-type]
                                    self.tr("There are no backups of this project yet. Newscoder makes one "
                                            "each time you open a project that changed."))
            return False
        dialog = RestoreBackupDialog(found, self.project.name, self)  # type: ignore[arg-type]
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.chosen():
            return False
        chosen = Path(dialog.chosen() or "")
        answer = plain.question(
            self, self.tr("Restore backup"),  # type: ignore[arg-type]
            self.tr("Replace %1 with the backup of %2? The current state is backed up first, and the undo "
                    "history is cleared.").replace("%1", path.name).replace("%2", dialog.list.currentItem().text()),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return self.restore_from(chosen)

    def restore_from(self, chosen: Path) -> bool:
        """Close the project everywhere, restore ``chosen`` over it and reopen it."""
        from newscoder.core import backup

        assert self.project is not None
        path = self.project.path
        self.close_side_windows()
        self.project.close()
        try:
            backup.restore_backup(path, chosen)
        except (UserError, OSError) as exc:
            plain.warning(self, self.tr("Restore failed"), str(exc))  # type: ignore[arg-type]
        ok = self.open_path(path)
        if ok:
            self.statusBar().showMessage(self.tr("Restored the backup %1").replace("%1", chosen.name), 8000)  # type: ignore[attr-defined]
        return ok

    def export_segments_csv(self) -> None:
        if self.project is None:
            return
        name = file_dialogs.save_file_name(
            self, self.tr("Export segments as CSV"),  # type: ignore[arg-type]
            str(self.project.path.with_suffix(".csv")), self.tr("CSV files (*.csv)"),
        )
        if not name:
            return
        from newscoder.ui.background import run_with_progress

        try:
            rows = run_with_progress(self, self.tr("Exporting segments"), _export_csv, self.project.path, Path(name))
        except (UserError, OSError) as exc:
            plain.warning(self, self.tr("Export failed"), str(exc))  # type: ignore[arg-type]
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
        dialog = module.ArticlePropertiesDialog(self.controller, self.document_id, self,  # type: ignore[attr-defined]
                                                publication_id=getattr(self, "publication_id", None))
        dialog.exec()
        self.refresh_all()  # type: ignore[attr-defined]

    def documents_table(self) -> None:
        if self.project is None:
            return
        module = _dialog_module("documents_table")
        dialog = module.DocumentsDialog(self.controller, self)  # type: ignore[attr-defined]
        dialog.exec()
        dialog.deleteLater()

    def code_browser(self) -> None:
        """Analysis ▸ Code browser: docked below the article (it never covers the segment it opens)."""
        if self.project is None:
            return
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QDockWidget

        window: Any = self
        dock = getattr(self, "_code_dock", None)
        if dock is None:
            dock = QDockWidget(window.tr("Code browser"), window)
            dock.setObjectName("codeBrowserDock")
            window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            self._code_dock = dock
        old = getattr(self, "_code_browser", None)
        if old is not None and old.project is self.project and dock.widget() is old:
            old.show()
            dock.show()
            dock.raise_()
            old.table.setFocus()
            return
        browser = _dialog_module("code_browser").CodeBrowser(self.project, dock)
        browser.setWindowFlags(Qt.WindowType.Widget)  # a panel in the dock, not a window
        browser.open_segment.connect(self._open_segment)
        browser.finished.connect(lambda _r, d=dock: d.hide())
        # a bound method of the browser: Qt drops the connection when the browser goes (no manual disconnect,
        # no "Failed to disconnect" at quit)
        window.controller.applied.connect(browser.follow)
        if old is not None:
            old.deleteLater()
        dock.setWidget(browser)
        browser.show()
        dock.show()
        browser.table.setFocus()
        self._code_browser = browser

    def estimates(self) -> None:
        """Analysis ▸ Estimates…: the ledger grouped by what is counted, with hedge drift; follows every edit."""
        if self.project is None:
            return
        old = getattr(self, "_estimates_window", None)
        if old is not None and old.isVisible() and old.project is self.project:
            old.refresh()
            old.raise_()
            old.activateWindow()
            return
        window = _dialog_module("estimates_window").EstimatesWindow(self.project, self)
        window.open_segment.connect(self._open_segment)
        window.setModal(False)
        controller = self.controller  # type: ignore[attr-defined]
        controller.applied.connect(window.refresh)
        window.finished.connect(lambda _r, w=window, c=controller: _disconnect(c.applied, w.refresh))
        window.show()
        self._estimates_window = window

    def _open_segment(self, document_id: str, segment_id: str) -> None:
        self.select_article(document_id)  # type: ignore[attr-defined]
        self.select_segment(segment_id, scroll=True)  # type: ignore[attr-defined]
        self.view.setFocus()  # type: ignore[attr-defined]

    def agreement(self) -> QWidget | None:
        """Analysis ▸ Agreement…: a non-modal window on its own connection."""
        if self.project is None:
            return None
        window = _dialog_module("agreement_window").AgreementWindow(self.project.path, self)
        window.show()
        self._agreement_window = window
        return window

    def compare_outlets(self) -> QWidget | None:
        """Analysis ▸ Compare outlets…: a non-modal window over this project; numbers open their spans."""
        if self.project is None:
            return None
        from newscoder.ui.compare.window import CompareWindow

        old = getattr(self, "_compare_window", None)
        if old is not None and old.isVisible() and old.project is self.project:
            old.raise_()
            old.activateWindow()
            return old
        window = CompareWindow(self.project, self)  # type: ignore[arg-type]
        window.open_span.connect(self.show_span)
        window.show()
        window.refresh()
        self._compare_window = window
        return window

    def export_comparison(self) -> None:
        """File ▸ Export comparison…: the same report as ``newscoder compare``."""
        if self.project is None:
            return
        from newscoder.ui.compare.window import CompareWindow

        window = getattr(self, "_compare_window", None)
        if window is None or window.project is not self.project:
            window = CompareWindow(self.project, self, charts=False)  # type: ignore[arg-type]
        window.choose_and_export()

    def show_span(self, document_id: str, start: int, end: int) -> None:
        """Show ``[start, end)`` of an article selected in the article view (code points)."""
        from PySide6.QtGui import QTextCursor

        from newscoder.ui.offsets import OffsetMap

        self.select_article(document_id)  # type: ignore[attr-defined]
        if self.document_id != document_id:  # type: ignore[attr-defined]
            return
        a, b = OffsetMap(self.text).span_to_utf16(start, end)  # type: ignore[attr-defined]
        cursor = QTextCursor(self.view.document())  # type: ignore[attr-defined]
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        self.view.setTextCursor(cursor)  # type: ignore[attr-defined]
        self.view.ensureCursorVisible()  # type: ignore[attr-defined]
        self.raise_()  # type: ignore[attr-defined]
        self.activateWindow()  # type: ignore[attr-defined]

    def adjudicate(self) -> QDialog | None:
        """Analysis ▸ Adjudicate…: choose the coders, then a non-modal adjudication window."""
        if self.project is None:
            return None
        forms = _dialog_module("adjudication_forms")
        coders = [(c.id, c.name) for c in self.project.coders()]
        counts = self.project.live_segment_counts("coder_id")
        ticked = [c for c, _n in coders if counts.get(c)]  # coders who coded something
        setup = forms.SetupDialog(self, coders, self.coder_name, ticked)  # type: ignore[attr-defined]
        setup.accepted.connect(lambda: self.open_adjudication(setup.chosen(), setup.adjudicator(),
                                                              setup.blind.isChecked()))
        self._adjudication_setup = setup
        setup.open()
        dialog: QDialog = setup
        return dialog

    def open_adjudication(self, coders: list[tuple[str, str]], adjudicator: str, blind: bool = False) -> QWidget:
        old = getattr(self, "_adjudication_window", None)
        if old is not None and shiboken6.isValid(old):
            old.close()
        window = _dialog_module("adjudication").AdjudicationWindow(
            self.project.path, coders, adjudicator, self, blind=blind)  # type: ignore[union-attr]
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()
        self._adjudication_window = window
        shown: QWidget = window
        return shown

    def close_side_windows(self) -> None:
        """Close the windows holding the current project (before switching or restoring)."""
        for name in ("_code_browser", "_agreement_window", "_estimates_window", "_compare_window"):
            window = getattr(self, name, None)
            if window is not None:
                window.reject()
                if name == "_code_browser":
                    window.deleteLater()
                setattr(self, name, None)
        window = getattr(self, "_adjudication_window", None)
        if window is not None and shiboken6.isValid(window):
            window.close()
            self._adjudication_window = None

    # -- Help ----------------------------------------------------------------------------
    def _help(self, name: str, page: QDialog) -> QDialog:
        old = getattr(self, name, None)
        if old is not None:
            old.close()
        page.show()
        setattr(self, name, page)
        return page

    def shortcuts_help(self) -> QDialog:
        from newscoder.ui import help_dialogs

        return self._help("_shortcuts_dialog", help_dialogs.shortcuts_page(self))  # type: ignore[arg-type]

    def coding_guide(self) -> QDialog:
        from newscoder.ui import help_dialogs

        codes = [(c.shortcut or "", c.name, c.description) for c in self.codebook.codes()]  # type: ignore[attr-defined]
        return self._help("_guide_dialog", help_dialogs.coding_guide_page(self, codes))  # type: ignore[arg-type]

    def agreement_definitions(self) -> QDialog:
        from newscoder.ui import help_dialogs

        return self._help("_definitions_dialog", help_dialogs.definitions_page(self))  # type: ignore[arg-type]

    def about(self) -> QDialog:
        from newscoder.ui.about import AboutDialog

        dialog = AboutDialog(self.project.path if self.project is not None else None, self)  # type: ignore[arg-type]
        return self._help("_about_dialog", dialog)



def _disconnect(signal: Any, slot: Any) -> None:
    """Drop a connection; quiet if Qt already dropped it (no "Failed to disconnect" warning at quit)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            signal.disconnect(slot)
        except (RuntimeError, TypeError):
            pass

"""The File menu's commands: open, new, recent, import, export, merge, backups, and the coder.

:class:`FileMenuController` is given what it works on explicitly (the window as the
dialogs' parent, the current project, how to adopt a project or a coder, how to re-read
the window). Exchanges run on a connection of their own, never on the undo stack; the
window re-reads what they changed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu, QMessageBox

from newscoder.core import settings
from newscoder.core.errors import UserError
from newscoder.core.paths import PROJECT_SUFFIX
from newscoder.core.store import Project
from newscoder.ui import file_dialogs, plain

#: shows a message in the status bar for some milliseconds
Say = Callable[[str, int], None]


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


def _export_csv(project_path: Path, out: Path) -> int:
    from newscoder.core.exchange.segments_csv_export import export_segments_to_path

    with Project.open(project_path, check=False) as project:
        return int(export_segments_to_path(project, out))


class FileMenuController(QObject):
    """File ▸ New, Open, Open recent, Import…, Export…, Merge, Restore backup, Switch coder."""

    def __init__(self, window: QMainWindow, project: Callable[[], Project | None],
                 set_project: Callable[[Project], None], coder: Callable[[], str], set_coder: Callable[[str], None],
                 refresh: Callable[[], None], close_side_windows: Callable[[], None], say: Say) -> None:
        super().__init__(window)
        self.window = window
        self._project, self._set_project = project, set_project
        self._coder, self._set_coder = coder, set_coder
        self._refresh, self._close_side_windows, self._say = refresh, close_side_windows, say

    @property
    def project(self) -> Project | None:
        return self._project()

    def _filter(self) -> str:
        return tr("Newscoder projects (*%1)").replace("%1", PROJECT_SUFFIX)

    def _folder(self) -> str:
        """The open project's folder: where Open and New start."""
        project = self.project
        return str(project.path.parent) if project is not None else ""

    # -- opening ---------------------------------------------------------------------
    def open_path(self, path: Path, *, create: bool = False) -> bool:
        """Open (or create) a project; a clear message, never a traceback, on failure.

        The project already open here is switched to without touching its file; one
        open in another window is offered read-only (ui/project_opening.py).
        """
        from newscoder.ui import project_opening

        if not create and project_opening.switch_to_open_project(self.window, path):
            return True
        try:
            if create:
                project = Project.create(path)
                from newscoder.core import inuse

                inuse.claim_for_window(path)
            else:
                opened = project_opening.open_for_window(self.window, path)
                if opened is None:
                    return False
                project = opened
        except (UserError, OSError, ValueError) as exc:
            plain.warning(self.window, tr("Cannot open project"), str(exc))
            return False
        except Exception as exc:  # noqa: BLE001 - a corrupt file may raise anything from sqlite
            plain.warning(self.window, tr("Cannot open project"), f"{path}: {exc}")
            return False
        settings.note_project_opened(path)
        self._set_project(project)
        project_opening.apply_read_only(self.window)
        self._confirm_coder(project)
        return True

    def _confirm_coder(self, project: Project) -> None:
        """A coder copy made for someone else: ask who is coding (proposing that name)."""
        from newscoder.ui.first_run import choose_coder, proposed_coder

        if proposed_coder(project, self._coder()) is None:
            return
        name = choose_coder(project, self.window, current=self._coder())
        if name and name != self._coder():
            self._set_coder(name)

    def new_project(self) -> None:
        name = file_dialogs.save_file_name(self.window, tr("New project"), self._folder(), self._filter())
        if name:
            path = Path(name)
            if path.suffix != PROJECT_SUFFIX:
                path = path.with_suffix(PROJECT_SUFFIX)
            if path.exists():
                plain.warning(self.window, tr("New project"), tr("%1 already exists.").replace("%1", str(path)))
                return
            self.open_path(path, create=True)

    def open_project(self) -> None:
        name = file_dialogs.open_file_name(self.window, tr("Open project"), self._folder(), self._filter())
        if name:
            self.open_path(Path(name))

    def fill_recent(self, menu: QMenu) -> None:
        """File ▸ Open recent: the projects opened lately that still exist."""
        menu.clear()
        recent = [p for p in settings.recent_projects() if p.exists()]
        for path in recent:
            action = menu.addAction(str(path))
            action.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        if not recent:
            menu.addAction(tr("(none)")).setEnabled(False)

    # -- importing articles ----------------------------------------------------------
    def import_articles(self) -> None:
        project = self.project
        if project is None:
            return
        from newscoder.ui.dialogs import import_dialog

        names = file_dialogs.open_file_names(self.window, tr("Import articles"), "", import_dialog.file_filter())
        if names:
            import_dialog.run_import(self.window, project.path, [Path(n) for n in names])
            self._refresh()

    def import_folder(self) -> None:
        project = self.project
        if project is None:
            return
        from newscoder.ui.dialogs import import_dialog

        if import_dialog.choose_folder_and_import(self.window, project.path) is not None:
            self._refresh()

    # -- exchange: written on another connection, never on the undo stack -------------
    def _exchange(self, name: str, changes_project: bool) -> Any:
        project = self.project
        if project is None:
            return None
        from newscoder.ui.dialogs import exchange_actions

        report = getattr(exchange_actions, name)(self.window, project.path)
        if report is not None and changes_project:
            self._refresh()
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

    def export_segments_csv(self) -> None:
        project = self.project
        if project is None:
            return
        name = file_dialogs.save_file_name(
            self.window, tr("Export segments as CSV"), str(project.path.with_suffix(".csv")), tr("CSV files (*.csv)"),
        )
        if not name:
            return
        from newscoder.ui.background import run_with_progress

        try:
            rows = run_with_progress(self.window, tr("Exporting segments"), _export_csv, project.path, Path(name))
        except (UserError, OSError) as exc:
            plain.warning(self.window, tr("Export failed"), str(exc))
            return
        self._say(tr("Wrote %1 segments to %2").replace("%1", str(rows)).replace("%2", name), 8000)

    # -- backups -----------------------------------------------------------------------
    def restore_backup(self) -> bool:
        """File ▸ Restore backup…: choose a backup by date, confirm, restore, reopen."""
        project = self.project
        if project is None:
            return False
        from newscoder.core import backup
        from newscoder.ui.restore_backup import RestoreBackupDialog

        path = project.path
        found = backup.list_backups(path)
        if not found:
            plain.information(self.window, tr("Restore backup"),
                              tr("There are no backups of this project yet. Newscoder makes one "
                                 "each time you open a project that changed."))
            return False
        dialog = RestoreBackupDialog(found, project.name, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.chosen():
            return False
        chosen = Path(dialog.chosen() or "")
        answer = plain.question(
            self.window, tr("Restore backup"),
            tr("Replace %1 with the backup of %2? The current state is backed up first, and the undo "
               "history is cleared.").replace("%1", path.name).replace("%2", dialog.list.currentItem().text()),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return self.restore_from(chosen)

    def restore_from(self, chosen: Path) -> bool:
        """Close the project everywhere, restore ``chosen`` over it and reopen it."""
        from newscoder.core import backup

        project = self.project
        assert project is not None
        path = project.path
        self._close_side_windows()
        project.close()
        try:
            backup.restore_backup(path, chosen)
        except (UserError, OSError) as exc:
            plain.warning(self.window, tr("Restore failed"), str(exc))
        ok = self.open_path(path)
        if ok:
            self._say(tr("Restored the backup %1").replace("%1", chosen.name), 8000)
        return ok

    # -- the coder -----------------------------------------------------------------------
    def switch_coder(self) -> None:
        from newscoder.ui.coder_dialog import ask_coder

        project = self.project
        known = [c.name for c in project.coders()] if project else []
        name = ask_coder(self.window, self._coder(), known)
        if name:
            settings.put("coder_name", name)
            self._set_coder(name)

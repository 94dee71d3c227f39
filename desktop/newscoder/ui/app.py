"""Starting the GUI: pick the project and the coder, show the window fast.

``run_gui(path)`` opens ``path`` if given, else the last project if it still
exists, else the default project. The file is opened without the integrity
check (``check=False``) so that the first article paints at once; the quick
check runs right after the first paint. A project that cannot be opened
gives a clear message and the choice of another file or the default project.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from newscoder.core import defaults, paths, settings
from newscoder.core.store import Project
from newscoder.ui.icons import APP_ID, app_icon
from newscoder.ui import plain


def tr(text: str) -> str:
    return QCoreApplication.translate("App", text)


def application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Newscoder")
    app.setOrganizationName("Newscoder")
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    load_style(app)
    return app


def dark_palette(app: QApplication) -> bool:
    """Whether the system asks for a dark colour scheme (or the palette is dark)."""
    try:
        if app.styleHints().colorScheme() == Qt.ColorScheme.Dark:
            return True
    except AttributeError:  # Qt < 6.5
        pass
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


def load_style(app: QApplication) -> None:
    """The calm stylesheet: main.qss, or main-dark.qss (relative to the palette) when the system is dark."""
    qss = paths.resources_dir() / "styles" / ("main-dark.qss" if dark_palette(app) else "main.qss")
    app.setStyleSheet(qss.read_text(encoding="utf-8") if qss.is_file() else "")


class _Cancelled(Exception):
    """The user chose not to open a project that another window is editing."""


def _try_open(path: Path) -> tuple[Project | None, str]:
    """Open ``path`` for the window (read-only if another window edits it and the user agrees)."""
    from newscoder.ui.project_opening import open_for_window

    try:
        project = open_for_window(None, path)
    except Exception as exc:  # noqa: BLE001 - shown to the user as one line
        return None, str(exc) or exc.__class__.__name__
    if project is None:
        raise _Cancelled
    return project, ""


def _open_default() -> Project:
    path = paths.default_project_path()
    if path.exists():
        project, error = _try_open(path)
        if project is None:
            raise RuntimeError(error)
        return project
    project = defaults.open_default_project()
    from newscoder.core import inuse

    inuse.claim_for_window(project.path)
    return project


def open_start_project(path: str | Path | None) -> Project | None:
    """The project to start with (``None``: the user gave up or cancelled)."""
    try:
        return _open_start_project(path)
    except _Cancelled:
        return None


def _open_start_project(path: str | Path | None) -> Project | None:
    """The project to start with, asking the user when it cannot be opened."""
    if path is not None:
        candidate: Path | None = Path(path)
        if not candidate.exists():
            plain.warning(None, tr("Newscoder"), tr("There is no project at %1.").replace("%1", str(candidate)))
            candidate = None
    else:
        last = settings.last_project()
        candidate = last if last is not None and last.exists() else None
    while True:
        if candidate is None:
            try:
                return _open_default()
            except _Cancelled:
                raise
            except Exception as exc:  # noqa: BLE001
                plain.critical(None, tr("Newscoder"),
                                     tr("The default project cannot be opened: %1").replace("%1", str(exc)))
                return None
        project, error = _try_open(candidate)
        if project is not None:
            return project
        box = QMessageBox(QMessageBox.Icon.Warning, tr("Cannot open project"),
                          tr("%1 cannot be opened:\n%2").replace("%1", str(candidate)).replace("%2", error))
        other = box.addButton(tr("Open another…"), QMessageBox.ButtonRole.AcceptRole)
        default = box.addButton(tr("Open the default project"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        plain.plain_box(box)  # the path and the error may hold any text
        box.exec()
        if box.clickedButton() is other:
            from newscoder.ui import file_dialogs

            name = file_dialogs.open_file_name(None, tr("Open project"), "",
                                               tr("Newscoder projects (*%1)").replace("%1", paths.PROJECT_SUFFIX))
            if not name:
                return None
            candidate = Path(name)
        elif box.clickedButton() is default:
            candidate = None
        else:
            return None


def choose_coder(project: Project, parent=None) -> str | None:  # type: ignore[no-untyped-def]
    """The remembered coder name; ask on first start or when a copy was made for someone else."""
    from newscoder.ui.first_run import choose_coder as ask

    return ask(project, parent)


def quick_check(window) -> None:  # type: ignore[no-untyped-def]
    """The integrity check skipped at open, run after the first paint."""
    project = window.project
    if project is None:
        return
    try:
        row = (project.quick_check(),)
    except Exception as exc:  # noqa: BLE001
        row = (str(exc),)
    if row and row[0] != "ok":
        plain.warning(window, tr("Project damaged"),
                            tr("The project file failed its integrity check: %1\n"
                               "Restore a backup (newscoder backup list).").replace("%1", str(row[0])))


#: Benchmark W6 contract: print "first-paint <s>" once the article is painted, then quit.
FIRST_PAINT_ENV = "NEWSCODER_BENCH_FIRST_PAINT"


class _FirstPaint(QObject):
    def __init__(self, started: float, parent: QObject) -> None:
        super().__init__(parent)
        self._started = started
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._done:
            self._done = True
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        print(f"first-paint {time.perf_counter() - self._started:.4f}", flush=True)
        QCoreApplication.quit()


def run_gui(project_path: str | Path | None = None) -> int:
    started = time.perf_counter()
    bench = bool(os.environ.get(FIRST_PAINT_ENV))
    app = application()
    project = open_start_project(project_path)
    if project is None:
        return 1
    name = (settings.get("coder_name") or "coder") if bench else choose_coder(project)
    if not name:
        project.close()
        return 1
    settings.note_project_opened(project.path)
    from newscoder.ui.main_window import MainWindow

    window = MainWindow(project, name)
    from newscoder.ui.project_opening import apply_read_only

    apply_read_only(window)
    if not window.restore_state():
        from newscoder.ui.window_state import fit_to_screen

        fit_to_screen(window)  # the first window fits the screen (a 1366×768 laptop too)
    if bench:
        window.view.viewport().installEventFilter(_FirstPaint(started, window))
    window.show()
    if not bench:
        QTimer.singleShot(0, lambda: quick_check(window))
    if os.environ.get("NEWSCODER_GUI_EXIT_AFTER_START"):
        QTimer.singleShot(50, window.close)
    return int(app.exec())

"""Issue 11, item 1: every file dialog of the app keeps the open project's SQLite locks.

The real window has the project open and has saved; then each file dialog of
the app is shown for real on the project's folder (listing it, with its icons
and types). While the dialog is up, a second real process
(tests/reliability/other_program.py) opens the project, saves segments and
closes it. After each dialog the window saves again. At the end everything is
closed and the file must hold every save, the window's and the other
program's, and the window must have kept its locks throughout
(``/proc/locks``, no strace).

Without the fix (main at 944c888) Qt's dialogs read the project file to guess
its type; POSIX then drops the window's locks, the other program deletes the
WAL on close, and saves are lost (see docs/reliability.md).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QFileSystemModel, QInputDialog, QMessageBox, QWidget

from newscoder.core import backup, edits
from newscoder.core.errors import UserError
from newscoder.core.store import Project
from newscoder.ui.actions import ActionId
from tests.ui.dialog_fixtures import ModalAnswerer

from tests.fixtures import make_project

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reliability"))
from locks import AVAILABLE, posix_locks  # noqa: E402

OTHER_PROGRAM = Path(__file__).resolve().parents[1] / "reliability" / "other_program.py"

pytestmark = pytest.mark.skipif(not AVAILABLE, reason="reads /proc/locks (Linux)")

#: The main-window actions that show a file dialog (the agreement window's and the
#: start-up "Open another…" are shown separately below), plus Restore backup… (a list).
ACTIONS = (
    ActionId.OPEN_PROJECT, ActionId.NEW_PROJECT, ActionId.IMPORT_ARTICLES, ActionId.IMPORT_FOLDER,
    ActionId.EXPORT_SEGMENTS, ActionId.MERGE_PROJECT, ActionId.EXPORT_COPY, ActionId.IMPORT_CODEBOOK,
    ActionId.EXPORT_CODEBOOK, ActionId.IMPORT_QDPX, ActionId.EXPORT_QDPX, ActionId.RESTORE_BACKUP,
)


def other_program_saves(path: Path, count: int = 3) -> list[str]:
    """Another process opens the project, saves ``count`` segments and closes it."""
    done = subprocess.run([sys.executable, str(OTHER_PROGRAM), str(path), "--count", str(count)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    ids = done.stdout.split()
    assert len(ids) == count
    return ids


class Walk:
    """Answers the modal windows of one action; does the work while a dialog is up."""

    def __init__(self, qtbot, path: Path) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.path = path
        self.folder = path.parent
        self.locks = posix_locks(os.getpid(), path)
        self.shown: list[str] = []
        self.lost_locks: list[str] = []
        self.theirs: list[str] = []
        self.directories: list[str] = []

    def _list_folder(self, dialog: QFileDialog) -> None:
        """Let the dialog list the folder and fetch every icon and type, as painting it does."""
        model = dialog.findChild(QFileSystemModel)
        assert model is not None
        root = model.index(str(self.folder))
        self.qtbot.waitUntil(lambda: model.rowCount(model.index(str(self.folder))) > 0, timeout=5000)
        self.qtbot.wait(300)  # the file-info gatherer thread: icons and types
        root = model.index(str(self.folder))
        for row in range(model.rowCount(root)):
            for column in range(model.columnCount(root)):
                index = model.index(row, column, root)
                model.data(index, Qt.ItemDataRole.DecorationRole)
                model.data(index, Qt.ItemDataRole.DisplayRole)
        self.qtbot.wait(50)

    def __call__(self, widget: QWidget) -> None:
        if isinstance(widget, QMessageBox):
            other = [b for b in widget.buttons() if "another" in b.text().lower()]
            (other[0] if other else widget.buttons()[-1]).click()
            return
        self.shown.append(widget.windowTitle())
        if isinstance(widget, QFileDialog):
            self.directories.append(widget.directory().absolutePath())
            self._list_folder(widget)
        else:
            self.qtbot.wait(300)
        if posix_locks(os.getpid(), self.path) != self.locks:
            self.lost_locks.append(widget.windowTitle())
        self.theirs.extend(other_program_saves(self.path))
        assert isinstance(widget, QDialog)
        widget.reject()


def read_back(path: Path) -> tuple[set[str], list[str]]:
    """The segment ids in the closed file and its integrity check (a damaged file reads as empty)."""
    try:
        with Project.open(path) as after:
            return {s.id for s in after.segments()}, [r[0] for r in after.conn.execute("PRAGMA integrity_check")]
    except UserError as exc:
        return set(), [str(exc)]


def window_saves(window) -> str | None:  # type: ignore[no-untyped-def]
    """One segment saved by the window (through its undo stack); its id, or None if refused."""
    project = window.project
    doc = project.documents()[0]
    n = len(project.segments(coder_id=window.coder_id))
    start = (n * 5) % (doc.length - 4)
    edit = edits.add_segment(project, doc.id, project.codes()[1].id, window.coder_id, start, start + 3,
                             coder_name=window.coder_name)
    segment = next(c.after for c in edit.changes if c.table == "segments")  # (the first may add the coder)
    return str(segment["id"]) if window.controller.push(edit) else None  # type: ignore[index]


def test_every_file_dialog_on_the_project_folder_keeps_the_locks(main_window, qtbot, tmp_path: Path,
                                                                  monkeypatch) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "study"
    folder.mkdir()
    path = folder / "study.newscoder"
    project = make_project(path)
    backup.create_backup(project)  # Restore backup… then has a list to show
    for name, text in (("notes.txt", "An article.\n"), ("book.qdc", "<x/>"), ("old.qdpx", "zip"),
                       ("out.csv", "a,b\n"), ("broken.newscoder", "not a project")):
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "articles").mkdir()
    monkeypatch.chdir(folder)  # dialogs given no folder start here
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("carol", True))
    window = main_window(project=project)
    mine = [window_saves(window)]
    walk = Walk(qtbot, path)
    assert {name for name, _s, _e in walk.locks} == {"db", "-shm"}, walk.locks

    for action_id in ACTIONS:
        answerer = ModalAnswerer(walk)
        try:
            window.action(action_id).trigger()
        finally:
            answerer.stop()
        mine.append(window_saves(window))

    agreement = window.analysis.agreement()  # Analysis ▸ Agreement…: its Export CSV… dialog
    answerer = ModalAnswerer(walk)
    try:
        agreement.choose_and_export()
    finally:
        answerer.stop()
    agreement.reject()
    mine.append(window_saves(window))

    from newscoder.ui.app import open_start_project  # start-up: "cannot be opened" ▸ Open another…

    answerer = ModalAnswerer(walk)
    try:
        assert open_start_project(folder / "broken.newscoder") is None
    finally:
        answerer.stop()
    mine.append(window_saves(window))

    assert len(walk.shown) == len(ACTIONS) + 2, walk.shown
    assert {str(Path(d).resolve()) for d in walk.directories} == {str(folder.resolve())}
    window.close()
    window.project.close()

    present, problems = read_back(path)
    print(f"\n{len(walk.shown)} dialogs shown; the window saved {len(mine)} segments, the other program "
          f"{len(walk.theirs)}; missing: window {len(set(mine) - present)}, other program "
          f"{len(set(walk.theirs) - present)}; integrity {problems[:1]}; "
          f"locks lost in {len(walk.lost_locks)} dialogs")
    assert None not in mine, "the window could not save"
    assert set(walk.theirs) - present == set(), "the other program's saves were lost"
    assert set(mine) - present == set(), "the window's saves were lost"
    assert problems == ["ok"]
    assert walk.lost_locks == []


def test_no_module_but_the_helper_makes_a_file_dialog() -> None:
    """Every file dialog comes from ui/file_dialogs.py (non-native, an icon provider that reads nothing)."""
    root = Path(__file__).resolve().parents[2] / "desktop" / "newscoder"
    offenders = []
    for source in root.rglob("*.py"):
        if source.name == "file_dialogs.py":
            continue
        text = source.read_text(encoding="utf-8")
        if "QFileDialog" in text or "QFileSystemModel" in text or "QMimeDatabase" in text:
            offenders.append(str(source.relative_to(root)))
    assert offenders == []


def test_the_helper_never_reads_a_file(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The icon provider answers from the name: a FIFO named like a project would hang a reader."""
    from newscoder.ui import file_dialogs

    fifo = tmp_path / "trap.newscoder"
    os.mkfifo(fifo)
    (tmp_path / "sub").mkdir()
    (tmp_path / "real.newscoder").write_bytes(b"SQLite format 3\x00")
    provider = file_dialogs.icon_provider()
    from PySide6.QtCore import QFileInfo

    assert provider.type(QFileInfo(str(fifo))) == "Newscoder project"
    assert provider.type(QFileInfo(str(tmp_path / "x.CSV"))) == "CSV file"
    assert provider.type(QFileInfo(str(tmp_path / "sub"))) == "Folder"
    assert not provider.icon(QFileInfo(str(fifo))).isNull()
    dialog = file_dialogs.make_dialog(None, "t", str(tmp_path), "All files (*)")
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    assert dialog.iconProvider() is provider
    qtbot.addWidget(dialog)
    dialog.show()
    model = dialog.findChild(QFileSystemModel)
    qtbot.waitUntil(lambda: model.rowCount(model.index(str(tmp_path))) >= 2, timeout=5000)
    qtbot.wait(200)
    root = model.index(str(tmp_path))
    types = {model.index(r, 0, root).data(): model.index(r, 2, root).data() for r in range(model.rowCount(root))}
    assert types["real.newscoder"] == "Newscoder project" and types["sub"] == "Folder"
    assert types.get("trap.newscoder", "Newscoder project") == "Newscoder project"
    dialog.reject()


def test_lock_check_sees_a_lost_lock(tmp_path: Path) -> None:
    """The /proc/locks check can fail: an open()/close() of the project file drops the lock it reads."""
    path = tmp_path / "p.newscoder"
    project = make_project(path)
    try:
        before = posix_locks(os.getpid(), path)
        assert ("db" in {n for n, _s, _e in before})
        with open(path, "rb") as fh:  # what Qt's MIME sniffing did
            fh.read(16)
        after = posix_locks(os.getpid(), path)
        assert "db" not in {n for n, _s, _e in after}
    finally:
        project.close()

"""Every file dialog of the app is made here, and none of them ever reads a file.

SQLite's locks on the open project are POSIX locks: *any* ``open()``/``close()``
of the project file (or its ``-wal``/``-shm``) inside this process silently
drops them, and the next program that opens and closes the project then
deletes the WAL under the window (docs/reliability.md, "The open project keeps
its locks"). Qt's file dialogs open files to guess their type: the default
icon provider asks ``QMimeDatabase``, which reads the content of files with an
unknown suffix (``.newscoder``, ``-wal``, ``-shm``); a native dialog running
in-process (GTK) does the same.

So every dialog is Qt's own (``DontUseNativeDialog``) with
:class:`SuffixIconProvider`, which decides icons and type names from the name
alone. Callers use :func:`open_file_name`, :func:`open_file_names`,
:func:`save_file_name` and :func:`existing_directory` (call them through this
module, so tests can replace them); tests/ui/test_file_dialogs.py checks that
no other module creates a ``QFileDialog``.
"""

from __future__ import annotations

from PySide6.QtCore import QFileInfo
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QStyle, QWidget

#: Type names by suffix (lower case, without the dot); anything else is "<SUFFIX> file".
_TYPES = {
    "newscoder": "Newscoder project",
    "csv": "CSV file",
    "txt": "Text file",
    "md": "Markdown file",
    "html": "HTML file",
    "htm": "HTML file",
    "docx": "Word document",
    "pdf": "PDF document",
    "qdc": "REFI-QDA codebook",
    "qdpx": "REFI-QDA project",
    "json": "JSON file",
    "zip": "ZIP archive",
}


class SuffixIconProvider(QAbstractFileIconProvider):
    """Icons and type names from the file *name* only: never opens, reads or sniffs a file."""

    def __init__(self) -> None:
        super().__init__()
        self._icons: dict[str, QIcon] = {}

    def _standard(self, which: QStyle.StandardPixmap) -> QIcon:
        key = str(which)
        if key not in self._icons:
            app = QApplication.instance()
            style = app.style() if isinstance(app, QApplication) else None
            self._icons[key] = style.standardIcon(which) if style is not None else QIcon()
        return self._icons[key]

    def icon(self, what: object) -> QIcon:
        pixmap = QStyle.StandardPixmap
        if isinstance(what, QFileInfo):
            # isDir()/isSymLink() are stat() calls: they never open the file
            if what.isDir():
                return self._standard(pixmap.SP_DirIcon)
            return self._standard(pixmap.SP_FileLinkIcon if what.isSymLink() else pixmap.SP_FileIcon)
        kind = QAbstractFileIconProvider.IconType
        if what in (kind.Folder, kind.Desktop, kind.Network):
            return self._standard(pixmap.SP_DirIcon)
        if what == kind.Drive:
            return self._standard(pixmap.SP_DriveHDIcon)
        if what == kind.Trashcan:
            return self._standard(pixmap.SP_TrashIcon)
        if what == kind.Computer:
            return self._standard(pixmap.SP_ComputerIcon)
        return self._standard(pixmap.SP_FileIcon)

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        name = info.fileName()
        suffix = name.rsplit(".", 1)[-1].lower() if "." in name.lstrip(".") else ""
        if suffix in _TYPES:
            return _TYPES[suffix]
        return f"{suffix.upper()} file" if suffix else "File"


_PROVIDER: SuffixIconProvider | None = None


def icon_provider() -> SuffixIconProvider:
    """The one provider all dialogs share (Qt does not take ownership of it)."""
    global _PROVIDER
    if _PROVIDER is None:
        _PROVIDER = SuffixIconProvider()
    return _PROVIDER


def make_dialog(
    parent: QWidget | None,
    caption: str,
    directory: str = "",
    name_filter: str = "",
    *,
    mode: QFileDialog.FileMode = QFileDialog.FileMode.ExistingFile,
    save: bool = False,
) -> QFileDialog:
    """THE place a ``QFileDialog`` is made: Qt's own dialog with :class:`SuffixIconProvider`."""
    dialog = QFileDialog(parent, caption)
    dialog.setObjectName("fileDialog")
    # The provider must be in place before the dialog lists any folder.
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setIconProvider(icon_provider())
    dialog.setFileMode(mode)
    if mode == QFileDialog.FileMode.Directory:
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
    if name_filter:
        dialog.setNameFilter(name_filter)
    if directory:
        info = QFileInfo(directory)
        if info.isDir():
            dialog.setDirectory(directory)
        else:
            dialog.setDirectory(info.absolutePath())
            dialog.selectFile(info.fileName())
    return dialog


def _run(dialog: QFileDialog) -> list[str]:
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return []
        return list(dialog.selectedFiles())
    finally:
        dialog.deleteLater()


def open_file_name(parent: QWidget | None, caption: str, directory: str = "", name_filter: str = "") -> str:
    """One existing file, or "" if cancelled."""
    chosen = _run(make_dialog(parent, caption, directory, name_filter))
    return chosen[0] if chosen else ""


def open_file_names(parent: QWidget | None, caption: str, directory: str = "", name_filter: str = "") -> list[str]:
    """Existing files, or [] if cancelled."""
    return _run(make_dialog(parent, caption, directory, name_filter, mode=QFileDialog.FileMode.ExistingFiles))


def save_file_name(parent: QWidget | None, caption: str, directory: str = "", name_filter: str = "") -> str:
    """A file to write (the dialog asks before replacing one), or "" if cancelled."""
    chosen = _run(make_dialog(parent, caption, directory, name_filter, mode=QFileDialog.FileMode.AnyFile,
                              save=True))
    return chosen[0] if chosen else ""


def existing_directory(parent: QWidget | None, caption: str, directory: str = "") -> str:
    """An existing folder, or "" if cancelled."""
    chosen = _run(make_dialog(parent, caption, directory, mode=QFileDialog.FileMode.Directory))
    return chosen[0] if chosen else ""

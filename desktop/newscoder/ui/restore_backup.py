"""File ▸ Restore backup…: pick one of the project's automatic backups by date.

The window closes its project, :func:`newscoder.core.backup.restore_backup`
replaces the file (after backing up the current state), and the window
reopens it.
"""

from __future__ import annotations

from datetime import datetime, UTC

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from newscoder.core.backup import BackupInfo
from newscoder.ui.plain import tip

PATH_ROLE = Qt.ItemDataRole.UserRole + 1


def tr(text: str) -> str:
    return QCoreApplication.translate("RestoreBackup", text)


def local_time(timestamp: str) -> str:
    """'2024-06-01T10:00:00Z' as local date and time, e.g. '2024-06-01 12:00:00'."""
    try:
        moment = datetime.strptime(timestamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return timestamp
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def describe(info: BackupInfo) -> str:
    size = f"{info.size / 1024:.0f} KB" if info.size < 1024 * 1024 else f"{info.size / 1024 / 1024:.1f} MB"
    source = f"   from {info.source}" if info.source else ""
    return f"{local_time(info.created_at)}   ({size}){source}"


class RestoreBackupDialog(QDialog):
    """The backups of one project, newest first; OK restores the chosen one."""

    def __init__(self, backups: list[BackupInfo], project_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Restore backup"))
        layout = QVBoxLayout(self)
        label = QLabel(tr("Backups of “%1”, newest first. Restoring replaces the project with the "
                          "chosen backup; the current state is backed up first.").replace("%1", project_name))
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)  # the project's name
        layout.addWidget(label)
        self.list = QListWidget()
        self.list.setObjectName("backupList")
        self.list.setAccessibleName(tr("Backups"))
        label.setBuddy(self.list)
        for info in backups:
            item = QListWidgetItem(describe(info))
            item.setData(PATH_ROLE, str(info.path))
            item.setToolTip(tip(str(info.path)))
            self.list.addItem(item)
        if backups:
            self.list.setCurrentRow(0)
        layout.addWidget(self.list, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton(tr("&Restore"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(bool(backups))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(self.buttons)
        self.resize(460, 360)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(PATH_ROLE)) if item is not None else None

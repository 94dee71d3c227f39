"""The files an import left out: failures (with the reason), then duplicates (with the existing title)."""

from __future__ import annotations

from typing import Any, NamedTuple

from PySide6.QtCore import QCoreApplication, QObject, Qt

from newscoder.core.importers import ImportResult
from newscoder.ui.models.rows import RowTableModel
from newscoder.ui.plain import tip


def tr(text: str) -> str:
    return QCoreApplication.translate("ImportDialog", text)


class Problem(NamedTuple):
    name: str
    result: str
    reason: str
    path: str


class ImportProblemsModel(RowTableModel[Problem]):
    """Files not imported: one row each, the full path as the file's tooltip."""

    HEADERS = ("File", "Result", "Reason")
    CONTEXT = "ImportDialog"

    def __init__(self, result: ImportResult, parent: QObject | None = None) -> None:
        rows = [Problem(path.name, tr("Not imported"), reason, str(path)) for path, reason in result.failed]
        rows += [Problem(path.name, tr("Duplicate"), tr("already in the project as “{title}”").format(title=info.title),
                         str(path)) for path, info in result.duplicates]
        super().__init__(rows, parent)

    def cell(self, row: Problem, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return row[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(str(row.path if column == 0 else row[column]))
        return None

    def full_path(self, row: int) -> str:
        found = self.row(row)
        return found.path if found is not None else ""

"""The files an import left out: failures (with the reason), then duplicates (with the existing title);
then the files whose text was here already and were added as another publication of it (issue 13)."""

from __future__ import annotations

from typing import Any, NamedTuple

from PySide6.QtCore import QCoreApplication, QObject, Qt

from newscoder.core.importers import ImportResult
from newscoder.ui.models.rows import RowTableModel
from newscoder.ui.plain import tip


def tr(text: str) -> str:
    return QCoreApplication.translate("ImportDialog", text)


def publication_reason(added: Any) -> str:
    """"added as the second publication of “TITLE” (RIA, 2024-10-24)": the same text from another outlet."""
    from newscoder.core.importers.bulk import ordinal

    pub = added.publication
    where = ", ".join(x for x in (pub.source or tr("no source"), pub.published) if x)
    return tr("same text: added as the {nth} publication of “{title}” ({where})").format(
        nth=tr(ordinal(added.number)), title=added.document.title, where=where)


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
        rows += [Problem(path.name, tr("Duplicate"), tr("already in the project as “{title}”").format(
            title=result.duplicate_of[path].title if path in result.duplicate_of else info.title),
            str(path)) for path, info in result.duplicates]
        rows += [Problem(p.path.name, tr("Another publication"), publication_reason(p), str(p.path))
                 for p in result.publications]
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

"""The code browser's rows: every live segment of one code, with its context, a page at a time."""

from __future__ import annotations

from typing import Any, NamedTuple

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt

from newscoder.core.store import Project
from newscoder.ui.models.rows import RowTableModel
from newscoder.ui.plain import tip

Index = QModelIndex | QPersistentModelIndex

ARTICLE, CODER, CONTEXT, MEMO = range(4)
HEADERS = ("Article", "Coder", "Coded text in context", "Memo")
#: (before, coded, after) of the context column
CONTEXT_PARTS_ROLE = Qt.ItemDataRole.UserRole + 1
#: (document_id, segment_id) for any column
SEGMENT_KEY_ROLE = Qt.ItemDataRole.UserRole + 2

CONTEXT_CHARS = 60
MAX_CODED_CHARS = 240
PAGE = 200


def tr(text: str) -> str:
    return QCoreApplication.translate("CodeBrowser", text)


def one_line(text: str) -> str:
    return " ".join(text.split())


class Row(NamedTuple):
    segment_id: str
    document_id: str
    title: str
    coder: str
    start: int
    end: int
    memo: str
    before: str
    coded: str
    after: str


def clip_coded(text: str, limit: int = MAX_CODED_CHARS) -> str:
    if len(text) <= limit:
        return text
    half = limit // 2
    return text[:half] + " … " + text[-half:]


class SegmentsOfCodeModel(RowTableModel[Row]):
    """Live segments of one code (optionally one coder's), fetched a page at a time."""

    HEADERS = HEADERS
    CONTEXT = "CodeBrowser"

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__((), parent)
        self.project = project
        self.code_id: str | None = None
        self.coder_id: str | None = None
        self.total = 0

    def set_filter(self, code_id: str | None, coder_id: str | None = None) -> None:
        self.code_id, self.coder_id = code_id, coder_id
        self.reload()

    def reload(self) -> None:
        """Re-read from the start; the first page is fetched at once, the rest as the view scrolls."""
        self.total = self._count()
        self.set_rows(self._page(0, PAGE) if self.total else [])

    def _count(self) -> int:
        if self.code_id is None:
            return 0
        return self.project.coded_in_context_count(self.code_id, self.coder_id)

    def _page(self, offset: int, limit: int) -> list[Row]:
        if self.code_id is None:
            return []
        return [Row(*r) for r in self.project.coded_in_context(self.code_id, self.coder_id, CONTEXT_CHARS,
                                                                 limit, offset)]

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and self.rowCount() < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid():
            return
        page = self._page(self.rowCount(), PAGE)
        if not page:
            self.total = self.rowCount()
            return
        self.append_rows(page)

    def context_parts(self, row: Row) -> tuple[str, str, str]:
        before = one_line(row.before)
        after = one_line(row.after)
        return (
            ("…" if row.start > CONTEXT_CHARS else "") + before + (" " if row.before[-1:].isspace() else ""),
            clip_coded(one_line(row.coded)),
            (" " if row.after[:1].isspace() else "") + after + ("…" if len(row.after) == CONTEXT_CHARS else ""),
        )

    def cell(self, row: Row, column: int, role: int) -> Any:
        if role == SEGMENT_KEY_ROLE:
            return (row.document_id, row.segment_id)
        if role == CONTEXT_PARTS_ROLE and column == CONTEXT:
            return self.context_parts(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == CONTEXT:
                text = tr("Characters {start}–{end}: {text}").format(start=row.start, end=row.end, text=row.coded)
            else:
                text = {ARTICLE: row.title, CODER: row.coder, MEMO: row.memo}.get(column, "")
            return tip(text) or None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == ARTICLE:
                return row.title
            if column == CODER:
                return row.coder
            if column == CONTEXT:
                before, coded, after = self.context_parts(row)
                if role == Qt.ItemDataRole.ToolTipRole:
                    return tr("Characters {start}–{end}: {text}").format(start=row.start, end=row.end, text=row.coded)
                return f"{before}«{coded}»{after}"
            if column == MEMO:
                return row.memo if role == Qt.ItemDataRole.ToolTipRole else one_line(row.memo)
        return None

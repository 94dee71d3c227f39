"""The article list: one row per document, with *my* status and segment count.

The model holds ids and light cached rows (title, source, status), read with
two queries when the project or coder changes; segment counts (which need a
pass over the segments) are read only for the rows shown, a page per query.
A change to one article refreshes just that row. Rows are handed to the view in batches
(``canFetchMore``/``fetchMore``) so a 10,000-article project opens fast.
"""

from __future__ import annotations


from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from newscoder.core.records import Status
from newscoder.core.changes import Changes
from newscoder.core.store import Project
from newscoder.ui.models._icons import status_icon
from newscoder.ui.plain import tip

ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
COUNT_ROLE = Qt.ItemDataRole.UserRole + 3
FILTER_ROLE = Qt.ItemDataRole.UserRole + 4
SOURCE_ROLE = Qt.ItemDataRole.UserRole + 5
BATCH = 2000
#: rows whose segment counts are read together when one is shown
COUNT_PAGE = 128

Index = QModelIndex | QPersistentModelIndex


def status_text(status: Status) -> str:
    tr = QCoreApplication.translate
    return {
        Status.NOT_STARTED: tr("ArticleList", "not started"),
        Status.IN_PROGRESS: tr("ArticleList", "in progress"),
        Status.DONE: tr("ArticleList", "done"),
    }[status]


@dataclass(slots=True)
class ArticleRow:
    id: str
    title: str
    source: str
    status: Status = Status.NOT_STARTED
    count: int | None = None  # None: not read yet (see ArticleListModel._counts_for)


class ArticleListModel(QAbstractListModel):
    """Documents of a project as seen by one coder."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project: Project | None = None
        self._coder_id: str | None = None
        self._all: list[ArticleRow] = []
        self._shown = 0
        self._row_of: dict[str, int] = {}
        self._done = 0  # rows whose status is DONE, kept up to date by load/refresh_document

    # -- loading ---------------------------------------------------------------
    def load(self, project: Project | None, coder_id: str | None) -> None:
        self.beginResetModel()
        self._project, self._coder_id = project, coder_id
        self._all = []
        if project is not None:
            rows = project.article_rows()
            statuses = project.statuses(coder_id) if coder_id else {}
            unknown = None if coder_id else 0
            self._all = [ArticleRow(i, t, s, statuses.get(i, Status.NOT_STARTED), unknown) for i, t, s in rows]
        self._row_of = {r.id: n for n, r in enumerate(self._all)}
        self._done = sum(1 for r in self._all if r.status == Status.DONE)
        self._shown = min(BATCH, len(self._all))
        self.endResetModel()
        if (self.sort_key != "title" or self.descending) and self._all:
            self.sort_by(self.sort_key)

    def refresh_document(self, document_id: str) -> None:
        """Re-read one article's title, status and count."""
        n = self._row_of.get(document_id)
        if n is None or self._project is None:
            self.load(self._project, self._coder_id)
            return
        row = self._all[n]
        got = self._project.article_state(document_id, self._coder_id or "")
        if got:
            listed, status, count = got
            row.title, row.source = listed.title, listed.source
            if self._coder_id:
                self._done -= row.status == Status.DONE
                row.status = status
                row.count = count
                self._done += row.status == Status.DONE
        if n < self._shown:
            idx = self.index(n, 0)
            self.dataChanged.emit(idx, idx)

    def apply_changes(self, changes: Changes) -> None:
        """Follow an applied edit (one row per touched article) or another program (everything)."""
        if changes.external:
            self.load(self._project, self._coder_id)
            return
        for document_id in changes.touched_documents():
            self.refresh_document(document_id)

    #: the orders the list could be sorted in before any variable could ("outlet", "date": source, published)
    SORT_KEYS = ("title", "outlet", "date")
    ALIASES = {"outlet": "source", "date": "published"}

    def sort_by(self, key: str, descending: bool | None = None) -> None:
        """Order every article by any document variable, typed (:mod:`newscoder.core.variables_order`: numbers
        numerically, dates by date, choices in their defined order), ties and empty values by title, empty
        values last; ``descending`` reverses (``None``: as before)."""
        from newscoder.core import store_variables_list as by_variable
        from newscoder.core.variables_order import Kind, order

        if descending is not None:
            self.descending = descending
        name = self.ALIASES.get(key, key)
        self.beginResetModel()
        by_title = sorted(self._all, key=lambda r: (r.title.casefold(), r.title, r.id))
        if (name != "title" or self.descending) and self._project is not None:
            kind = Kind("text") if name == "title" else by_variable.variable_kind(self._project, name)
            of_doc = {} if name == "title" else by_variable.variable_values(self._project, name)
            own = name in ("title", "source", "published")  # a row may carry its own (another publication's)
            values = {n: str(getattr(r, name, None) or of_doc.get(r.id, "")) if own else of_doc.get(r.id, "")
                      for n, r in enumerate(by_title)}
            by_title = [by_title[n] for n in order(range(len(by_title)), values, kind, descending=self.descending)]
        self._all = by_title
        self._row_of = {r.id: n for n, r in enumerate(self._all)}
        self._shown = min(max(self._shown, BATCH), len(self._all))
        self.sort_key = key
        self.endResetModel()

    sort_key = "title"
    descending = False

    # -- queries -----------------------------------------------------------------
    def ids(self) -> list[str]:
        return [r.id for r in self._all]

    def rows(self) -> list[ArticleRow]:
        """Every article's row in the list's order (shown or not yet)."""
        return self._all

    def source_row(self, document_id: str) -> int:
        """The row of a document without fetching (-1 if unknown)."""
        return self._row_of.get(document_id, -1)

    def fetch_all(self) -> None:
        """Show every row at once (a grouped or filtered list needs them all)."""
        if self._shown < len(self._all):
            self.beginInsertRows(QModelIndex(), self._shown, len(self._all) - 1)
            self._shown = len(self._all)
            self.endInsertRows()

    def row_for(self, document_id: str) -> int:
        """The row of a document, fetching more rows if needed; -1 if unknown."""
        n = self._row_of.get(document_id, -1)
        if n >= self._shown:
            self.beginInsertRows(QModelIndex(), self._shown, n)
            self._shown = n + 1
            self.endInsertRows()
        return n

    def article(self, document_id: str) -> ArticleRow | None:
        n = self._row_of.get(document_id)
        if n is None:
            return None
        if self._all[n].count is None:
            self._counts_for(range(n, n + 1))
        return self._all[n]

    def _counts_for(self, rows: range) -> None:
        """Read the segment counts of these rows (those not read yet) with one query."""
        missing = {self._all[n].id: self._all[n] for n in rows if self._all[n].count is None}
        if not missing:
            return
        counts: dict[str, int] = {}
        if self._project is not None and self._coder_id:
            counts = self._project.segment_counts(self._coder_id, list(missing))
        for doc_id, row in missing.items():
            row.count = int(counts.get(doc_id, 0))

    def _count(self, n: int) -> int:
        row = self._all[n]
        if row.count is None:
            self._counts_for(range(max(0, n - COUNT_PAGE // 4), min(len(self._all), n + COUNT_PAGE)))
        return row.count or 0

    def done_count(self) -> tuple[int, int]:
        return self._done, len(self._all)

    # -- Qt model API --------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._shown < len(self._all)

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid():
            return
        more = min(BATCH, len(self._all) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._shown or index.column() != 0:
            return None
        row = self._all[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            tr = QCoreApplication.translate
            n = self._count(index.row())
            count = (tr("ArticleList", "1 segment") if n == 1
                     else tr("ArticleList", "%1 segments").replace("%1", str(n)))
            source = row.source or tr("ArticleList", "no source")
            return f"{row.title}\n{source} · {status_text(row.status)} · {count}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(f"{row.title}\n{row.source}\n{status_text(row.status)}")
        if role == Qt.ItemDataRole.DecorationRole:
            return status_icon(row.status)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{row.title}, {status_text(row.status)}, {self._count(index.row())}"
        if role == ID_ROLE:
            return row.id
        if role == STATUS_ROLE:
            return row.status.value
        if role == COUNT_ROLE:
            return self._count(index.row())
        if role == SOURCE_ROLE:
            return row.source
        if role == FILTER_ROLE:
            return f"{row.title}\n{row.source}\n{status_text(row.status)}"
        return None

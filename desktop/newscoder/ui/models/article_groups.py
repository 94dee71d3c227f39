"""The article list as shown: filtered by words and variables, grouped by a variable under headers.

:class:`ArticleFilterModel` is a flat proxy over :class:`~newscoder.ui.models.article_list.ArticleListModel`
(which holds the sort order). Its rows are the articles that pass the filter and, when the list is
grouped, a header row before each group (the value, its count; collapsed or expanded). The
arrangement itself is pure (:func:`newscoder.core.variables_order.arrange`); this class reads the
source's rows as Python objects (no per-row Qt calls), so 10,000 articles re-arrange at once.

Filter text: pieces separated by ``;``. A piece ``NAME OP VALUE`` (``=``, ``!=``, ``<``, ``<=``,
``>``, ``>=``) filters by a variable, status or code (:mod:`newscoder.core.search.filters`);
any other piece is words that the title, outlet or status must contain.

A change of filter, grouping or a collapsed group is a layout change: the current article
stays current (persistent indexes follow it).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractProxyModel, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from newscoder.core.changes import Changes
from newscoder.core.store import Project
from newscoder.core.variables_order import Header, Kind, arrange
from newscoder.ui.models.article_list import ID_ROLE, ArticleListModel
from newscoder.ui.models.article_list_reader import STATUS, ListReader
from newscoder.ui.plain import tip

#: a header row's group key ('' for the articles without a value); None on article rows
HEADER_ROLE = Qt.ItemDataRole.UserRole + 40  # clear of the article list's roles (+1…+20)

Index = QModelIndex | QPersistentModelIndex


def tr(text: str) -> str:
    return QCoreApplication.translate("ArticleList", text)


def variable_label(name: str) -> str:
    """A variable's name as the list shows it (the built-in ``source`` is the outlet, ``published`` the date)."""
    return {"source": tr("outlet"), "published": tr("date"), "title": tr("title"), "author": tr("author"),
            "url": tr("URL"), STATUS: tr("my status")}.get(name, name)


class ArticleFilterModel(QAbstractProxyModel):
    """Articles that pass the filter, optionally under group headers."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.reader = ListReader()  # what the filters and groups read, kept until the variables change
        self._text = ""
        #: what each row shows: a header, or a row of the source (several rows may show one document)
        self._entries: list[Header | int] = []
        self._row_of: dict[int, int] = {}  # source row -> row here
        self._kept_rows: set[int] | None = None  # the source rows that pass every filter (None: all)
        self.group_name: str | None = None
        self.granularity = "month"
        self._kind = Kind()
        self._groups: dict[int, tuple[str, str]] | None = None
        self.collapsed: set[str] = set()
        self._resetting = False

    @property
    def error(self) -> str:
        """Why the filter text cannot run ('' if it can)."""
        return self.reader.error

    # -- the source ----------------------------------------------------------------------
    def setSourceModel(self, model: ArticleListModel) -> None:  # type: ignore[override]
        super().setSourceModel(model)
        model.modelAboutToBeReset.connect(self._source_about_to_reset)
        model.modelReset.connect(self._source_reset)
        model.rowsAboutToBeInserted.connect(self._source_rows_about_to_insert)
        model.rowsInserted.connect(self._source_rows_inserted)
        model.dataChanged.connect(self._source_data_changed)
        self._source_about_to_reset()
        self._source_reset()

    def source(self) -> ArticleListModel:
        model = self.sourceModel()
        assert isinstance(model, ArticleListModel)
        return model

    def arranged(self) -> bool:
        """Whether rows are filtered or grouped (else they mirror the source, fetched in batches)."""
        return bool(self._text.strip()) or self.group_name is not None

    def _source_about_to_reset(self) -> None:
        self._resetting = True
        self.beginResetModel()

    def _source_reset(self) -> None:
        self.reader.rows_changed()
        self._forget()  # a reload or a new order: the variables are read again when needed
        self._fetch_all()
        self._entries = self._compute(self._text, refilter=True)
        self._index_entries()
        self._resetting = False
        self.endResetModel()

    def _fetch_all(self) -> None:
        """An arranged list holds every source row: fetch them (silently: the caller re-lays out)."""
        if self.arranged():
            was, self._resetting = self._resetting, True
            try:
                self.source().fetch_all()
            finally:
                self._resetting = was

    def _source_rows_about_to_insert(self, parent: Index, first: int, last: int) -> None:
        if not self._resetting and not self.arranged():
            self.beginInsertRows(QModelIndex(), first, last)

    def _source_rows_inserted(self, parent: Index, first: int, last: int) -> None:
        if self._resetting:
            return
        if not self.arranged():
            self._entries[first:first] = list(range(first, last + 1))
            self._index_entries()
            self.endInsertRows()
        else:  # an arranged list holds every row already; a row the source adds later (row_for) is re-arranged
            self.rearrange()

    def _source_data_changed(self, top: QModelIndex, bottom: QModelIndex, roles: Any = ()) -> None:
        for n in range(top.row(), bottom.row() + 1):
            self.reader.row_changed(n)
            mine = self._row_of.get(n)
            if mine is not None:
                idx = self.index(mine, 0)
                self.dataChanged.emit(idx, idx)

    # -- what is shown -----------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        self.project = project
        self._forget()
        self.collapsed = set()

    def apply_changes(self, changes: Changes) -> None:
        """An edit or another program: re-group when variables changed; re-filter when what it reads changed
        (variables; statuses and codes for ``status=``, ``code=`` and words)."""
        variables = changes.external or bool(changes.documents)
        if variables:
            self._forget()
        filtered = bool(self._text.strip()) and (variables or bool(changes.statuses or changes.segments))
        by_status = self.group_name == STATUS and bool(changes.statuses)
        if by_status:
            self._groups = None
        if filtered or by_status or (self.group_name is not None and variables):
            self.rearrange()

    def _forget(self) -> None:
        """Drop what was read of the articles' variables (names, values, groups)."""
        self._groups = None
        self.reader.forget()

    def configure(self, text: str, group: str | None, granularity: str) -> None:
        """Set the filter and the grouping without re-arranging (the source is about to load)."""
        self._text, self.group_name, self.granularity = text, group or None, granularity
        self._groups, self.collapsed = None, set()
        self.reader.forget()

    def set_filter_text(self, text: str) -> None:
        """Words (title, outlet, status) and ``NAME OP VALUE`` pieces, separated by ``;``."""
        self._text = text
        self.rearrange()

    def filter_text(self) -> str:
        return self._text

    def set_grouping(self, name: str | None, granularity: str = "month") -> None:
        """Group by this variable (``None``: no groups); a date by ``year``, ``month`` or ``day``."""
        if (name, granularity) != (self.group_name, self.granularity):
            self.collapsed = set()
        self.group_name, self.granularity, self._groups = name or None, granularity, None
        self.rearrange()

    def set_collapsed(self, key: str, collapsed: bool) -> None:
        if (key in self.collapsed) == collapsed:
            return
        (self.collapsed.add if collapsed else self.collapsed.discard)(key)
        self.rearrange()

    def set_all_collapsed(self, collapsed: bool) -> None:
        self.collapsed = {e.key for e in self._entries if isinstance(e, Header)} if collapsed else set()
        self.rearrange(refilter=False)

    def rearrange(self, *, refilter: bool = True) -> None:
        """Re-filter and re-group, as a layout change (the current article stays current)."""
        if self.sourceModel() is None:
            return
        self._fetch_all()
        self.layoutAboutToBeChanged.emit()
        old = self._entries
        persistent = self.persistentIndexList()
        self._entries = self._compute(self._text, refilter=refilter)
        self._index_entries()
        heads = {e.key: n for n, e in enumerate(self._entries) if isinstance(e, Header)}
        moved = []
        for p in persistent:
            row = p.row()
            entry = old[row] if 0 <= row < len(old) else None
            if isinstance(entry, Header):
                new = heads.get(entry.key, -1)
            else:
                new = self._row_of.get(entry, -1) if entry is not None else -1
            moved.append(self.index(new, 0) if new >= 0 else QModelIndex())
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def _compute(self, text: str, *, refilter: bool) -> list[Header | int]:
        source = self.source()
        rows = source.rows()
        numbers = range(len(rows))
        if not self.arranged():
            return list(range(min(len(rows), source.rowCount())))
        if refilter:
            self._kept_rows = self.reader.filter(self.project, text, rows, source.ids())
        groups = None
        if self.group_name is not None:
            if self._groups is None:
                self._groups, self._kind = self.reader.groups(self.project, self.group_name, self.granularity, rows)
            groups = self._groups
        same = ArticleListModel.ALIASES.get(source.sort_key, source.sort_key) == self.group_name
        return arrange(numbers, self._kept_rows, groups, self._kind, self.collapsed,
                       descending=same and source.descending)

    def _index_entries(self) -> None:
        self._row_of = {e: n for n, e in enumerate(self._entries) if isinstance(e, int)}

    # -- queries ----------------------------------------------------------------------------
    def header(self, row: int) -> Header | None:
        entry = self._entries[row] if 0 <= row < len(self._entries) else None
        return entry if isinstance(entry, Header) else None

    def header_row_of(self, row: int) -> int:
        """The row of the header of the group this row is in (-1 if ungrouped)."""
        for n in range(min(row, len(self._entries) - 1), -1, -1):
            if isinstance(self._entries[n], Header):
                return n
        return -1

    def article_row(self, row: int, delta: int) -> int:
        """The next article row from ``row`` in direction ``delta`` (±1), skipping headers and other rows of
        ``row``'s own document (several publications of one text); -1 if none."""
        rows = self.source().rows()
        start = self._entries[row] if 0 <= row < len(self._entries) else None
        same = rows[start].id if isinstance(start, int) and start < len(rows) else None
        n = row + delta
        while 0 <= n < len(self._entries):
            entry = self._entries[n]
            if isinstance(entry, int) and (same is None or rows[entry].id != same):
                return n
            n += delta
        return -1

    def reveal(self, document_id: str) -> QModelIndex:
        """The (first) row of an article, expanding its group if collapsed (invalid if the filter hides it)."""
        n = self.source().source_row(document_id)
        if n < 0:
            return QModelIndex()
        if n not in self._row_of and self._groups is not None and (self._kept_rows is None or n in self._kept_rows):
            key = self._groups.get(n, ("", ""))[0]
            if key in self.collapsed:
                self.set_collapsed(key, False)
        mine = self._row_of.get(n)
        return self.index(mine, 0) if mine is not None else QModelIndex()

    def row_of(self, document_id: str) -> int:
        """The (first) row here of an article, without expanding anything (-1: hidden or filtered out)."""
        return self._row_of.get(self.source().source_row(document_id), -1)

    def shown_articles(self) -> int:
        """Article rows in the list (not those in collapsed groups)."""
        return len(self._row_of)

    def kept_articles(self) -> int:
        """Articles (documents) that pass the filter, shown or in a collapsed group."""
        rows = self.source().rows()
        if self._kept_rows is None:
            return len({r.id for r in rows})
        return len({rows[n].id for n in self._kept_rows})

    # -- Qt model API ---------------------------------------------------------------------------
    def index(self, row: int, column: int = 0, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or column != 0 or not 0 <= row < len(self._entries):
            return QModelIndex()
        return self.createIndex(row, 0)

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        return QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and bool(self._entries)

    def mapToSource(self, proxy: Index) -> QModelIndex:
        if not proxy.isValid() or not 0 <= proxy.row() < len(self._entries):
            return QModelIndex()
        entry = self._entries[proxy.row()]
        if isinstance(entry, Header):
            return QModelIndex()
        return self.source().index(entry, 0)

    def mapFromSource(self, source: Index) -> QModelIndex:
        if not source.isValid():
            return QModelIndex()
        n = self._row_of.get(source.row())
        return self.index(n, 0) if n is not None else QModelIndex()

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self.arranged() and self.source().canFetchMore(QModelIndex())

    def fetchMore(self, parent: Index) -> None:
        if not parent.isValid() and not self.arranged():
            self.source().fetchMore(QModelIndex())

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if not isinstance(entry, Header):
            return self.source().data(self.mapToSource(index), role)
        return self._header_data(entry, role)

    def _header_data(self, head: Header, role: int) -> Any:
        name = variable_label(self.group_name or "")
        label = head.label or tr("(no %1)").replace("%1", name)
        count = tr("1 article") if head.count == 1 else tr("%1 articles").replace("%1", f"{head.count:,}")
        state = tr("collapsed") if head.collapsed else tr("expanded")
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{'▸' if head.collapsed else '▾'} {label}\n{count}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(f"{name}: {label}\n{count}, {state}")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{name} {label}, {count}, {state}"
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == HEADER_ROLE:
            return head.key
        if role == ID_ROLE:
            return None
        return None

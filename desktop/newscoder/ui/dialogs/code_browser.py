"""Codes ▸ Browse code…: every live segment of one code, across articles and coders.

A non-modal window: pick a code (and optionally a coder); each row shows the
article, the coder, the coded text in its context (the coded part in bold and
underlined, and between « » for screen readers and copying) and the memo.
Rows are fetched lazily, a page at a time. Double-click or Enter emits
:attr:`CodeBrowser.open_segment` so the main window can show the segment.
"""

from __future__ import annotations

import html
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, QRectF, QSize, Qt,
    Signal, Slot,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QComboBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QStyle,
    QStyledItemDelegate, QStyleOptionViewItem, QTableView, QVBoxLayout, QWidget,
)

from newscoder.core.store import Project
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


class SegmentsOfCodeModel(QAbstractTableModel):
    """Live segments of one code (optionally one coder's), fetched a page at a time."""

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.code_id: str | None = None
        self.coder_id: str | None = None
        self.total = 0
        self._rows: list[Row] = []

    def set_filter(self, code_id: str | None, coder_id: str | None = None) -> None:
        self.code_id, self.coder_id = code_id, coder_id
        self.reload()

    def reload(self) -> None:
        """Re-read from the start; the first page is fetched at once, the rest as the view scrolls."""
        self.beginResetModel()
        self.total = self._count()
        self._rows = self._page(0, PAGE) if self.total else []
        self.endResetModel()

    def _where(self) -> tuple[str, dict[str, Any]]:
        where = "s.code_id = :code AND s.deleted_at IS NULL"
        params: dict[str, Any] = {"code": self.code_id}
        if self.coder_id is not None:
            where += " AND s.coder_id = :coder"
            params["coder"] = self.coder_id
        return where, params

    def _count(self) -> int:
        if self.code_id is None:
            return 0
        where, params = self._where()
        return int(self.project.conn.execute(f"SELECT count(*) FROM segments s WHERE {where}", params).fetchone()[0])

    def _page(self, offset: int, limit: int) -> list[Row]:
        where, params = self._where()
        params.update(ctx=CONTEXT_CHARS, limit=limit, offset=offset)
        rows = self.project.conn.execute(
            f"""SELECT s.id, s.document_id, d.title, c.name, s.start, s."end", s.memo,
                   substr(d.text, max(1, s.start + 1 - :ctx), min(s.start, :ctx)),
                   substr(d.text, s.start + 1, s."end" - s.start),
                   substr(d.text, s."end" + 1, :ctx)
            FROM segments s JOIN documents d ON d.id = s.document_id JOIN coders c ON c.id = s.coder_id
            WHERE {where}
            ORDER BY d.title COLLATE NOCASE, d.id, s.start, s."end", c.name_key, s.id
            LIMIT :limit OFFSET :offset""",
            params,
        ).fetchall()
        return [Row(*r) for r in rows]

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and len(self._rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid():
            return
        page = self._page(len(self._rows), PAGE)
        if not page:
            self.total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            return tr(HEADERS[section])
        return None

    def row(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def context_parts(self, row: Row) -> tuple[str, str, str]:
        before = one_line(row.before)
        after = one_line(row.after)
        return (
            ("…" if row.start > CONTEXT_CHARS else "") + before + (" " if row.before[-1:].isspace() else ""),
            clip_coded(one_line(row.coded)),
            (" " if row.after[:1].isspace() else "") + after + ("…" if len(row.after) == CONTEXT_CHARS else ""),
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role == SEGMENT_KEY_ROLE:
            return (row.document_id, row.segment_id)
        if role == CONTEXT_PARTS_ROLE and column == CONTEXT:
            return self.context_parts(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self.data(index, Qt.ItemDataRole.DisplayRole) if column != CONTEXT else None
            if column == CONTEXT:
                text = tr("Characters {start}–{end}: {text}").format(start=row.start, end=row.end, text=row.coded)
            elif column == MEMO:
                text = row.memo
            return tip(str(text)) if text else None
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


class ContextDelegate(QStyledItemDelegate):
    """Paints the context with the coded part bold and underlined (never colour alone)."""

    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument | None:
        parts = index.data(CONTEXT_PARTS_ROLE)
        if not parts:
            return None
        before, coded, after = (html.escape(p) for p in parts)
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(2)
        doc.setHtml(f"<span style='white-space:pre'>{before}<b><u>{coded}</u></b>{after}</span>")
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        doc = self._document(opt, index)
        if doc is None:
            super().paint(painter, option, index)
            return
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        painter.save()
        top = max(0.0, (opt.rect.height() - doc.size().height()) / 2)
        painter.translate(opt.rect.left(), opt.rect.top() + top)
        painter.setClipRect(QRectF(0, 0, opt.rect.width(), opt.rect.height()))
        context.clip = QRectF(0, 0, opt.rect.width(), opt.rect.height())
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        doc = self._document(option, index)
        if doc is None:
            return super().sizeHint(option, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()))


class CodeBrowser(QDialog):
    """A window listing every segment of one code; non-modal."""

    #: (document_id, segment_id) of the row the user activated
    open_segment = Signal(str, str)

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.setModal(False)
        self.setWindowTitle(tr("Browse code"))
        self.model = SegmentsOfCodeModel(project, self)
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.code_combo = QComboBox()
        self.coder_combo = QComboBox()
        for text, combo in ((tr("&Code:"), self.code_combo), (tr("C&oder:"), self.coder_combo)):
            label = QLabel(text)
            label.setBuddy(combo)
            filters.addWidget(label)
            filters.addWidget(combo, 1)
        self.count_label = QLabel()
        filters.addWidget(self.count_label)
        layout.addLayout(filters)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(CONTEXT, ContextDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAccessibleName(tr("Segments"))
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(CONTEXT, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(ARTICLE, 220)
        self.table.setColumnWidth(CODER, 100)
        self.table.setColumnWidth(MEMO, 160)
        self.table.activated.connect(self._activated)
        layout.addWidget(self.table, 1)
        hint = QLabel(tr("Double-click or press Enter to open a segment in its article."))
        layout.addWidget(hint)
        self.code_combo.currentIndexChanged.connect(self._filter_changed)
        self.coder_combo.currentIndexChanged.connect(self._filter_changed)
        self.refresh()
        self.resize(960, 520)

    def set_code(self, code_id: str) -> None:
        index = self.code_combo.findData(code_id)
        if index >= 0:
            self.code_combo.setCurrentIndex(index)

    def set_coder(self, coder_id: str | None) -> None:
        index = self.coder_combo.findData(coder_id)
        if index >= 0:
            self.coder_combo.setCurrentIndex(index)

    @Slot()
    def refresh(self) -> None:
        """Re-read codes, coders and segments, keeping the current choices."""
        code_id = self.code_combo.currentData()
        coder_id = self.coder_combo.currentData()
        for combo in (self.code_combo, self.coder_combo):
            combo.blockSignals(True)
        try:
            self.code_combo.clear()
            for code in self.project.codes():
                label = tr("{name} (archived)").format(name=code.name) if code.archived else code.name
                if code.shortcut:
                    label = f"{label}  [{code.shortcut}]"
                self.code_combo.addItem(label, code.id)
            self.code_combo.setCurrentIndex(max(0, self.code_combo.findData(code_id)))
            self.coder_combo.clear()
            self.coder_combo.addItem(tr("All coders"), None)
            for coder in self.project.coders():
                self.coder_combo.addItem(coder.name, coder.id)
            self.coder_combo.setCurrentIndex(max(0, self.coder_combo.findData(coder_id)))
        finally:
            for combo in (self.code_combo, self.coder_combo):
                combo.blockSignals(False)
        self._filter_changed()

    def _filter_changed(self) -> None:
        self.model.set_filter(self.code_combo.currentData(), self.coder_combo.currentData())
        self.count_label.setText(tr("{count} segment(s)").format(count=self.model.total))
        self.setWindowTitle(tr("Browse code: {name}").format(name=self.code_combo.currentText())
                            if self.code_combo.count() else tr("Browse code"))

    def _activated(self, index: QModelIndex) -> None:
        key = index.data(SEGMENT_KEY_ROLE)
        if key:
            self.open_segment.emit(key[0], key[1])

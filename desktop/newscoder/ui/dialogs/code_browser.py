"""Analysis ▸ Code browser…: every live segment of one code, across articles and coders.

A non-modal window: pick a code (and optionally a coder); each row shows the
article, the coder, the coded text in its context (the coded part in bold and
underlined, and between « » for screen readers and copying) and the memo.
Rows are fetched lazily, a page at a time. Double-click or Enter emits
:attr:`CodeBrowser.open_segment` so the main window can show the segment.
"""

from __future__ import annotations

import html

from PySide6.QtCore import (
    QModelIndex, QRectF, QSize, Signal, Slot,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QComboBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QPlainTextEdit, QStyle,
    QStyledItemDelegate, QStyleOptionViewItem, QTableView, QVBoxLayout, QWidget,
)

from newscoder.core.store import Project
from newscoder.ui.models.code_browser import (
    ARTICLE, CODER, CONTEXT, CONTEXT_PARTS_ROLE, MEMO, SEGMENT_KEY_ROLE, Index, SegmentsOfCodeModel, tr,
)

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
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
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
        self.detail = QPlainTextEdit()  # the whole coded text of the current row, never cut off
        self.detail.setObjectName("codedTextDetail")
        self.detail.setReadOnly(True)
        self.detail.setAccessibleName(tr("Whole coded text"))
        self.detail.setPlaceholderText(tr("The whole coded text of the current row appears here. "
                                          "Double-click or press Enter to open a segment in its article."))
        line = self.detail.fontMetrics().lineSpacing()
        self.detail.setMinimumHeight(2 * line + 10)
        self.detail.setMaximumHeight(6 * line + 12)
        self.table.setMinimumHeight(2 * line + 12)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        layout.addWidget(self.detail)
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

    def follow(self, _changes: object = None) -> None:
        """After an edit in the window: re-read, but only while shown (a hidden browser costs no key press)."""
        if self.isVisible():
            self.refresh()

    def _show_detail(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row(current.row()) if current.isValid() else None
        if row is None:
            self.detail.clear()
            return
        text = row.coded if not row.memo else f"{row.coded}\n\n{tr('Memo')}: {row.memo}"
        self.detail.setPlainText(text)  # plain text: user text is never rendered as HTML

    def _activated(self, index: QModelIndex) -> None:
        key = index.data(SEGMENT_KEY_ROLE)
        if key:
            self.open_segment.emit(key[0], key[1])

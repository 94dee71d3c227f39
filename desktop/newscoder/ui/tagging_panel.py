"""The right-hand panel: codebook, current selection, segments, segment editor."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtCore import QKeyCombination
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QHeaderView,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from newscoder.core.records import Segment
from newscoder.ui.models.codebook import CODE_ID_ROLE, CodebookModel
from newscoder.ui.models.segments import SEGMENT_ID_ROLE, SegmentListModel
from newscoder.ui.panel_delegates import CodeRowDelegate, SegmentRowDelegate


_CTRL = Qt.KeyboardModifier.ControlModifier


class MemoEdit(QPlainTextEdit):
    """A memo of several lines: saved on focus-out and on Ctrl+Return (Return starts a new line)."""

    editingFinished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("memoEdit")
        self.setTabChangesFocus(True)
        line = self.fontMetrics().lineSpacing()
        self.setMinimumHeight(2 * line + 12)  # shrinks on a small screen, grows to 5 lines
        self.setMaximumHeight(5 * line + 12)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        self.setPlainText(text)
        self.moveCursor(QTextCursor.MoveOperation.End)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() & _CTRL:
            self.editingFinished.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.editingFinished.emit()


class SegmentList(QTableView):
    """A one-column table that looks like a list.

    A ``QListView`` lays out every row again after each insert (thousands of
    model calls for an article with thousands of segments); a table with fixed
    row heights finds any row by arithmetic, so one edit costs one row.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.horizontalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(2 * self.fontMetrics().height() + 16)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setMouseTracking(True)  # hover highlight
        self._delegate = SegmentRowDelegate(self)
        self.setItemDelegate(self._delegate)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A key delivered straight to the list runs its action (Delete), as in the article view."""
        pressed = QKeySequence(QKeyCombination(event.modifiers(), Qt.Key(event.key())))
        for action in self.actions():
            if action.isEnabled() and any(k.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch
                                          for k in action.shortcuts()):
                action.trigger()
                event.accept()
                return
        super().keyPressEvent(event)


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("panelHeading")
    return label


class TaggingPanel(QWidget):
    """Signals carry ids; the main window turns them into edits."""

    codeChosen = Signal(str)  # code id
    segmentActivated = Signal(str)  # segment id
    codeChangeRequested = Signal(str, str)  # segment id, code id
    memoEdited = Signal(str, str)  # segment id, memo
    deleteRequested = Signal()

    def __init__(self, codebook: CodebookModel, segments: SegmentListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.codebook_model = codebook
        self.segment_model = segments
        self._segment: Segment | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.setSpacing(6)

        layout.addWidget(_heading(self.tr("Codebook")))
        self.codes = QListView()
        self.codes.setObjectName("codebookList")
        self.codes.setModel(codebook)
        self.codes.setItemDelegate(CodeRowDelegate(self.codes))
        self.codes.setMouseTracking(True)
        self.codes.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.codes.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.codes.setAccessibleName(self.tr("Codebook"))
        self.codes.clicked.connect(self._code_clicked)
        self.codes.activated.connect(self._code_clicked)
        self.codes.entered.connect(self._show_definition)
        self.codes.selectionModel().currentChanged.connect(lambda cur, _prev: self._show_definition(cur))
        self.codes.viewport().installEventFilter(self)
        for signal in (codebook.modelReset, codebook.rowsInserted, codebook.rowsRemoved, codebook.layoutChanged):
            signal.connect(self._fit_codebook)
        layout.addWidget(self.codes)
        self.definition = QLabel()
        self.definition.setObjectName("definition")
        self.definition.setWordWrap(True)
        self.definition.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.definition)

        layout.addSpacing(6)
        layout.addWidget(_heading(self.tr("Selection")))
        self.selection = QLabel(self.tr("Select text in the article, then press a code's key."))
        self.selection.setObjectName("selectionText")
        self.selection.setWordWrap(True)
        self.selection.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.selection.setTextFormat(Qt.TextFormat.PlainText)  # the selected article text
        layout.addWidget(self.selection)

        layout.addSpacing(6)
        layout.addWidget(_heading(self.tr("Segments in this article")))
        self.segments = SegmentList()
        self.segments.setObjectName("segmentList")
        self.segments.setModel(segments)
        self.segments.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.segments.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.segments.setAccessibleName(self.tr("Segments in this article"))
        self.segments.clicked.connect(self._segment_clicked)
        self.segments.activated.connect(self._segment_clicked)
        self.segments.selectionModel().currentChanged.connect(self._segment_current)
        layout.addWidget(self.segments, 1)

        layout.addSpacing(6)
        layout.addWidget(_heading(self.tr("Selected segment")))
        self.editor = QFrame()
        self.editor.setObjectName("segmentEditor")
        form = QFormLayout(self.editor)
        form.setContentsMargins(10, 10, 10, 10)
        form.setHorizontalSpacing(8)
        form.setVerticalSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.code_combo = QComboBox()
        self.code_combo.setModel(codebook)
        self.code_combo.setAccessibleName(self.tr("Code of the selected segment"))
        self.code_combo.activated.connect(self._combo_changed)
        self.memo = MemoEdit()
        self.memo.setPlaceholderText(self.tr("Memo (saved when you leave it, or Ctrl+Enter)"))
        self.memo.setAccessibleName(self.tr("Memo of the selected segment"))
        self.memo.editingFinished.connect(self._memo_done)
        self.delete_button = QPushButton(self.tr("Delete segment"))
        self.delete_button.setObjectName("deleteSegment")
        self.delete_button.clicked.connect(self.deleteRequested)
        form.addRow(self.tr("&Code:"), self.code_combo)
        form.addRow(self.tr("&Memo:"), self.memo)
        form.addRow("", self.delete_button)
        layout.addWidget(self.editor)
        self.show_segment(None)
        self._fit_codebook()
        self._show_definition(QModelIndex())

    def _fit_codebook(self) -> None:
        """The codebook list is exactly as tall as its rows (up to 9 of them), no empty box."""
        rows = self.codebook_model.rowCount()
        row_h = self.codes.sizeHintForRow(0) if rows else self.codes.fontMetrics().height() + 14
        frame = 2 * self.codes.frameWidth()
        self.codes.setFixedHeight(max(1, min(rows, 9)) * row_h + frame)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Leave and watched is self.codes.viewport() and self._segment is not None:
            self._show_definition(QModelIndex())  # back to the selected segment's code
        return False

    # -- outward ---------------------------------------------------------------
    def _code_clicked(self, index: QModelIndex) -> None:
        code_id = index.data(CODE_ID_ROLE)
        if code_id:
            self.codeChosen.emit(code_id)

    def _show_definition(self, index: QModelIndex) -> None:
        """The hovered code's definition, else the selected segment's code's, else a hint."""
        if not index.isValid() and self._segment is not None:
            row = self.codebook_model.row_of(self._segment.code_id)
            index = self.codebook_model.index(row, 0) if row >= 0 else QModelIndex()
        text = index.data(Qt.ItemDataRole.ToolTipRole) if index.isValid() else None
        text = text or self.tr("Hover over a code to read its definition.")
        if text != self.definition.text():  # an unchanged label costs no relayout on a key press
            self.definition.setText(text)

    def _segment_clicked(self, index: QModelIndex) -> None:
        seg_id = index.data(SEGMENT_ID_ROLE)
        if seg_id:
            self.segmentActivated.emit(seg_id)

    def _segment_current(self, index: QModelIndex, _previous: QModelIndex) -> None:
        """Arrow keys in the segment list select the segment too (so that Delete acts on what is shown)."""
        if self.segments.hasFocus() and index.isValid():
            seg_id = index.data(SEGMENT_ID_ROLE)
            if seg_id and (self._segment is None or self._segment.id != seg_id):
                self.segmentActivated.emit(seg_id)

    def _combo_changed(self, row: int) -> None:
        if self._segment is None or row < 0:
            return
        code_id = self.codebook_model.index(row, 0).data(CODE_ID_ROLE)
        if code_id and code_id != self._segment.code_id:
            self.codeChangeRequested.emit(self._segment.id, code_id)

    def _memo_done(self) -> None:
        if self._segment is not None and self.memo.text() != self._segment.memo:
            self.memoEdited.emit(self._segment.id, self.memo.text())

    # -- inward ------------------------------------------------------------------
    def show_selection(self, text: str) -> None:
        text = " ".join(text.split())
        if len(text) > 240:
            text = text[:237] + "…"
        self.selection.setText(f"“{text}”" if text else self.tr("Nothing selected."))

    def show_segment(self, segment: Segment | None) -> None:
        """Put a segment (or nothing) in the editor, and select its row."""
        self._segment = segment
        self.editor.setEnabled(segment is not None)
        if segment is not None and not self.codes.viewport().underMouse():
            self._show_definition(QModelIndex())  # its code's definition (kept when nothing is selected)
        if segment is None:
            if not self.codes.viewport().underMouse():
                self._show_definition(QModelIndex())  # the hint, not the last segment's definition
            self.memo.blockSignals(True)
            self.memo.clear()
            self.memo.blockSignals(False)
            self.code_combo.setCurrentIndex(-1)
            self.segments.clearSelection()
            return
        self.code_combo.setCurrentIndex(self.codebook_model.row_of(segment.code_id))
        if not self.memo.hasFocus() or self.memo.text() == segment.memo:
            self.memo.blockSignals(True)
            self.memo.setText(segment.memo)
            self.memo.blockSignals(False)
        # select the row after this key press is drawn
        QTimer.singleShot(0, lambda sid=segment.id: self._select_row(sid))

    def _select_row(self, segment_id: str) -> None:
        if self._segment is None or self._segment.id != segment_id:
            return
        row = self.segment_model.row_of(segment_id)
        if row >= 0:
            idx = self.segment_model.index(row, 0)
            self.segments.setCurrentIndex(idx)
            self.segments.scrollTo(idx)

    @property
    def segment(self) -> Segment | None:
        return self._segment

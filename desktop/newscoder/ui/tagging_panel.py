"""The right-hand panel: codebook, current selection, segments, segment editor."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from newscoder.core.model import Segment
from newscoder.ui.models.codebook import CODE_ID_ROLE, CodebookModel
from newscoder.ui.models.segments import SEGMENT_ID_ROLE, SegmentListModel


#: The segment list looks like the other lists (main.qss styles QListView items);
#: its rows are painted by :class:`SegmentRowDelegate`.
SEGMENT_LIST_STYLE = "QTableView { background: white; border: 1px solid #DDE1E6; border-radius: 4px; outline: 0; }"
_ROW_TEXT, _ROW_SELECTED_TEXT = QColor("#23272E"), QColor("#10243A")
_ROW_SELECTED, _ROW_HOVER, _ROW_RULE = QColor("#DCE8F5"), QColor("#F2F6FB"), QColor("#F0F1F3")
_SELECTED, _HOVER = QStyle.StateFlag.State_Selected, QStyle.StateFlag.State_MouseOver
_ELIDE_RIGHT = Qt.TextElideMode.ElideRight
_LEFT_MIDDLE = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class SegmentRowDelegate(QStyledItemDelegate):
    """Paints a row as swatch + elided text, without the style's per-item layout work.

    The segment list repaints its visible rows after every edit (the rows below
    the new one move); the generic item painting costs milliseconds per repaint.
    """

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        rect: QRect = option.rect
        state = option.state
        painter.save()
        if state & _SELECTED:
            painter.fillRect(rect, _ROW_SELECTED)
        elif state & _HOVER:
            painter.fillRect(rect, _ROW_HOVER)
        painter.setPen(QPen(_ROW_RULE, 1))
        painter.drawLine(rect.left(), rect.bottom(), rect.right(), rect.bottom())
        x = rect.left() + 4
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        if icon is not None:
            size = min(14, rect.height() - 4)
            icon.paint(painter, QRect(x, rect.top() + (rect.height() - size) // 2, size, size))
            x += size + 6
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        metrics = option.fontMetrics
        area = QRect(x, rect.top(), rect.right() - x - 4, rect.height())
        painter.setFont(option.font)
        painter.setPen(_ROW_SELECTED_TEXT if state & _SELECTED else _ROW_TEXT)
        painter.drawText(area, _LEFT_MIDDLE, metrics.elidedText(text, _ELIDE_RIGHT, area.width()))
        painter.restore()


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
        rows.setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setMouseTracking(True)  # hover highlight
        self.setStyleSheet(SEGMENT_LIST_STYLE)
        self._delegate = SegmentRowDelegate(self)
        self.setItemDelegate(self._delegate)


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
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)

        layout.addWidget(_heading(self.tr("Codebook")))
        self.codes = QListView()
        self.codes.setObjectName("codebookList")
        self.codes.setModel(codebook)
        self.codes.setMouseTracking(True)
        self.codes.setAccessibleName(self.tr("Codebook"))
        self.codes.clicked.connect(self._code_clicked)
        self.codes.activated.connect(self._code_clicked)
        self.codes.entered.connect(self._show_definition)
        self.codes.selectionModel().currentChanged.connect(lambda cur, _prev: self._show_definition(cur))
        self.codes.setMaximumHeight(190)
        layout.addWidget(self.codes)
        self.definition = QLabel()
        self.definition.setObjectName("definition")
        self.definition.setWordWrap(True)
        self.definition.setTextFormat(Qt.TextFormat.RichText)
        self.definition.setMinimumHeight(48)
        layout.addWidget(self.definition)

        layout.addWidget(_heading(self.tr("Selection")))
        self.selection = QLabel(self.tr("Select text in the article, then press a code's key."))
        self.selection.setObjectName("selectionText")
        self.selection.setWordWrap(True)
        self.selection.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.selection)

        layout.addWidget(_heading(self.tr("Segments in this article")))
        self.segments = SegmentList()
        self.segments.setObjectName("segmentList")
        self.segments.setModel(segments)
        self.segments.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.segments.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.segments.setAccessibleName(self.tr("Segments in this article"))
        self.segments.clicked.connect(self._segment_clicked)
        self.segments.activated.connect(self._segment_clicked)
        layout.addWidget(self.segments, 1)

        self.editor = QGroupBox(self.tr("Selected segment"))
        form = QFormLayout(self.editor)
        self.code_combo = QComboBox()
        self.code_combo.setModel(codebook)
        self.code_combo.setAccessibleName(self.tr("Code of the selected segment"))
        self.code_combo.activated.connect(self._combo_changed)
        self.memo = QLineEdit()
        self.memo.setPlaceholderText(self.tr("Memo (Enter to save)"))
        self.memo.setAccessibleName(self.tr("Memo of the selected segment"))
        self.memo.editingFinished.connect(self._memo_done)
        self.delete_button = QPushButton(self.tr("Delete segment"))
        self.delete_button.clicked.connect(self.deleteRequested)
        form.addRow(self.tr("&Code:"), self.code_combo)
        form.addRow(self.tr("&Memo:"), self.memo)
        form.addRow(self.delete_button)
        layout.addWidget(self.editor)
        self.show_segment(None)
        self._show_definition(QModelIndex())

    # -- outward ---------------------------------------------------------------
    def _code_clicked(self, index: QModelIndex) -> None:
        code_id = index.data(CODE_ID_ROLE)
        if code_id:
            self.codeChosen.emit(code_id)

    def _show_definition(self, index: QModelIndex) -> None:
        text = index.data(Qt.ItemDataRole.ToolTipRole) if index.isValid() else None
        self.definition.setText(text or self.tr("<i>Hover over a code to read its definition.</i>"))

    def _segment_clicked(self, index: QModelIndex) -> None:
        seg_id = index.data(SEGMENT_ID_ROLE)
        if seg_id:
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
        if segment is None:
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

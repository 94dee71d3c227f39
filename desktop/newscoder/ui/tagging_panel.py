"""The right-hand panel: codebook, current selection, segments, segment editor."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtCore import QKeyCombination
from PySide6.QtGui import QColor, QFocusEvent, QFont, QKeyEvent, QKeySequence, QPainter, QPalette, QPen, QTextCursor
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
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from newscoder.core.records import Segment
from newscoder.ui.models.codebook import CODE_ID_ROLE, COUNT_ROLE, CodebookModel
from newscoder.ui.models.segments import INCOMPLETE_ROLE, SEGMENT_ID_ROLE, SegmentListModel


_SELECTED, _HOVER = QStyle.StateFlag.State_Selected, QStyle.StateFlag.State_MouseOver
_ELIDE_RIGHT = Qt.TextElideMode.ElideRight
_LEFT_MIDDLE = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter
_BASE = QPalette.ColorRole.Base
_CTRL = Qt.KeyboardModifier.ControlModifier


class RowColors:
    """The panel's row colours for a light or a dark page (delegates paint without the style)."""

    def __init__(
        self, text: str, muted: str, selected: str, hover: str, rule: str, badge: str, badge_line: str
    ) -> None:
        self.text, self.muted = QColor(text), QColor(muted)
        self.selected, self.hover, self.rule = QColor(selected), QColor(hover), QColor(rule)
        self.badge, self.badge_line = QColor(badge), QColor(badge_line)


LIGHT_ROWS = RowColors("#23272E", "#5B626D", "#DCE8F5", "#F2F6FB", "#EEF0F2", "#F4F5F7", "#C9CED6")
DARK_ROWS = RowColors("#E3E6EA", "#A4ABB5", "#2D4560", "#2A3038", "#30353C", "#2C3138", "#4B525C")


def row_colors(option: QStyleOptionViewItem) -> RowColors:
    return DARK_ROWS if option.palette.color(_BASE).lightness() < 128 else LIGHT_ROWS


def _background(painter: QPainter, rect: QRect, state: object, colors: RowColors, rule: bool = True) -> None:
    if state & _SELECTED:  # type: ignore[operator]
        painter.fillRect(rect, colors.selected)
    elif state & _HOVER:  # type: ignore[operator]
        painter.fillRect(rect, colors.hover)
    if rule:
        painter.setPen(QPen(colors.rule, 1))
        painter.drawLine(rect.left() + 8, rect.bottom(), rect.right() - 8, rect.bottom())


class CodeRowDelegate(QStyledItemDelegate):
    """A codebook row: colour swatch, name, and the code's key as a key cap on the right."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(120, option.fontMetrics.height() + 14)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        model = index.model()
        code = model.code(index.data(CODE_ID_ROLE)) if isinstance(model, CodebookModel) else None
        rect: QRect = option.rect
        colors = row_colors(option)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        _background(painter, rect, option.state, colors, index.row() < model.rowCount() - 1)
        depth = model.depth(code.id) if code is not None and isinstance(model, CodebookModel) else 0
        x, mid = rect.left() + 10 + 16 * depth, rect.center().y()  # a child code under its parent, indented
        if code is not None:
            painter.setPen(QPen(QColor(code.color).darker(130), 1))
            painter.setBrush(QColor(code.color))
            painter.drawRoundedRect(QRectF(x, mid - 6, 12, 12), 3, 3)
        x += 22
        metrics = option.fontMetrics
        right = rect.right() - 8
        count = index.data(COUNT_ROLE) or 0
        if code is not None and code.shortcut:
            cap_w = max(metrics.horizontalAdvance(code.shortcut) + 12, metrics.height() + 4)
            cap = QRectF(right - cap_w, mid - metrics.height() / 2 - 2, cap_w, metrics.height() + 4)
            painter.setPen(QPen(colors.badge_line, 1))
            painter.setBrush(colors.badge)
            painter.drawRoundedRect(cap, 4, 4)
            painter.setPen(colors.muted)
            painter.drawText(cap, _CENTER, code.shortcut)
            right = int(cap.left()) - 8
        if count:  # my segments of this code in this article
            text = str(count)
            width = metrics.horizontalAdvance(text)
            painter.setPen(colors.muted)
            painter.drawText(QRect(right - width, rect.top(), width, rect.height()), _LEFT_MIDDLE, text)
            right -= width + 8
        name = code.name if code is not None else (index.data(Qt.ItemDataRole.DisplayRole) or "")
        painter.setPen(colors.text)
        area = QRect(x, rect.top(), right - x, rect.height())
        painter.drawText(area, _LEFT_MIDDLE, metrics.elidedText(name, _ELIDE_RIGHT, area.width()))
        painter.restore()


class SegmentRowDelegate(QStyledItemDelegate):
    """Paints a segment as two lines: swatch + code name (+ memo mark), then the quote, elided.

    The segment list repaints its visible rows after every edit (the rows below
    the new one move); the generic item painting costs milliseconds per repaint,
    so this paints directly, with no per-item style layout.
    """

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        rect: QRect = option.rect
        colors = row_colors(option)
        painter.save()
        _background(painter, rect, option.state, colors)
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        head, sep, quote = text.partition(": ")
        if not sep:
            head, quote = "", text
        memo = quote.endswith(" ✎")
        if memo:
            quote = quote[:-2]
        metrics = option.fontMetrics
        line = metrics.height()
        top = rect.top() + (rect.height() - 2 * line - 2) // 2
        x = rect.left() + 10
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        if icon is not None:
            icon.paint(painter, QRect(x, top + (line - 12) // 2, 12, 12))
        painter.setFont(option.font)
        right = rect.right() - 8
        missing = index.data(INCOMPLETE_ROLE)
        if missing:  # said in words, not by colour alone
            mark = self.tr("◌ incomplete")
            width = metrics.horizontalAdvance(mark)
            painter.setPen(colors.muted)
            painter.drawText(QRect(right - width, top, width, line), _LEFT_MIDDLE, mark)
            right -= width + 8
        if memo:
            mark = self.tr("✎ memo")
            width = metrics.horizontalAdvance(mark)
            painter.setPen(colors.muted)
            painter.drawText(QRect(right - width, top, width, line), _LEFT_MIDDLE, mark)
            right -= width + 8
        painter.setPen(colors.text)
        head_font = QFont(option.font)
        head_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(head_font)
        painter.drawText(QRect(x + 20, top, right - x - 20, line), _LEFT_MIDDLE, head)
        painter.setFont(option.font)
        painter.setPen(colors.muted)
        area = QRect(x + 20, top + line + 2, rect.right() - 8 - x - 20, line)
        painter.drawText(area, _LEFT_MIDDLE, metrics.elidedText(quote, _ELIDE_RIGHT, area.width()))
        painter.restore()


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

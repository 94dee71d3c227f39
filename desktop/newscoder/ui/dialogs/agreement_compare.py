"""Two coders' segments of one article, side by side, agreements and disagreements marked.

Each side shows the article read-only with that coder's segments highlighted
in the code's colour. A solid underline marks characters both coders gave
the same code; a wavy underline marks characters only this coder gave that
code. A table lists every segment with its code, span and how it compares,
so nothing depends on colour alone.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QPlainTextEdit,
    QSplitter, QTableView, QTextEdit, QVBoxLayout, QWidget,
)

from newscoder.core import gold_store
from newscoder.core.records import Segment
from newscoder.core.store import Project
from newscoder.ui.models.agreement_rows import CompareSegmentsModel
from newscoder.ui.offsets import OffsetMap

Span = tuple[int, int]

SAME = "same code, same span"
OVERLAP = "same code, different span"
ONLY = "only this coder"


def tr(text: str) -> str:
    return QCoreApplication.translate("AgreementCompare", text)


def union(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def intersect(a: list[Span], b: list[Span]) -> list[Span]:
    out: list[Span] = []
    i = j = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if lo < hi:
            out.append((lo, hi))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def subtract(a: list[Span], b: list[Span]) -> list[Span]:
    out: list[Span] = []
    for start, end in a:
        cursor = start
        for lo, hi in b:
            if hi <= cursor or lo >= end:
                continue
            if lo > cursor:
                out.append((cursor, lo))
            cursor = max(cursor, hi)
        if cursor < end:
            out.append((cursor, end))
    return out


def compare(
    mine: list[Segment], theirs: list[Segment]
) -> tuple[dict[str, list[Span]], dict[str, list[Span]], dict[str, str]]:
    """Per code: spans both gave it (agreed), spans only ``mine`` gave it; and each of my segments' status."""
    agreed: dict[str, list[Span]] = {}
    only: dict[str, list[Span]] = {}
    status: dict[str, str] = {}
    for code in {s.code_id for s in mine}:
        a = union([(s.start, s.end) for s in mine if s.code_id == code])
        b = union([(s.start, s.end) for s in theirs if s.code_id == code])
        agreed[code] = intersect(a, b)
        only[code] = subtract(a, b)
    for s in mine:
        same_code = [t for t in theirs if t.code_id == s.code_id]
        if any(t.start == s.start and t.end == s.end for t in same_code):
            status[s.id] = SAME
        elif any(t.start < s.end and s.start < t.end for t in same_code):
            status[s.id] = OVERLAP
        else:
            status[s.id] = ONLY
    return agreed, only, status


class CompareDialog(QDialog):
    """Two coders' coding of one article, side by side (read-only)."""

    def __init__(self, project: Project, document_id: str, coders: list[str], parent: QWidget | None = None,
                 codes: list[str] | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.document_id = document_id
        self.code_filter = set(codes) if codes else None
        info = project.document_info(document_id)
        self.text = project.document_text(document_id)
        self._offsets = OffsetMap(self.text)  # the one code point ↔ UTF-16 converter
        self.setWindowTitle(tr("Compare coders: {title}").format(title=info.title if info else document_id))
        self.codes = {c.id: c for c in project.codes()}
        layout = QVBoxLayout(self)
        pick = QHBoxLayout()
        self.combos = (QComboBox(), QComboBox())
        for n, (combo, text) in enumerate(zip(self.combos, (tr("Coder &A:"), tr("Coder &B:")), strict=True)):
            for name in coders:
                combo.addItem(name)
            combo.setCurrentIndex(min(n, len(coders) - 1))
            combo.currentIndexChanged.connect(self.refresh)
            label = QLabel(text)
            label.setBuddy(combo)
            pick.addWidget(label)
            pick.addWidget(combo, 1)
        layout.addLayout(pick)
        legend = QLabel(tr(
            "Highlight: the code's colour (names in the table below). Solid underline: both coders gave "
            "these characters the same code. Wavy underline (and a stronger highlight): only this coder gave them "
            "that code."))
        legend.setWordWrap(True)
        layout.addWidget(legend)
        splitter = QSplitter(Qt.Orientation.Vertical)
        sides = QSplitter(Qt.Orientation.Horizontal)
        self.views = (QPlainTextEdit(), QPlainTextEdit())
        for view in self.views:
            view.setReadOnly(True)
            view.setPlainText(self.text)
            view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                         | Qt.TextInteractionFlag.TextSelectableByMouse)
            sides.addWidget(view)
        splitter.addWidget(sides)
        self.model = CompareSegmentsModel(parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(tr("Segments of both coders"))
        splitter.addWidget(self.table)
        layout.addWidget(splitter, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()
        self.resize(1100, 720)

    def _segments(self, coder_name: str) -> list[Segment]:
        if coder_name == gold_store.GOLD_CODER and self.project.coder_by_name(coder_name) is None:
            segments = [Segment(g.id, g.document_id, g.code_id, coder_name, g.start, g.end, g.quote, g.reason,
                                g.created_at, g.updated_at)
                        for g in gold_store.gold_rows(self.project, document_id=self.document_id, segments_only=True)]
        else:
            coder = self.project.coder_by_name(coder_name)
            if coder is None:
                return []
            segments = self.project.segments(document_id=self.document_id, coder_id=coder.id)
        if self.code_filter is not None:
            segments = [
                s for s in segments if s.code_id in self.codes and self.codes[s.code_id].name in self.code_filter
            ]
        return segments

    def _pos(self, offset: int) -> int:
        return self._offsets.to_utf16(offset)

    def _selection(
        self, view: QPlainTextEdit, span: Span, color: str, underline: QTextCharFormat.UnderlineStyle
    ) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(view.document())
        cursor.setPosition(self._pos(span[0]))
        cursor.setPosition(self._pos(span[1]), QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        fmt = QTextCharFormat()
        background = QColor(color)
        background.setAlpha(60 if underline == QTextCharFormat.UnderlineStyle.SingleUnderline else 140)
        fmt.setBackground(background)
        fmt.setUnderlineStyle(underline)
        fmt.setUnderlineColor(QColor(color).darker(150))
        selection.format = fmt
        return selection

    def refresh(self) -> None:
        names = [combo.currentText() for combo in self.combos]
        segs = [self._segments(n) for n in names]
        rows: list[tuple[str, str, str, str, str]] = []
        self.marks: list[dict[str, dict[str, list[Span]]]] = []
        for side in (0, 1):
            agreed, only, status = compare(segs[side], segs[1 - side])
            self.marks.append({"agreed": agreed, "only": only})
            selections = []
            for code_id in sorted(set(agreed) | set(only)):
                color = self.codes[code_id].color if code_id in self.codes else "#999999"
                selections += [
                    self._selection(self.views[side], s, color, QTextCharFormat.UnderlineStyle.WaveUnderline)
                    for s in only.get(code_id, [])
                ]
                selections += [
                    self._selection(self.views[side], s, color, QTextCharFormat.UnderlineStyle.SingleUnderline)
                    for s in agreed.get(code_id, [])
                ]
            self.views[side].setExtraSelections(selections)
            for s in segs[side]:
                code = self.codes.get(s.code_id)
                rows.append((names[side], code.name if code else s.code_id, f"{s.start}–{s.end}",
                             tr(status[s.id]), " ".join(self.text[s.start:s.end].split())))
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()

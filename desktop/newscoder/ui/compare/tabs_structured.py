"""The comparison window's tabs on structured coding: estimates by outlet, sources by outlet, and the
timeline of estimates. Every figure opens the estimate or citing segments behind it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QTableView, QWidget

from newscoder.core.compare import cited, estimates, spans
from newscoder.core.compare.report import CompareReport
from newscoder.ui.compare.models import NUMBER_ROLE, plain_tip, tr
from newscoder.ui.compare.tabs import ViewTab
from newscoder.ui.models.rows import RowTableModel


def fit_columns(table: QTableView, most: int = 360) -> None:
    """Columns as wide as their contents (visible rows), at most ``most`` pixels (the rest is elided)."""
    table.resizeColumnsToContents()
    for c in range(table.model().columnCount()):
        if table.columnWidth(c) > most:
            table.setColumnWidth(c, most)


def plain_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class EstimatesTab(ViewTab):
    KEY = "estimates"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note = plain_label()
        self.note.setObjectName("estimatesNote")
        self.layout_.addWidget(self.note)
        self.model, self.table = self.add_grid("estimatesTable")
        self.drift_model, self.drift_table = self.add_grid(
            "driftTable", tr("Drift between outlets (the same thing counted, the same source, other words):"))

    def fill(self, report: CompareReport, charts: bool) -> None:
        inp, v = report.inp, report.views["estimates"]
        rows = list(v.rows)
        self.note.setText(v.note or tr(
            "%1 estimates by what is counted and who said it; each cell lists the figures that outlet reports "
            "(×n: estimate segments). ⚑ marks a hedge drift (one number, other hedges) or a changed number. "
            "With coders pooled, two coders' readings of one span can differ: tick one coder or gold to compare "
            "the outlets alone.").replace("%1", str(v.estimates)))
        n = len(v.outlets)
        cells: list[list[Any]] = []
        tips: list[list[str]] = []
        for r in rows:
            cells.append([r.cell_text(o) or None for o in v.outlets]
                         + ["⚑ " + "; ".join(d.kind for d in r.drift) if r.drift else ""])
            tips.append([f"{o} · {r.counted} · {r.source}: {r.counts.get(o, 0)} estimate(s)" for o in v.outlets]
                        + ["\n".join(d.text() for d in r.drift)])

        def refs(row: int, col: int) -> list[spans.SpanRef]:
            r = rows[row]
            if col < n:
                idx = estimates.cell_segments(inp, v, r, col)
            else:
                idx = estimates.cell_segments(inp, v, r, None) if not r.drift else \
                    estimates.drift_segments(inp, v, r, *r.drift)
            return spans.segment_refs(inp, idx)

        self.model.set_grid(list(v.outlets) + [tr("Drift")], [f"{r.counted} · {r.source}" for r in rows], cells,
                            refs=refs, clickable=lambda row, col: (v.outlets[col] in rows[row].counts) if col < n
                            else bool(rows[row].drift), tips=tips)
        drifts = v.drifts
        self.drift_model.set_grid(
            [tr("Flag"), tr("Counted"), tr("Source"), tr("Detail")], [str(i + 1) for i in range(len(drifts))],
            [[d.kind, r.counted, r.source, d.detail] for r, d in drifts],
            refs=lambda row, col: spans.segment_refs(inp, estimates.drift_segments(inp, v, *drifts[row])),
            clickable=lambda row, col: col == 0)
        fit_columns(self.table)
        fit_columns(self.drift_table, 600)


class SourcesTab(ViewTab):
    KEY = "sources"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Count:")))
        self.mode = QComboBox()
        self.mode.setObjectName("sourcesMode")
        self.mode.addItems([tr("Articles citing the source"), tr("Segments citing the source")])
        row.addWidget(self.mode)
        row.addStretch(1)
        self.layout_.insertLayout(0, row)
        self.note = plain_label()
        self.layout_.addWidget(self.note)
        self.model, self.table = self.add_grid("sourcesTable")
        self.report: CompareReport | None = None
        self.mode.currentIndexChanged.connect(lambda _i: self._cells())

    def fill(self, report: CompareReport, charts: bool) -> None:
        self.report = report
        self._cells()

    def _cells(self) -> None:
        if self.report is None:
            return
        inp, v = self.report.inp, self.report.views["sources"]
        rows = list(v.rows)
        self.note.setText(v.note or tr("Who is quoted or cited by which outlet: each source's total over every code, "
                                       "then one row per code (— : not cited there)."))
        counts = [r.articles if self.mode.currentIndex() == 0 else r.segments for r in rows]
        names = [f"{r.name} ({r.kind})" if r.code < 0 and r.kind else r.name if r.code < 0 else f"    · {r.code_name}"
                 for r in rows]
        tips = [[f"{r.name} · {r.code_name} · {o}: {r.articles.get(o, 0)} article(s), {r.segments.get(o, 0)} "
                 f"segment(s)" + (f"\n{r.affiliation}" if r.affiliation else "") for o in v.outlets] for r in rows]
        self.model.set_grid(
            list(v.outlets), names, [[c.get(o) for o in v.outlets] for c in counts],
            refs=lambda row, col: spans.segment_refs(inp, cited.row_segments(inp, rows[row], col)),
            clickable=lambda row, col: v.outlets[col] in rows[row].segments, tips=tips)
        fit_columns(self.table)


class MarkModel(RowTableModel[estimates.Mark]):
    """One row per mark of the timeline (lazy: cells are formatted as they are shown)."""

    HEADERS = ("Date", "Figure", "Counted", "Source", "Outlet", "Article", "Coder")
    CONTEXT = "Compare"

    def cell(self, row: estimates.Mark, column: int, role: int) -> Any:
        values = (row.date.isoformat(), row.figure.label(), row.counted, row.source, row.outlet, row.title, row.coder)
        if role == Qt.ItemDataRole.DisplayRole:
            return values[column]
        if role == NUMBER_ROLE and column == 1:
            return row.figure.mid
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(values[column] + ("\n" + tr("Click to list the span") if column == 1 else ""))
        if role == Qt.ItemDataRole.FontRole and column == 1:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setUnderline(True)
            return font
        return None


class TimelineTab(ViewTab):
    KEY = "timeline"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note = plain_label()
        self.note.setObjectName("timelineNote")
        self.layout_.addWidget(self.note)
        self.marks = MarkModel(parent=self)
        self.table = QTableView()
        self.table.setObjectName("timelineTable")
        self.table.setModel(self.marks)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.clicked.connect(self._mark_clicked)
        self.table.activated.connect(self._mark_clicked)
        self.layout_.addWidget(self.table, 1)
        self.report: CompareReport | None = None

    def fill(self, report: CompareReport, charts: bool) -> None:
        self.report = report
        v = report.views["timeline"]
        self.marks.set_rows(v.marks)
        left = []
        if v.undated:
            left.append(tr("%1 in articles with no publication date").replace("%1", str(v.undated)))
        if v.unnumbered:
            left.append(tr("%1 with no number").replace("%1", str(v.unnumbered)))
        self.note.setText(tr("%1 estimates, one mark each, at the article's publication date; colour and marker "
                             "shape name the source (legend). Click a row to list its span.")
                          .replace("%1", str(len(v.marks)))
                          + (" " + tr("Not shown: ") + "; ".join(left) + "." if left else ""))
        if charts:
            from newscoder.core.compare.charts import timeline_figure

            self.set_chart(timeline_figure(report) if v.marks else None)
        fit_columns(self.table, 280)

    def _mark_clicked(self, index: QModelIndex) -> None:
        mark = self.marks.row(index.row())
        if mark is None or self.report is None:
            return
        what = f"{mark.date.isoformat()} · {mark.figure.label()} · {mark.source}"
        self.spans_wanted.emit(what, spans.segment_refs(self.report.inp, [mark.segment]))

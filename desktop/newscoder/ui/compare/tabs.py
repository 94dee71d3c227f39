"""The comparison window's tabs: each fills grids (numbers that open their spans) and a chart."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QTableView, QVBoxLayout, QWidget

from newscoder.core.compare import cooccurrence, matrix, presence, quotes, spans
from newscoder.core.compare.report import CompareReport
from newscoder.ui.compare.models import GridModel, tr


def make_table(model: GridModel, name: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def chart_widget(figure: Any) -> QWidget:
    """A matplotlib figure in a Qt canvas (matplotlib imported only here, when a tab is filled)."""
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

    canvas = FigureCanvasQTAgg(figure)
    w, h = figure.get_size_inches() * figure.dpi
    canvas.setMinimumSize(int(min(w, 900)), int(min(h, 420)))
    canvas.setObjectName("chart")
    return canvas


class ViewTab(QWidget):
    """A tab with a chart slot and grids; ``spans_wanted`` carries the spans behind a clicked number."""

    spans_wanted = Signal(str, list)  # what was clicked, the SpanRefs
    KEY = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QVBoxLayout(self)
        self.chart_box = QHBoxLayout()
        self.layout_.addLayout(self.chart_box)
        self.grids: list[tuple[GridModel, QTableView]] = []
        self.chart: QWidget | None = None

    def add_grid(self, name: str, title: str = "") -> tuple[GridModel, QTableView]:
        if title:
            self.layout_.addWidget(QLabel(title))
        model = GridModel(self)
        table = make_table(model, name)
        table.clicked.connect(lambda index, m=model: self._clicked(m, index))
        table.activated.connect(lambda index, m=model: self._clicked(m, index))
        self.layout_.addWidget(table, 1)
        self.grids.append((model, table))
        return model, table

    def _clicked(self, model: GridModel, index: QModelIndex) -> None:
        if not model.clickable(index.row(), index.column()):
            return
        what = f"{model.row_names[index.row()]} · {model.columns[index.column()]}"
        self.spans_wanted.emit(what, model.refs(index.row(), index.column()))

    def set_chart(self, figure: Any | None) -> None:
        if self.chart is not None:
            self.chart_box.removeWidget(self.chart)
            self.chart.deleteLater()
            self.chart = None
        if figure is not None:
            self.chart = chart_widget(figure)
            self.chart_box.addWidget(self.chart)
            self.chart_box.addStretch(1)

    def fill(self, report: CompareReport, charts: bool) -> None:
        raise NotImplementedError


MODES = ("Segments", "Per 1,000 words", "Share of text (%)", "First appearance (H · L · B)")


class MatrixTab(ViewTab):
    KEY = "matrix"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Show:")))
        self.mode = QComboBox()
        self.mode.setObjectName("matrixMode")
        self.mode.addItems([tr(m) for m in MODES])
        row.addWidget(self.mode)
        row.addStretch(1)
        self.layout_.insertLayout(0, row)
        self.model, self.table = self.add_grid("matrixTable")
        self.report: CompareReport | None = None
        self.mode.currentIndexChanged.connect(lambda _i: self._cells())

    def fill(self, report: CompareReport, charts: bool) -> None:
        self.report = report
        self._cells()
        if charts:
            from newscoder.core.compare.charts import matrix_figure

            self.set_chart(matrix_figure(report))

    def _cells(self) -> None:
        if self.report is None:
            return
        inp, v = self.report.inp, self.report.views["matrix"]
        mode = self.mode.currentIndex()
        cells: list[list[Any]] = []
        for o in range(len(v.outlets)):
            if mode == 0:
                cells.append([int(n) for n in v.count[o]])
            elif mode == 1:
                cells.append([round(float(x), 2) for x in v.per_1000[o]])
            elif mode == 2:
                cells.append([round(float(x) * 100, 2) for x in v.share[o]])
            else:
                cells.append([v.first_label(o, c) for c in range(len(v.codes))])
        tips = [[f"{v.outlets[o]} · {c}: {int(v.count[o, k])} segments, {v.per_1000[o, k]:.2f} per 1,000 words, "
                 f"{v.share[o, k] * 100:.2f}% of the text; {int(v.documents[o])} articles, {int(v.words[o])} words"
                 for k, c in enumerate(v.codes)] for o in range(len(v.outlets))]
        self.model.set_grid(
            list(v.codes), [f"{o} ({int(n)})" for o, n in zip(v.outlets, v.documents, strict=True)], cells,
            refs=lambda r, c: spans.segment_refs(inp, matrix.cell_segments(inp, v, r, c)),
            clickable=lambda r, c: bool(v.count[r, c]), tips=tips)


class PresenceTab(ViewTab):
    KEY = "presence"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_.addWidget(QLabel(tr("Items found in some outlets and not in others (— : missing there).")))
        self.model, self.table = self.add_grid("presenceTable")

    def fill(self, report: CompareReport, charts: bool) -> None:
        inp, v = report.inp, report.views["presence"]
        items = list(v.items)
        cells = [[i.counts.get(o) for o in v.outlets] for i in items]
        self.model.set_grid(
            list(v.outlets), [f"{i.kind}: {i.name}" for i in items], cells,
            refs=lambda r, c: spans.segment_refs(inp, presence.item_segments(inp, items[r], v.outlets[c])),
            clickable=lambda r, c: bool(items[r].counts.get(v.outlets[c])))


class QuotesTab(ViewTab):
    KEY = "quotes"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.altered_model, self.altered_table = self.add_grid(
            "alteredTable", tr("Quotations worded differently inside quotation marks ([-removed-] {+added+}):"))
        self.shared_model, self.shared_table = self.add_grid(
            "sharedTable", tr("Sentences shared across articles (wire copy is not independent confirmation):"))

    def fill(self, report: CompareReport, charts: bool) -> None:
        inp, v = report.inp, report.views["quotes"]
        rows, cells, refs = [], [], []
        for n, q in enumerate(v.altered):
            for k, var in enumerate(q.variants):
                rows.append(f"{n + 1}.{k + 1}")
                cells.append([len(var.spans), ", ".join(var.outlets),
                              quotes.diff_text(var.diff) if var.diff else var.text])
                refs.append(spans.text_refs(inp, var.spans, tr("quotation")))
        self.altered_model.set_grid([tr("Articles"), tr("Outlets"), tr("Wording")], rows, cells,
                                    refs=lambda r, c: refs[r], clickable=lambda r, c: c == 0)
        groups = list(v.shared)
        self.shared_model.set_grid(
            [tr("Articles"), tr("Outlets"), tr("Identical"), tr("Sentence")], [str(i + 1) for i in range(len(groups))],
            [[g.articles, ", ".join(g.outlets), tr("yes") if g.identical else tr("near"), g.text] for g in groups],
            refs=lambda r, c: spans.text_refs(inp, groups[r].spans, tr("shared sentence")),
            clickable=lambda r, c: c == 0)


class CooccurrenceTab(ViewTab):
    KEY = "cooccurrence"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_.addWidget(QLabel(tr("Sentences where a coder's segments of both codes meet (same sentence "
                                         "or overlapping):")))
        self.model, self.table = self.add_grid("cooccurrenceTable")

    def fill(self, report: CompareReport, charts: bool) -> None:
        inp, v = report.inp, report.views["cooccurrence"]
        self.model.set_grid(
            list(v.codes), list(v.codes), [[int(x) for x in row] for row in v.counts],
            refs=lambda r, c: spans.pair_refs(inp, cooccurrence.cell_pairs(inp, v, r, c)),
            clickable=lambda r, c: bool(v.counts[r, c]))
        if charts:
            from newscoder.core.compare.charts import cooccurrence_figure

            self.set_chart(cooccurrence_figure(report))


class ReliabilityTab(ViewTab):
    KEY = "reliability"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note = QLabel()
        self.note.setTextFormat(self.note.textFormat().PlainText)
        self.layout_.addWidget(self.note)
        self.model, self.table = self.add_grid("reliabilityTable")

    def fill(self, report: CompareReport, charts: bool) -> None:
        inp, v = report.inp, report.views["reliability"]
        rows = list(v.rows)
        self.note.setText(v.note or tr("α_u of the articles every selected coder coded, per outlet "
                                       "(the same measure as Analysis ▸ Agreement)."))
        self.model.set_grid(
            [tr("α_u"), tr("Articles"), tr("Note")], [r.outlet for r in rows],
            [[None if r.alpha_u is None else round(r.alpha_u, 3), r.documents, r.note] for r in rows],
            refs=lambda r, c: spans.segment_refs(inp, spans.outlet_segments(inp, inp.outlets.index(rows[r].outlet))),
            clickable=lambda r, c: c < 2 and rows[r].documents > 0)
        if charts and rows:
            from newscoder.core.compare.charts import reliability_figure

            self.set_chart(reliability_figure(report))


def all_tabs() -> tuple[tuple[str, type[ViewTab]], ...]:
    """Every tab, in the issue's order of views (title, class)."""
    from newscoder.ui.compare.tabs_structured import EstimatesTab, SourcesTab, TimelineTab

    return (("Outlet × code", MatrixTab), ("Estimates", EstimatesTab), ("Sources", SourcesTab),
            ("Present / missing", PresenceTab), ("Shared and altered quotes", QuotesTab), ("Timeline", TimelineTab),
            ("Co-occurrence", CooccurrenceTab), ("Reliability", ReliabilityTab))

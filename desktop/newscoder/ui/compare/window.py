"""Analysis ▸ Compare outlets: a non-modal window with one tab per view.

The input is read on the UI thread through the store's named queries (fast); the views are
pure functions computed off the UI thread behind a progress dialog. Clicking (or Enter on)
a number lists the spans behind it below the tabs; activating a span shows it in the
article (``open_span``). Export… writes the same report as ``newscoder compare``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from newscoder.core import compare_queries, corpus, gold_store
from newscoder.core.compare import export, reliability, report
from newscoder.core.compare.model import load_input
from newscoder.core.compare.spans import SpanRef
from newscoder.core.errors import UserError
from newscoder.core.store import Project
from newscoder.ui.background import run_with_progress, show_error
from newscoder.ui.compare.models import SpanModel
from newscoder.ui.compare.tabs import ViewTab, all_tabs

FILTERS = "HTML report (*.html);;CSV tables (*.csv);;JSON (*.json);;Text table (*.txt)"


def tr(text: str) -> str:
    return QCoreApplication.translate("Compare", text)


def compute_views(inp: report.CompareInput) -> report.CompareReport:  # worker thread: no project
    return report.compute(None, inp)


def compare_worker(path: Path, by: str, coders: list[str], *,
                   progress: Callable[[int, int, str], None] | None = None) -> report.CompareReport:
    """Off the UI thread, on its own connection: read the project, then compute every view (with progress)."""
    steps = len(report.VIEWS) + 2
    say = progress or (lambda done, total, detail: None)
    say(0, steps, tr("Reading the articles and the coding"))
    with Project.open(path, check=False) as project:
        inp = load_input(project, by, coders)
        say(1, steps, tr("Reading the agreement data"))
        reliability.prepare(project, inp)
    return report.compute(None, inp, progress=lambda k, title: say(2 + k, steps, title))


def plain_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class CompareWindow(QDialog):
    open_span = Signal(str, int, int)  # document id, start, end (code points)

    def __init__(self, project: Project, parent: QWidget | None = None, *, charts: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("compareWindow")
        self.setWindowTitle(tr("Compare outlets"))
        self.setModal(False)
        self.project = project
        self.charts = charts
        self.report: report.CompareReport | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("&Group by:")))
        self.by = QComboBox()
        self.by.setObjectName("groupBy")
        names = list(corpus.BUILTIN_VARIABLES) + [v.name for v in corpus.variable_defs(project)]
        names += [k for k in corpus.metadata_keys(project) if k.casefold() not in {n.casefold() for n in names}]
        self.by.addItems(names)
        self.by.setCurrentText("source")
        top.itemAt(0).widget().setBuddy(self.by)  # type: ignore[union-attr]
        top.addWidget(self.by)
        top.addWidget(QLabel(tr("C&oders (none ticked: all, pooled):")))
        self.coders = QListWidget()
        self.coders.setObjectName("coderList")
        self.coders.setMaximumHeight(64)
        for _id, name in compare_queries.coders_with_segments(project):
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.coders.addItem(item)
        if gold_store.gold_document_counts(project):  # the adjudicated gold layer, as one more "coder"
            item = QListWidgetItem(gold_store.GOLD_CODER)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.coders.addItem(item)
        top.itemAt(2).widget().setBuddy(self.coders)  # type: ignore[union-attr]
        top.addWidget(self.coders, 1)
        self.compute_button = QPushButton(tr("&Compute"))
        self.compute_button.setToolTip(tr("Compute again with these choices (F5)"))
        self.compute_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence("F5"), self, self.refresh)
        top.addWidget(self.compute_button)
        self.export_button = QPushButton(tr("&Export…"))
        self.export_button.clicked.connect(self.choose_and_export)
        top.addWidget(self.export_button)
        self.help_button = QPushButton(tr("&Help"))
        self.help_button.setToolTip(tr("What each tab shows, and how to open the spans behind a number (F1)"))
        self.help_button.clicked.connect(self.show_help)
        QShortcut(QKeySequence("F1"), self, self.show_help)
        top.addWidget(self.help_button)
        self.help_page: QWidget | None = None
        layout.addLayout(top)
        self.demo = plain_label(project.meta("demo_note") or "")
        self.demo.setObjectName("demoNote")
        self.demo.setVisible(bool(self.demo.text()))
        layout.addWidget(self.demo)
        self.methods = plain_label()
        self.methods.setObjectName("methods")
        layout.addWidget(self.methods)
        split = QSplitter(Qt.Orientation.Vertical)
        self.tabs = QTabWidget()
        self.views: list[ViewTab] = []
        for title, cls in all_tabs():
            tab = cls()
            tab.spans_wanted.connect(self.show_spans)
            self.tabs.addTab(tab, tr(title))
            self.views.append(tab)
        split.addWidget(self.tabs)
        for keys, step in (("Ctrl+Tab", 1), ("Ctrl+PgDown", 1), ("Ctrl+Shift+Tab", -1), ("Ctrl+PgUp", -1)):
            QShortcut(QKeySequence(keys), self, lambda step=step: self.tabs.setCurrentIndex(
                (self.tabs.currentIndex() + step) % self.tabs.count()))
        below = QWidget()
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        self.spans_label = plain_label(tr("Click a number to list the spans behind it; "
                                          "double-click or Enter on a span shows it in the article."))
        below_layout.addWidget(self.spans_label)
        self.span_model = SpanModel(self)
        self.span_table = QTableView()
        self.span_table.setObjectName("spanTable")
        self.span_table.setModel(self.span_model)
        self.span_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.span_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.span_table.horizontalHeader().setStretchLastSection(True)
        self.span_table.activated.connect(self._span_activated)
        self.span_table.doubleClicked.connect(self._span_activated)
        below_layout.addWidget(self.span_table)
        split.addWidget(below)
        split.setSizes([520, 200])
        layout.addWidget(split, 1)
        self.resize(1100, 800)

    def show_help(self) -> None:
        from newscoder.ui.compare.help import compare_help_page

        if self.help_page is None:
            self.help_page = compare_help_page(self)
        self.help_page.show()
        self.help_page.raise_()

    def selected_coders(self) -> list[str]:
        return [self.coders.item(i).text() for i in range(self.coders.count())
                if self.coders.item(i).checkState() == Qt.CheckState.Checked]

    def refresh(self) -> None:
        """Read the project, compute every view off the UI thread, fill the tabs."""
        try:
            rep = run_with_progress(self, tr("Comparing the outlets…"), compare_worker, Path(self.project.path),
                                    self.by.currentText(), self.selected_coders())
        except UserError as exc:
            show_error(self, exc)
            return
        self.report = rep
        self.methods.setText(rep.methods.line())
        for tab in self.views:
            tab.fill(rep, self.charts)
        self.span_model.set_spans([])

    def show_spans(self, what: str, refs: list[SpanRef]) -> None:
        self.span_model.set_spans(refs)
        self.spans_label.setText(tr("%1 span(s) behind %2").replace("%1", str(len(refs))).replace("%2", what))
        self.span_table.resizeColumnsToContents()

    def _span_activated(self, index: object) -> None:
        row = index.row()  # type: ignore[attr-defined]
        if 0 <= row < len(self.span_model.spans):
            s = self.span_model.spans[row]
            self.open_span.emit(s.document_id, s.start, s.end)

    def choose_and_export(self) -> None:
        from newscoder.ui.file_dialogs import save_file_name

        name = save_file_name(self, tr("Export comparison"), "comparison.html", tr(FILTERS))
        if name:
            self.export_to(Path(name), "table" if name.lower().endswith(".txt") else None)

    def export_to(self, path: Path, fmt: str | None = None) -> None:
        try:
            export.write_report(self.project, path, fmt, by=self.by.currentText(), coders=self.selected_coders(),
                                built=self.report if self._report_matches() else None)
        except UserError as exc:
            show_error(self, exc)
            return
        self.spans_label.setText(tr("Wrote %1").replace("%1", str(path)))

    def _report_matches(self) -> bool:
        r = self.report
        return r is not None and r.inp.by.casefold() == self.by.currentText().casefold() and \
            [n for _, n in r.inp.coders] == (self.selected_coders() or [n for _, n in r.inp.coders])

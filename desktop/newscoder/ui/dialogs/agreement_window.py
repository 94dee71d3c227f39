"""Analysis ▸ Agreement…: inter-coder agreement for chosen coders, codes and documents.

The figures are computed off the UI thread (the worker opens its own
connection to the project) and shown as: a code × metric table, a pairwise
coder matrix, a sortable per-document table (double-click a document to
compare two coders' segments in it) and the documents left out. Undefined
figures read "undefined: <reason>". Export CSV writes the same figures as
``newscoder agreement --format csv``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import (
    QApplication, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout,
    QLabel, QPushButton, QSplitter, QTabWidget, QTextBrowser, QVBoxLayout,
    QWidget,
)

from newscoder import __version__
from newscoder.core import gold_store
from newscoder.core.agreement import ALL
from newscoder.core.agreement.bootstrap import BootstrapCancelled
from newscoder.core.agreement.methods import methods_paragraph
from newscoder.core.agreement.output import write_text
from newscoder.core.agreement.render import render_csv
from newscoder.core.errors import UserError
from newscoder.core.store import Project
from newscoder.ui import file_dialogs
from newscoder.ui.actions import ActionId, keys_of
from newscoder.ui.background import run_with_progress, show_error
from newscoder.ui.dialogs.agreement_compare import CompareDialog
from newscoder.ui.dialogs.agreement_compute import AgreementResult, compute_agreement, definitions_text
from newscoder.ui.dialogs.agreement_extras import BootstrapOptions, check_list, disagreements_csv, result_table
from newscoder.ui.models.attribute_agreement import AttributeAgreementModel
from newscoder.ui.models.agreement import CheckListModel, CodeMetricModel, DocumentAgreementModel, PairMatrixModel
from newscoder.ui.models.agreement_cells import SHORT_LABELS, SORT_ROLE
from newscoder.ui.models.agreement_rows import ExcludedModel, PerCoderModel
from newscoder.ui.plain import label as label_plain


#: wide "undefined: reason" cells are cut here; the full text is in the tooltip
MAX_COLUMN_WIDTH = 240


def tr(text: str) -> str:
    return QCoreApplication.translate("AgreementWindow", text)


class AgreementWindow(QDialog):
    """A non-modal window computing and showing inter-coder agreement."""

    def __init__(self, project_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project_path = Path(project_path)
        self.project = Project.open(self.project_path)
        self.agreement_result: AgreementResult | None = None
        #: the selection of the last compute: coders, codes, documents, ignore whitespace, done only
        self.choice: tuple[list[str], list[str], list[str], bool, bool] = ([], [], [], False, False)
        self.compare_dialogs: list[CompareDialog] = []
        self.setModal(False)
        self.setWindowTitle(tr("Inter-coder agreement"))
        self.coders = CheckListModel(parent=self)
        self.codes = CheckListModel(parent=self)
        self.documents = CheckListModel(parent=self)
        self.code_table = CodeMetricModel(parent=self)
        self.pairs = PairMatrixModel(self)
        self.by_document = DocumentAgreementModel(self)
        self.excluded = ExcludedModel(parent=self)
        self.coder_table = PerCoderModel(parent=self)
        self.sorted_documents = QSortFilterProxyModel(self)
        self.sorted_documents.setSourceModel(self.by_document)
        self.sorted_documents.setSortRole(SORT_ROLE)
        self._build()
        self.reload_choices()
        self.finished.connect(lambda _r: self.project.close())
        self.resize(1150, 700)

    # -- layout --------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        choose = QWidget()
        left = QVBoxLayout(choose)
        for title, model in ((tr("C&oders:"), self.coders), (tr("Co&des:"), self.codes),
                             (tr("Doc&uments:"), self.documents)):
            left.addWidget(check_list(title, model), 1)
        self.ignore_whitespace = QCheckBox(tr("Ignore &whitespace between words"))
        left.addWidget(self.ignore_whitespace)
        self.done_only = QCheckBox(tr("Only &finished articles (marked done by every coder)"))
        left.addWidget(self.done_only)
        self.bootstrap = BootstrapOptions()
        left.addWidget(self.bootstrap)
        self.compute_button = QPushButton(tr("&Compute (F5)"))
        self.compute_button.setAutoDefault(False)
        self.compute_button.clicked.connect(self.compute)
        for key in keys_of(ActionId.AGREEMENT_COMPUTE):
            QShortcut(key, self, self.compute)
        left.addWidget(self.compute_button)
        splitter.addWidget(choose)

        right = QWidget()
        results = QVBoxLayout(right)
        self.summary = label_plain(tr("Choose coders, codes and documents, then press Compute."))
        self.summary.setWordWrap(True)
        results.addWidget(self.summary)
        self.problem_label = label_plain()
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        results.addWidget(self.problem_label)
        self.tabs = QTabWidget()
        self.code_view = result_table(self.code_table, tr("Agreement by code"))
        self.tabs.addTab(self.code_view, tr("By &code"))
        pair_page = QWidget()
        pair_layout = QVBoxLayout(pair_page)
        pick = QHBoxLayout()
        self.metric_combo = QComboBox()
        self.pair_code_combo = QComboBox()
        for text, combo in ((tr("&Metric:"), self.metric_combo), (tr("Code:"), self.pair_code_combo)):
            label = QLabel(text)
            label.setBuddy(combo)
            pick.addWidget(label)
            pick.addWidget(combo, 1)
            combo.currentIndexChanged.connect(self._update_pairs)
        pair_layout.addLayout(pick)
        self.pair_view = result_table(self.pairs, tr("Coder pairs"))
        pair_layout.addWidget(self.pair_view, 1)
        self.tabs.addTab(pair_page, tr("Coder &pairs"))
        doc_page = QWidget()
        doc_layout = QVBoxLayout(doc_page)
        self.document_view = result_table(self.sorted_documents, tr("Agreement by document"), sortable=True)
        self.document_view.activated.connect(self._open_document)
        doc_layout.addWidget(self.document_view, 1)
        doc_layout.addWidget(QLabel(tr("Click a column to sort (the worst documents first). "
                                       "Double-click or press Enter to compare two coders in a document.")))
        self.tabs.addTab(doc_page, tr("By docu&ment"))
        self.coder_view = result_table(self.coder_table, tr("Per-coder diagnostics"))
        self.tabs.addTab(self.coder_view, tr("Pe&r coder"))
        self.excluded_view = result_table(self.excluded, tr("Excluded documents"))
        self.tabs.addTab(self.excluded_view, tr("E&xcluded"))
        self.attribute_table = AttributeAgreementModel(parent=self)
        self.attribute_view = result_table(self.attribute_table, tr("Agreement on attribute values"))
        self.tabs.addTab(self.attribute_view, tr("A&ttributes"))
        results.addWidget(self.tabs, 1)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        layout.addWidget(splitter, 1)

        buttons = QDialogButtonBox()
        self.export_button = buttons.addButton(tr("&Export CSV…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.export_doc_button = buttons.addButton(
            tr("Export per-document C&SV…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.disagreements_button = buttons.addButton(tr("Export disa&greements…"),
                                                      QDialogButtonBox.ButtonRole.ActionRole)
        self.methods_button = buttons.addButton(tr("Cop&y methods paragraph"), QDialogButtonBox.ButtonRole.ActionRole)
        self.help_button = buttons.addButton(QDialogButtonBox.StandardButton.Help)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        for button in (self.export_button, self.export_doc_button, self.disagreements_button, self.methods_button,
                       self.help_button, close):
            button.setAutoDefault(False)
        self.export_button.clicked.connect(lambda: self.choose_and_export(by_document=False))
        self.export_doc_button.clicked.connect(lambda: self.choose_and_export(by_document=True))
        self.disagreements_button.clicked.connect(self.choose_and_export_disagreements)
        self.methods_button.clicked.connect(self.copy_methods)
        self.help_button.clicked.connect(self.show_help)
        for key in keys_of(ActionId.AGREEMENT_HELP):
            QShortcut(key, self, self.show_help)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._set_exportable(False)

    def _set_exportable(self, on: bool) -> None:
        for button in (self.export_button, self.export_doc_button, self.disagreements_button, self.methods_button):
            button.setEnabled(on)

    # -- choices -------------------------------------------------------------
    def reload_choices(self) -> None:
        self.coders.set_items(
            [(c.name, c.name) for c in sorted(self.project.coders(), key=lambda c: c.name.casefold())]
        )
        self.codes.set_items([(c.name, tr("{name} (archived)").format(name=c.name) if c.archived else c.name)
                              for c in self.project.codes()])
        self.documents.set_items([(d.id, d.title) for d in self.project.documents()])

    def show_problem(self, message: str) -> None:
        self.problem_label.setText("⚠ " + message)
        self.problem_label.show()

    # -- computing -----------------------------------------------------------
    def compute(self) -> AgreementResult | None:
        self.problem_label.hide()
        coders, codes, docs = self.coders.checked(), self.codes.checked(), self.documents.checked()
        if len(coders) < 2:
            self.show_problem(tr("Choose at least two coders."))
            return None
        if not codes:
            self.show_problem(tr("Choose at least one code."))
            return None
        if not docs:
            self.show_problem(tr("Choose at least one document."))
            return None
        documents = [] if self.documents.all_checked() else docs
        try:
            settings = self.bootstrap.settings()
        except UserError as exc:
            self.show_problem(str(exc))
            return None
        self.choice = (coders, codes, documents, self.ignore_whitespace.isChecked(), self.done_only.isChecked())
        try:
            result = run_with_progress(self, tr("Computing agreement…"), compute_agreement, self.project_path,
                                       *self.choice, settings)
        except BootstrapCancelled:
            self.show_problem(tr("Cancelled: the figures shown are those computed before."))
            return None
        except UserError as exc:
            self.show_problem(str(exc))
            return None
        self.set_result(result)
        return result

    def set_result(self, result: AgreementResult | None) -> None:
        self.agreement_result = result
        pooled = result.pooled if result else None
        self.code_table.set_report(pooled)
        titles = {d.id: d.title for d in self.project.documents()}
        self.by_document.set_report(result.by_document if result else None, titles)
        self.excluded.set_report(pooled)
        self.coder_table.set_rows(list(result.per_coder) if result else [])
        self.attribute_table.set_rows(list(result.attributes) if result else [])
        for combo in (self.metric_combo, self.pair_code_combo):
            combo.blockSignals(True)
            combo.clear()
        if pooled is not None:
            for metric in sorted({r.metric for r in pooled.rows if len(r.coders) == 2},
                                 key=lambda m: list(SHORT_LABELS).index(m)):
                self.metric_combo.addItem(tr(SHORT_LABELS[metric]), metric)
            self.pair_code_combo.addItem(tr("All codes"), ALL)
            for code in pooled.codes:
                self.pair_code_combo.addItem(code, code)
        for combo in (self.metric_combo, self.pair_code_combo):
            combo.blockSignals(False)
        self._update_pairs()
        first_metric = self.by_document.concern_column() + 1
        self.document_view.sortByColumn(first_metric if self.by_document.columnCount() > first_metric else 0,
                                        Qt.SortOrder.AscendingOrder)
        for view in (self.code_view, self.document_view, self.coder_view):
            view.resizeColumnsToContents()
            for column in range(view.model().columnCount()):
                view.setColumnWidth(column, min(view.columnWidth(column), MAX_COLUMN_WIDTH))
        self._set_exportable(result is not None)
        if pooled is not None:
            left_out = sum(1 for e in pooled.excluded if e.scope == "study")
            self.summary.setText(tr(
                "Coders: {coders}. Codes: {codes}. {docs} document(s) compared ({units} characters{ws}); "
                "{left} left out.").format(
                coders=", ".join(pooled.coders), codes=len(pooled.codes), docs=pooled.documents, units=pooled.units,
                ws=tr(", whitespace ignored") if pooled.ignore_whitespace else "", left=left_out))

    def _update_pairs(self) -> None:
        pooled = self.agreement_result.pooled if self.agreement_result else None
        self.pairs.set_report(pooled, self.metric_combo.currentData() or "alpha_u",
                              self.pair_code_combo.currentData() or ALL)

    # -- documents -----------------------------------------------------------
    def _open_document(self, index: QModelIndex) -> None:
        source = self.sorted_documents.mapToSource(index)
        doc_id = self.by_document.document_id(source.row())
        if doc_id is not None:
            self.open_comparison(doc_id)

    def open_comparison(self, document_id: str) -> CompareDialog:
        coders = list(self.agreement_result.pooled.coders) if self.agreement_result else self.coders.checked()
        codes = list(self.agreement_result.pooled.codes) if self.agreement_result else None
        if gold_store.gold_rows(self.project, document_id=document_id, segments_only=True):
            coders.append(gold_store.GOLD_CODER)  # the gold layer can be compared like a coder
        dialog = CompareDialog(self.project, document_id, coders, self, codes=codes)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(
            lambda _o=None, d=dialog: self.compare_dialogs.remove(d) if d in self.compare_dialogs else None
        )
        self.compare_dialogs.append(dialog)
        dialog.show()
        return dialog

    # -- export and help -----------------------------------------------------
    def export_csv(self, path: Path, by_document: bool = False) -> None:
        if self.agreement_result is None:
            raise UserError("compute the agreement first")
        report = self.agreement_result.by_document if by_document else self.agreement_result.pooled
        write_text(Path(path), render_csv(report), [self.project_path])

    def methods_text(self) -> str:
        if self.agreement_result is None:
            raise UserError("compute the agreement first")
        return methods_paragraph(self.agreement_result.pooled, __version__)

    def copy_methods(self) -> None:
        """Put the methods paragraph (with its references) on the clipboard."""
        if self.agreement_result is not None:
            QApplication.clipboard().setText(self.methods_text())
            self.summary.setText(self.summary.text().split("\n")[0] + "\n" + tr("Methods paragraph copied."))

    def export_disagreements(self, path: Path) -> int:
        """Write the disagreements of the last computed selection as CSV; returns how many."""
        if self.agreement_result is None:
            raise UserError("compute the agreement first")
        text, count = run_with_progress(self, tr("Listing disagreements…"), disagreements_csv, self.project_path,
                                        *self.choice)
        write_text(Path(path), text, [self.project_path])
        return count

    def choose_and_export_disagreements(self) -> None:
        suggested = str(self.project_path.with_name(self.project_path.stem + "-disagreements.csv"))
        name = file_dialogs.save_file_name(self, tr("Export disagreements as CSV"), suggested,
                                           tr("CSV files (*.csv)"))
        if name:
            try:
                self.export_disagreements(Path(name))
            except UserError as exc:
                show_error(self, exc)

    def choose_and_export(self, by_document: bool = False) -> None:
        suggested = str(self.project_path.with_name(
            self.project_path.stem + ("-agreement-by-document.csv" if by_document else "-agreement.csv")))
        name = file_dialogs.save_file_name(self, tr("Export agreement as CSV"), suggested, tr("CSV files (*.csv)"))
        if name:
            try:
                self.export_csv(Path(name), by_document)
            except UserError as exc:
                show_error(self, exc)

    def show_help(self) -> QDialog:
        dialog = QDialog(self)
        dialog.setWindowTitle(tr("Agreement: definitions"))
        layout = QVBoxLayout(dialog)
        browser = QTextBrowser()
        browser.setMarkdown(definitions_text())
        layout.addWidget(browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.resize(700, 600)
        self.help_dialog = dialog
        dialog.show()
        return dialog

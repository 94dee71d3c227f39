"""The agreement window: computed off the UI thread; tables, pairs, documents, compare, CSV, help."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCharFormat
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QTextBrowser

from newscoder.cli import main
from newscoder.ui.background import ProgressDialog

from newscoder.core.agreement import ALL, compute_report, load_study
from newscoder.core.agreement.bootstrap import BootstrapSettings
from newscoder.core.agreement.render import render_csv
from newscoder.core.store import Project
from newscoder.ui.dialogs.agreement_compare import OVERLAP, SAME, CompareDialog, intersect, subtract, union
from newscoder.ui.models.agreement import CheckListModel
from newscoder.ui.models.agreement_cells import fmt
from newscoder.ui.dialogs.agreement_window import AgreementWindow
from tests.fixtures import add_segment, make_project


@pytest.fixture
def project_path(tmp_path: Path) -> Iterator[Path]:
    project = make_project(tmp_path / "x.newscoder", 3, source=None, coders=("alice", "bob"))
    d0, d1, d2 = project.documents()
    # d0: alice and bob agree exactly on a claim, disagree on a denial
    add_segment(project, d0.id, "claim", "alice", 10, 27)
    add_segment(project, d0.id, "claim", "bob", 10, 27)
    add_segment(project, d0.id, "denial", "alice", 29, 53)
    add_segment(project, d0.id, "denial", "bob", 35, 53)
    # d1: they disagree entirely
    add_segment(project, d1.id, "claim", "alice", 0, 9)
    add_segment(project, d1.id, "estimate", "bob", 55, 75)
    # d2: only alice coded it -> excluded
    add_segment(project, d2.id, "claim", "alice", 0, 9)
    path = project.path
    project.close()
    yield path


@pytest.fixture
def window(project_path: Path, qtbot) -> AgreementWindow:
    w = AgreementWindow(project_path)
    qtbot.addWidget(w)
    w.show()
    return w


def expected(project_path: Path, by_document: bool = False):
    """What the window shows by default: pooled figures with 1,000 bootstrap resamples (default seed)."""
    with Project.open(project_path) as project:
        return compute_report(load_study(project), by_document=by_document,
                              bootstrap=None if by_document else BootstrapSettings())


def test_choices_list_coders_codes_documents(window: AgreementWindow, qtmodeltester) -> None:
    for model in (window.coders, window.codes, window.documents):
        qtmodeltester.check(model)
    assert window.coders.checked() == ["alice", "bob"]
    assert window.codes.checked() == ["claim", "denial", "estimate", "condemnation"]
    assert len(window.documents.checked()) == 3
    assert not window.export_button.isEnabled()


def test_compute_fills_every_table(window: AgreementWindow, project_path: Path, qtmodeltester) -> None:
    result = window.compute()
    assert result is not None
    for model in (window.code_table, window.pairs, window.by_document, window.excluded, window.sorted_documents,
                  window.coder_table):
        qtmodeltester.check(model)
    report = expected(project_path)
    table = window.code_table
    assert table.rowCount() == 5  # all codes + 4
    assert table.data(table.index(0, 0)) == "All codes"
    columns = {table.headerData(c, Qt.Orientation.Horizontal): c for c in range(table.columnCount())}
    assert {"α_u", "Cohen's κ", "F1 exact", "F1 overlap"} <= set(columns)
    want = next(r for r in report.rows if r.code == ALL and r.metric == "alpha_u")
    assert want.interval is not None and want.interval.resamples == 1000
    assert table.data(table.index(0, columns["α_u"])) == \
        f"{want.value:.3f} [{want.interval.low:.3f}, {want.interval.high:.3f}]"
    assert table.data(table.index(0, 1)) == want.units
    # condemnation: nobody used it -> undefined with the reason
    cond = table.data(table.index(4, columns["α_u"]))
    assert cond.startswith("undefined: ")
    assert window.export_button.isEnabled()
    assert "alice, bob" in window.summary.text()


def test_pair_matrix(window: AgreementWindow, project_path: Path) -> None:
    window.compute()
    pairs = window.pairs
    assert pairs.rowCount() == pairs.columnCount() == 2
    assert pairs.data(pairs.index(0, 0)) == "—"
    assert pairs.data(pairs.index(0, 1)) == pairs.data(pairs.index(1, 0))
    index = window.metric_combo.findData("f1_exact")
    window.metric_combo.setCurrentIndex(index)
    want = next(r for r in expected(project_path).rows if r.code == ALL and r.metric == "f1_exact")
    assert pairs.data(pairs.index(0, 1)) == fmt(want)


def test_three_coders_pairs_and_validation(project_path: Path, qtbot) -> None:
    with Project.open(project_path) as project:
        project.ensure_coder("carol")
        add_segment(project, project.documents()[0].id, "claim", "carol", 10, 27)
    w = AgreementWindow(project_path)
    qtbot.addWidget(w)
    assert w.compute() is not None
    assert w.pairs.rowCount() == 3
    assert w.pairs.data(w.pairs.index(0, 2)) not in ("—", "not computed")
    w.coders.set_checked(["alice"])
    assert w.compute() is None
    assert "at least two coders" in w.problem_label.text()
    w.coders.set_all(True)
    w.codes.set_all(False)
    assert w.compute() is None and "at least one code" in w.problem_label.text()


def test_per_document_table_sorts_and_opens_comparison(window: AgreementWindow, project_path: Path, qtbot) -> None:
    window.compute()
    docs = window.by_document
    assert docs.rowCount() == 2  # d2 is excluded
    assert window.excluded.rowCount() == 1
    assert "Title 2" == window.excluded.data(window.excluded.index(0, 0))
    assert "only alice of the 2" in window.excluded.data(window.excluded.index(0, 2))
    proxy = window.sorted_documents
    column = next(c for c in range(docs.columnCount()) if docs.headerData(c, Qt.Orientation.Horizontal) == "α_u")
    window.document_view.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    # Title 1 disagrees entirely: it sorts first (worst)
    assert proxy.data(proxy.index(0, 0)) == "Title 1"
    window.tabs.setCurrentIndex(2)
    window.document_view.setFocus()
    window.document_view.setCurrentIndex(proxy.index(1, 0))
    QTest.keyClick(window.document_view, Qt.Key.Key_Return)
    assert len(window.compare_dialogs) == 1
    dialog = window.compare_dialogs[0]
    assert "Title 0" in dialog.windowTitle()
    statuses = {(r[0], r[1]): r[3] for r in dialog.model._rows}
    assert statuses[("alice", "claim")] == SAME and statuses[("bob", "claim")] == SAME
    assert statuses[("alice", "denial")] == OVERLAP


def test_comparison_marks_agreement_and_disagreement(project_path: Path, qtbot, qtmodeltester) -> None:
    with Project.open(project_path) as project:
        doc = project.documents()[0]
        dialog = CompareDialog(project, doc.id, ["alice", "bob"])
        qtbot.addWidget(dialog)
        qtmodeltester.check(dialog.model)
        claim = project.code_by_name("claim").id
        denial = project.code_by_name("denial").id
        assert dialog.marks[0]["agreed"][claim] == [(10, 27)]
        assert dialog.marks[0]["only"][denial] == [(29, 35)]
        assert dialog.marks[1]["only"][denial] == []
        styles = [s.format.underlineStyle() for s in dialog.views[0].extraSelections()]
        assert QTextCharFormat.UnderlineStyle.WaveUnderline in styles
        assert QTextCharFormat.UnderlineStyle.SingleUnderline in styles
        dialog.combos[1].setCurrentIndex(0)  # alice vs alice: everything agrees
        assert all(not v for v in dialog.marks[0]["only"].values())
        dialog.close()


def test_undefined_is_shown_with_its_reason(qtbot) -> None:
    from newscoder.core.agreement import AgreementRow

    assert fmt(AgreementRow("x", "alpha_u", None, ("a", "b"), 1, 0, "no segments of this code")) == \
        "undefined: no segments of this code"
    assert fmt(AgreementRow("x", "alpha_u", 0.5, ("a", "b"), 1, 10)) == "0.500"


@pytest.mark.parametrize("by_document", [False, True])
def test_export_csv_matches_the_cli(window: AgreementWindow, project_path: Path, tmp_path: Path,
                                    by_document: bool) -> None:
    window.compute()
    out = tmp_path / "agreement.csv"
    window.export_csv(out, by_document=by_document)
    assert out.read_bytes() == render_csv(expected(project_path, by_document)).encode("utf-8")


def test_help_shows_definitions(window: AgreementWindow, qtbot) -> None:
    QTest.keyClick(window, Qt.Key.Key_F1)
    dialog = window.help_dialog
    assert dialog.isVisible()
    text = dialog.findChild(QTextBrowser).toPlainText()
    assert "alpha" in text.lower() or "α" in text


def test_f5_computes(window: AgreementWindow) -> None:
    QTest.keyClick(window, Qt.Key.Key_F5)
    assert window.agreement_result is not None


@pytest.mark.parametrize(("a", "b", "u", "i", "s"), [
    ([(0, 5), (3, 8)], [(4, 6)], [(0, 8)], [(4, 6)], [(0, 4), (6, 8)]),
    ([(0, 2)], [], [(0, 2)], [], [(0, 2)]),
    ([(0, 2), (2, 4)], [(0, 4)], [(0, 4)], [(0, 4)], []),
])
def test_span_arithmetic(a, b, u, i, s) -> None:
    assert union(a) == u
    assert intersect(union(a), union(b)) == i
    assert subtract(union(a), union(b)) == s


def test_check_list_toggles(qtbot, qtmodeltester) -> None:
    model = CheckListModel([("a", "A"), ("b", "B")])
    qtmodeltester.check(model)
    model.setData(model.index(0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert model.checked() == ["b"] and not model.all_checked()
    model.set_all(True)
    assert model.all_checked()


def test_concern_column_next_to_the_values(window: AgreementWindow, project_path: Path, qtmodeltester) -> None:
    window.compute()
    table = window.code_table
    column = table.concern_column()
    assert table.headerData(column, Qt.Orientation.Horizontal) == "Concern"
    report = expected(project_path)
    claim = next(r for r in report.rows if r.code == "claim" and r.metric == "alpha_u")
    assert claim.concern and table.data(table.index(1, column)) == claim.concern
    assert "few units" in claim.concern
    # the tooltip of a value names its interval, the risk of falling short and the concern
    assert column == 2  # next to the values, right after the code and its units
    alpha_u = next(c for c in range(table.columnCount()) if table.headerData(c, Qt.Orientation.Horizontal) == "α_u")
    assert alpha_u == column + 1
    tip = table.data(table.index(0, alpha_u), Qt.ItemDataRole.ToolTipRole)
    assert "bootstrap interval" in tip and "P(value < 0.667)" in tip
    docs = window.by_document
    assert docs.headerData(docs.concern_column(), Qt.Orientation.Horizontal) == "Concern"


def test_per_coder_tab(window: AgreementWindow, qtmodeltester) -> None:
    window.compute()
    model = window.coder_table
    qtmodeltester.check(model)
    assert model.rowCount() == 2 * 5  # 2 coders × (all codes + 4)
    assert model.data(model.index(0, 0)) == "alice" and model.data(model.index(0, 1)) == "All codes"
    assert model.data(model.index(0, 7)) == "undefined"  # leaving one of two coders out leaves one


def test_bootstrap_progress_and_cancel_keep_the_previous_figures(window: AgreementWindow, qtbot) -> None:
    first = window.compute()
    assert first is not None
    window.bootstrap.resamples.setValue(100_000)
    seen: dict[str, int] = {}

    def cancel_when_progressing() -> None:
        dialogs = [d for d in window.findChildren(ProgressDialog) if d.maximum() > 0 and d.value() > 0]
        if not dialogs:
            QTimer.singleShot(10, cancel_when_progressing)
            return
        seen["maximum"] = dialogs[0].maximum()
        dialogs[0].findChild(QPushButton).click()

    QTimer.singleShot(0, cancel_when_progressing)
    assert window.compute() is None
    assert seen == {"maximum": 100_000}
    assert window.agreement_result is first and "Cancelled" in window.problem_label.text()
    window.bootstrap.enabled.setChecked(False)
    plain = window.compute()
    assert plain is not None and all(r.interval is None for r in plain.pooled.rows)


def test_copy_methods_paragraph(window: AgreementWindow) -> None:
    assert not window.methods_button.isEnabled()
    window.compute()
    window.methods_button.click()
    text = QApplication.clipboard().text()
    assert text == window.methods_text()
    assert text.startswith("Inter-coder agreement was assessed on 2 documents") and "References" in text


def test_export_disagreements_matches_the_cli(window: AgreementWindow, project_path: Path, tmp_path: Path) -> None:
    window.compute()
    ours, theirs = tmp_path / "gui.csv", tmp_path / "cli.csv"
    count = window.export_disagreements(ours)
    assert main(["agreement", "-p", str(project_path), "--disagreements", "-o", str(theirs)]) == 0
    assert ours.read_bytes() == theirs.read_bytes()
    rows = list(csv.reader(io.StringIO(ours.read_text(encoding="utf-8"))))
    assert count == len(rows) - 1 == 3  # d0: denial boundaries; d1: claim and estimate missing
    assert {r[4] for r in rows[1:]} == {"boundary", "missing"} and rows[1][1] == "Title 0"


def test_thresholds_are_configurable(window: AgreementWindow) -> None:
    window.bootstrap.resamples.setValue(200)
    window.bootstrap.thresholds.setText("0.5; 0.9")
    result = window.compute()
    assert result is not None
    row = next(r for r in result.pooled.rows if r.metric == "alpha_u" and r.code == ALL)
    assert row.interval is not None and [t for t, _ in row.interval.p_below] == [0.5, 0.9]
    window.bootstrap.thresholds.setText("0.5, high")
    assert window.compute() is None and "'high' is not a number" in window.problem_label.text()
    assert window.agreement_result is result

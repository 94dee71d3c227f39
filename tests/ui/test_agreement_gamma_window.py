"""The agreement window shows γ and γ-cat: columns of the code table, with the chance samples in the tooltip."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from newscoder.core.agreement import ALL, compute_report, load_study
from newscoder.core.store import Project
from newscoder.ui.dialogs.agreement_window import AgreementWindow
from tests.fixtures import add_segment, make_project


def test_code_table_has_gamma_columns(tmp_path: Path, qtbot, qtmodeltester) -> None:
    project = make_project(tmp_path / "x.newscoder", 2, source=None, coders=("alice", "bob"))
    d0, d1 = project.documents()
    add_segment(project, d0.id, "claim", "alice", 10, 27)
    add_segment(project, d0.id, "claim", "bob", 12, 27)
    add_segment(project, d0.id, "denial", "alice", 29, 53)
    add_segment(project, d0.id, "claim", "bob", 35, 53)
    add_segment(project, d1.id, "estimate", "alice", 0, 9)
    add_segment(project, d1.id, "estimate", "bob", 0, 12)
    path = project.path
    project.close()
    window = AgreementWindow(path)
    qtbot.addWidget(window)
    window.show()
    assert window.compute() is not None
    table = window.code_table
    qtmodeltester.check(table)
    columns = {table.headerData(c, Qt.Orientation.Horizontal): c for c in range(table.columnCount())}
    assert {"γ", "γ-cat"} <= set(columns)
    with Project.open(path) as p:
        report = compute_report(load_study(p))
    for label, metric in (("γ", "gamma"), ("γ-cat", "gamma_cat")):
        want = next(r for r in report.rows if r.code == ALL and r.metric == metric)
        assert want.value is not None
        cell = table.data(table.index(0, columns[label]))
        assert cell.split(" ")[0] == f"{want.value:.3f}"  # then the bootstrap interval, if computed
        tip = table.data(table.index(0, columns[label]), Qt.ItemDataRole.ToolTipRole)
        assert "sampled continua, seed 20150901" in tip
    assert table.data(table.index(1, columns["γ"])) == ""  # γ is for all codes together only

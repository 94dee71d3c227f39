"""Analysis ▸ Compare outlets on the real window: tabs filled from a hand-built project, numbers
clicked with real mouse events list their spans, a span opens in the article, export writes the report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QTableView

from newscoder.core.store import Project
from newscoder.ui.actions import ActionId
from newscoder.ui.compare.models import NUMBER_ROLE
from tests.core.test_compare import DENIAL, LEDE, QUOTE_A, TEXT_A, TEXT_B, TEXT_C
from tests.fixtures import add_segment


def _project(path: Path) -> Project:
    project = Project.create(path)
    a = project.add_document(TEXT_A, "Troops cross border", source="Wire Daily")[0].id
    b = project.add_document(TEXT_B, "Border crossed, US says", source="Morning Post")[0].id
    c = project.add_document(TEXT_C, "Analysis: a new front", source="Evening Star")[0].id
    for coder in ("Ann", "Ben"):
        add_segment(project, a, "claim", coder, TEXT_A.index(LEDE), TEXT_A.index(LEDE) + len(LEDE))
        add_segment(project, b, "claim", coder, TEXT_B.index(LEDE), TEXT_B.index(LEDE) + len(LEDE))
    est = TEXT_A.index("eight thousand troops")
    add_segment(project, a, "estimate", "Ann", est, est + len("eight thousand troops"))
    add_segment(project, c, "denial", "Ann", TEXT_C.index(DENIAL), TEXT_C.index(DENIAL) + len(DENIAL))
    return project


def _click(qtbot, table: QTableView, row: int, column: int, double: bool = False) -> None:  # type: ignore[no-untyped-def]
    index = table.model().index(row, column)
    table.scrollTo(index)
    pos: QPoint = table.visualRect(index).center()
    if double:  # as a person does it: press, release, then the second press of the double click
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    else:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def tab(cmp, key: str):  # type: ignore[no-untyped-def]
    return next(t for t in cmp.views if t.KEY == key)


def _open(main_window, tmp_path: Path, qtbot):  # type: ignore[no-untyped-def]
    w = main_window(project=_project(tmp_path / "cmp.newscoder"), coder="Ann")
    w.action(ActionId.COMPARE_OUTLETS).trigger()
    cmp = w.analysis._compare_window
    qtbot.addWidget(cmp)
    qtbot.waitUntil(lambda: cmp.report is not None)
    return w, cmp


def test_menu_opens_a_window_with_every_view(main_window, tmp_path: Path, qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    w, cmp = _open(main_window, tmp_path, qtbot)
    assert [cmp.tabs.tabText(i) for i in range(cmp.tabs.count())] == [
        "Outlet × code", "Estimates", "Sources", "Present / missing", "Shared and altered quotes", "Timeline",
        "Co-occurrence", "Reliability"]
    m = cmp.views[0].model
    assert m.row_names == ["Evening Star (1)", "Morning Post (1)", "Wire Daily (1)"]
    assert m.columns == ["claim", "denial", "estimate"]
    assert [[m.index(r, c).data(NUMBER_ROLE) for c in range(3)] for r in range(3)] == [[0, 1, 0], [2, 0, 0], [2, 0, 1]]
    assert "Coders: Ann, Ben" in cmp.methods.text()
    for tab in cmp.views:
        for model, _table in tab.grids:
            qtmodeltester.check(model)
    qtmodeltester.check(cmp.span_model)
    assert cmp.views[0].chart is not None  # the matplotlib canvas


def test_clicking_a_number_lists_its_spans_and_opens_one(main_window, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    w, cmp = _open(main_window, tmp_path, qtbot)
    table = cmp.views[0].table
    _click(qtbot, table, 2, 0)  # Wire Daily · claim: Ann's and Ben's segments
    spans = cmp.span_model.spans
    assert [(s.coder, s.code, s.start, s.end) for s in spans] == [
        ("Ann", "claim", TEXT_A.index(LEDE), TEXT_A.index(LEDE) + len(LEDE)),
        ("Ben", "claim", TEXT_A.index(LEDE), TEXT_A.index(LEDE) + len(LEDE))]
    assert "2 span(s) behind Wire Daily (1) · claim" in cmp.spans_label.text()
    _click(qtbot, table, 0, 0)  # a zero: not clickable, the list stays
    assert len(cmp.span_model.spans) == 2
    _click(qtbot, cmp.span_table, 1, 0, double=True)
    qtbot.waitUntil(lambda: w.view.textCursor().selectedText() == LEDE)
    assert w.document_id == spans[1].document_id


def test_quotes_and_cooccurrence_click_through(main_window, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    w, cmp = _open(main_window, tmp_path, qtbot)
    quotes_tab = tab(cmp, "quotes")
    cmp.tabs.setCurrentWidget(quotes_tab)
    alt = quotes_tab.altered_model
    assert alt.row_names == ["1.1", "1.2"] and alt.index(1, 1).data() == "Morning Post, Wire Daily"
    _click(qtbot, quotes_tab.altered_table, 1, 0)
    assert {s.text for s in cmp.span_model.spans} == {QUOTE_A}
    assert quotes_tab.shared_model.rowCount() == 3
    _click(qtbot, quotes_tab.shared_table, 0, 0)
    assert {s.outlet for s in cmp.span_model.spans} == {"Morning Post", "Wire Daily"}
    cooc = tab(cmp, "cooccurrence")
    cmp.tabs.setCurrentWidget(cooc)
    _click(qtbot, cooc.table, 0, 2)  # claim × estimate: Ann's claim and estimate in one sentence
    assert sorted(s.code for s in cmp.span_model.spans) == ["claim", "estimate"]
    rel = tab(cmp, "reliability")
    cmp.tabs.setCurrentWidget(rel)
    assert rel.model.index(2, 0).data(NUMBER_ROLE) is not None
    _click(qtbot, rel.table, 1, 1)  # Morning Post: the segments behind its α_u
    assert len(cmp.span_model.spans) == 2


def test_one_coder_by_ticking_and_keyboard_compute(main_window, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    w, cmp = _open(main_window, tmp_path, qtbot)
    cmp.coders.item(0).setCheckState(Qt.CheckState.Checked)  # Ann
    cmp.activateWindow()
    qtbot.keyClick(cmp, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: "one coder" in cmp.methods.text())
    assert tab(cmp, "reliability").model.index(0, 2).data().startswith("α_u needs two or more coders")


def test_export_writes_the_html_report(main_window, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    w, cmp = _open(main_window, tmp_path, qtbot)
    out = tmp_path / "cmp.html"
    cmp.export_to(out)
    html = out.read_text(encoding="utf-8")
    assert html.count("<svg") == 3 and "Wire Daily" in html  # no dated estimates with a number: no timeline
    assert "Wrote" in cmp.spans_label.text()


def test_start_up_does_not_import_matplotlib_or_the_comparison() -> None:
    """W6 does not pay for the comparison: the window and the CLI import neither matplotlib nor core.compare."""
    import subprocess
    import sys

    code = ("import sys\nimport newscoder.ui.app, newscoder.ui.main_window, newscoder.cli\n"
            "print(sorted(k for k in sys.modules if k.startswith(('matplotlib', 'newscoder.core.compare'))))\n")
    repo = Path(__file__).resolve().parents[2]
    env = {"PYTHONPATH": str(repo / "desktop"), "QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "[]"

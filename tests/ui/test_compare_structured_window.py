"""The comparison window's Estimates, Sources, Present/missing (sources, claims) and Timeline tabs on the
hand-built project of tests/core/test_compare_structured.py: numbers clicked with real mouse events list
their spans; a span opens in the article; hostile names stay plain text."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from newscoder.ui.actions import ActionId
from newscoder.ui.compare.models import NUMBER_ROLE
from tests.core.test_compare_structured import HOSTILE, TEXT_A, build
from tests.ui.test_compare_window import _click, tab


def _open(main_window, qtbot, path: Path, hostile: bool = False):  # type: ignore[no-untyped-def]
    project, ids = build(path, hostile=hostile)
    w = main_window(project=project, coder="Ann")
    w.action(ActionId.COMPARE_OUTLETS).trigger()
    cmp = w.analysis._compare_window
    qtbot.addWidget(cmp)
    qtbot.waitUntil(lambda: cmp.report is not None)
    return w, cmp, ids


def _tick(cmp, qtbot, name: str) -> None:  # type: ignore[no-untyped-def]
    for i in range(cmp.coders.count()):
        item = cmp.coders.item(i)
        item.setCheckState(Qt.CheckState.Checked if item.text() == name else Qt.CheckState.Unchecked)
    before = cmp.report
    cmp.activateWindow()
    qtbot.keyClick(cmp, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: cmp.report is not before)


def test_estimates_tab_cells_and_drift_open_their_spans(main_window, tmp_path: Path, qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    w, cmp, ids = _open(main_window, qtbot, tmp_path / "e.newscoder")
    _tick(cmp, qtbot, "Ann")
    est = tab(cmp, "estimates")
    cmp.tabs.setCurrentWidget(est)
    m = est.model
    assert m.columns == ["Evening Star", "Morning Post", "Wire Daily", "Drift"]
    assert m.row_names == ["troops in Kursk · Antony Blinken", "troops in Russia · Ukrainian army"]
    assert [m.index(0, c).data() for c in range(4)] == [
        "10,000", "up to 8,000", "as many as 8,000", "⚑ hedge drift; changed number"]
    assert m.index(1, 1).data() == "—"  # Morning Post does not quote the Ukrainian army
    _click(qtbot, est.table, 0, 2)  # Wire Daily's figure
    assert [(s.outlet, s.code, s.coder) for s in cmp.span_model.spans] == [("Wire Daily", "estimate", "Ann")]
    assert "1 span(s) behind troops in Kursk · Antony Blinken · Wire Daily" in cmp.spans_label.text()
    _click(qtbot, est.table, 1, 1)  # "—": nothing behind it, the list stays
    assert len(cmp.span_model.spans) == 1
    _click(qtbot, est.table, 0, 3)  # the drift flag: the estimates it rests on
    assert {s.outlet for s in cmp.span_model.spans} == {"Evening Star", "Morning Post", "Wire Daily"}
    d = est.drift_model
    assert [d.index(r, 0).data() for r in range(d.rowCount())] == ["hedge drift", "changed number"]
    _click(qtbot, est.drift_table, 0, 0)
    assert sorted(s.outlet for s in cmp.span_model.spans) == ["Morning Post", "Wire Daily"]
    wd = next(i for i, s in enumerate(cmp.span_model.spans) if s.outlet == "Wire Daily")
    _click(qtbot, cmp.span_table, wd, 0, double=True)
    qtbot.waitUntil(lambda: w.view.textCursor().selectedText() == "as many as 8,000 troops")
    assert w.document_id == ids["doc_a"]
    for model in (m, d):
        qtmodeltester.check(model)


def test_sources_tab_counts_articles_or_segments(main_window, tmp_path: Path, qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    w, cmp, ids = _open(main_window, qtbot, tmp_path / "s.newscoder")
    _tick(cmp, qtbot, "Ann")
    src = tab(cmp, "sources")
    cmp.tabs.setCurrentWidget(src)
    m = src.model
    assert m.row_names[:3] == ["Antony Blinken (person)", "    · claim", "    · estimate"]
    assert [m.index(0, c).data(NUMBER_ROLE) for c in range(3)] == [1, 1, 1]
    src.mode.setCurrentIndex(1)  # segments
    assert [m.index(0, c).data(NUMBER_ROLE) for c in range(3)] == [1, 2, 2]
    kremlin = m.row_names.index("Kremlin (government body)")
    assert [m.index(kremlin, c).data() for c in range(3)] == ["—", "—", "1"]
    _click(qtbot, src.table, kremlin, 2)
    assert [(s.code, s.text) for s in cmp.span_model.spans] == [("denial", "The Kremlin denied the deployment.")]
    qtmodeltester.check(m)
    pres = tab(cmp, "presence")
    cmp.tabs.setCurrentWidget(pres)
    names = pres.model.row_names
    row = names.index("claim: denial by Kremlin about the deployment")
    _click(qtbot, pres.table, row, 2)  # Wire Daily
    assert [s.code for s in cmp.span_model.spans] == ["denial"]
    assert "source: Ukrainian army" in names and "source: Antony Blinken" not in names


def test_timeline_tab_rows_open_their_span_and_draw_a_chart(main_window, tmp_path: Path, qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    w, cmp, ids = _open(main_window, qtbot, tmp_path / "t.newscoder")
    tl = tab(cmp, "timeline")
    cmp.tabs.setCurrentWidget(tl)
    assert tl.chart is not None
    assert tl.marks.rowCount() == 5 and "5 estimates" in tl.note.text()
    assert [tl.marks.index(4, c).data() for c in range(5)] == [
        "2024-11-01", "11,000", "troops in Russia", "Ukrainian army", "Evening Star"]
    qtmodeltester.check(tl.marks)
    _click(qtbot, tl.table, 4, 1)
    (span,) = cmp.span_model.spans
    assert (span.outlet, span.code, span.text) == ("Evening Star", "estimate", "11,000")
    _click(qtbot, cmp.span_table, 0, 0, double=True)
    qtbot.waitUntil(lambda: w.view.textCursor().selectedText() == "11,000")


def test_hostile_names_are_plain_text(main_window, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    w, cmp, ids = _open(main_window, qtbot, tmp_path / "h.newscoder", hostile=True)
    est = tab(cmp, "estimates")
    assert est.model.columns[0] == HOSTILE and est.model.row_names[0] == f"troops in Kursk · {HOSTILE}"
    tip = est.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tip and "&lt;img src=/dev/zero&gt;" in tip
    src = tab(cmp, "sources")
    assert src.model.row_names[0] == f"{HOSTILE} (person)"
    assert "<img" not in src.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    _click(qtbot, est.table, 0, 0)  # the hostile outlet's cell: its name in the label, as text
    assert cmp.spans_label.textFormat() == Qt.TextFormat.PlainText and HOSTILE in cmp.spans_label.text()
    assert cmp.span_model.spans[0].outlet == HOSTILE
    tip = cmp.span_model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tip
    tl = tab(cmp, "timeline")
    assert HOSTILE in {tl.marks.index(r, 3).data() for r in range(tl.marks.rowCount())}
    assert "<img" not in tl.marks.index(0, 3).data(Qt.ItemDataRole.ToolTipRole)
    assert TEXT_A.startswith("Troops")


def test_f1_opens_the_help_on_every_tab(main_window, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    w, cmp, ids = _open(main_window, qtbot, tmp_path / "help.newscoder")
    cmp.activateWindow()
    qtbot.keyClick(cmp, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: cmp.help_page is not None and cmp.help_page.isVisible())
    text = cmp.help_page.browser.toPlainText()
    for i in range(cmp.tabs.count()):  # every tab is explained, by the name it has
        assert cmp.tabs.tabText(i) in text
    assert "Double-click a span" in text and "hedge drift" in text

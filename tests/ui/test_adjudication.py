"""The adjudication window: every key by a real key press, undo and redo of each decision, progress."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from newscoder.core import gold_store
from newscoder.core.store import Project
from newscoder.ui.dialogs.adjudication import AdjudicationWindow
from newscoder.ui.dialogs.adjudication_forms import EditSpanDialog, ReasonDialog
from newscoder.ui.models.units import UnitListModel
from tests.fixtures import add_segment, make_project

K = Qt.Key
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def path(tmp_path: Path) -> Iterator[Path]:
    """ann and ben on "Alpha report": agree on [0, 29) claim; disagree on a denial, an estimate, a claim.

    "Beta story" has two disagreements too, so "Alpha report" (three) comes first.
    """
    project = make_project(tmp_path / "adj.newscoder", coders=("ann", "ben"))
    alpha = project.documents_by_title("Alpha report")[0].id
    beta = project.documents_by_title("Beta story")[0].id
    add_segment(project, alpha, "claim", "ann", 0, 29)
    add_segment(project, alpha, "claim", "ben", 0, 29)
    add_segment(project, alpha, "denial", "ann", 30, 55)
    add_segment(project, alpha, "denial", "ben", 30, 48)
    add_segment(project, alpha, "estimate", "ann", 56, 63)
    add_segment(project, alpha, "claim", "ann", 64, 80)
    add_segment(project, alpha, "claim", "ben", 66, 82)
    add_segment(project, beta, "estimate", "ben", 13, 18)
    add_segment(project, beta, "estimate", "ann", 30, 40)
    yield project.path
    project.close()


@pytest.fixture
def window(path: Path, qtbot: QtBot) -> AdjudicationWindow:
    with Project.open(path) as project:
        coders = [(c.id, c.name) for c in project.coders()]
    w = AdjudicationWindow(path, coders, "Chris")
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    return w


def gold(path: Path) -> list[tuple[int, int, str, str]]:
    with Project.open(path) as project:
        return [(g.start, g.end, g.decision, g.reason) for g in gold_store.gold_rows(project)]


def press(w: AdjudicationWindow, key: K, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(w, key, modifier)


def test_the_model_passes_qtmodeltester(window: AdjudicationWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(window.model)
    fresh = UnitListModel()
    qtmodeltester.check(fresh)


def test_walk_order_is_worst_document_first_and_progress_shows(window: AdjudicationWindow) -> None:
    titles = [window.titles[u.document_id] for u in window.units]
    assert titles == ["Alpha report"] * 3 + ["Beta story"] * 2
    assert [(u.start, u.end) for u in window.units[:3]] == [(30, 55), (56, 63), (64, 82)]
    assert window.progress.text() == "Decided 0 · Remaining 5 · 5 disagreements"
    text = window.versions.toPlainText()
    assert "1  ann: [30–55]" in text and "2  ben: [30–48]" in text
    assert "⟦Officials denied the clai⟧m, saying" in text


@pytest.mark.parametrize("key, expected", [
    (K.Key_1, (30, 55, "accepted")), (K.Key_2, (30, 48, "accepted")), (K.Key_U, (30, 55, "union")),
    (K.Key_I, (30, 48, "intersection")), (K.Key_N, (30, 55, "none")),
])
def test_each_key_decides_and_undo_redo(window: AdjudicationWindow, path: Path, key: K,
                                        expected: tuple[int, int, str]) -> None:
    press(window, key)
    assert gold(path) == [(*expected, "")]
    assert window.progress.text().startswith("Decided 1 · Remaining 4")
    assert window.model.decided(0)
    press(window, K.Key_Z, CTRL)
    assert gold(path) == []
    assert window.progress.text().startswith("Decided 0 · Remaining 5")
    assert window.status.text().startswith("Undone: ")
    press(window, K.Key_Z, CTRL | SHIFT)
    assert gold(path) == [(*expected, "")]
    assert window.undo.stack.count() == 1


def test_enter_goes_to_the_next_open_unit(window: AdjudicationWindow) -> None:
    press(window, K.Key_1)
    press(window, K.Key_Return)
    assert window.row == 1
    press(window, K.Key_Return, SHIFT)
    assert window.row == 0
    press(window, K.Key_Enter)
    assert window.row == 1
    assert "Unit 2 of 5" in window.heading.text()


def test_e_edits_boundary_and_code(window: AdjudicationWindow, path: Path, qtbot: QtBot) -> None:
    press(window, K.Key_E)
    form = window.form
    assert isinstance(form, EditSpanDialog)
    qtbot.waitUntil(form.isVisible)
    assert form.span() == (30, 55)
    form.start_box.selectAll()
    QTest.keyClicks(form.start_box, "40")
    form.code_box.setFocus()
    QTest.keyClick(form.code_box, K.Key_Up)  # denial -> claim (the code above it)
    QTest.keyClick(form.start_box, K.Key_Return)
    with Project.open(path) as project:
        (row,) = gold_store.gold_rows(project)
        assert (row.start, row.end, row.decision, row.quote) == (40, 55, "edited", "denied the clai")
        assert project.code(row.code_id).name == "claim"  # type: ignore[union-attr]
    press(window, K.Key_Z, CTRL)
    assert gold(path) == []
    press(window, K.Key_Z, CTRL | SHIFT)
    assert [g[:3] for g in gold(path)] == [(40, 55, "edited")]


def test_a_adds_a_gold_segment_no_coder_has(window: AdjudicationWindow, path: Path, qtbot: QtBot) -> None:
    press(window, K.Key_A)
    form = window.form
    assert isinstance(form, EditSpanDialog) and form.windowTitle() == "Add a gold segment"
    form.start_box.selectAll()
    QTest.keyClicks(form.start_box, "10")
    form.end_box.selectAll()
    QTest.keyClicks(form.end_box, "18")
    QTest.keyClick(form.start_box, K.Key_Return)
    with Project.open(path) as project:
        (row,) = gold_store.gold_rows(project)
        assert (row.start, row.end, row.decision, row.quote, row.sources, row.unit_segments) == (
            10, 18, "added", "ed north", (), ())
    assert not window.model.decided(0)  # adding settles no unit
    assert "Gold: not decided yet." in window.gold.text()
    press(window, K.Key_Z, CTRL)
    assert gold(path) == []
    press(window, K.Key_Z, CTRL | SHIFT)
    assert [g[:3] for g in gold(path)] == [(10, 18, "added")]


def test_r_gives_a_reason_before_or_after_deciding(window: AdjudicationWindow, path: Path, qtbot: QtBot) -> None:
    press(window, K.Key_1)
    press(window, K.Key_R)
    form = window.form
    assert isinstance(form, ReasonDialog)
    QTest.keyClicks(form.edit, "ann follows the codebook")
    QTest.keyClick(form.edit, K.Key_Return)
    assert gold(path) == [(30, 55, "accepted", "ann follows the codebook")]
    assert "Reason: ann follows the codebook" in window.gold.text()
    assert "(ann's version, by Chris)" in window.gold.text()
    press(window, K.Key_Z, CTRL)
    assert gold(path) == [(30, 55, "accepted", "")]
    press(window, K.Key_Z, CTRL | SHIFT)
    assert gold(path)[0][3] == "ann follows the codebook"
    # before a decision: the reason waits for it
    press(window, K.Key_Return)
    press(window, K.Key_R)
    QTest.keyClicks(window.form.edit, "a date, not an estimate")  # type: ignore[union-attr]
    QTest.keyClick(window.form.edit, K.Key_Return)  # type: ignore[union-attr]
    press(window, K.Key_N)
    assert (56, 63, "none", "a date, not an estimate") in gold(path)


def test_a_coder_key_beyond_the_coders_says_so(window: AdjudicationWindow, path: Path) -> None:
    press(window, K.Key_3)
    assert gold(path) == []
    assert "no coder 3" in window.status.text()


def test_intersection_refused_on_a_singleton(window: AdjudicationWindow, path: Path) -> None:
    press(window, K.Key_Return)  # the estimate only ann has
    press(window, K.Key_I)
    assert gold(path) == [] and "no text in common" in window.status.text()
    assert window.undo.stack.count() == 0


def test_a_code_disagreement_shows_the_other_code(window: AdjudicationWindow, path: Path) -> None:
    press(window, K.Key_Return)  # the estimate [56, 63) only ann has
    assert window.current().start == 56  # type: ignore[union-attr]
    with Project.open(path) as project:
        alpha = project.documents_by_title("Alpha report")[0].id
        add_segment(project, alpha, "denial", "ben", 56, 63)  # ben coded the same words as a denial
    window._show_current()
    assert "2  ben: (also coded here: denial 56–63) (nothing here)" in window.versions.toPlainText()


def test_another_programs_gold_shows(window: AdjudicationWindow, path: Path, qtbot: QtBot) -> None:
    from newscoder.core import edits
    from newscoder.core.gold import decide
    from newscoder.core.gold.units import load_units

    with Project.open(path) as project:
        ids = [c for c, _n in window.coders]
        unit = next(u for u in load_units(project, ids) if u.start == 30)
        edits.apply(project, decide.decide(project, unit, "union", "Dana"))
    qtbot.waitUntil(lambda: window.model.decided(0), timeout=3000)
    assert window.progress.text().startswith("Decided 1 · Remaining 4")


def test_user_text_is_plain_text(window: AdjudicationWindow, path: Path) -> None:
    press(window, K.Key_1)
    press(window, K.Key_R)
    QTest.keyClicks(window.form.edit, "<img src=/dev/zero><b>x</b>")  # type: ignore[union-attr]
    QTest.keyClick(window.form.edit, K.Key_Return)  # type: ignore[union-attr]
    assert window.gold.textFormat() == Qt.TextFormat.PlainText
    assert "Reason: <img src=/dev/zero><b>x</b>" in window.gold.text()


def test_blind_names_coders_by_letter(window: AdjudicationWindow) -> None:
    window.blind.setChecked(True)
    text = window.versions.toPlainText()
    assert "1  A: " in text and "2  B: " in text and "ann" not in text


def test_accept_agreed_is_one_undoable_edit(window: AdjudicationWindow, path: Path) -> None:
    press(window, K.Key_A, CTRL | SHIFT)
    assert gold(path) == [(0, 29, "agreed", "")]
    press(window, K.Key_Z, CTRL)
    assert gold(path) == []


def test_main_window_opens_adjudication(main_window, qtbot: QtBot, path: Path) -> None:  # type: ignore[no-untyped-def]
    project = Project.open(path)
    project.ensure_coder("cy")
    w = main_window(project, coder="Chris")
    setup = w.analysis.adjudicate()
    assert [n for _c, n in setup.coders if n != "Chris"] == ["ann", "ben", "cy"]
    assert [n for _c, n in setup.chosen()] == ["ann", "ben"]  # cy coded nothing: not ticked
    QTest.keyClick(setup.list, K.Key_Return)
    qtbot.waitUntil(lambda: w.analysis._adjudication_window is not None)
    adj = w.analysis._adjudication_window
    assert adj.adjudicator == "Chris" and [n for _c, n in adj.coders] == ["ann", "ben"]
    adj.close()


def test_compare_view_runs_on_gold(path: Path, qtbot: QtBot) -> None:
    from newscoder.core.gold_store import GOLD_CODER
    from newscoder.ui.dialogs.agreement_window import AgreementWindow

    with Project.open(path) as project:
        coders = [(c.id, c.name) for c in project.coders()]
    adj = AdjudicationWindow(path, coders, "Chris")
    qtbot.addWidget(adj)
    adj.show()
    adj.activateWindow()
    qtbot.waitUntil(adj.isActiveWindow)
    QTest.keyClick(adj, K.Key_2)  # ben's denial [30, 48) into gold
    adj.close()
    assert gold(path) == [(30, 48, "accepted", "")]
    window = AgreementWindow(path)
    qtbot.addWidget(window)
    with Project.open(path) as project:
        alpha = project.documents_by_title("Alpha report")[0].id
    dialog = window.open_comparison(alpha)
    names = [dialog.combos[1].itemText(i) for i in range(dialog.combos[1].count())]
    assert names[-1] == GOLD_CODER
    dialog.combos[1].setCurrentIndex(len(names) - 1)
    assert [(s.start, s.end) for s in dialog._segments(GOLD_CODER)] == [(30, 48)]
    dialog.close()


def test_unit_rows_lead_with_code_and_span_and_tooltips_are_plain(qtbot) -> None:
    from PySide6.QtCore import Qt

    from newscoder.core.gold.units import Unit
    from newscoder.ui.models.units import UnitListModel

    unit = Unit(document_id="d", code_id="k", versions=(), n_coders=2, start=3, end=9)
    model = UnitListModel()
    model.set_units([unit], [False], {"d": "<img src=/dev/zero> title"}, {"k": "estimate"})
    index = model.index(0)
    assert model.data(index, Qt.ItemDataRole.DisplayRole).startswith("• estimate · 3–9 · ")
    assert "<img" not in model.data(index, Qt.ItemDataRole.ToolTipRole)

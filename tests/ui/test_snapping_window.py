"""Snapping in the article view: double-click and keyboard selections give whole numbers and abbreviations."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QTextBoundaryFinder, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from newscoder.core.snapping import snap_to_words
from newscoder.ui.offsets import OffsetMap

from tests.fixtures import make_project

ARTICLE = {"Estimates": "Some 10,000 troops, U.S. intelligence says, and a 1,500-strong unit near Kim Jong Un's base."}


def _window(main_window, tmp_path):  # type: ignore[no-untyped-def]
    return main_window(project=make_project(tmp_path / "snap.newscoder", ARTICLE))


def _point_at(view, cp: int):  # type: ignore[no-untyped-def]
    cur = QTextCursor(view.document())
    cur.setPosition(view.offsets.to_utf16(cp))
    return view.cursorRect(cur).center()


def _quotes(w) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.quote for s in w.project.segments(document_id=w.document_id)]


def test_double_click_on_the_digits_after_the_comma_selects_the_whole_number(main_window, tmp_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = _window(main_window, tmp_path)
    at = w.text.index("000") + 1
    QTest.mouseDClick(
        w.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, _point_at(w.view, at)
    )
    assert w.view.textCursor().selectedText() == "10,000"
    with qtbot.waitSignal(w.controller.applied):
        qtbot.keyClick(w.view, Qt.Key.Key_1)
    assert _quotes(w) == ["10,000"]


def test_double_click_on_an_abbreviation_and_a_possessive(main_window, tmp_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = _window(main_window, tmp_path)
    QTest.mouseDClick(w.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                      _point_at(w.view, w.text.index("S. intel")))
    assert w.view.textCursor().selectedText() == "U.S."
    QTest.mouseDClick(w.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                      _point_at(w.view, w.text.index("strong") + 2))
    assert w.view.textCursor().selectedText() == "1,500-strong"


def test_a_selection_starting_inside_us_codes_the_whole_abbreviation(main_window, tmp_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = _window(main_window, tmp_path)
    start = w.text.index("S. intel")
    qtbot.mouseClick(w.view.viewport(), Qt.MouseButton.LeftButton, pos=_point_at(w.view, start))
    for _ in range(len("S. intel")):  # seen: this selection coded "S. intelligence"
        qtbot.keyClick(w.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert w.view.textCursor().selectedText() == "S. intel"
    assert w.panel.selection.text() == "“U.S. intelligence”"  # the panel shows what the key will code
    with qtbot.waitSignal(w.controller.applied):
        qtbot.keyClick(w.view, Qt.Key.Key_2)
    assert _quotes(w) == ["U.S. intelligence"]


# -- never splits a grapheme, as Qt (ICU-style rules) sees it ----------------------------------------
TRICKY = list("aZé1 0.,'-–’\u00a0\n") + [
    "\u0301",
    "👍",
    "🏽",
    "\u200d",
    "❤",
    "\ufe0f",
    "🇫",
    "🇷",
    "🇩",
    "가",
    "\u1100",
    "\u1161",
    "\u11a8",
    "क",
    "\u094d",
    "ष",
]


def _qt_grapheme_boundaries(text: str) -> set[int]:
    """Qt's grapheme boundaries, in code points."""
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Grapheme, text)
    offsets = OffsetMap(text)
    out = {0}
    pos = finder.toNextBoundary()
    while pos != -1:
        out.add(offsets.to_cp(pos))
        pos = finder.toNextBoundary()
    return out


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(alphabet=st.sampled_from(TRICKY), max_size=30), st.text(max_size=30)),
       st.integers(0, 32), st.integers(0, 32))
def test_snapped_edges_are_qt_grapheme_boundaries(text: str, start: int, end: int) -> None:
    a, b = snap_to_words(text, start, end)
    bounds = _qt_grapheme_boundaries(text)
    assert a in bounds and b in bounds, (a, b, sorted(bounds))

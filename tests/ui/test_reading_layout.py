"""The article view's line height and paragraph gaps: layout only, text and offsets untouched.

Also: the dark stylesheet is chosen on a dark palette, and underline lanes stay in the gap.
"""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QFontMetricsF, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication

from newscoder.ui.article_view import LANE_GAP, ArticleView
from newscoder.ui.highlights import Mark
from newscoder.ui.reading_layout import LINE_HEIGHT, PARAGRAPH_GAP

TEXTS = [
    "First paragraph, long enough to wrap over several lines in a narrow view: " * 3
    + "\nSecond 😀 paragraph with an astral character.\n\nAfter an empty line, the end.",
    "One line only.",
    "\n".join(f"Paragraph {n}: 𝔸 words " + "more words " * (n % 7) for n in range(40)),
]


@pytest.fixture
def view(qtbot):  # type: ignore[no-untyped-def]
    v = ArticleView()
    qtbot.addWidget(v)
    v.resize(520, 400)
    v.show()
    qtbot.waitExposed(v)
    return v


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest.mark.parametrize("text", TEXTS)
def test_text_and_offsets_unchanged(view, text: str) -> None:  # type: ignore[no-untyped-def]
    view.set_article(text, [])
    assert view.toPlainText() == text
    assert view.document().characterCount() - 1 == _utf16(text)
    cps = sorted({0, len(text), *range(0, len(text), max(1, len(text) // 37))})
    for a, b in itertools.pairwise(cps):
        view.select_cp(a, b)
        assert view.selection_cp() == (a, b)


@pytest.mark.parametrize("text", TEXTS)
def test_clicks_hit_the_character_drawn_there(view, text: str) -> None:  # type: ignore[no-untyped-def]
    """Hit testing reads the moved lines: the centre of each caret rectangle maps back to its position."""
    view.set_article(text, [])
    doc = view.document()
    block = view.firstVisibleBlock()
    checked = 0
    while block.isValid() and checked < 300:
        for pos in range(block.position(), block.position() + block.length() - 1):
            cur = QTextCursor(doc)
            cur.setPosition(pos)
            rect = view.cursorRect(cur)
            if not view.viewport().rect().contains(rect.center()):
                continue
            hit = view.cursorForPosition(QPoint(rect.left() + 1, rect.center().y())).position()
            assert hit in (pos, pos + 1), (pos, hit)  # the caret's right neighbour on a glyph's edge
            checked += 1
        block = block.next()
    assert checked > 0


def test_line_height_and_paragraph_gap(view) -> None:  # type: ignore[no-untyped-def]
    view.set_article(TEXTS[0], [])
    spacing = QFontMetricsF(view.font()).lineSpacing()
    first = view.document().firstBlock()
    layout = first.layout()
    assert layout.lineCount() >= 2, "the first paragraph should wrap"
    pitch = layout.lineAt(1).y() - layout.lineAt(0).y()
    assert pitch == pytest.approx(spacing * LINE_HEIGHT, abs=2.0)
    last = layout.lineAt(layout.lineCount() - 1)
    top = view.blockBoundingGeometry(first).top()
    next_top = view.blockBoundingGeometry(first.next()).top()
    gap = next_top - (top + last.y() + last.height())
    assert gap == pytest.approx(spacing * (LINE_HEIGHT - 1) / 2 + spacing * PARAGRAPH_GAP, abs=2.0)
    assert gap > spacing * 0.5


def test_underline_lanes_stay_between_the_lines(view) -> None:  # type: ignore[no-untyped-def]
    view.set_article(TEXTS[0], [])
    layout = view.document().firstBlock().layout()
    below = layout.lineAt(1).y() - (layout.lineAt(0).y() + layout.lineAt(0).height())
    shifts = view._lane_shifts
    assert len(shifts) >= 2 and shifts[0] < 0
    assert max(shifts) + 1 < below  # the lowest lane does not touch the next line
    assert all(b - a == LANE_GAP for a, b in itertools.pairwise(shifts))


def test_marks_follow_the_spacing(view) -> None:  # type: ignore[no-untyped-def]
    """A mark's rectangles sit on the laid-out lines: the same y as the caret of its first character."""
    text = TEXTS[0]
    start = text.index("Second")
    a = _utf16(text[:start])
    view.set_article(text, [Mark("s1", a, a + 6, "c", "#0072B2", "me", True)])
    view.viewport().repaint()
    [item] = view._geometry().items
    cur = QTextCursor(view.document())
    cur.setPosition(a)
    assert item.rects[0].top() == pytest.approx(view.cursorRect(cur).top(), abs=1.5)


def test_dark_palette_picks_the_dark_stylesheet(qapp) -> None:  # type: ignore[no-untyped-def]
    from newscoder.ui.app import load_style

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before_palette, before_sheet = app.palette(), app.styleSheet()
    try:
        dark = QPalette(before_palette)
        for role, color in ((QPalette.ColorRole.Window, "#25282E"), (QPalette.ColorRole.Base, "#1C1F24"),
                            (QPalette.ColorRole.Text, "#E3E6EA"), (QPalette.ColorRole.WindowText, "#E3E6EA")):
            dark.setColor(role, QColor(color))
        app.setPalette(dark)
        load_style(app)
        assert "palette(base)" in app.styleSheet() and "#FFFFFF" not in app.styleSheet().upper().replace(" ", "")
        app.setPalette(before_palette)
        load_style(app)
        assert "background: white" in app.styleSheet()
    finally:
        app.setPalette(before_palette)
        app.setStyleSheet(before_sheet)

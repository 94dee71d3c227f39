"""Keyboard focus order, the app icon, colours that follow a dark palette, codes named not only coloured."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from newscoder.ui.palette import readable

from tests.fixtures import add_segment


def test_tab_order_list_article_codebook_segments_memo(main_window) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    wanted = [w.article_list, w.view, w.panel.codes, w.panel.segments, w.panel.memo]
    chain, widget = [], w.article_list
    for _ in range(200):
        if widget in wanted and widget not in chain:
            chain.append(widget)
        widget = widget.nextInFocusChain()
        if widget is w.article_list:
            break
    assert chain == wanted


def test_window_icon_is_crisp_at_high_dpi(main_window) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    icon = w.windowIcon()
    assert not icon.isNull()
    assert icon.pixmap(512).width() == 512 and icon.pixmap(16).width() == 16


def test_marks_readable_after_switching_to_a_dark_palette(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    for name, (a, b) in zip(["claim", "denial", "estimate", "condemnation"], [(0, 6), (7, 12), (13, 18), (19, 22)],
                            strict=True):
        add_segment(w.project, w.document_id, name, "Alice", a, b)
    w.refresh_all()
    dark = QPalette(w.view.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1E1E1E"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#F0F0F0"))
    w.view.setPalette(dark)
    w.setPalette(w.palette())  # the window hears about it too
    w.coding.set_show_others(False)  # redraw now (the window also does it on a palette change)
    assert len(w.view.index) == 4
    for mark in w.view.index.all():
        assert readable(mark.color, "#1E1E1E", "#F0F0F0"), mark.color


def test_selected_segment_is_named_not_only_coloured(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    seg = add_segment(w.project, w.document_id, "denial", "Alice", 0, 6)
    w.refresh_all()
    w.select_segment(seg)
    assert "denial (2)" in w.statusBar().currentMessage()
    row = w.segment_model.index(0, 0).data()
    assert row.startswith("denial")
    code_row = w.codebook.index(1, 0).data()
    assert "2" in code_row and "denial" in code_row

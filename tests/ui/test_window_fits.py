"""Issue 13: the first window fits the screen (a 1366×768 laptop keeps the status bar in view)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize

from newscoder.ui.window_state import fit_to_screen, fitted_geometry


def test_fitted_geometry_stays_inside_the_available_area() -> None:
    laptop = QRect(0, 0, 1366, 768 - 30)  # a panel at the bottom
    rect = fitted_geometry(laptop)
    assert laptop.contains(rect) and rect.height() <= 738 and rect.width() == 1280
    big = QRect(0, 0, 2560, 1400)
    assert fitted_geometry(big).size() == QSize(1280, 800)
    assert big.contains(fitted_geometry(big))


def test_the_window_can_shrink_to_a_small_laptop_screen(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    hint = w.minimumSizeHint()
    assert hint.height() <= 768 - 32 - 30, hint  # frame and a panel: the status bar stays on screen
    assert hint.width() <= 1366, hint
    fit_to_screen(w)
    available = w.screen().availableGeometry()
    assert available.contains(w.geometry())
    w.resize(1366 - 8, 768 - 62)
    assert w.statusBar().geometry().bottom() <= w.height()
    assert w.statusBar().isVisible()


def test_after_the_windows_own_import_no_other_program_is_blamed(main_window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from newscoder.ui.dialogs.import_dialog import run_import
    from tests.ui.dialog_fixtures import ModalAnswerer

    w = main_window()
    before = w.articles.rowCount()
    story = tmp_path / "new.txt"
    story.write_text("Fresh story\n\nA new article about talks.", encoding="utf-8")
    answerer = ModalAnswerer()  # closes the import summary
    run_import(None, w.project.path, [story])  # what File ▸ Import articles runs (on its own connection)
    answerer.stop()
    w.refresh_all()  # and then the window re-reads
    assert w.articles.rowCount() == before + 1
    w.statusBar().clearMessage()
    assert not w.external.watcher.poll()  # the window's own write is not "another program"
    assert "another program" not in w.statusBar().currentMessage()


def test_the_panel_forgets_the_segment_when_the_selection_is_cleared(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from tests.fixtures import add_segment

    w = main_window()
    sid = add_segment(w.project, w.document_id, "denial", "Alice", 0, 6)
    w.refresh_all()
    hint = w.panel.definition.text()
    w.select_segment(sid)
    assert w.panel.definition.text() != hint and w.panel.code_combo.currentText()
    qtbot.keyClick(w.view, Qt.Key.Key_Escape)
    assert w.panel.definition.text() == hint  # no stale definition
    assert w.panel.code_combo.currentText() == "" and not w.panel.editor.isEnabled()  # no stale code


def test_the_docked_code_browser_still_fits_a_small_laptop(main_window) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    w.analysis.code_browser()
    assert w.minimumSizeHint().height() <= 768 - 32 - 30

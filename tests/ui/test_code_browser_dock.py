"""Issue 13: the Code browser is docked, shows the whole coded text, and leaves no warnings at quit."""

from __future__ import annotations

import warnings

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QDockWidget

from newscoder.ui.actions import ActionId

from tests.fixtures import add_segment

LONG_QUOTE = ("Officials denied the claim, saying nothing happened, and added at length that no troops had moved "
              "anywhere near the border at any time during the week in question.")


def test_the_code_browser_is_docked_and_shows_the_whole_coded_text(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window(articles={"Long": "Intro. " + LONG_QUOTE + " Outro."})
    start = w.text.index(LONG_QUOTE)
    add_segment(w.project, w.document_id, "denial", "Alice", start, start + len(LONG_QUOTE), memo="<b>memo</b>")
    w.refresh_all()
    w.activateWindow()
    qtbot.waitUntil(lambda: w.isActiveWindow())
    qtbot.keyClick(w, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    dock = w.findChild(QDockWidget, "codeBrowserDock")
    assert dock is not None and dock.isVisible() and not dock.isFloating()
    browser = w.analysis._code_browser
    assert browser.window() is w  # inside the main window, not over it
    browser.set_code(w.project.code_by_name("denial").id)
    browser.table.setFocus()
    qtbot.keyClick(browser.table, Qt.Key.Key_Down)
    browser.table.setCurrentIndex(browser.model.index(0, 0))
    assert LONG_QUOTE in browser.detail.toPlainText()  # whole, not cut off
    assert "<b>memo</b>" in browser.detail.toPlainText()  # plain text
    qtbot.keyClick(browser.table, Qt.Key.Key_Return)  # opens the segment; the article stays in view
    assert w.view.selected_id is not None and w.view.segment_visible(w.view.selected_id)
    assert dock.isVisible()


def test_no_failed_to_disconnect_warning_at_quit(main_window, qtbot, capfd) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        w.action(ActionId.CODE_BROWSER).trigger()
        w.action(ActionId.CODE_BROWSER).trigger()  # shown again: the same panel
        w.analysis._code_browser.reject()
        w.action(ActionId.CODE_BROWSER).trigger()
        add_segment(w.project, w.document_id, "claim", "Alice", 0, 6)
        w.analysis.close_side_windows()
        w.action(ActionId.CODE_BROWSER).trigger()
        w.close()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    texts = [str(c.message) for c in caught] + [capfd.readouterr().err]
    assert not any("disconnect" in t.lower() for t in texts), texts

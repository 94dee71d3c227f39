"""Window state restore, the generated shortcuts help, and start-up."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QKeySequence

from newscoder.core import settings
from newscoder.ui import actions as act
from newscoder.ui.actions import REGISTRY, ActionId

from tests.fixtures import make_project


def test_geometry_splitter_and_last_article_restored(main_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project_path = tmp_path / "keep.newscoder"
    w = main_window(project=make_project(project_path))
    w.resize(770, 580)
    w.splitter.setSizes([150, 420, 200])
    sizes = w.splitter.sizes()
    w.next_article()
    w.next_article()
    remembered = w.document_id
    w.action(ActionId.SNAP_TO_WORDS).setChecked(False)
    w.close()
    w.project.close()
    from newscoder.core.store import Project

    w2 = main_window(project=Project.open(project_path), restore=True)
    assert w2.document_id == remembered
    assert (w2.width(), w2.height()) == (770, 580)
    assert w2.splitter.sizes() == sizes
    assert not w2.action(ActionId.SNAP_TO_WORDS).isChecked()


def test_shortcuts_help_lists_every_action_with_a_shortcut(main_window) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    dialog = w.help_pages.shortcuts_help()
    from PySide6.QtWidgets import QTextBrowser

    page = dialog.findChild(QTextBrowser, "shortcutsBrowser").toPlainText()
    with_keys = [s for s in REGISTRY if s.shortcuts]
    assert len(with_keys) >= 15
    for spec in with_keys:
        assert act._tr(spec.text).replace("&", "") in page, spec.id
        if spec.id not in (ActionId.CODE_SELECTION, ActionId.CODE_AGAIN):
            key = spec.key_sequences()[0].toString(QKeySequence.SequenceFormat.NativeText)
            assert key in page, (spec.id, key)
    dialog.close()


def test_every_menu_action_is_wired_and_unique(main_window) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    seen: dict[str, ActionId] = {}
    for spec in REGISTRY:
        if spec.id in act.NOT_ONE_ACTION:
            continue
        assert spec.id in w.handlers() or spec.checkable, spec.id  # bound by callable
        action = w.action(spec.id)
        for key in action.shortcuts():
            text = key.toString()
            assert text not in seen, f"{text} used by {seen.get(text)} and {spec.id}"
            seen[text] = spec.id
    code_keys = [a for a in w.view.actions() if a.objectName().startswith("action_code_key_")]
    assert [a.data() for a in code_keys] == list("123456789")  # one action per key, the key as data
    for action in code_keys:
        text = action.shortcut().toString()
        assert text not in seen, f"{text} used by {seen.get(text)} and a code key"
        seen[text] = ActionId.CODE_SELECTION


def test_find_bar_highlights_matches(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    w.show_find()
    assert w.find_bar.isVisible()
    w.find_bar.edit.setText("o")
    expected = [(i, i + 1) for i, ch in enumerate(w.text.lower()) if ch == "o"]
    assert w.find_bar.matches() == expected
    assert w.view.textCursor().position() == expected[0][0]
    w.find_bar.next_match()
    assert w.view.textCursor().position() == expected[1][0]
    assert len(w.view.extraSelections()) == len(w.find_bar.matches())
    w.find_bar.close_bar()
    assert w.view.extraSelections() == []


def test_open_path_failure_is_a_message_not_a_traceback(main_window, tmp_path: Path, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from newscoder.ui import plain

    shown: list[str] = []
    monkeypatch.setattr(plain, "warning", lambda *a, **k: shown.append(a[2]))
    w = main_window()
    bad = tmp_path / "bad.newscoder"
    bad.write_bytes(b"this is not a database" * 100)
    assert not w.files.open_path(bad)
    assert len(shown) == 1
    assert w.project is not None  # the old project stays open


def test_run_gui_opens_given_project_and_records_it(tmp_path: Path, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from newscoder.ui import app

    path = tmp_path / "start.newscoder"
    make_project(path).close()
    settings.put("coder_name", "Alice")
    monkeypatch.setenv("NEWSCODER_GUI_EXIT_AFTER_START", "1")
    assert app.run_gui(str(path)) == 0
    assert settings.last_project() == path.resolve()


def test_try_open_reports_a_clear_error(tmp_path: Path) -> None:
    from newscoder.ui.app import _try_open

    bad = tmp_path / "junk.newscoder"
    bad.write_text("junk")
    project, error = _try_open(bad)
    assert project is None and error


def test_leak_check_sees_a_widget_that_outlives_its_window(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMainWindow, QMessageBox

    from tests.ui.conftest import leaked_widgets, top_levels

    before = top_levels()
    window = QMainWindow()
    owned = QMessageBox(window)  # deleted with its window
    stray = QMessageBox()  # no parent: outlives the window
    owned.show()
    stray.show()
    window.deleteLater()
    assert leaked_widgets(before) == [stray]
    stray.close()
    stray.deleteLater()
    assert leaked_widgets(before) == []

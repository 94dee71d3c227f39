"""Every menu action opens the right window, and the File menu's exchange actions work end to end."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QMessageBox, QWidget

from newscoder.core import backup, codebook, edits
from newscoder.core.exchange.refi_codebook import export_codebook
from newscoder.core.store import Project
from newscoder.ui import actions as act
from newscoder.ui import file_dialogs
from newscoder.ui.actions import REGISTRY, ActionId
from tests.ui.dialog_fixtures import ModalAnswerer

from tests.fixtures import add_segment, make_project


def visible_top(kind: str) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if type(w).__name__ == kind and w.isVisible()]


def answer_yes(widget: QWidget) -> None:
    if isinstance(widget, QMessageBox):
        (widget.button(QMessageBox.StandardButton.Yes) or widget.defaultButton()).click()
    elif isinstance(widget, QDialog):
        widget.accept()
    else:
        widget.close()


def trigger_with_answers(window, action_id: ActionId, handler=answer_yes) -> ModalAnswerer:  # type: ignore[no-untyped-def]
    answerer = ModalAnswerer(handler)
    try:
        window.action(action_id).trigger()
    finally:
        answerer.stop()
    return answerer


# -- every action is declared once, in a menu, reachable from the keyboard ------------------
def test_every_slot_action_is_in_a_menu_with_a_mnemonic(main_window) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    in_menus = {a for menu in w.menuBar().findChildren(type(w.menuBar().actions()[0].menu())) for a in menu.actions()}
    for spec in REGISTRY:
        if spec.id in act.NOT_ONE_ACTION:
            continue
        action = w.action(spec.id)
        assert action in in_menus, spec.id
        assert "&" in act._tr(spec.text), f"{spec.id} has no keyboard mnemonic"
    for title in (w.menuBar().actions()):
        assert "&" in title.text()


def test_mnemonics_unique_within_each_menu() -> None:
    for menu in act.MENUS:
        letters = [s.text[s.text.index("&") + 1].lower() for s in REGISTRY
                   if s.menu == menu and (s.id not in act.NOT_ONE_ACTION or s.id == ActionId.OPEN_RECENT)]
        assert len(letters) == len(set(letters)), (menu, letters)


# -- windows opened by actions ------------------------------------------------------------
@pytest.mark.parametrize(
    ("action_id", "kind", "modal"),
    [
        (ActionId.AGREEMENT, "AgreementWindow", False),
        (ActionId.SHORTCUTS_HELP, "HelpPage", False),
        (ActionId.CODING_GUIDE, "HelpPage", False),
        (ActionId.AGREEMENT_DEFINITIONS, "HelpPage", False),
        (ActionId.ABOUT, "AboutDialog", False),
        (ActionId.CODEBOOK, "CodebookEditor", True),
        (ActionId.ARTICLE_PROPERTIES, "ArticlePropertiesDialog", True),
        (ActionId.SWITCH_CODER, "CoderDialog", True),
    ],
)
def test_action_opens_its_window(main_window, qtbot, action_id: ActionId, kind: str, modal: bool) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    if modal:
        seen: list[QWidget] = []

        def close(widget: QWidget) -> None:
            seen.append(widget)
            widget.reject() if isinstance(widget, QDialog) else widget.close()

        trigger_with_answers(w, action_id, close)
        assert [type(x).__name__ for x in seen] == [kind]
    else:
        w.action(action_id).trigger()
        qtbot.waitUntil(lambda: len(visible_top(kind)) == 1)
        [window] = visible_top(kind)
        assert not window.isModal()
        window.close()
        qtbot.waitUntil(lambda: not visible_top(kind))


def test_agreement_window_is_on_the_project_file(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    window = w.analysis.agreement()
    assert window.project_path == w.project.path
    window.close()


def test_code_browser_follows_applied_edits(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from newscoder.ui.dialogs.code_browser import SegmentsOfCodeModel

    w = main_window()
    w.action(ActionId.CODE_BROWSER).trigger()
    browser = w.analysis._code_browser
    claim = w.project.code_by_name("claim")
    browser.set_code(claim.id)
    [seg_model] = browser.findChildren(SegmentsOfCodeModel)
    before = seg_model.rowCount()
    edit = edits.add_segment(w.project, w.document_id, claim.id, w.coder_id, 0, 6, coder_name=w.coder_name)
    with qtbot.waitSignal(w.controller.applied):
        w.controller.push(edit)
    assert seg_model.rowCount() == before + 1
    w.undo()
    assert seg_model.rowCount() == before
    browser.close()


# -- File menu: file dialogs answered by replacing the helpers of ui/file_dialogs.py -----------------
def test_new_and_open_project(main_window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    target = tmp_path / "fresh"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: str(target))
    w.action(ActionId.NEW_PROJECT).trigger()
    assert w.project.path == target.with_suffix(".newscoder")
    assert w.articles.rowCount() == 0
    other = tmp_path / "other.newscoder"
    make_project(other).close()
    monkeypatch.setattr(file_dialogs, "open_file_name", lambda *a, **k: str(other))
    w.action(ActionId.OPEN_PROJECT).trigger()
    assert w.project.path == other and w.articles.rowCount() == 3


@pytest.mark.parametrize("folder", [False, True])
def test_import_articles_and_folder(main_window, tmp_path: Path, monkeypatch, folder: bool) -> None:  # type: ignore[no-untyped-def]
    w = main_window(articles={})
    assert w.articles.rowCount() == 0
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"a{i}.txt").write_text(f"Article number {i} about things.\n", encoding="utf-8")
    if folder:
        monkeypatch.setattr(file_dialogs, "existing_directory", lambda *a, **k: str(src))
    else:
        monkeypatch.setattr(file_dialogs, "open_file_names",
                            lambda *a, **k: [str(p) for p in sorted(src.iterdir())])
    answerer = trigger_with_answers(w, ActionId.IMPORT_FOLDER if folder else ActionId.IMPORT_ARTICLES)
    assert [type(x).__name__ for x in answerer.seen] == ["ImportSummaryDialog"]
    assert w.articles.rowCount() == 3
    assert w.document_id is not None and w.text.startswith("Article number")


def test_export_segments_csv(main_window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    add_segment(w.project, w.document_id, "claim", "Alice", 0, 6)
    out = tmp_path / "out.csv"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: str(out))
    w.action(ActionId.EXPORT_SEGMENTS).trigger()
    assert "Troops" in out.read_text(encoding="utf-8")


def test_export_copy_then_merge_shows_the_other_coder(main_window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    copy_path = tmp_path / "carol.newscoder"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("carol", True))
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: str(copy_path))
    answerer = trigger_with_answers(w, ActionId.EXPORT_COPY)
    assert [type(x).__name__ for x in answerer.seen] == ["ReportDialog"]
    with Project.open(copy_path) as copy:
        assert copy.meta("intended_coder") == "carol"
        doc = copy.documents_by_title("Alpha report")[0] if hasattr(copy, "documents_by_title") else None
        doc_id = doc.id if doc is not None else w.document_id
        carol_seg = add_segment(copy, doc_id, "denial", "carol", 0, 6)
    monkeypatch.setattr(file_dialogs, "open_file_names", lambda *a, **k: [str(copy_path)])
    answerer = trigger_with_answers(w, ActionId.MERGE_PROJECT)  # preview accepted (Merge), then the report
    assert len(answerer.seen) == 2
    assert w.project.segment(carol_seg) is not None
    assert w.controller.stack.count() == 0  # not on the undo stack
    w.select_article(doc_id)
    w.action(ActionId.SHOW_OTHER_CODERS).setChecked(True)
    assert carol_seg in w.view.index
    assert "carol" in w.coding.tooltip([w.view.index.get(carol_seg)])


def test_codebook_import_and_export(main_window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    qdc = tmp_path / "book.qdc"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: str(qdc))
    trigger_with_answers(w, ActionId.EXPORT_CODEBOOK)
    assert "claim" in qdc.read_text(encoding="utf-8")
    other = make_project(tmp_path / "other.newscoder", {})
    edits.apply(other, codebook.add_code(other, "rumour", "Hearsay", shortcut="5"))
    richer = tmp_path / "richer.qdc"
    export_codebook(other, richer)
    other.close()
    monkeypatch.setattr(file_dialogs, "open_file_name", lambda *a, **k: str(richer))
    before = w.codebook.rowCount()
    trigger_with_answers(w, ActionId.IMPORT_CODEBOOK)
    assert w.codebook.rowCount() == before + 1
    assert any(c.name == "rumour" for c in w.codebook.codes())


def test_qdpx_export_then_import_into_another_window(main_window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    add_segment(w.project, w.document_id, "claim", "Alice", 0, 6)
    qdpx = tmp_path / "study.qdpx"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: str(qdpx))
    trigger_with_answers(w, ActionId.EXPORT_QDPX)
    assert qdpx.stat().st_size > 0
    w2 = main_window(articles={})
    monkeypatch.setattr(file_dialogs, "open_file_name", lambda *a, **k: str(qdpx))
    trigger_with_answers(w2, ActionId.IMPORT_QDPX)
    assert w2.articles.rowCount() == 3
    assert w2.document_id is not None


def test_restore_backup_lists_dates_and_reopens(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    backup.create_backup(w.project)
    seg = add_segment(w.project, w.document_id, "claim", "Alice", 0, 6)
    w.refresh_all()
    assert w.segment_model.rowCount() == 1
    seen: list[str] = []

    def handler(widget: QWidget) -> None:
        from newscoder.ui.restore_backup import RestoreBackupDialog

        if isinstance(widget, RestoreBackupDialog):
            seen.append(widget.list.item(0).text())
            assert widget.list.count() == 1
        answer_yes(widget)

    trigger_with_answers(w, ActionId.RESTORE_BACKUP, handler)
    assert seen and seen[0][:2] == "20"  # a date
    assert w.project.segment(seg) is None  # the state of the backup
    assert w.segment_model.rowCount() == 0
    assert len(backup.list_backups(w.project.path)) == 2  # the state before the restore was kept


def test_restore_backup_without_backups_says_so(main_window) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    answerer = trigger_with_answers(w, ActionId.RESTORE_BACKUP)
    assert len(answerer.texts) == 1 and "no backups" in answerer.texts[0]


def test_shortcuts_page_lists_the_dialogs_keys_too(qtbot) -> None:  # type: ignore[no-untyped-def]
    rows = act.shortcut_rows()
    menus = {menu for menu, _text, _keys in rows}
    assert {"Codebook editor", "Agreement window"} <= menus
    keys = {(menu, keys) for menu, _text, keys in rows}
    assert ("Agreement window", "F5") in keys and ("Codebook editor", "F2") in keys
    assert any(menu == "Codebook editor" and "Shift+A" in k for menu, k in keys)

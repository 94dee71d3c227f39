"""Issue 13: the same text run by two outlets is two rows in the article list, one text coded once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication

from newscoder.core import store_publications as sp
from newscoder.core.importers import import_paths
from newscoder.core.store import Project
from newscoder.ui.models.article_list import ID_ROLE, PUBLICATION_ROLE

BODY = "About 10,000 troops gathered near the border, officials said on Wednesday.\nThe ministry denied it."
HOSTILE = "<img src=/dev/zero> Border build-up"


def _project(tmp_path: Path) -> Project:
    folder = tmp_path / "wire"
    folder.mkdir()
    (folder / "a.txt").write_text("---\ntitle: Troops gather\nsource: TASS\npublished: 2024-10-23\n---\n" + BODY,
                                  encoding="utf-8")
    (folder / "b.txt").write_text(f"---\ntitle: {HOSTILE}\nsource: RIA\npublished: 2024-10-24\n---\n" + BODY,
                                  encoding="utf-8")
    (folder / "c.txt").write_text("---\ntitle: Another story\nsource: AP\n---\nSomething else.", encoding="utf-8")
    project = Project.create(tmp_path / "p.newscoder")
    result = import_paths(project, [folder])
    assert len(result.imported) == 2 and len(result.publications) == 1
    return project


def _rows(w) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    m = w.filtered
    return [(m.index(r, 0).data(Qt.ItemDataRole.DisplayRole).split("\n")[0], m.index(r, 0).data(ID_ROLE))
            for r in range(m.rowCount())]


def test_each_publication_is_a_row_sharing_one_text(main_window, qtbot, tmp_path, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    project = _project(tmp_path)
    doc = next(d for d in project.documents() if d.source == "TASS")
    w = main_window(project=project)
    assert _rows(w) == [(HOSTILE, doc.id), ("Another story", _rows(w)[1][1]), ("Troops gather", doc.id)]
    qtmodeltester.check(w.articles)
    shown = [w.filtered.index(r, 0).data(Qt.ItemDataRole.DisplayRole) for r in (0, 2)]
    assert shown[0].split("\n")[1].startswith("RIA · ≡ 2 outlets · not started")
    assert shown[1].split("\n")[1].startswith("TASS · ≡ 2 outlets · not started")
    assert "RIA" in shown[0].split("\n")[1] and "TASS" in shown[1].split("\n")[1]
    assert w.articles.done_count() == (0, 2)  # one text is one article to code
    tip = w.filtered.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tip and "&lt;img src=/dev/zero&gt;" in tip  # plain text
    page = QTextDocument()
    page.setHtml(tip)
    text = page.toPlainText()
    assert "Troops gather — TASS, 2024-10-23" in text and f"{HOSTILE} — RIA, 2024-10-24" in text

    # the keyboard: go to the RIA row; the same text opens, with RIA's title and date in the header
    w.article_list.setFocus()
    w.article_list.setCurrentIndex(w.filtered.index(2, 0))
    assert w.document_id == doc.id and w.title_label.text() == "Troops gather"
    qtbot.keyClick(w.article_list, Qt.Key.Key_Home)
    assert w.article_list.currentIndex().data(PUBLICATION_ROLE) != doc.id
    assert w.document_id == doc.id and w.view.toPlainText().startswith("About 10,000 troops")
    assert w.title_label.text() == HOSTILE and w.title_label.textFormat() == Qt.TextFormat.PlainText
    assert "RIA" in w.ui.meta_label.text() and "2024-10-24" in w.ui.meta_label.text()
    assert "≡ 2 outlets" in w.ui.meta_label.text()


def test_coding_once_shows_on_every_publication_row(main_window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    project = _project(tmp_path)
    w = main_window(project=project)
    w.article_list.setCurrentIndex(w.filtered.index(0, 0))  # the RIA publication
    w.view.setFocus()
    cursor = w.view.textCursor()
    cursor.setPosition(6)
    cursor.setPosition(12, cursor.MoveMode.KeepAnchor)  # "10,000"
    w.view.setTextCursor(cursor)
    qtbot.keyClick(w.view, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: all("1 segment" in w.filtered.index(r, 0).data(Qt.ItemDataRole.DisplayRole)
                                for r in (0, 2)))
    assert "0 segments" in w.filtered.index(1, 0).data(Qt.ItemDataRole.DisplayRole)
    # Ctrl+D marks the text done (both rows) and goes on to the next text, not the other publication
    doc = w.document_id
    w.mark_done()
    assert w.document_id != doc
    assert all("done" in w.filtered.index(r, 0).data(Qt.ItemDataRole.DisplayRole) for r in (0, 2))
    assert w.articles.done_count() == (1, 2)


def test_properties_edit_the_selected_publication(main_window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    project = _project(tmp_path)
    w = main_window(project=project)
    w.activateWindow()
    w.article_list.setFocus()
    w.article_list.setCurrentIndex(w.filtered.index(0, 0))  # the RIA publication
    qtbot.waitUntil(w.article_list.hasFocus)
    pub_id = w.article_list.currentIndex().data(PUBLICATION_ROLE)
    seen: list[str] = []

    def edit_dialog() -> None:
        from newscoder.ui.dialogs.article_properties import ArticlePropertiesDialog

        dialog = next(d for d in QApplication.topLevelWidgets() if isinstance(d, ArticlePropertiesDialog)
                      and d.isVisible())
        seen.append(dialog.fields["title"].text())
        source = dialog.fields["source"]
        source.setFocus()
        source.selectAll()
        qtbot.keyClicks(source, "RIA Novosti")
        qtbot.keyClick(dialog, Qt.Key.Key_Return)

    QTimer.singleShot(0, edit_dialog)
    qtbot.keyClick(w.article_list, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    assert seen == [HOSTILE]
    got = sp.publication(project, pub_id)
    assert got is not None and got.source == "RIA Novosti" and got.title == HOSTILE
    first = project.document_info(w.document_id)
    assert first is not None and first.source == "TASS"  # the first publication is untouched
    qtbot.waitUntil(lambda: any("RIA Novosti" in w.filtered.index(r, 0).data(Qt.ItemDataRole.DisplayRole)
                                for r in range(w.filtered.rowCount())))
    w.undo()
    got = sp.publication(project, pub_id)
    assert got is not None and got.source == "RIA"
    assert w.filtered.rowCount() == 3 and not w.filtered.index(3, 0, QModelIndex()).isValid()


def test_import_dialog_reports_another_publication(qtbot, tmp_path, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    from newscoder.ui.dialogs.import_dialog import ImportSummaryDialog, run_import
    from tests.ui.dialog_fixtures import ModalAnswerer

    folder = tmp_path / "wire"
    folder.mkdir()
    (folder / "a.txt").write_text("---\ntitle: Troops gather\nsource: TASS\n---\n" + BODY, encoding="utf-8")
    (folder / "b.txt").write_text(f"---\ntitle: {HOSTILE}\nsource: RIA\npublished: 2024-10-24\n---\n" + BODY,
                                  encoding="utf-8")
    project_path = tmp_path / "x.newscoder"
    Project.create(project_path).close()
    seen: list[tuple[str, list[list[str]]]] = []

    def inspect(widget) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(widget, ImportSummaryDialog)
        qtmodeltester.check(widget.model)
        m = widget.model
        seen.append((widget.summary.text(),
                     [[m.data(m.index(r, c)) for c in range(3)] for r in range(m.rowCount())]))
        assert widget.summary.textFormat() == Qt.TextFormat.PlainText
        widget.accept()

    answerer = ModalAnswerer(inspect)
    result = run_import(None, project_path, [folder / "a.txt"])
    result = run_import(None, project_path, [folder / "b.txt"])
    run_import(None, project_path, [folder / "b.txt"])  # again: a duplicate of RIA's publication
    answerer.stop()
    assert seen[-1][1] == [["b.txt", "Duplicate", f"already in the project as “{HOSTILE}”"]]
    seen.pop()
    assert result is not None and len(result.publications) == 1
    summary, rows = seen[-1]
    assert summary.startswith("Imported 0 article(s); 0 duplicate(s) skipped; 0 file(s) failed. 1 file(s) held a "
                              "text already here with another title, outlet or date: added as another publication")
    assert rows == [["b.txt", "Another publication",
                     "same text: added as the second publication of “Troops gather” (RIA, 2024-10-24)"]]


def test_window_import_of_a_second_outlet_adds_a_row_and_blames_no_other_program(  # type: ignore[no-untyped-def]
        main_window, qtbot, tmp_path, monkeypatch) -> None:
    from newscoder.ui import file_dialogs
    from newscoder.ui.dialogs.import_dialog import ImportSummaryDialog
    from tests.ui.dialog_fixtures import ModalAnswerer

    folder = tmp_path / "wire"
    folder.mkdir()
    (folder / "a.txt").write_text("---\ntitle: Troops gather\nsource: TASS\n---\n" + BODY, encoding="utf-8")
    (folder / "b.txt").write_text("---\ntitle: Border build-up\nsource: RIA\n---\n" + BODY, encoding="utf-8")
    w = main_window(articles={"Other": "Another text."})
    w.external.watcher.timer.setInterval(5)  # poll often: it would notice the worker's commit at once
    w.external.watcher.timer.start()
    messages: list[str] = []
    w.statusBar().messageChanged.connect(messages.append)

    def close_after_a_while(widget) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(widget, ImportSummaryDialog)
        QTimer.singleShot(60, widget.accept)  # the summary stays open while the event loop runs

    for name in ("a.txt", "b.txt"):
        monkeypatch.setattr(file_dialogs, "open_file_names", lambda *a, n=name, **k: [str(folder / n)])
        answerer = ModalAnswerer(close_after_a_while)
        w.files.import_articles()
        answerer.stop()
    qtbot.wait(30)
    titles = [r[0] for r in _rows(w)]
    assert titles == ["Border build-up", "Other", "Troops gather"]
    assert not [m for m in messages if "another program" in m]
    assert w.external.watcher.timer.isActive()

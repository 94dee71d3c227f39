"""Issue 13: the article list sorts by title, outlet and date, and shows long titles in full (plain text)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from newscoder.core.store import Project
from newscoder.ui.models.article_list import ID_ROLE


def _titles(window) -> list[str]:  # type: ignore[no-untyped-def]
    model = window.filtered
    return [window.articles.article(model.index(r, 0).data(ID_ROLE)).title for r in range(model.rowCount())]


def test_sort_by_title_outlet_and_date_by_keyboard(main_window, qtbot, tmp_path, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    project = Project.create(tmp_path / "s.newscoder")
    project.add_document("One text.", "Beta", source="TASS", published="2024-03-01")
    project.add_document("Two text.", "Alpha", source="Yonhap", published="2024-01-05")
    project.add_document("Three text.", "Gamma", source="AP", published="")
    w = main_window(project=project)
    current = w.document_id
    assert _titles(w) == ["Alpha", "Beta", "Gamma"]
    combo = w.ui.sort_combo
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # outlet
    assert _titles(w) == ["Gamma", "Beta", "Alpha"]  # AP, TASS, Yonhap
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # date, undated last
    assert _titles(w) == ["Alpha", "Beta", "Gamma"] and w.articles.sort_key == "published"
    assert w.document_id == current  # the article shown stays current
    assert w.article_list.currentIndex().data(ID_ROLE) == current
    qtmodeltester.check(w.articles)


def test_long_titles_in_full_on_hover_as_plain_text(main_window) -> None:  # type: ignore[no-untyped-def]
    long = "A very long title " * 8 + "<img src=/dev/zero> & <b>bold</b>"
    w = main_window(articles={long: "Some text."})
    tip = w.filtered.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tip and "&lt;img src=/dev/zero&gt;" in tip and "&amp;" in tip
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(tip)
    assert long.strip() in doc.toPlainText().replace("\u2028", " ")  # the whole title, shown literally

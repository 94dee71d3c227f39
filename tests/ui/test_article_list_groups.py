"""Issue 14: the article list sorts, groups and filters by any document variable, by keyboard, remembered."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from newscoder.core import edits, variables
from newscoder.core.store import Project
from newscoder.ui.models.article_groups import HEADER_ROLE
from newscoder.ui.models.article_list import ID_ROLE

ALT, CTRL_ALT = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def _project(path: Path) -> Project:
    project = Project.create(path)
    rows = (("Alpha", "AFP", "2024-10-03", "8,000"), ("Beta", "Reuters", "2024-09-30", "950"),
            ("Gamma", "afp", "2024-11-02", ""), ("Delta", "", "", "12"), ("Epsilon", "Reuters", "2024-10-20", "3"))
    ids = {}
    for title, source, published, _troops in rows:
        doc, _ = project.add_document(f"{title} text.", title, source=source, published=published)
        ids[title] = doc.id
    edits.apply(project, variables.define(project, "troops", "number"))
    edits.apply(project, variables.set_values(project, {ids[t]: {"troops": n} for t, _s, _p, n in rows if n}))
    return project


def _rows(window) -> list[str]:  # type: ignore[no-untyped-def]
    """The list as shown: '# key (count)' for a header, the title for an article."""
    model, out = window.filtered, []
    for r in range(model.rowCount()):
        index = model.index(r, 0)
        if index.data(HEADER_ROLE) is not None:
            head = model.header(r)
            out.append(f"# {head.label or '-'} ({head.count}){' +' if head.collapsed else ''}")
        else:
            out.append(window.articles.article(index.data(ID_ROLE)).title)
    return out


def _active(main_window, qtbot, project):  # type: ignore[no-untyped-def]
    """A shown, active window (window shortcuts need one, as on a desktop)."""
    w = main_window(project=project)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    return w


def _choose(qtbot, combo, data) -> None:  # type: ignore[no-untyped-def]
    """Pick an entry of a box with real key presses (Down from the top until its data matches)."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == data:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == data


def test_sort_by_a_number_variable_and_reverse_by_keyboard(main_window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    w = _active(main_window, qtbot, _project(tmp_path / "s.newscoder"))
    _choose(qtbot, w.ui.sort_combo, "troops")
    assert _rows(w) == ["Epsilon", "Delta", "Beta", "Alpha", "Gamma"]  # 3, 12, 950, 8000 (not as text), empty last
    w.article_list.setFocus()
    qtbot.keyClick(w.article_list, Qt.Key.Key_R, CTRL_ALT)  # View ▸ Reverse the sort order
    assert _rows(w) == ["Alpha", "Beta", "Delta", "Epsilon", "Gamma"]  # largest first, the empty one still last
    _choose(qtbot, w.ui.sort_combo, "published")
    assert _rows(w) == ["Gamma", "Epsilon", "Alpha", "Beta", "Delta"]  # newest first, undated last
    _choose(qtbot, w.ui.group_combo, ("published", "month"))  # grouped by the sort's variable: newest group first
    assert _rows(w) == ["# 2024-11 (1)", "Gamma", "# 2024-10 (2)", "Epsilon", "Alpha", "# 2024-09 (1)", "Beta",
                        "# - (1)", "Delta"]
    _choose(qtbot, w.ui.group_combo, ("source", "day"))  # by another variable: groups in their own order
    assert _rows(w) == ["# AFP (2)", "Gamma", "Alpha", "# Reuters (2)", "Epsilon", "Beta", "# - (1)", "Delta"]


def test_group_by_outlet_headers_counts_and_keys(main_window, qtbot, tmp_path, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    w = _active(main_window, qtbot, _project(tmp_path / "g.newscoder"))
    qtmodeltester.check(w.filtered)  # stays connected: every change below is checked too
    _choose(qtbot, w.ui.group_combo, ("source", "day"))
    assert _rows(w) == ["# AFP (2)", "Alpha", "Gamma", "# Reuters (2)", "Beta", "Epsilon", "# - (1)", "Delta"]
    assert w.filtered.index(0, 0).data().startswith("▾ AFP\n2 articles")
    assert w.filtered.index(6, 0).data().startswith("▾ (no outlet)")
    # Alt+Down goes from article to article, over the headers
    w.select_article(w.articles.ids()[0])  # Alpha
    assert w.articles.article(w.document_id).title == "Alpha"
    seen = []
    for _ in range(4):
        qtbot.keyClick(w.view, Qt.Key.Key_Down, ALT)
        seen.append(w.articles.article(w.document_id).title)
    assert seen == ["Gamma", "Beta", "Epsilon", "Delta"]
    qtbot.keyClick(w.view, Qt.Key.Key_Up, ALT)
    assert w.articles.article(w.document_id).title == "Epsilon"
    # ← on an article collapses its group and goes to its header; → expands; Space toggles
    w.article_list.setFocus()
    qtbot.keyClick(w.article_list, Qt.Key.Key_Left)
    assert _rows(w) == ["# AFP (2)", "Alpha", "Gamma", "# Reuters (2) +", "# - (1)", "Delta"]
    assert w.article_list.currentIndex().data(HEADER_ROLE) == "reuters"
    assert w.articles.article(w.document_id).title == "Epsilon"  # the article shown does not change
    qtbot.keyClick(w.article_list, Qt.Key.Key_Right)
    assert "Epsilon" in _rows(w)
    qtbot.keyClick(w.article_list, Qt.Key.Key_Space)
    assert "# Reuters (2) +" in _rows(w)
    w.filter_edit.setFocus()
    qtbot.keyClicks(w.filter_edit, "eta")  # Beta only, in the collapsed group
    assert _rows(w) == ["# Reuters (1) +"] and w.filtered.kept_articles() == 1 and w.filtered.shown_articles() == 0
    assert w.statusBar().currentMessage() == "1 article matches the filter"  # the collapsed group's article too
    w.filter_edit.clear()
    w.article_list.setFocus()
    w.article_list.setCurrentIndex(w.filtered.index(3, 0))  # the Reuters header
    qtbot.keyClick(w.article_list, Qt.Key.Key_Up)  # to Gamma
    qtbot.keyClick(w.article_list, Qt.Key.Key_Up)  # to Alpha
    assert w.articles.article(w.document_id).title == "Alpha"
    qtbot.keyClick(w.article_list, Qt.Key.Key_Down, ALT)
    qtbot.keyClick(w.article_list, Qt.Key.Key_Down, ALT)  # Gamma, then over the collapsed group to Delta
    assert w.articles.article(w.document_id).title == "Delta"
    # Ctrl+Alt+- collapses every group, Ctrl+Alt+= expands them
    qtbot.keyClick(w.article_list, Qt.Key.Key_Minus, CTRL_ALT)
    assert _rows(w) == ["# AFP (2) +", "# Reuters (2) +", "# - (1) +"]
    qtbot.keyClick(w.article_list, Qt.Key.Key_Equal, CTRL_ALT)
    assert len(_rows(w)) == 8 and w.article_list.currentIndex().data(ID_ROLE) == w.document_id
    qtbot.keyClick(w.article_list, Qt.Key.Key_Return)  # Enter on an article: to its text, to code it
    assert w.view.hasFocus()
    w.article_list.setFocus()
    # selecting an article in a collapsed group opens its group
    qtbot.keyClick(w.article_list, Qt.Key.Key_Minus, CTRL_ALT)
    w.select_article(w.articles.ids()[1])
    assert w.article_list.currentIndex().data(ID_ROLE) == w.articles.ids()[1]


def test_group_by_month_and_filter_with_comparisons(main_window, qtbot, tmp_path, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    w = main_window(project=_project(tmp_path / "m.newscoder"))
    qtmodeltester.check(w.filtered)
    _choose(qtbot, w.ui.group_combo, ("published", "month"))
    assert _rows(w) == ["# 2024-09 (1)", "Beta", "# 2024-10 (2)", "Alpha", "Epsilon", "# 2024-11 (1)", "Gamma",
                        "# - (1)", "Delta"]
    w.filter_edit.setFocus()
    qtbot.keyClicks(w.filter_edit, "published>=2024-10; outlet=afp")
    assert _rows(w) == ["# 2024-10 (1)", "Alpha", "# 2024-11 (1)", "Gamma"] and w.filtered.error == ""
    assert w.statusBar().currentMessage() == "2 articles match the filter"
    w.filter_edit.clear()
    qtbot.keyClicks(w.filter_edit, "troops>100; a")  # a comparison and a word (title, outlet or status)
    assert _rows(w) == ["# 2024-09 (1)", "Beta", "# 2024-10 (1)", "Alpha"]
    w.filter_edit.clear()
    qtbot.keyClicks(w.filter_edit, "status<done")
    assert _rows(w) == [] and "status takes = or != only" in w.filtered.error
    assert w.statusBar().currentMessage() == "Filter: status takes = or != only: 'status<done'"  # said, not hidden
    assert w.ui.empty_articles.text == "status takes = or != only: 'status<done'"  # in the empty list too
    w.filter_edit.clear()
    qtbot.keyClicks(w.filter_edit, "date>2024-10; outlet=nobody")  # "date" is the published date
    assert _rows(w) == [] and w.filtered.error == ""
    assert w.ui.empty_articles.text.startswith("No article matches the filter")
    w.filter_edit.clear()
    qtbot.keyClicks(w.filter_edit, "date>2024-10")
    assert _rows(w) == ["# 2024-11 (1)", "Gamma"]
    w.filter_edit.clear()
    assert len(_rows(w)) == 9
    # the article open is current again once the filter shows it; Alt+Down goes on from it
    shown = w.document_id
    qtbot.keyClicks(w.filter_edit, "outlet=nobody")
    assert not w.article_list.currentIndex().isValid() and w.document_id == shown
    w.filter_edit.clear()
    assert w.article_list.currentIndex().data(ID_ROLE) == shown
    qtbot.keyClicks(w.filter_edit, "outlet=nobody")
    w.filter_edit.setText("")
    w.article_list.setCurrentIndex(w.filtered.index(-1, 0))
    following = w.filtered.index(w.filtered.article_row(w.filtered.row_of(shown), 1), 0).data(ID_ROLE)
    w.next_article()
    assert w.document_id == following  # from the article open, not from the top


def test_choices_are_remembered_per_project(main_window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "r.newscoder"
    _project(path).close()
    w = main_window(project=Project.open(path))
    _choose(qtbot, w.ui.sort_combo, "troops")
    _choose(qtbot, w.ui.group_combo, ("source", "day"))
    w.filter_edit.setFocus()
    qtbot.keyClicks(w.filter_edit, "published>=2024-10")
    w.list_controls.remember()
    before = _rows(w)
    w.close()
    w.project.close()
    other = main_window()  # another project keeps its own (default) choices
    assert other.articles.sort_key == "title" and other.filtered.group_name is None
    again = main_window(project=Project.open(path))
    assert again.ui.sort_combo.currentData() == "troops" and again.ui.group_combo.currentData() == ("source", "day")
    assert again.filter_edit.text() == "published>=2024-10" and _rows(again) == before
    assert before == ["# AFP (2)", "Alpha", "Gamma", "# Reuters (1)", "Epsilon"]


def test_a_new_variable_appears_and_an_edit_resorts(main_window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    project = _project(tmp_path / "n.newscoder")
    w = main_window(project=project)
    _choose(qtbot, w.ui.sort_combo, "troops")
    gamma = next(i for i in w.articles.ids() if w.articles.article(i).title == "Gamma")
    w.controller.push(variables.set_values(project, {gamma: {"troops": "1", "region": "Sahel"}}))
    assert _rows(w)[0] == "Gamma"  # sorted again after the edit
    group = w.ui.group_combo
    assert w.ui.sort_combo.findData("region") >= 0
    assert ("region", "day") in [group.itemData(i) for i in range(group.count())]


def test_group_by_my_status_follows_mark_done(main_window, qtbot, tmp_path, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    w = _active(main_window, qtbot, _project(tmp_path / "st.newscoder"))
    qtmodeltester.check(w.filtered)
    _choose(qtbot, w.ui.group_combo, ("status", "day"))
    assert _rows(w) == ["# not started (5)", "Alpha", "Beta", "Delta", "Epsilon", "Gamma"]
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # Alpha done, on to the next
    assert _rows(w) == ["# not started (4)", "Beta", "Delta", "Epsilon", "Gamma", "# done (1)", "Alpha"]
    assert w.articles.article(w.document_id).title == "Beta"
    qtbot.keyClick(w.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo: back among the not started
    assert _rows(w) == ["# not started (5)", "Alpha", "Beta", "Delta", "Epsilon", "Gamma"]


def test_hostile_values_and_settings(main_window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from newscoder.core import settings
    from newscoder.ui.article_list_controls import SETTINGS_KEY

    path = tmp_path / "h.newscoder"
    project = _project(path)
    hostile = "<img src=/dev/zero> & <b>AFP</b>"
    alpha = next(d.id for d in project.documents() if d.title == "Alpha")
    edits.apply(project, variables.set_values(project, {alpha: {"source": hostile}}))
    # remembered choices of the wrong types (a hand-edited settings file) are ignored, not fatal
    settings.put(SETTINGS_KEY, {str(path.resolve()): {"sort": 3, "group": ["x"], "granularity": "week",
                                                       "filter": None, "descending": "yes"}})
    w = main_window(project=project)
    assert w.articles.sort_key == "title" and w.filtered.group_name is None and w.filter_edit.text() == ""
    assert not w.articles.descending and not w.ui.reverse_button.isChecked()
    _choose(qtbot, w.ui.group_combo, ("source", "day"))
    head = next(r for r in range(w.filtered.rowCount()) if (h := w.filtered.header(r)) and h.label == hostile)
    assert w.filtered.index(head, 0).data().startswith(f"▾ {hostile}\n")  # plain text in the list
    tip = w.filtered.index(head, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tip and "&lt;img src=/dev/zero&gt;" in tip
    settings.put(SETTINGS_KEY, "not a mapping")
    again = main_window(project=Project.open(path))  # a second window on the same file reads the broken entry
    assert again.filtered.group_name is None

"""The article list's sort, group and filter controls: their choices, keys, and memory per project.

* Sort by any document variable (built-in or project-defined, typed), reversed by View ▸ Reverse the sort order.
* Group by any variable (a date by year, month or day): header rows with counts; ← and → on the list
  collapse and expand a group, Space or Enter on a header toggles it (keys from the registry).
* Filter text (see :mod:`newscoder.ui.models.article_groups`).

The choices are remembered per project in the settings file (``article_list_views``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QItemSelectionModel, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QComboBox

from newscoder.core import settings
from newscoder.core.changes import Changes
from newscoder.core.store import Project
from newscoder.ui import actions as act
from newscoder.ui.actions import ActionId
from newscoder.ui.models.article_groups import STATUS, ArticleFilterModel, variable_label
from newscoder.ui.models.article_list import ArticleListModel

SETTINGS_KEY = "article_list_views"
MAX_REMEMBERED = 50
#: built-ins first in the combos, in this order
BUILTIN_ORDER = ("title", "source", "published", "author", "url")


def tr(text: str) -> str:
    return QCoreApplication.translate("ArticleList", text)


def variable_choices(project: Project) -> list[tuple[str, str]]:
    """``(name, type)`` of every variable a list can sort or group by: built-ins, defined, other metadata keys."""
    from newscoder.core import corpus
    from newscoder.core.store_variables_list import BUILTIN_KINDS

    out = [(n, BUILTIN_KINDS[n].type) for n in BUILTIN_ORDER]
    seen = {n.casefold() for n in BUILTIN_ORDER}
    for d in corpus.variable_defs(project):
        if d.name.casefold() not in seen:
            out.append((d.name, d.type))
            seen.add(d.name.casefold())
    for key in corpus.metadata_keys(project):
        if key.casefold() not in seen:
            out.append((key, "text"))
            seen.add(key.casefold())
    return out


class ArticleListControls(QObject):
    """Wires the sort and group boxes, the reverse toggle, the group keys and the remembered choices."""

    def __init__(self, ui: Any, articles: ArticleListModel, filtered: ArticleFilterModel,
                 keep_current: Callable[[], None], reverse: QAction, say: Callable[[str, int], None],
                 current_document: Callable[[], str | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.current_document = current_document
        self.ui, self.articles, self.filtered, self.say = ui, articles, filtered, say
        self.keep_current, self.reverse = keep_current, reverse
        self.project_path: Path | None = None
        self.sort_combo: QComboBox = ui.sort_combo
        self.group_combo: QComboBox = ui.group_combo
        self.sort_combo.currentIndexChanged.connect(self._sort_chosen)
        self.group_combo.currentIndexChanged.connect(self._group_chosen)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(600)
        self._save_timer.timeout.connect(self.remember)
        ui.filter_edit.textChanged.connect(self._filter_typed)  # after the model filtered (connected first)
        # ←, →, Space/Enter: keys the list itself receives (declared in the registry; not shortcuts, so a
        # dialog opened over the list gets its own Enter even before the focus has moved to it)
        self._keys = [(act.keys_of(action_id), slot) for action_id, slot in (
            (ActionId.LIST_COLLAPSE_GROUP, self.collapse_key), (ActionId.LIST_EXPAND_GROUP, self.expand_key),
            (ActionId.LIST_TOGGLE_GROUP, self.toggle_key))]
        ui.article_list.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.ui.article_list and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            pressed = QKeySequence(event.keyCombination())
            for keys, slot in self._keys:
                if any(pressed.matches(k) == QKeySequence.SequenceMatch.ExactMatch for k in keys):
                    return slot()
        return super().eventFilter(watched, event)

    def _filter_typed(self, _text: str) -> None:
        """Say what is wrong with a filter (the list is empty then), or how many articles it keeps; the article
        open is current again in the list once the filter shows it."""
        self._save_timer.start()
        self._empty_hint()
        view = self.ui.article_list
        row = self.filtered.row_of(self.current_document() or "")
        if not view.currentIndex().isValid() and row >= 0:
            view.selectionModel().setCurrentIndex(self.filtered.index(row, 0),
                                                  QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if self.filtered.error:
            self.say(tr("Filter: %1").replace("%1", self.filtered.error), 8000)
        elif self.filtered.filter_text().strip():
            n = self.filtered.kept_articles()
            self.say(tr("1 article matches the filter") if n == 1
                     else tr("%1 articles match the filter").replace("%1", f"{n:,}"), 4000)

    def _empty_hint(self) -> None:
        """An empty list under a filter says so (not "No articles yet")."""
        from newscoder.ui.first_run import no_articles_text

        hint = self.ui.empty_articles
        if self.filtered.filter_text().strip() and self.articles.rows():
            hint.text = self.filtered.error or tr("No article matches the filter (Ctrl+L, then Esc or clear it).")
        else:
            hint.text = no_articles_text()
        self.ui.article_list.viewport().update()

    # -- the boxes ---------------------------------------------------------------------------
    def fill(self, project: Project | None) -> None:
        """(Re)list the variables in both boxes, keeping the choices."""
        sort_name = self.articles.sort_key
        group = (self.filtered.group_name, self.filtered.granularity)
        choices = variable_choices(project) if project is not None else [(n, "text") for n in BUILTIN_ORDER]
        for combo in (self.sort_combo, self.group_combo):
            combo.blockSignals(True)
            combo.clear()
        self.group_combo.addItem(tr("No groups"), None)
        self.group_combo.addItem(tr("Group by my status"), (STATUS, "day"))
        for name, kind in choices:
            if name.casefold() == STATUS:  # "status" filters and groups the coders' status, not a variable
                continue
            label = variable_label(name)
            self.sort_combo.addItem(tr("Sort by %1").replace("%1", label), name)
            if kind == "date":
                for grain, text in (("month", tr("Group by %1 (month)")), ("year", tr("Group by %1 (year)")),
                                    ("day", tr("Group by %1 (day)"))):
                    self.group_combo.addItem(text.replace("%1", label), (name, grain))
            elif name not in ("title", "url"):
                self.group_combo.addItem(tr("Group by %1").replace("%1", label), (name, "day"))
        self._select(sort_name, group)
        for combo in (self.sort_combo, self.group_combo):
            combo.blockSignals(False)

    def _select(self, sort_name: str, group: tuple[str | None, str]) -> None:
        name = ArticleListModel.ALIASES.get(sort_name, sort_name)
        n = self.sort_combo.findData(name)
        if n < 0:  # a variable no longer there: its entry stays until another is chosen
            self.sort_combo.addItem(tr("Sort by %1").replace("%1", variable_label(name)), name)
            n = self.sort_combo.count() - 1
        self.sort_combo.setCurrentIndex(n)
        if group[0] is None:
            self.group_combo.setCurrentIndex(0)
            return
        for i in range(self.group_combo.count()):
            data = self.group_combo.itemData(i)
            if data is not None and data[0] == group[0] and data[1] == group[1]:
                self.group_combo.setCurrentIndex(i)
                return
        for i in range(self.group_combo.count()):  # same variable, another granularity
            data = self.group_combo.itemData(i)
            if data is not None and data[0] == group[0]:
                self.group_combo.setCurrentIndex(i)
                return
        self.group_combo.addItem(tr("Group by %1").replace("%1", variable_label(group[0])), (group[0], group[1]))
        self.group_combo.setCurrentIndex(self.group_combo.count() - 1)

    def _sort_chosen(self, _index: int = 0) -> None:
        name = self.sort_combo.currentData()
        if name:
            self.sort(str(name), self.reverse.isChecked())

    def sort(self, name: str, descending: bool) -> None:
        self.articles.sort_by(name, descending)
        self.keep_current()
        self.remember()

    def set_descending(self, on: bool) -> None:
        if on != self.articles.descending:
            self.sort(self.articles.sort_key, on)

    def _group_chosen(self, _index: int = 0) -> None:
        data = self.group_combo.currentData()
        name, grain = (data[0], data[1]) if data else (None, "month")
        self.filtered.set_grouping(name, grain)
        self.keep_current()
        self.remember()

    def open_sort(self) -> None:
        self.sort_combo.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.sort_combo.showPopup()

    def open_group(self) -> None:
        self.group_combo.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.group_combo.showPopup()

    # -- groups by keyboard ----------------------------------------------------------------------
    def _current_row(self) -> int:
        current = self.ui.article_list.currentIndex()
        return current.row() if current.isValid() else -1

    def _go_to_header(self, key: str) -> None:
        for n in range(self.filtered.rowCount()):
            head = self.filtered.header(n)
            if head is not None and head.key == key:
                self.ui.article_list.setCurrentIndex(self.filtered.index(n, 0))
                return

    def collapse_key(self) -> bool:
        """←: collapse the header under the cursor; on an article, collapse its group and go to its header."""
        row = self._current_row()
        head_row = row if self.filtered.header(row) is not None else self.filtered.header_row_of(row)
        head = self.filtered.header(head_row)
        if head is None:
            return False
        self.filtered.set_collapsed(head.key, True)
        self._go_to_header(head.key)
        return True

    def expand_key(self) -> bool:
        """→: expand the header under the cursor."""
        head = self.filtered.header(self._current_row())
        if head is None:
            return False
        self.filtered.set_collapsed(head.key, False)
        return True

    def toggle_key(self) -> bool:
        """Space or Enter on a header: collapse or expand it (on an article: go to the article text)."""
        head = self.filtered.header(self._current_row())
        if head is None:
            self.ui.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return True
        self.filtered.set_collapsed(head.key, not head.collapsed)
        self._go_to_header(head.key)
        return True

    def set_all_collapsed(self, collapsed: bool) -> None:
        """Collapse (the cursor goes to the current article's header) or expand every group."""
        head = self.filtered.header(self.filtered.header_row_of(self._current_row()))
        self.filtered.set_all_collapsed(collapsed)
        if collapsed and head is not None:
            self._go_to_header(head.key)
        elif not collapsed:
            self.keep_current()

    # -- memory per project ------------------------------------------------------------------------
    def _key(self) -> str | None:
        return str(self.project_path.resolve()) if self.project_path is not None else None

    def choices(self) -> dict[str, Any]:
        return {"sort": self.articles.sort_key, "descending": self.articles.descending,
                "group": self.filtered.group_name, "granularity": self.filtered.granularity,
                "filter": self.ui.filter_edit.text()}

    def remember(self) -> None:
        key = self._key()
        if key is None:
            return
        mine = self.choices()

        def change(data: dict[str, Any]) -> None:
            found = data.get(SETTINGS_KEY)
            found = dict(found) if isinstance(found, dict) else {}
            found.pop(key, None)
            found[key] = mine
            while len(found) > MAX_REMEMBERED:
                found.pop(next(iter(found)))
            data[SETTINGS_KEY] = found

        try:
            settings.modify(change)
        except OSError:  # a read-only settings folder: the choices are not remembered, nothing else fails
            pass

    def set_project(self, project: Project) -> None:
        """Before the list loads: restore this project's remembered choices (quietly), fill the boxes."""
        self._save_timer.stop()
        self.project_path = project.path
        found = settings.get(SETTINGS_KEY)
        mine = found.get(self._key()) if isinstance(found, dict) else None
        mine = mine if isinstance(mine, dict) else {}
        sort = str(mine["sort"]) if isinstance(mine.get("sort"), str) and mine["sort"] else "title"
        group = str(mine["group"]) if isinstance(mine.get("group"), str) and mine["group"] else None
        grain = str(mine["granularity"]) if mine.get("granularity") in ("year", "month", "day") else "month"
        text = str(mine["filter"]) if isinstance(mine.get("filter"), str) else ""
        self.articles.sort_key, self.articles.descending = sort, mine.get("descending") is True
        self.reverse.blockSignals(True)
        self.reverse.setChecked(self.articles.descending)
        self.reverse.blockSignals(False)
        self.filtered.configure(text, group, grain)
        self.ui.filter_edit.blockSignals(True)
        self.ui.filter_edit.setText(text)
        self.ui.filter_edit.blockSignals(False)
        self.fill(project)
        QTimer.singleShot(0, self._empty_hint)  # once the list has loaded

    def apply_changes(self, changes: Changes) -> None:
        """An article's variables changed: list new variables; a list sorted by a variable is sorted again."""
        if changes.documents and not changes.external:
            self.variables_changed()
            if self.articles.sort_key != "title":
                self.articles.sort_by(self.articles.sort_key)
                self.keep_current()
        elif changes.external:
            self.variables_changed()

    def variables_changed(self) -> None:
        """A variable may have been defined or first used: list it."""
        self.fill(self.filtered.project)

"""The Search pane's parts that need no pane: the workers (off the UI thread) and the hits table."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QKeyCombination, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from newscoder.core import corpus
from newscoder.core.errors import UserError
from newscoder.core.search import engine
from newscoder.core.search.dictionary import read_dictionary
from newscoder.core.store import Project

#: at most this many hits are listed (the status line says when there were more)
MAX_HITS = 20_000


def tr(text: str) -> str:
    return QCoreApplication.translate("SearchPane", text)


# -- workers (worker thread, own connection) --------------------------------------------------
def catch_up(project: Project) -> None:
    """Index articles another program added (a search reads them anyway; this only makes it faster)."""
    try:
        if corpus.unindexed_count(project):
            corpus.catch_up_index(project)
    except UserError:  # read-only or busy: the search still reads the unindexed articles
        pass


def search_worker(path: Path, query: str, regex: bool, where: list[str], *,
                   cancelled: Callable[[], bool]) -> engine.SearchResult:
    with Project.open(path, check=False) as project:
        catch_up(project)
        return engine.search(project, query, regex=regex, where=where, limit=MAX_HITS, cancel=cancelled)


def dictionary_worker(path: Path, dictionary: Path, where: list[str], *,
                       cancelled: Callable[[], bool]) -> list[tuple[str, engine.Hit]]:
    with Project.open(path, check=False) as project:
        catch_up(project)
        out: list[tuple[str, engine.Hit]] = []
        for s in read_dictionary(project, dictionary):
            for hit in engine.iter_hits(project, s.query, regex=s.regex, where=where, cancel=cancelled):
                out.append((s.code_id, hit))
                if len(out) >= MAX_HITS:
                    return out
        return out


class HitsView(QTableView):
    """The hits table; Enter, Backspace and the code keys are registry actions on it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.setObjectName("searchHits")
        self.setAccessibleName(tr("Search hits"))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A key that reached the table itself (not as a shortcut) runs the same registry action."""
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        pressed = QKeySequence(QKeyCombination(mods, Qt.Key(event.key())))
        for action in self.actions():
            if action.isEnabled() and any(
                    k.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch for k in action.shortcuts()):
                action.trigger()
                event.accept()
                return
        super().keyPressEvent(event)

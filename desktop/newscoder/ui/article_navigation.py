"""Going from article to article: the article list's current row, the header, the article shown.

:class:`ArticleNavigator` keeps the list (sorted, filtered) and the article view on the
same article: choosing a row opens it in the session and shows its text, header, marks and
segments; previous/next step through the filtered list (fetching more rows at the end);
the progress label and the status line follow.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QModelIndex, QObject, Signal

from newscoder.core.session import CodingSession
from newscoder.ui.coding import CodingController, Say
from newscoder.ui.models.article_groups import ArticleFilterModel
from newscoder.ui.models.article_list import ID_ROLE, ArticleListModel, status_text
from newscoder.ui.models.codebook import CodebookModel
from newscoder.ui.models.segments import SegmentListModel
from newscoder.ui.window_layout import WindowLayout
from newscoder.ui.window_state import WindowState


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class ArticleNavigator(QObject):
    """The current article: list row ↔ session ↔ article view, header, progress and status line."""

    #: an article's text was put in the view (its id; None: no article), before its marks and segments
    shown = Signal(object)

    def __init__(self, ui: WindowLayout, articles: ArticleListModel, filtered: ArticleFilterModel,
                 codebook: CodebookModel, segments: SegmentListModel, coding: CodingController, state: WindowState,
                 session: Callable[[], CodingSession | None], say: Say, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ui, self.articles, self.filtered = ui, articles, filtered
        self.codebook, self.segments, self.coding, self.state = codebook, segments, coding, state
        self._session, self._say = session, say
        ui.article_list.selectionModel().currentChanged.connect(self._current_changed)

    @property
    def document_id(self) -> str | None:
        session = self._session()
        return session.document_id if session is not None else None

    def select_article(self, document_id: str | None) -> None:
        """Make ``document_id`` the current row (clearing a filter that hides it) and show it."""
        row = self.articles.row_for(document_id) if document_id else -1
        if row < 0 or document_id is None:
            return
        proxy = self.filtered.reveal(document_id)  # expands its group if collapsed
        if not proxy.isValid():  # hidden by the filter: show it anyway
            self.ui.filter_edit.clear()
            proxy = self.filtered.reveal(document_id)
        self._make_current(proxy)
        if self.document_id != document_id:
            self.show_article(document_id)

    def _make_current(self, proxy: QModelIndex) -> None:
        self.ui.article_list.selectionModel().setCurrentIndex(proxy, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.ui.article_list.scrollTo(proxy)

    def keep_current(self) -> None:
        """After the list was sorted or grouped (:class:`~newscoder.ui.article_list_controls.ArticleListControls`):
        the current article stays current."""
        doc = self.document_id
        if doc:
            self.select_article(doc)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        doc_id = current.data(ID_ROLE) if current.isValid() else None
        if doc_id and doc_id != self.document_id:
            self.show_article(doc_id)

    def show_header(self) -> None:
        session = self._session()
        doc = session.document if session else None
        if doc is None:
            self.ui.title_label.setText(tr("No articles yet: use File ▸ Import articles…"))
            self.ui.meta_label.clear()
            return
        self.ui.title_label.setText(doc.title)
        self.ui.meta_label.setText("  ·  ".join(x for x in (doc.source, doc.author, doc.published) if x))

    def show_article(self, document_id: str | None) -> None:
        """Open ``document_id`` in the session (None: no article) and show it: text, marks, segments."""
        self.ui.panel.show_segment(None)
        session = self._session()
        doc = session.open(document_id) if session is not None else None
        self.show_header()
        self.ui.view.set_article(doc.text if doc else "", [])
        self.shown.emit(doc.id if doc else None)
        if doc is None or session is None:
            self.segments.set_segments([])
            self.codebook.set_counts({})
            return
        self.coding.repaint_marks()
        self.segments.load(session.project, doc.id, session.coder_id)  # light rows
        if self.ui.find_bar.isVisible():
            self.ui.find_bar.search(self.ui.find_bar.edit.text())
        self.state.remember_article(doc.id)
        self.update_article_status()

    def step(self, delta: int) -> None:
        current = self.ui.article_list.currentIndex()
        here = current.row() if current.isValid() else self.filtered.row_of(self.document_id or "")
        row = self.filtered.article_row(here, delta) if here >= 0 else self.filtered.article_row(-1, 1)
        if row >= 0:  # group headers (and other rows of the same text) are skipped
            self.ui.article_list.setCurrentIndex(self.filtered.index(row, 0))
        elif delta > 0 and self.filtered.canFetchMore(QModelIndex()):
            self.filtered.fetchMore(QModelIndex())
            self.step(delta)

    def previous_article(self) -> None:
        self.step(-1)

    def next_article(self) -> None:
        self.step(1)

    def mark_done(self) -> None:
        current = self.ui.article_list.currentIndex()  # the next article before this one moves (grouped by status)
        following = self.filtered.article_row(current.row(), 1) if current.isValid() else -1
        after = self.filtered.index(following, 0).data(ID_ROLE) if following >= 0 else None
        self.coding.mark_done()
        if after:
            self.select_article(after)
        else:
            self.next_article()

    def reopen_article(self) -> None:
        """Article ▸ Reopen: the current article is no longer done (one undoable edit)."""
        session = self._session()
        if session is None or session.document is None:
            return
        if session.status().value != "done":
            self._say(tr("This article is not marked done."), 4000)
            return
        self.coding._push(lambda s: s.reopen())

    def focus_filter(self) -> None:
        self.ui.filter_edit.setFocus()
        self.ui.filter_edit.selectAll()

    def update_progress(self) -> None:
        done, total = self.articles.done_count()
        text = tr("%1 of %2 articles done").replace("%1", str(done)).replace("%2", str(total))
        self.ui.progress_label.setText(text)

    def update_article_status(self) -> None:
        row = self.articles.article(self.document_id) if self.document_id else None
        if row is not None:
            self._say(tr("This article: %1").replace("%1", status_text(row.status)), 0)

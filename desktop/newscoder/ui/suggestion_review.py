"""Suggestions in the Search pane's review list: More like this, and every article's suggestions.

* **Edit ▸ More like this…** (Ctrl+Shift+L): the passages across the corpus most like the
  selected segment (``engine.more_like_this``), each with that segment's code;
* **Edit ▸ Review suggestions in all articles…** (Ctrl+Alt+H): every article's suggestions
  (``engine.for_corpus``), each with its suggested code, article by article.

Both run off the UI thread behind the cancellable progress dialog of
:mod:`newscoder.ui.background`, on their own connection and their own suggestion engine. The rows
fill the Search pane's review list: **Enter** accepts a row as a segment of its code (recording
where it came from, as any accepted suggestion), a code key with another code, **Backspace**
skips it, Ctrl+Enter accepts all the rest as one undo step (provenance on every segment).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject

from newscoder.core import corpus, store_suggest
from newscoder.core.edits import Edit
from newscoder.core.errors import UserError
from newscoder.core.search import autocode
from newscoder.core.search import engine as search_engine
from newscoder.core.search.extent import Extent
from newscoder.core.store import Project
from newscoder.ui.article_view import ArticleView
from newscoder.ui.background import run_with_progress, show_error
from newscoder.ui.models.search_hits import HitRow
from newscoder.ui.search_pane import SearchPane
from newscoder.ui.search_support import MAX_HITS
from newscoder.ui.suggestion_support import one_line, suggestion_engine

#: at most this many passages are listed (More like this)
LIMIT = 50
#: at most this many suggestions from all articles are listed (as many as a search lists hits)
MAX_REVIEW = MAX_HITS
Say = Callable[[str, int], None]
#: ``(project, coder_id) -> engine``: a suggestion engine (the worker makes its own)
EngineFactory = Callable[[Project, str, str], Any]


def tr(text: str) -> str:
    return QCoreApplication.translate("SuggestionReview", text)


@dataclass(slots=True)
class SuggestedHit(HitRow):
    """A review-list row that is a suggestion: accepting it records where it came from."""

    suggestion: Any = None


class MoreLikeThisCancelled(UserError):
    """The user cancelled the search for similar passages."""


def kwic(doc: tuple[str, str, str, str, str], start: int, end: int,
         context: int = search_engine.CONTEXT) -> search_engine.Hit:
    """A passage as a keyword-in-context hit (code points; ``text`` is ``article_text[start:end]``)."""
    doc_id, title, source, published, text = doc
    return search_engine.Hit(doc_id, title, source, published, start, end, text[start:end],
                             text[max(0, start - context):start], text[end:end + context])


def more_like_this_worker(path: Path, coder_id: str, segment_id: str, make_engine: EngineFactory,
                          limit: int = LIMIT, *, progress: Callable[[int, int, str], None],
                          cancelled: Callable[[], bool]) -> list[tuple[Any, search_engine.Hit]]:
    """Worker thread: ``(suggestion, hit)`` for each passage like the segment, best first."""
    with Project.open(path, check=False) as project:
        engine = make_engine(project, coder_id, "")
        found = engine.more_like_this(segment_id, limit=limit, progress=progress, cancel=cancelled)
        if cancelled():
            raise MoreLikeThisCancelled(tr("cancelled"))
        docs = {d[0]: d for d in corpus.texts(project, dict.fromkeys(s.document_id for s in found))}
        return [(s, kwic(docs[s.document_id], s.start, s.end)) for s in found if s.document_id in docs]


def corpus_worker(path: Path, coder_id: str, make_engine: EngineFactory, limit: int = MAX_REVIEW, *,
                  progress: Callable[[int, int], None],
                  cancelled: Callable[[], bool]) -> tuple[list[tuple[Any, search_engine.Hit]], bool]:
    """Worker thread: ``(suggestion, hit)`` for every article's suggestions, article by article; and whether
    the list stopped early (cancelled, or ``limit`` reached)."""
    with Project.open(path, check=False) as project:
        engine = make_engine(project, coder_id, "")
        found: list[Any] = []
        stopped = False
        for s in engine.for_corpus(store_suggest.document_ids(project), progress=progress, cancel=cancelled):
            found.append(s)
            if len(found) >= limit:
                stopped = True
                break
        stopped = stopped or cancelled()
        docs = {d[0]: d for d in corpus.texts(project, dict.fromkeys(s.document_id for s in found))}
        return [(s, kwic(docs[s.document_id], s.start, s.end)) for s in found if s.document_id in docs], stopped


class SuggestionReview(QObject):
    """The two actions' controller: suggestions in, the Search pane's review list out."""

    def __init__(self, view: ArticleView, pane: SearchPane, say: Say, session: Callable[[], Any],
                 engine: Callable[[], Any], make_engine: EngineFactory | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view, self.pane, self._say = view, pane, say
        self._session, self._engine = session, engine
        self._make_engine: EngineFactory = make_engine or suggestion_engine
        pane.edit_for_hit = self.edit_for_hit
        pane.edit_for_plan = self.edit_for_plan

    def more_like_this(self) -> None:
        session = self._session()
        if session is None or session.document is None:
            return
        segment_id = self.view.selected_id
        seg = session.segment(segment_id) if segment_id else None
        if seg is None or seg.deleted_at is not None:
            self._say(tr("Click a segment first: More like this finds passages like it."), 6000)
            return
        try:
            pairs = run_with_progress(self.pane.window(), tr("Finding passages like this…"), more_like_this_worker,
                                      Path(session.project.path), session.coder_id, seg.id, self._make_engine)
        except MoreLikeThisCancelled:
            self._say(tr("More like this: cancelled."), 4000)
            return
        except UserError as exc:
            show_error(self.pane.window(), exc, tr("More like this"))
            return
        self._show([SuggestedHit(seg.code_id, hit, suggestion=s) for s, hit in pairs])
        code = session.code(seg.code_id)
        self._say(tr("%1 passages like “%2” (%3): Enter accepts, Backspace skips.")
                  .replace("%1", str(len(pairs))).replace("%2", one_line(seg.quote, 60))
                  .replace("%3", code.name if code else "?"), 8000)

    def all_articles(self) -> None:
        """Every article's suggestions for this coder in the review list (progress; Cancel keeps what was found)."""
        session = self._session()
        if session is None:
            return
        try:
            pairs, stopped = run_with_progress(self.pane.window(), tr("Finding suggestions in all articles…"),
                                               corpus_worker, Path(session.project.path), session.coder_id,
                                               self._make_engine)
        except UserError as exc:
            show_error(self.pane.window(), exc, tr("Review suggestions"))
            return
        self._show([SuggestedHit(s.code_id, hit, suggestion=s) for s, hit in pairs])
        docs = len({s.document_id for s, _hit in pairs})
        more = tr(" (stopped early)") if stopped else ""
        self._say(tr("%1 suggestions in %2 articles%3: Enter accepts, Backspace skips.")
                  .replace("%1", str(len(pairs))).replace("%2", str(docs)).replace("%3", more), 10000)

    def _show(self, rows: list[HitRow]) -> None:
        self.pane.open_pane()
        i = self.pane.extent.findData(Extent.MATCH.value)
        self.pane.extent.setCurrentIndex(max(i, 0))  # the passage as suggested, not widened
        self.pane.show_hits(rows)

    def edit_for_hit(self, item: HitRow, code_id: str) -> Edit | None:
        """Accepting a passage: the engine's accept edit (provenance included); None for an ordinary hit."""
        if not isinstance(item, SuggestedHit) or item.suggestion is None:
            return None
        if self.pane.extent.currentData() != Extent.MATCH.value:
            return None  # widened to a sentence or paragraph: an ordinary segment of that extent
        engine = self._engine()
        if engine is None:
            return None
        return engine.accept(item.suggestion, code_id)

    def edit_for_plan(self, proposals: list[autocode.Proposal], items: list[HitRow]) -> Edit | None:
        """"Code all" over passages: one edit with every segment's provenance; None if any row is an ordinary hit."""
        if self.pane.extent.currentData() != Extent.MATCH.value:
            return None
        found = {(i.hit.document_id, i.hit.start, i.hit.end): i.suggestion for i in items
                 if isinstance(i, SuggestedHit) and i.suggestion is not None}
        chosen = [(found.get((p.document_id, p.start, p.end)), p.code_id) for p in proposals]
        session = self._session()
        if session is None or any(s is None for s, _code in chosen):
            return None
        from newscoder.core.suggest.batch import accept_many

        return accept_many(session.project, [(s, code) for s, code in chosen if s is not None], session.coder_id,
                           coder_name=session.coder.name)

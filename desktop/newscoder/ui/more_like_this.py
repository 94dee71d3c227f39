"""Edit ▸ More like this… (Ctrl+Shift+L): passages across the corpus like the selected segment.

The search runs off the UI thread behind the cancellable progress dialog of
:mod:`newscoder.ui.background`, on its own connection and its own suggestion engine
(``engine.more_like_this``). The passages fill the Search pane's review list, one row per
passage with the source segment's code: **Enter** accepts a passage as a segment of that
code (recording where it came from, as any accepted suggestion), a code key with another
code, **Backspace** skips it, Ctrl+Enter codes all the rest as one undo step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject

from newscoder.core import corpus
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

#: at most this many passages are listed
LIMIT = 50
Say = Callable[[str, int], None]
#: ``(project, coder_id) -> engine``: a suggestion engine (the worker makes its own)
EngineFactory = Callable[[Project, str, str], Any]


def tr(text: str) -> str:
    return QCoreApplication.translate("MoreLikeThis", text)


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


class MoreLikeThis(QObject):
    """The action's controller: the selected segment in, the Search pane's review list out."""

    def __init__(self, view: ArticleView, pane: SearchPane, say: Say, session: Callable[[], Any],
                 engine: Callable[[], Any], make_engine: EngineFactory, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view, self.pane, self._say = view, pane, say
        self._session, self._engine, self._make_engine = session, engine, make_engine
        pane.edit_for_hit = self.edit_for_hit
        pane.edit_for_plan = self.edit_for_plan

    def run(self) -> None:
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
        self.pane.open_pane()
        i = self.pane.extent.findData(Extent.MATCH.value)
        self.pane.extent.setCurrentIndex(max(i, 0))  # the passage as found, not widened
        rows: list[HitRow] = [SuggestedHit(seg.code_id, hit, suggestion=s) for s, hit in pairs]
        self.pane.show_hits(rows)
        code = session.code(seg.code_id)
        self._say(tr("%1 passages like “%2” (%3): Enter accepts, Backspace skips.")
                  .replace("%1", str(len(rows))).replace("%2", " ".join(seg.quote.split())[:60])
                  .replace("%3", code.name if code else "?"), 8000)

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

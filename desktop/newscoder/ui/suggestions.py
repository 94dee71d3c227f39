"""View ▸ Suggestions: ghost marks in the article, and the keys that accept or reject them.

The coder stays in charge. A suggestion is drawn as a ghost mark
(:mod:`newscoder.ui.suggestion_marks`) and nothing is written until a key is pressed:

* **Tab** / **Shift+Tab** make the next (previous) suggestion *current*: scrolled into
  view, outlined more strongly, its one-line reason in the status bar;
* **Enter** accepts the current suggestion as a normal segment of its code, a **code
  key** (1–9) with that code instead; **Backspace** rejects it (remembered for this coder,
  never suggested again). Each is one core edit on the undo stack, so Ctrl+Z brings the
  ghost back;
* without a current suggestion these keys keep their old meanings (Tab moves the focus,
  the code keys code the selection, Backspace does nothing), and with suggestions off
  Tab is not taken at all.

The engine (:class:`newscoder.core.suggest.SuggestionEngine`) is made only when
suggestions are turned on, so the model loads lazily; its heavy work runs in worker threads
(:mod:`newscoder.ui.suggestion_engine`). The keys and tooltips are
:mod:`newscoder.ui.suggestion_input`. After an edit the ghosts follow the typed
:class:`~newscoder.core.changes.Changes` through ``engine.note_changes``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QTextCursor

from newscoder.core import settings
from newscoder.core.changes import Changes
from newscoder.core.errors import UserError
from newscoder.core.session import CodingSession
from newscoder.core.store import Project
from newscoder.ui.actions import ActionId
from newscoder.ui.article_view import ArticleView
from newscoder.ui.palette import mark_color, widget_colors
from newscoder.ui.suggestion_engine import EngineHost
from newscoder.ui.suggestion_input import SuggestionInput
from newscoder.ui.suggestion_marks import Ghost, GhostLayer
from newscoder.ui.suggestion_support import one_line, tr
from newscoder.ui.undo import UndoController

#: the settings key remembering View ▸ Suggestions
SETTING = "ui_suggestions"
#: suggestions are off until the coder turns them on (independent coding stays unprompted)
DEFAULT_ON = False

Say = Callable[[str, int], None]


class SuggestionController(QObject):
    """The ghost marks of the open article and the suggestion keys, for one session at a time."""

    def __init__(self, view: ArticleView, undo: UndoController, actions: dict[ActionId, QAction], say: Say,
                 parent: QObject | None = None, *,
                 engine_factory: Callable[[Project, str, str], Any] | None = None) -> None:
        super().__init__(parent)
        self.view, self.undo, self._say = view, undo, say
        self.session: CodingSession | None = None
        self.host = EngineHost(view.window, say, engine_factory)
        self.layer = GhostLayer()
        #: lets go of the selected segment (the window's: the tagging panel follows)
        self.clear_segment: Callable[[], None] = lambda: view.set_selected_segment(None)
        view.ghosts = self.layer
        #: the suggestions of the open article, by key (the ghosts drawn are these)
        self.suggestions: dict[str, Any] = {}
        self._document: str | None = None
        self.show_action = actions[ActionId.SHOW_SUGGESTIONS]
        self.next_action = actions[ActionId.NEXT_SUGGESTION]
        self.previous_action = actions[ActionId.PREVIOUS_SUGGESTION]
        self.accept_action = actions[ActionId.ACCEPT_SUGGESTION]
        self.reject_action = actions[ActionId.REJECT_SUGGESTION]
        for action in (self.next_action, self.previous_action, self.accept_action, self.reject_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # only while the article has focus
        # the window binds their handlers (step, accept, reject) by the registry; the keys come here first
        actions[ActionId.CLEAR_SELECTION].triggered.connect(lambda _c=False: self.set_current(None))  # Esc
        saved = settings.get(SETTING)
        self.show_action.setChecked(saved if isinstance(saved, bool) else DEFAULT_ON)
        self.show_action.toggled.connect(self.set_shown)
        undo.replayed.connect(self._replayed)
        self.input = SuggestionInput(self)  # the keys and the tooltips
        view.selectionChanged.connect(self._selection_changed)
        view.segmentClicked.connect(self._clicked)
        view.verticalScrollBar().valueChanged.connect(lambda _v: self._scrolled())
        self._update_actions()

    # -- session and article ---------------------------------------------------------------------
    @property
    def shown(self) -> bool:
        return self.show_action.isChecked()

    def set_session(self, session: CodingSession | None) -> None:
        """A new project or coder: a new engine (made when first needed), no ghosts."""
        self.session = session
        self.host.set_session(session)
        self._document = None
        self._set_suggestions([])

    def set_shown(self, on: bool) -> None:
        """View ▸ Suggestions: remembered in the settings; turning it on loads the model (once)."""
        settings.put(SETTING, bool(on))
        if on:
            self.document_opened(self.session.document_id if self.session else None)
            if self.session is not None and self.session.document is not None:
                n = len(self.suggestions)
                self._say(tr("Suggestions on: %1 in this article. Tab goes to the next one.")
                          .replace("%1", str(n)), 6000)
        else:
            self._set_suggestions([])
            self._say(tr("Suggestions off."), 3000)

    def document_opened(self, document_id: str | None) -> None:
        """The window shows another article (or the same one again): its suggestions, if they are on."""
        self._document = document_id
        self.set_current(None)
        self._set_suggestions([])
        if self.shown and document_id is not None and self.session is not None:
            self._refresh()

    def _refresh(self) -> None:
        """Compute the open article's suggestions (the model and the coder's examples first, off the UI thread)."""
        if self.host.busy:
            return  # a worker is under way: when it ends, the article open then gets its suggestions
        if not self.view.isVisible():  # the window is being built: first shown, then suggested (start-up unchanged)
            self._deferred = True
            return
        self.host.warm()
        for _attempt in range(3):  # another article may be opened while a worker runs: compute for that one
            doc = self._document
            if not self._showing(doc):
                return
            current, before = self.layer.current, set(self.suggestions)
            found = self.host.compute(doc)  # type: ignore[arg-type]
            if not self._showing(doc) or self._document != doc:
                continue
            self._set_suggestions(found)
            back = [g.key for g in self.layer.all() if g.key not in before]
            if self._replaying and back:  # an undone accept or reject: its ghost is back, and current
                self.set_current(back[0], scroll=True)
            elif current in self.suggestions:
                self.set_current(current)
            return

    def _showing(self, doc: str | None) -> bool:
        return self.shown and doc is not None and self.session is not None and self.session.document_id == doc

    _replaying = False

    def _replayed(self, _changes: Changes) -> None:
        self._replaying = True  # cleared once the same changes have been applied (apply_changes)

    _deferred = False

    @property
    def engine(self) -> Any:
        return self.host.engine

    def engine_now(self) -> Any:
        """The engine of this project and coder, made on first use."""
        return self.host.engine_now()

    def shown_on_screen(self) -> None:
        """The article view was shown: compute what was put off, once the window has drawn itself."""
        if self._deferred:
            self._deferred = False
            QTimer.singleShot(0, self, self._refresh)

    def _set_suggestions(self, suggestions: list[Any]) -> None:
        self.suggestions = {s.key: s for s in suggestions}
        self.layer.set([self._ghost(s) for s in suggestions] if self.session is not None else [])
        self._update_actions()
        self.view.viewport().update()

    def _ghost(self, s: Any) -> Ghost:
        assert self.session is not None
        code = self.session.code(s.code_id)
        base, text = widget_colors(self.view)
        try:
            ink = mark_color(code.color if code else "#999999", base, text)
        except ValueError:
            ink = "#999999"
        a, b = self.view.offsets.span_to_utf16(s.start, s.end)
        label = code.shortcut if code is not None and code.shortcut else (code.name[:1].upper() if code else "?")
        return Ghost(s.key, a, b, s.code_id, ink, label)

    def repaint(self) -> None:
        """Colours or the codebook changed: redraw the same suggestions."""
        self._set_suggestions(list(self.suggestions.values()))

    # -- following changes -----------------------------------------------------------------------------
    def apply_changes(self, changes: Changes) -> None:
        """After an edit (accept, reject, undo, another program): the engine learns, the ghosts follow."""
        try:
            self._apply_changes(changes)
        finally:
            self._replaying = False

    def _apply_changes(self, changes: Changes) -> None:
        if self.engine is None:
            return
        self.host.note_changes(changes)
        doc = self._document
        if not self.shown or doc is None or self.session is None or self.session.document_id != doc:
            return
        if changes.external or changes.codebook_changed or doc in changes.segment_documents \
                or doc in changes.suggestion_documents or changes.coders_changed:
            self._refresh()

    # -- the current suggestion ----------------------------------------------------------------------------
    @property
    def current(self) -> Any:
        return self.suggestions.get(self.layer.current) if self.layer.current else None

    def set_current(self, key: str | None, *, scroll: bool = False) -> None:
        if key is not None and key not in self.suggestions:
            key = None
        if key == self.layer.current and not scroll:
            return
        self.layer.current = key
        self._update_actions()
        self.view.viewport().update()
        s = self.current
        if s is None:
            return
        if scroll:
            ghost = self.layer.get(key)
            assert ghost is not None
            self._moving = True
            try:
                cur = self.view.textCursor()
                cur.setPosition(ghost.end)
                self.view.setTextCursor(cur)
                cur.setPosition(ghost.start)
                self.view.setTextCursor(cur)  # no selection: a code key accepts, it does not code a selection
            finally:
                self._moving = False
        self._say(self.describe(s), 0)

    _moving = False

    def describe(self, s: Any) -> str:
        """The status line of the current suggestion: code, key, reason (plain text, one line)."""
        code = self.session.code(s.code_id) if self.session else None
        name = code.name if code else "?"
        key = f" ({code.shortcut})" if code is not None and code.shortcut else ""
        return one_line(tr("Suggestion: %1%2 — %3. Enter accepts, a code key recodes, Backspace rejects.")
                        .replace("%1", name).replace("%2", key).replace("%3", one_line(s.reason, 100)), 240)

    def step(self, forward: bool) -> None:
        """Tab / Shift+Tab: the next (previous) suggestion becomes current, from the cursor if none is."""
        if not self.suggestions:
            return
        if self.layer.current is None:  # from the cursor, or from the top of the page if it is out of sight
            cur = self.view.textCursor()
            pos = cur.selectionStart() if forward else cur.selectionEnd()
            if not self._on_screen(pos, pos):
                pos = self.view.cursorForPosition(QPoint(0, 0)).position()
            ghost = self.layer.following(pos, forward=forward)
        else:
            ghost = self.layer.step(forward)
        if ghost is None:
            return
        if self.view.selected_id:  # the suggestion takes the keys now (a text selection goes as the cursor moves)
            self.clear_segment()
        self.set_current(ghost.key, scroll=True)

    def _on_screen(self, start: int, end: int) -> bool:
        """Whether some of ``[start, end)`` (UTF-16) is inside the viewport now."""
        first, last = QTextCursor(self.view.document()), QTextCursor(self.view.document())
        first.setPosition(min(start, self.view.document().characterCount() - 1))
        last.setPosition(min(end, self.view.document().characterCount() - 1))
        return self.view.cursorRect(first).top() < self.view.viewport().height() and \
            self.view.cursorRect(last).bottom() > 0

    def _scrolled(self) -> None:
        """No key acts on what one cannot see: a current suggestion scrolled out of sight is let go."""
        ghost = self.layer.get(self.layer.current)
        if ghost is not None and not self._moving and not self._on_screen(ghost.start, ghost.end):
            self.set_current(None)
            self._say(tr("The suggestion went out of sight: Tab goes to the next one on screen."), 4000)

    def _clicked(self, segment_id: str) -> None:
        """A click on a ghost (not on a segment of mine) makes it current; anywhere else lets go."""
        ghost = None if segment_id or self.input.clicked_at is None else self.layer.hit(self.input.clicked_at)
        self.set_current(ghost.key if ghost is not None else None)

    def _selection_changed(self) -> None:
        if not self._moving and self.view.textCursor().hasSelection():
            self.set_current(None)

    def _update_actions(self) -> None:
        has = self.shown and bool(self.suggestions)
        self.next_action.setEnabled(has)
        self.previous_action.setEnabled(has)
        current = self.layer.current is not None
        self.accept_action.setEnabled(current)
        self.reject_action.setEnabled(current)

    # -- accepting and rejecting ---------------------------------------------------------------------------
    def accept(self, code_id: str | None = None) -> bool:
        """Enter (or a code key): the current suggestion becomes a segment; the next one becomes current.

        With another code (a code key), the suggested code is rejected in the same undo step: the
        coder said "not that code", and its ghost does not linger over the new segment."""
        s = self.current
        if s is None or self.engine is None:
            return False
        try:
            edit = self.engine.accept(s, code_id) if code_id else self.engine.accept(s)
        except UserError as exc:
            self._say(tr("Not accepted: %1").replace("%1", one_line(str(exc))), 8000)
            return False
        if not code_id or code_id == s.code_id:
            return self._push_and_move_on(edit, s)
        stack = self.undo.stack
        stack.beginMacro(edit.label)
        try:
            ok = self.undo.push(edit)
            if ok:  # built after the accept was written (the coder it may have registered exists now)
                try:
                    self.undo.push(self.engine.reject(s))
                except UserError:
                    pass  # the segment stands; the other code is merely not remembered as rejected
        finally:
            stack.endMacro()
        return ok and self._move_on(s)

    def reject(self) -> bool:
        """Backspace: the current suggestion is rejected (never suggested again); the next one becomes current."""
        s = self.current
        if s is None or self.engine is None:
            return False
        try:
            edit = self.engine.reject(s)
        except UserError as exc:
            self._say(tr("Not rejected: %1").replace("%1", one_line(str(exc))), 8000)
            return False
        return self._push_and_move_on(edit, s)

    def code_key(self, key: str) -> bool:
        """A code key while a suggestion is current: accept it with that code. False: not mine to handle."""
        if self.current is None or self.session is None:
            return False
        code = self.session.code_for_key(key)
        if code is None:
            self._say(tr("No code has the key %1.").replace("%1", key), 6000)
            return True
        self.accept(code.id)
        return True

    def _push_and_move_on(self, edit: Any, s: Any) -> bool:
        return self.undo.push(edit) and self._move_on(s)

    def _move_on(self, s: Any) -> bool:
        """After an answer: the suggestion after ``s`` in reading order becomes current (none at the end);
        never one the coder passed, such as another code's suggestion starting where ``s`` did."""
        offsets = self.view.offsets
        following = self.layer.after(offsets.to_utf16(s.start), offsets.to_utf16(s.end), s.key)
        if following is not None:
            self.set_current(following.key, scroll=True)
        else:  # the last one: none is current, the keys have their old meanings again
            self.set_current(None)
            self._say(tr("No more suggestions in this article."), 4000)
        return True

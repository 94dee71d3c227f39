"""The suggestion keys and the ghost tooltips, as an event filter on the article view.

A key acts on suggestions only when it means something there: Tab / Shift+Tab while the
article has suggestions, Enter, Backspace and the code keys 1–9 only while one is current.
Such a key is claimed at ``ShortcutOverride`` (so the window's code-key shortcuts do not take
it) and runs the registry action (or the controller) at ``KeyPress``; every other key goes on
to the view unchanged. A tooltip over a ghost is plain text (:func:`newscoder.ui.plain.tip`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QHelpEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QToolTip

from newscoder.ui.plain import esc, tip
from newscoder.ui.suggestion_support import one_line, tr

if TYPE_CHECKING:
    from newscoder.ui.suggestions import SuggestionController


class SuggestionInput(QObject):
    """Installed on the article view and its viewport by the :class:`SuggestionController`."""

    def __init__(self, controller: SuggestionController) -> None:
        super().__init__(controller)
        self.c = controller
        #: where the last mouse click in the article ended (viewport coordinates)
        self.clicked_at: QPointF | None = None
        controller.view.installEventFilter(self)
        controller.view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Show and watched is self.c.view:
            self.c.shown_on_screen()
            return False
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and watched is self.c.view:
            assert isinstance(event, QKeyEvent)
            handler = self._key_handler(event)
            if handler is None:
                return False
            if kind == QEvent.Type.ShortcutOverride:
                event.accept()  # deliver it as a key press to the view, past the window's shortcuts
                return True
            handler()
            event.accept()
            return True
        if kind == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            self.clicked_at = event.position()  # (the view then reports the click: SuggestionController._clicked)
            return False
        if kind == QEvent.Type.ToolTip and watched is self.c.view.viewport() and isinstance(event, QHelpEvent):
            pos = self.c.view.cursorForPosition(event.pos()).position()
            text = self.tooltip_at(pos)
            if text:
                QToolTip.showText(event.globalPos(), self._with_segments(text, pos), self.c.view)
                return True
        return False

    def _with_segments(self, text: str, pos: int) -> str:
        """The ghosts' plain text, and under it the tooltip of the segments there (the view's, already escaped
        HTML); the ghosts' text escaped whenever the whole is HTML."""
        view = self.c.view
        marks = view.index.at(pos)
        segments = view.tooltip_provider(marks) if marks and view.tooltip_provider is not None else ""
        if not segments:
            return tip(text)
        return f"<p style='white-space:pre-wrap'>{esc(text)}</p><hr>{segments}"

    def _key_handler(self, event: QKeyEvent) -> Callable[[], object] | None:
        """What a key does to suggestions now, or None (the key keeps its usual meaning)."""
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = event.key()
        no_mods = mods == Qt.KeyboardModifier.NoModifier
        if key == Qt.Key.Key_Tab and no_mods and self.c.next_action.isEnabled():
            return self.c.next_action.trigger
        if (key == Qt.Key.Key_Backtab or (key == Qt.Key.Key_Tab and mods == Qt.KeyboardModifier.ShiftModifier)) \
                and self.c.previous_action.isEnabled():
            return self.c.previous_action.trigger
        if self.c.layer.current is None or not no_mods:
            return None
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return self.c.accept_action.trigger
        if key == Qt.Key.Key_Backspace:
            return self.c.reject_action.trigger
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            digit = chr(int(key))
            return lambda: self.c.code_key(digit)
        return None

    def tooltip_at(self, pos16: int) -> str:
        """Code, suggester and reason of the suggestions under UTF-16 position ``pos16`` (plain text)."""
        lines = []
        for ghost in self.c.layer.at(pos16)[:4]:
            s = self.c.suggestions.get(ghost.key)
            if s is None:
                continue
            code = self.c.session.code(s.code_id) if self.c.session else None
            lines.append(tr("Suggestion: %1 (%2, score %3)").replace("%1", code.name if code else "?")
                         .replace("%2", one_line(s.suggester, 60)).replace("%3", f"{s.score:.2f}"))
            lines.append("  " + one_line(s.reason, 200))
        if lines:
            lines.append(tr("Tab to it, then Enter accepts, Backspace rejects."))
        return "\n".join(lines)

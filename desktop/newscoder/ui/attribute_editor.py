"""The inline attribute editor: a small card under a segment, all by keyboard.

Coding a span with a code that has attributes opens it with the pre-filled values
(F2 opens it on the selected segment). Tab and Shift+Tab move between the fields (and
stay inside the card), Enter confirms (one undoable edit), Escape closes it and keeps
what is stored. A choice or source field completes from its list as one types; a source
name not in the project's list is offered as a new source ("new: …") and added on Enter
with the same undo step. Values are checked by the core; a bad one is named under the
fields and the card stays open.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QFormLayout, QFrame, QLabel, QLineEdit, QVBoxLayout, QWidget

from newscoder.core import attributes as attrs
from newscoder.ui import plain

_SOURCE_PREFIX = ""


class AttributeEditor(QFrame):
    """A card of one line edit per attribute. Emits ``confirmed(values, new_source_names)`` or ``closed``."""

    confirmed = Signal(dict, list)  # values as typed → checked values; names of sources to add
    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("attributeEditor")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.defs: list[attrs.AttributeDef] = []
        self.fields: list[QLineEdit] = []
        self.segment_id: str | None = None
        self._sources: dict[str, str] = {}  # name casefold -> id
        self._source_names: dict[str, str] = {}  # id -> name
        self._spans: dict[str, Any] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 8, 10, 8)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        outer.addWidget(self.title)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(self.form)
        self.problem = QLabel()
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setObjectName("attributeProblem")
        outer.addWidget(self.problem)
        self.keys = QLabel(self.tr("Tab: next field · Enter: confirm · Esc: keep as is"))
        self.keys.setObjectName("attributeKeys")
        outer.addWidget(self.keys)
        self.hide()

    # -- filling --------------------------------------------------------------------
    def open_for(self, segment_id: str, code_name: str, defs: list[attrs.AttributeDef], values: dict[str, Any],
                 sources: list[tuple[str, str]], proposed: str = "") -> None:
        """Show the card for a segment: one field per attribute, filled from ``values``.

        ``proposed`` is a source name found in the sentence that is not in the list yet.
        """
        self.segment_id = segment_id
        self.defs = list(defs)
        self._sources = {name.casefold(): sid for sid, name in sources}
        self._source_names = dict(sources)
        self._spans = {k: v for k, v in values.items() if k.endswith(attrs.SPAN_SUFFIX)}
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields = []
        missing = set(attrs.missing_required(defs, values))
        for d in defs:
            edit = QLineEdit()
            edit.setObjectName(f"attr:{d.name}")
            edit.setText(attrs.format_value(d, values.get(d.name), lambda sid: self._source_names.get(sid, sid)))
            tip = d.help + (f"\n{self.tr('Choices')}: {', '.join(d.choices)}" if d.choices else "")
            edit.setToolTip(plain.tip(tip))
            edit.setPlaceholderText({"choice": " / ".join(d.choices[:4]) + (" …" if len(d.choices) > 4 else ""),
                                     "integer range": "10000-12000", "date": "2024-10-31",
                                     "source": self.tr("who said it")}.get(d.type, d.help[:40]))
            if d.type == "source" and not edit.text() and proposed:
                edit.setText(proposed)
            if d.type in ("choice", "source"):
                words = list(d.choices) if d.type == "choice" else [n for _i, n in sources]
                completer = QCompleter(words, edit)
                completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
                completer.setFilterMode(Qt.MatchFlag.MatchContains)
                edit.setCompleter(completer)
            edit.installEventFilter(self)
            label = d.name + (" *" if d.required else "")
            if d.name in missing:
                label += " " + self.tr("(missing)")
            self.form.addRow(plain.label(label), edit)
            self.fields.append(edit)
        self.title.setText(self.tr("%1 — attributes").replace("%1", code_name))
        self.problem.clear()
        self.problem.hide()
        self.adjustSize()
        self.show()
        self.raise_()
        if self.fields:
            first = next((f for f, d in zip(self.fields, defs, strict=True) if d.name in missing), self.fields[0])
            first.setFocus(Qt.FocusReason.OtherFocusReason)
            first.selectAll()

    def place_below(self, point: QPoint) -> None:
        """Put the card's top-left at ``point`` (viewport coordinates), kept inside the parent."""
        parent = self.parentWidget()
        if parent is None:
            return
        x = max(4, min(point.x(), parent.width() - self.width() - 4))
        y = point.y()
        if y + self.height() > parent.height():
            y = max(4, point.y() - self.height() - 24)
        self.move(x, y)

    # -- reading ------------------------------------------------------------------
    def values(self) -> tuple[dict[str, Any], list[str]]:
        """The typed values (checked by the core), and source names to add; raises ``AttributeValueError``."""
        out: dict[str, Any] = {}
        new: list[str] = []
        for d, edit in zip(self.defs, self.fields, strict=True):
            text = edit.text().strip()
            if not text:
                continue
            if d.type == "source":
                found = self._sources.get(" ".join(text.split()).casefold())
                if found is None:
                    new.append(" ".join(text.split()))
                    out[d.name] = " ".join(text.split())  # a name: the controller adds it and puts its id here
                else:
                    out[d.name] = found
                    span = self._spans.get(d.name + attrs.SPAN_SUFFIX)
                    if span is not None:
                        out[d.name + attrs.SPAN_SUFFIX] = span
                continue
            out[d.name] = attrs.check_value(d, text)
        return out, new

    def show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()
        self.adjustSize()

    # -- keys ---------------------------------------------------------------------
    def _step(self, delta: int) -> None:
        if not self.fields:
            return
        focused = next((i for i, f in enumerate(self.fields) if f.hasFocus()), -1)
        nxt = self.fields[(focused + delta) % len(self.fields)]
        nxt.setFocus(Qt.FocusReason.TabFocusReason)
        nxt.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and watched in self.fields:
            popup = watched.completer().popup() if isinstance(watched, QLineEdit) and watched.completer() else None
            if popup is not None and popup.isVisible():
                return False  # the completer takes Enter / Escape / arrows first
            key = event.key()
            if key == Qt.Key.Key_Tab:
                self._step(1)
                return True
            if key == Qt.Key.Key_Backtab:
                self._step(-1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.confirm()
                return True
            if key == Qt.Key.Key_Escape:
                self.close_card()
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_card()
            return
        super().keyPressEvent(event)

    def confirm(self) -> None:
        try:
            values, new = self.values()
        except attrs.AttributeValueError as exc:
            self.show_problem(str(exc))
            return
        self.confirmed.emit(values, new)

    def close_card(self) -> None:
        self.hide()
        self.segment_id = None
        self.closed.emit()

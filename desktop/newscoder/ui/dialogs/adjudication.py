"""Analysis ▸ Adjudicate…: settle the coders' disagreements into the gold layer, by keyboard.

The window walks the units of the chosen coders (:mod:`newscoder.core.gold.units`) that
are disagreements, worst documents first, then by position. Each unit shows every
coder's version in its context, named or, when blind, as "A", "B", … Keys (declared in
the action registry, "Adjudication window"): 1–9 accept that coder's version, U the
union, I the intersection, E edits the boundary or the code, N accepts nothing, A adds a
gold segment no coder has, R gives
a reason, Enter goes to the next open unit, Shift+Enter back; Ctrl+Shift+A accepts every
agreed unit. Each decision is one core edit in this window's own undo stack (Ctrl+Z,
Ctrl+Shift+Z). Progress (decided, remaining) is always shown. The window holds its own
connection; the coding window sees its writes as external changes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox, QHBoxLayout, QLabel, QListView, QPlainTextEdit, QSplitter, QVBoxLayout, QWidget,
)

from newscoder.core import gold_store
from newscoder.core.changes import Changes
from newscoder.core.edits import Edit, apply
from newscoder.core.errors import UserError
from newscoder.core.gold import decide
from newscoder.core.gold.auto import agreed_edit, worst_first
from newscoder.core.gold.units import Unit, load_units
from newscoder.core.store import Project
from newscoder.ui.actions import SPEC, ActionId, keys_of
from newscoder.ui.background import run_with_progress, show_error
from newscoder.ui.dialogs.adjudication_forms import EditSpanDialog, ReasonDialog
from newscoder.ui.models.units import UnitListModel
from newscoder.ui.undo import UndoController
from newscoder.ui.watcher import ProjectWatcher

#: characters of context shown on each side of a unit
CONTEXT = 120
LETTERS = "ABCDEFGHI"


def tr(text: str) -> str:
    return QCoreApplication.translate("AdjudicationWindow", text)


def walk_order(units: list[Unit], titles: dict[str, str]) -> list[Unit]:
    """The disagreement units, worst documents first, then by position."""
    rank = {d: i for i, d in enumerate(worst_first(units, titles))}
    return sorted((u for u in units if not u.agreed), key=lambda u: (rank[u.document_id], u.start, u.end, u.key))


def _load(path: Path, coder_ids: list[str]) -> list[Unit]:
    """Runs off the UI thread, on its own connection."""
    with Project.open(path) as project:
        return load_units(project, coder_ids)


class AdjudicationWindow(QWidget):
    """A non-modal window: one unit at a time, decided by one key press each."""

    def __init__(self, project_path: Path, coders: list[tuple[str, str]], adjudicator: str,
                 parent: QWidget | None = None, *, blind: bool = False) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(tr("Adjudicate"))
        self.setObjectName("adjudication_window")
        self.project = Project.open(project_path)
        self.coders = coders
        self.adjudicator = adjudicator
        self.all_units: list[Unit] = []
        self.pending_reason = ""
        self.form: EditSpanDialog | ReasonDialog | None = None
        self.titles = gold_store.documents_titles(self.project)
        self.code_names = {c.id: c.name for c in self.project.codes()}
        self.undo = UndoController(self.project, self, apply=self._apply)
        self.undo.applied.connect(self._after_change)
        self.undo.failed.connect(self._say)
        self._build(blind)
        self._bind_keys()
        self.reload()
        # another program (the CLI's gold auto, a merge, the coding window) may write meanwhile
        self.watcher = ProjectWatcher(self)
        self.watcher.changed.connect(lambda: self._after_change(Changes.everything()))
        self.watcher.watch(self.project)

    # -- layout -------------------------------------------------------------------------
    def _build(self, blind: bool) -> None:
        self.progress = QLabel(self)
        self.progress.setObjectName("adjudication_progress")
        self.blind = QCheckBox(tr("&Blind: call the coders A, B, …"), self)
        self.blind.setChecked(blind)
        self.blind.toggled.connect(lambda _on: self._show_current())
        self.model = UnitListModel(self)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)  # tens of thousands of units: never measure every row
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.clicked.connect(lambda index: self.go_to(index.row()))
        self.heading = QLabel(self)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.versions = QPlainTextEdit(self)
        self.versions.setReadOnly(True)
        self.versions.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.versions.setObjectName("adjudication_versions")
        self.gold = QLabel(self)
        self.gold.setTextFormat(Qt.TextFormat.PlainText)
        self.gold.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        keys = QLabel(tr("1–9 accept a coder's version · U union · I intersection · E edit · N nothing · "
                         "A add · R reason · Enter next · Ctrl+Z undo"), self)
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        for w in (self.heading, self.versions, self.gold, self.status, keys):
            rl.addWidget(w)
        split = QSplitter(self)
        split.addWidget(self.list)
        split.addWidget(right)
        split.setSizes([300, 700])
        top = QHBoxLayout()
        top.addWidget(self.progress, 1)
        top.addWidget(self.blind)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.resize(1100, 650)

    def _say(self, message: str) -> None:
        self.status.setText(message)

    def _bind_keys(self) -> None:
        """One QAction per registry entry, shortcuts from the registry, active in this window."""
        self.actions_by_key: dict[str, QAction] = {}
        for n, key in enumerate(keys_of(ActionId.ADJUDICATE_ACCEPT)):
            self._action(f"accept_{n + 1}", [key], functools.partial(self.accept_coder, n))
        simple: dict[ActionId, Callable[[], object]] = {
            ActionId.ADJUDICATE_UNION: lambda: self.decide_unit(decide.UNION),
            ActionId.ADJUDICATE_INTERSECTION: lambda: self.decide_unit(decide.INTERSECTION),
            ActionId.ADJUDICATE_NOTHING: lambda: self.decide_unit(decide.NONE),
            ActionId.ADJUDICATE_EDIT: self.edit_unit, ActionId.ADJUDICATE_REASON: self.give_reason,
            ActionId.ADJUDICATE_ADD: self.add_segment,
            ActionId.ADJUDICATE_NEXT: self.next_unit, ActionId.ADJUDICATE_PREVIOUS: self.previous_unit,
            ActionId.ADJUDICATE_AGREED: self.accept_agreed,
            ActionId.ADJUDICATE_UNDO: self.undo_decision, ActionId.ADJUDICATE_REDO: self.redo_decision,
        }
        for action_id, slot in simple.items():
            self._action(action_id.name.lower(), keys_of(action_id), slot, SPEC[action_id].text)

    def _action(self, name: str, keys: list[QKeySequence], slot: Callable[[], object], text: str = "") -> None:
        action = QAction(QCoreApplication.translate("Actions", text or name), self)
        action.setObjectName(f"action_{name}")
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        self.actions_by_key[name] = action

    # -- data ---------------------------------------------------------------------------
    def reload(self) -> None:
        ids = [c for c, _ in self.coders]
        try:
            units = run_with_progress(self, tr("Finding the units"), _load, self.project.path, ids)
        except UserError as exc:
            show_error(self, exc)
            units = []
        self.all_units = units
        self.units = walk_order(units, self.titles)
        self.rows_of: dict[str, list[int]] = {}
        for row, unit in enumerate(self.units):
            self.rows_of.setdefault(unit.document_id, []).append(row)
        settled = gold_store.decided_segment_ids(self.project)
        self.model.set_units(self.units, [decide.is_decided(u, settled) for u in self.units], self.titles,
                             self.code_names)
        first = next((i for i in range(len(self.units)) if not self.model.decided(i)), 0)
        self.go_to(first)

    def _apply(self, edit: Edit) -> Changes:
        return apply(self.project, edit)

    def _after_change(self, changes: Changes) -> None:
        """Re-mark only the units of the documents whose gold changed (all, after an external change)."""
        docs = None if changes.external else sorted(changes.gold_documents)
        settled = gold_store.decided_segment_ids(self.project, docs)
        rows = (range(len(self.units)) if docs is None else [r for d in docs for r in self.rows_of.get(d, ())])
        self.model.mark({r: decide.is_decided(self.units[r], settled) for r in rows})
        self._show_current()

    @property
    def row(self) -> int:
        return self.list.currentIndex().row()

    def current(self) -> Unit | None:
        return self.model.unit(self.row)

    # -- walking ------------------------------------------------------------------------
    def go_to(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(row))
            self.list.scrollTo(self.model.index(row))
        self.pending_reason = ""
        self._show_current()

    def next_unit(self) -> None:
        """The next open unit after this one (wrapping round); stays if every unit is decided."""
        n = self.model.rowCount()
        for step in range(1, n + 1):
            row = (self.row + step) % n
            if not self.model.decided(row):
                self.go_to(row)
                return
        self.status.setText(tr("Every unit is decided."))

    def previous_unit(self) -> None:
        if self.row > 0:
            self.go_to(self.row - 1)

    # -- decisions ----------------------------------------------------------------------
    def undo_decision(self) -> None:
        if self.undo.stack.canUndo():
            text = self.undo.stack.undoText()
            self.undo.stack.undo()
            self.status.setText(tr("Undone: {what}").format(what=text))

    def redo_decision(self) -> None:
        if self.undo.stack.canRedo():
            text = self.undo.stack.redoText()
            self.undo.stack.redo()
            self.status.setText(tr("Redone: {what}").format(what=text))

    def _push(self, build: Callable[[], Edit]) -> None:
        try:
            edit = build()
        except UserError as exc:
            self.status.setText(str(exc))
            return
        if self.undo.push(edit):
            self.status.setText(tr("Saved: {what}").format(what=edit.label))

    def decide_unit(self, kind: str, **kw: object) -> None:
        unit = self.current()
        if unit is None:
            return
        reason = self.pending_reason
        self._push(lambda: decide.decide(self.project, unit, kind, self.adjudicator, reason=reason,
                                         **kw))  # type: ignore[arg-type]

    def accept_coder(self, n: int) -> None:
        if n >= len(self.coders):
            self.status.setText(tr("There is no coder {n}.").format(n=n + 1))
            return
        self.decide_unit(decide.ACCEPT, coder=n)

    def accept_agreed(self) -> None:
        self._push(lambda: agreed_edit(self.project, self.all_units, self.adjudicator))

    def edit_unit(self) -> None:
        unit = self.current()
        if unit is None:
            return
        rows = decide.unit_decision(self.project, unit)
        start, end, code = (rows[0].start, rows[0].end, rows[0].code_id) if rows and rows[0].is_segment else (
            unit.start, unit.end, unit.code_id)
        length = len(self.project.document_text(unit.document_id))
        form = EditSpanDialog(self, self.project.document_text(unit.document_id), length,
                              [(c.id, c.name) for c in self.project.codes()], start, end, code)
        form.accepted.connect(lambda: self.decide_unit(decide.EDITED, span=form.span(), code_id=form.code_id()))
        self.form = form
        form.open()

    def add_segment(self) -> None:
        """A gold segment no coder has, in this unit's article (the span starts as the unit's)."""
        unit = self.current()
        if unit is None:
            return
        text = self.project.document_text(unit.document_id)
        form = EditSpanDialog(self, text, len(text), [(c.id, c.name) for c in self.project.codes()],
                              unit.start, unit.end, unit.code_id)
        form.setWindowTitle(tr("Add a gold segment"))

        def add() -> None:
            start, end = form.span()
            self._push(lambda: decide.add_gold(self.project, unit.document_id, form.code_id(), start, end,
                                               self.adjudicator, self.pending_reason))

        form.accepted.connect(add)
        self.form = form
        form.open()

    def give_reason(self) -> None:
        unit = self.current()
        if unit is None:
            return
        rows = decide.unit_decision(self.project, unit)
        form = ReasonDialog(self, rows[0].reason if rows else self.pending_reason)
        form.accepted.connect(lambda: self._set_reason(unit, form.reason()))
        self.form = form
        form.open()

    def _set_reason(self, unit: Unit, reason: str) -> None:
        if decide.unit_decision(self.project, unit):
            self._push(lambda: decide.set_reason(self.project, unit, reason))
        else:
            self.pending_reason = reason  # goes with the decision that follows
            self.status.setText(tr("The reason goes with your decision on this unit."))

    # -- showing ------------------------------------------------------------------------
    def coder_label(self, n: int) -> str:
        return LETTERS[n] if self.blind.isChecked() else self.coders[n][1]

    def _show_current(self) -> None:
        decided = self.model.decided_count()
        total = self.model.rowCount()
        self.progress.setText(tr("Decided {d} · Remaining {r} · {t} disagreements").format(
            d=decided, r=total - decided, t=total))
        unit = self.current()
        self.versions.clear()
        if unit is None:
            self.heading.setText(tr("No disagreements between these coders."))
            self.gold.setText("")
            return
        self.heading.setText(tr("Unit {i} of {n} · {title} · code {code} · characters {s}–{e}").format(
            i=self.row + 1, n=total, title=self.titles.get(unit.document_id, ""),
            code=self.code_names.get(unit.code_id, "?"), s=unit.start, e=unit.end))
        self._write_versions(unit)
        rows = decide.unit_decision(self.project, unit)
        added = [g for g in gold_store.gold_rows(self.project, document_id=unit.document_id)
                 if g.decision == decide.ADDED and g.start < unit.end and unit.start < g.end]
        self.gold.setText(self._describe(unit, rows + added) if added else self._describe(unit, rows))

    def _write_versions(self, unit: Unit) -> None:
        text = self.project.document_text(unit.document_id)
        lo, hi = max(0, unit.start - CONTEXT), min(len(text), unit.end + CONTEXT)
        cursor = self.versions.textCursor()
        plain, marked, label_fmt = QTextCharFormat(), QTextCharFormat(), QTextCharFormat()
        marked.setFontUnderline(True)
        marked.setFontWeight(QFont.Weight.Bold)
        marked.setBackground(self.palette().highlight())
        marked.setForeground(self.palette().highlightedText())
        label_fmt.setFontWeight(QFont.Weight.Bold)
        inside = set(unit.segment_ids)
        others: dict[str, list[str]] = {}
        for sid, code_id, coder_id, s, e in self.project.segment_spans(unit.document_id):
            if sid not in inside and s < unit.end and unit.start < e:
                others.setdefault(coder_id, []).append(
                    f"{self.code_names.get(code_id, '?')} {s}–{e}")
        for n in range(len(self.coders)):
            version = unit.version_of(n)
            cursor.insertText(f"{n + 1}  {self.coder_label(n)}: ", label_fmt)
            also = others.get(self.coders[n][0])
            if also:
                cursor.insertText(tr("(also coded here: {what}) ").format(what=", ".join(sorted(also))), plain)
            if version is None:
                cursor.insertText(tr("(nothing here)") + "\n\n", plain)
                continue
            spans = ", ".join(f"{s}–{e}" for s, e in version.spans)
            cursor.insertText(f"[{spans}]\n", plain)
            pos = lo
            for s, e in version.spans:
                cursor.insertText(text[pos:s], plain)
                cursor.insertText("⟦" + text[s:e] + "⟧", marked)
                pos = e
            cursor.insertText(text[pos:hi] + "\n\n", plain)
        self.versions.moveCursor(QTextCursor.MoveOperation.Start)

    def _describe(self, unit: Unit, rows: list[gold_store.GoldSegment]) -> str:
        parts = [] if any(g.decision != decide.ADDED for g in rows) else [tr("Gold: not decided yet.")]
        for g in rows:
            quote = " ".join(g.quote.split())
            quote = quote if len(quote) <= 80 else quote[:79] + "…"
            what = tr("nothing") if not g.is_segment else tr("{code} at {s}–{e} ⟦{quote}⟧").format(
                code=self.code_names.get(g.code_id, "?"), s=g.start, e=g.end, quote=quote)
            decision = g.decision
            source = next((v.coder for v in unit.versions if set(v.segment_ids) == set(g.sources)), None)
            if g.decision == decide.ACCEPT and source is not None:
                decision = tr("{coder}'s version").format(coder=self.coder_label(source))
            parts.append(tr("Gold: {what} ({decision}, by {who})").format(
                what=what, decision=decision, who=g.adjudicator))
            if g.reason:
                parts.append(tr("Reason: {reason}").format(reason=g.reason))
        return "\n".join(parts)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.form is not None:
            self.form.reject()
        self.watcher.stop()
        self.undo.stack.clear()
        self.project.close()
        super().closeEvent(event)

    def index_of(self, unit: Unit) -> QModelIndex:
        return self.model.index(self.units.index(unit))

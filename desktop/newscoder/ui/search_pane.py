"""Edit ▸ Search all articles (Ctrl+Shift+F): a docked pane to search the corpus and code the hits.

The search runs off the UI thread behind a cancellable progress dialog (on its own
connection, as :mod:`newscoder.ui.background` requires), under the regular-expression time
budget of :mod:`newscoder.core.search.engine`. The hits come back in keyword-in-context
rows. Moving between rows (arrow keys) opens each hit's article, highlights every hit of
the query in it and scrolls to the current one.

Review keys (declared in the action registry, "Search pane"): **Enter** codes the
current hit with the chosen code (a dictionary hit: with its own code) at the chosen
extent and moves on, **Backspace** skips it, **1–9** code it with that code key, and
**Ctrl+Enter** ("Code all N hits") codes every hit left as one undoable edit. Hits the
coder already coded with that code are marked, never coded twice.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from newscoder.core.changes import Changes
from newscoder.core.edits import Edit
from newscoder.core.errors import UserError
from newscoder.core.search import autocode, engine
from newscoder.core.search.extent import Extent
from newscoder.core.session import CodingSession
from newscoder.ui import actions as act
from newscoder.ui.actions import ActionId
from newscoder.ui.article_view import ArticleView
from newscoder.ui.background import run_with_progress, show_error
from newscoder.ui.models.search_hits import HitRow, Review, SearchHitsModel
from newscoder.ui.plain import label as plain_label
from newscoder.ui.search_support import MAX_HITS, HitsView, dictionary_worker, search_worker
from newscoder.ui.undo import UndoController
from newscoder.ui import file_dialogs

def tr(text: str) -> str:
    return QCoreApplication.translate("SearchPane", text)


class SearchPane(QDockWidget):
    """The docked pane; :meth:`attach` gives it the session, the undo stack and the window's navigation."""

    def __init__(self, view: ArticleView, undo: UndoController, select_article: Callable[[str], None],
                 say: Callable[[str, int], None], parent: QWidget | None = None) -> None:
        super().__init__(tr("Search all articles"), parent)
        self.setObjectName("searchPane")
        self.view, self.undo, self._select_article, self._say = view, undo, select_article, say
        self.session: CodingSession | None = None
        #: an edit of its own for a row (More like this: the suggestion engine's accept), else None
        self.edit_for_hit: Callable[[HitRow, str], Edit | None] | None = None
        #: the same for "Code all" (the plan's proposals and the rows they came from), else None
        self.edit_for_plan: Callable[[list[autocode.Proposal], list[HitRow]], Edit | None] | None = None
        self.model = SearchHitsModel(self._code_name, self)
        body = QWidget()
        box = QVBoxLayout(body)
        box.setContentsMargins(6, 2, 6, 2)
        box.setSpacing(4)
        self.query = QLineEdit()
        self.query.setObjectName("searchQuery")
        self.query.setPlaceholderText(tr('words, "a phrase", troop*, a OR b, NOT x, NEAR(a b, 5), #troops'))
        self.query.setAccessibleName(tr("Search query"))
        self.query.returnPressed.connect(self.run_search)
        self.regex = QCheckBox(tr("Re&gex"))
        self.where = QLineEdit()
        self.where.setPlaceholderText(tr("only where, e.g. source=AFP; status=done; code!=denial"))
        self.where.setAccessibleName(tr("Only articles where"))
        self.where.returnPressed.connect(self.run_search)
        go, dictionary = QPushButton(tr("&Search")), QPushButton(tr("&Dictionary…"))
        go.clicked.connect(self.run_search)
        dictionary.clicked.connect(self.choose_dictionary)
        self.code = QComboBox()
        self.code.setAccessibleName(tr("Code hits with"))
        self.extent = QComboBox()
        self.extent.setAccessibleName(tr("Extent"))
        for e, label in ((Extent.MATCH, tr("the match")), (Extent.WORD, tr("its words")),
                         (Extent.SENTENCE, tr("its sentence")), (Extent.PARAGRAPH, tr("its paragraph"))):
            self.extent.addItem(label, e.value)
        self.code_all = QPushButton(tr("Code all hits"))
        self.code_all.setObjectName("codeAllHits")
        self.code_all.clicked.connect(self.code_all_hits)
        row1 = QHBoxLayout()
        for w in (self.query, self.regex, go, dictionary):
            row1.addWidget(w)
        row1.setStretch(0, 1)
        row2 = QHBoxLayout()
        parts: tuple[QWidget, ...] = (self.where, QLabel(tr("Code with")), self.code, QLabel(tr("extent")),
                                      self.extent, self.code_all)
        for part in parts:
            row2.addWidget(part)
        row2.setStretch(0, 1)
        self.table = HitsView()
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for col, width in ((0, 90), (1, 200), (2, 260), (3, 220), (4, 260), (5, 110)):
            self.table.setColumnWidth(col, width)
        self.table.setColumnHidden(SearchHitsModel.CODE, True)  # shown for a dictionary's hits
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.status = plain_label()  # errors quote the query
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        for layout in (row1, row2):
            box.addLayout(layout)
        box.addWidget(self.table, 1)
        box.addWidget(self.status)
        self.setWidget(body)
        self._bind_keys()

    # -- wiring ----------------------------------------------------------------------------
    def _bind_keys(self) -> None:
        bindings = ((ActionId.SEARCH_ACCEPT, self.accept_current), (ActionId.SEARCH_SKIP, self.skip_current),
                    (ActionId.SEARCH_CODE_ALL, self.code_all_hits))
        for action_id, slot in bindings:
            action = QAction(act._tr(act.SPEC[action_id].text), self.table)
            action.setObjectName(f"action_{action_id.name.lower()}")
            action.setShortcuts(act.keys_of(action_id))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(lambda _c=False, s=slot: s())
            self.table.addAction(action)
        for key in "123456789":
            action = QAction(tr("Code the hit with key %1").replace("%1", key), self.table)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(lambda _c=False, k=key: self.code_key(k))
            self.table.addAction(action)
        self.code_all.setText(tr("Code all hits"))

    def attach(self, session: CodingSession | None) -> None:
        """Follow a (new) session: the codes to choose from; old hits go."""
        self.session = session
        self.reload_codes()
        self.model.set_rows([])
        self._update_status()

    def reload_codes(self) -> None:
        current = self.code.currentData()
        self.code.clear()
        for c in self.session.codes() if self.session else []:
            self.code.addItem(f"{c.shortcut + '  ' if c.shortcut else ''}{c.name}", c.id)
        i = self.code.findData(current)
        self.code.setCurrentIndex(max(i, 0))

    def apply_changes(self, changes: Changes) -> None:
        if changes.codebook_changed:
            self.reload_codes()
        gone = changes.external or any(s is None or s.deleted_at for s in changes.segments.values())
        if gone and self.session is not None:  # an undo (or another program) removed segments: re-check
            for i, item in enumerate(self.model.rows()):
                if item.review is Review.CODED and item.coded is not None and (
                        changes.external or item.hit.document_id in changes.segment_documents):
                    code, extent = item.coded
                    plan = autocode.plan_hits(self.session.project, [(code, item.hit)], self.session.coder_id,
                                              extent=extent)
                    if plan.proposals:
                        self.model.set_review(i, Review.PENDING)
            self._update_status()

    def open_pane(self) -> None:
        first = self.isHidden()
        self.show()
        window = self.parent()
        if first and isinstance(window, QMainWindow):  # a useful height once it is laid out
            QTimer.singleShot(0, self, lambda: window.resizeDocks(
                [self], [max(300, window.height() * 2 // 5)], Qt.Orientation.Vertical))
        self.raise_()
        self.query.setFocus()
        self.query.selectAll()

    def _code_name(self, code_id: str) -> str:
        code = self.session.code(code_id) if self.session else None
        return code.name if code else "?"

    def _where(self) -> list[str]:
        return [w.strip() for w in self.where.text().split(";") if w.strip()]

    # -- searching ----------------------------------------------------------------------------
    def run_search(self) -> None:
        if self.session is None or not self.query.text().strip():
            return
        try:
            result = run_with_progress(self, tr("Searching…"), search_worker, Path(self.session.project.path),
                                       self.query.text(), self.regex.isChecked(), self._where())
        except engine.SearchCancelled:
            self._say(tr("Search cancelled."), 4000)
            return
        except UserError as exc:
            self.status.setText(str(exc))
            return
        self.show_hits([HitRow(None, h) for h in result.hits], truncated=result.truncated)

    def choose_dictionary(self) -> None:
        if self.session is None:
            return
        name = file_dialogs.open_file_name(self, tr("Dictionary"), "", tr("CSV files (*.csv);;All files (*)"))
        if name:
            self.run_dictionary(Path(name))

    def run_dictionary(self, path: Path) -> None:
        if self.session is None:
            return
        try:
            pairs = run_with_progress(self, tr("Running the dictionary…"), dictionary_worker,
                                      Path(self.session.project.path), path, self._where())
        except engine.SearchCancelled:
            return
        except UserError as exc:
            show_error(self, exc, tr("Dictionary"))
            return
        order = {c.id: i for i, c in enumerate(self.session.all_codes())}
        rows = sorted((HitRow(code_id, h) for code_id, h in pairs), key=lambda r: order.get(r.code_id or "", 0))
        self.show_hits(rows, truncated=len(pairs) >= MAX_HITS)

    def show_hits(self, rows: list[HitRow], *, truncated: bool = False) -> None:
        self.model.set_rows(rows)
        self.table.setColumnHidden(SearchHitsModel.CODE, not any(r.code_id for r in rows))
        self._truncated = truncated
        self._update_status()
        if rows:
            self.table.setFocus()
            self._go(0)
        else:
            self.view.setExtraSelections([])

    _truncated = False

    def _update_status(self) -> None:
        n, left = self.model.rowCount(), len(self.model.pending())
        docs = len({r.hit.document_id for r in self.model.rows()})
        more = tr(" (stopped at %1)").replace("%1", str(MAX_HITS)) if self._truncated else ""
        self.status.setText(tr("%1 hits in %2 articles%3; %4 to review").replace("%1", str(n)).replace(
            "%2", str(docs)).replace("%3", more).replace("%4", str(left)))
        self.code_all.setText(tr("Code all %1 hits").replace("%1", str(left)))
        self.code_all.setEnabled(left > 0)

    # -- following the current hit ----------------------------------------------------------------
    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def _go(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.selectionModel().setCurrentIndex(
                self.model.index_of(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = self.model.row(current.row()) if current.isValid() else None
        if item is None or self.session is None:
            return
        if self.session.document_id != item.hit.document_id:
            self._select_article(item.hit.document_id)
        self.highlight(current.row())

    def highlight(self, current: int) -> None:
        """Every hit of the current article highlighted in it, the current one stronger, scrolled to."""
        item = self.model.row(current)
        if item is None:
            return
        selections = []
        offsets = self.view.offsets
        for i in self.model.rows_in(item.hit.document_id):
            h = self.model.row(i).hit  # type: ignore[union-attr]
            a, b = offsets.span_to_utf16(h.start, h.end)
            cur = QTextCursor(self.view.document())
            cur.setPosition(a)
            cur.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
            sel = QTextEdit.ExtraSelection()
            sel.cursor = cur
            sel.format.setBackground(QColor("#FFB300") if i == current else QColor("#FFF3B0"))
            sel.format.setForeground(QColor("#000000"))
            selections.append(sel)
        self.view.setExtraSelections(selections)
        a, b = offsets.span_to_utf16(item.hit.start, item.hit.end)
        cur = QTextCursor(self.view.document())
        cur.setPosition(b)
        self.view.setTextCursor(cur)
        end_rect = self.view.cursorRect()
        cur.setPosition(a)
        self.view.setTextCursor(cur)
        if not self.view.viewport().rect().contains(self.view.cursorRect().center()) or \
                not self.view.viewport().rect().contains(end_rect.center()):
            self.view.centerCursor()

    def hits_in_view(self) -> list[tuple[int, int]]:
        """The highlighted spans (UTF-16) in the article view (for tests)."""
        return [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in self.view.extraSelections()]

    # -- review -------------------------------------------------------------------------------------
    def _code_for(self, item: HitRow) -> str | None:
        return item.code_id or self.code.currentData()

    def _next(self, row: int) -> None:
        following = [r for r in self.model.pending() if r > row]
        self._go(following[0] if following else min(row + 1, self.model.rowCount() - 1))
        self._update_status()

    def accept_current(self, code_id: str | None = None) -> None:
        """Code the current hit (with ``code_id``, its dictionary code or the chosen code) and move on."""
        row = self.current_row()
        item = self.model.row(row)
        if item is None or self.session is None:
            return
        code = code_id or self._code_for(item)
        if not code:
            self._say(tr("Choose a code first."), 4000)
            return
        plan = autocode.plan_hits(self.session.project, [(code, item.hit)], self.session.coder_id,
                                  extent=self.extent.currentData())
        if plan.proposals:
            try:
                edit = self.edit_for_hit(item, code) if self.edit_for_hit is not None else None
            except UserError as exc:
                self._say(str(exc), 8000)
                return
            if edit is None:
                edit = autocode.batch_edit(self.session.project, plan.proposals, self.session.coder_id,
                                           coder_name=self.session.coder.name)
            if not self.undo.push(edit):
                return
            self.model.set_review(row, Review.CODED)
            item.coded = (code, self.extent.currentData())
        else:
            self.model.set_review(row, Review.ALREADY)
        self._next(row)

    def code_key(self, key: str) -> None:
        code = self.session.code_for_key(key) if self.session else None
        if code is None:
            self._say(tr("No code has the key %1.").replace("%1", key), 4000)
            return
        self.accept_current(code.id)

    def skip_current(self) -> None:
        row = self.current_row()
        if self.model.row(row) is None:
            return
        self.model.set_review(row, Review.SKIPPED)
        self._next(row)

    def code_all_hits(self) -> None:
        """Every hit not yet reviewed, coded as one undoable edit ("Autocode: N segments")."""
        if self.session is None:
            return
        rows = self.model.pending()
        pairs = [(code, item.hit) for r in rows
                 if (item := self.model.row(r)) is not None and (code := self._code_for(item))]
        if not pairs:
            return
        project, coder = self.session.project, self.session.coder_id
        plan = autocode.plan_hits(project, pairs, coder, extent=self.extent.currentData())
        made = 0
        if plan.proposals:
            items = [item for r in rows if (item := self.model.row(r)) is not None]
            try:
                edit = self.edit_for_plan(plan.proposals, items) if self.edit_for_plan is not None else None
            except UserError as exc:
                self._say(str(exc), 8000)
                return
            if edit is None:
                edit = autocode.batch_edit(project, plan.proposals, coder, coder_name=self.session.coder.name)
            if not self.undo.push(edit):
                return
            made = autocode.segments_made(edit)
        extent = self.extent.currentData()
        for r in rows:
            item = self.model.row(r)
            if item is not None:
                item.coded = (self._code_for(item) or "", extent)
            self.model.set_review(r, Review.CODED)
        self._update_status()
        self._say(tr("Coded %1, already coded %2.").replace("%1", str(made)).replace("%2", str(plan.already)), 8000)

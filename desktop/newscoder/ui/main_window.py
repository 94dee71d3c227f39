"""The coding window: a composition root over the session, the controllers and the views.

One key press goes view → action (registry) → :class:`CodingController` → the core
:class:`CodingSession` → one edit on the :class:`UndoController` (``QUndoStack.push``
applies it) → one :class:`Changes` → each model and view refreshes only itself
(see docs/architecture.md). The window only builds and wires the parts.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QShowEvent
from PySide6.QtWidgets import QMainWindow, QToolBar

from newscoder.core.changes import Changes
from newscoder.core.session import CodingSession
from newscoder.core.store import Project
from newscoder.ui import actions as act
from newscoder.ui.actions import ActionId
from newscoder.ui.analysis_menu import AnalysisMenuController
from newscoder.ui.attribute_editing import AttributeEditing
from newscoder.ui.article_navigation import ArticleNavigator
from newscoder.ui.coding import CodingController
from newscoder.ui.file_menu import FileMenuController
from newscoder.ui.help_menu import HelpMenuController
from newscoder.ui.icons import app_icon
from newscoder.ui.article_list_controls import ArticleListControls
from newscoder.ui.models.article_groups import ArticleFilterModel
from newscoder.ui.models.article_list import ArticleListModel
from newscoder.ui.models.codebook import CodebookModel
from newscoder.ui.models.segments import SegmentListModel
from newscoder.ui.sources_pane import SourcesPane
from newscoder.core.snapping import snap_to_words
from newscoder.ui.search_pane import SearchPane
from newscoder.ui.suggestion_review import SuggestionReview
from newscoder.ui.suggestions import SuggestionController
from newscoder.ui.undo import UndoController
from newscoder.ui.watcher import ExternalChanges
from newscoder.ui.window_actions import build_actions
from newscoder.ui.window_layout import WindowLayout
from newscoder.ui.window_state import WindowState
from newscoder.ui.plain import tip


class MainWindow(QMainWindow):
    def __init__(self, project: Project | None, coder_name: str, *, interactive: bool = True) -> None:
        super().__init__()
        self.interactive = interactive
        self.session: CodingSession | None = None
        self.coder_name = coder_name
        self.setWindowTitle("Newscoder")
        self.setObjectName("MainWindow")
        self.setWindowIcon(app_icon())
        self.articles = ArticleListModel(self)
        self.filtered = ArticleFilterModel(self)
        self.filtered.setSourceModel(self.articles)
        self.codebook = CodebookModel(self)
        self.segment_model = SegmentListModel(self.codebook.code, self)
        self.ui = ui = WindowLayout(self, self.filtered, self.codebook, self.segment_model)
        self.view, self.panel, self.hint, self.find_bar, self.splitter = (
            ui.view, ui.panel, ui.hint, ui.find_bar, ui.splitter)
        self.article_list, self.filter_edit, self.title_label = ui.article_list, ui.filter_edit, ui.title_label
        self.saved_label, self.progress_label, self.coder_label = ui.saved_label, ui.progress_label, ui.coder_label
        self.empty_articles, self.empty_segments = ui.empty_articles, ui.empty_segments
        self.message_bar = ui.message_bar
        self.controller = UndoController(None, self)  # given its project by set_project
        self.analysis = AnalysisMenuController(
            self, lambda: self.session, self.controller, self.view, lambda: self.coder_name, self.refresh_all,
            self.select_article, lambda segment_id: self.select_segment(segment_id, scroll=True))
        self.files = FileMenuController(self, lambda: self.project, self.set_project, lambda: self.coder_name,
                                        self.set_coder, self.refresh_all, self.analysis.close_side_windows, self.say)
        self.help_pages = HelpMenuController(self, self.codebook.codes, lambda: self.project)
        self.actions_by_id, self.recent_menu = build_actions(self, self.view, self.handlers())
        self.undo_action, self.redo_action = self.action(ActionId.UNDO), self.action(ActionId.REDO)
        self.coding = CodingController(self.view, self.panel, self.codebook, self.segment_model, self.controller,
                                       self.action(ActionId.SHOW_OTHER_CODERS), self.action(ActionId.SNAP_TO_WORDS),
                                       self.say, self._on_failed, self, warn=self.warn)
        self.coding.ask_extend = self.ask_extend
        self.attribute_editing = AttributeEditing(self.view, self.segment_model, self.controller, self.say, self)
        self.coding.segmentCoded.connect(self.attribute_editing.segment_coded)
        self.sources_pane = SourcesPane(self.controller.push, self._on_failed, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.sources_pane)
        self.sources_pane.hide()
        self.sources_pane.visibilityChanged.connect(self.action(ActionId.SOURCES_PANE).setChecked)
        for again in (False, True):
            for key_action in act.make_code_key_actions(self.view, again=again):
                key_action.triggered.connect(
                    lambda _c=False, a=key_action, g=again: self.coding.code_key(str(a.data()), again=g))
        self.panel.segments.addAction(self.action(ActionId.DELETE_SEGMENT))  # Delete in the segment list too
        for only_view in (ActionId.CLEAR_SELECTION, ActionId.MOVE_START_LEFT, ActionId.MOVE_START_RIGHT,
                          ActionId.MOVE_END_LEFT, ActionId.MOVE_END_RIGHT):  # not in a card's fields over the text
            self.action(only_view).setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.external = ExternalChanges(self, self.panel, self.say)
        self.search_pane = SearchPane(self.view, self.controller, self.select_article, self.say, self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.search_pane)
        self.search_pane.hide()
        self.suggestions = SuggestionController(self.view, self.controller, self.actions_by_id, self.say, self)
        self.suggestions.clear_segment = lambda: self.coding.select_segment(None)
        self.suggestion_review = SuggestionReview(self.view, self.search_pane, self.say, lambda: self.session,
                                                  self.suggestions.engine_now, parent=self)
        self.state = WindowState(self, self.splitter, self.action(ActionId.SNAP_TO_WORDS))
        self.nav = ArticleNavigator(ui, self.articles, self.filtered, self.codebook, self.segment_model, self.coding,
                                   self.state, lambda: self.session, self.say, self)
        self.nav.shown.connect(self.suggestions.document_opened)
        self.list_controls = ArticleListControls(ui, self.articles, self.filtered, self.nav.keep_current,
                                                 self.action(ActionId.REVERSE_SORT), self.say, lambda: self.document_id,
                                                 self)
        self.action(ActionId.REVERSE_SORT).setIcon(self.style().standardIcon(self.style().StandardPixmap.SP_ArrowDown))
        ui.reverse_button.setDefaultAction(self.action(ActionId.REVERSE_SORT))
        ui.reverse_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        toolbar = self.findChild(QToolBar, "mainToolbar")
        assert toolbar is not None
        toolbar.addWidget(self.coder_label)
        self.recent_menu.aboutToShow.connect(lambda: self.files.fill_recent(self.recent_menu))
        self.controller.failed.connect(self._on_failed)
        self.controller.replayed.connect(self._on_replayed)
        self.controller.stack.canUndoChanged.connect(self.undo_action.setEnabled)
        self.controller.stack.canRedoChanged.connect(self.redo_action.setEnabled)
        for changed in (self.controller.applied, self.external.changed):  # every part follows Changes itself
            changed.connect(self.codebook.apply_changes)
            changed.connect(self.articles.apply_changes)
            changed.connect(self.coding.apply_changes)
            changed.connect(self.sources_pane.apply_changes)
            changed.connect(self._window_follows)
            changed.connect(self.search_pane.apply_changes)
            changed.connect(self.filtered.apply_changes)
            changed.connect(self.list_controls.apply_changes)
            changed.connect(self.suggestions.apply_changes)
        if project is not None:
            self.set_project(project)

    def handlers(self) -> dict[ActionId, Callable[..., object]]:
        """What each declared action does, bound by callable (the registry names no slots)."""
        files, analysis, pages = self.files, self.analysis, self.help_pages
        return {
            ActionId.NEW_PROJECT: files.new_project, ActionId.OPEN_PROJECT: files.open_project,
            ActionId.IMPORT_ARTICLES: files.import_articles, ActionId.IMPORT_FOLDER: files.import_folder,
            ActionId.EXPORT_SEGMENTS: files.export_segments_csv, ActionId.MERGE_PROJECT: files.merge_project,
            ActionId.EXPORT_COPY: files.export_copy, ActionId.IMPORT_CODEBOOK: files.import_codebook,
            ActionId.EXPORT_CODEBOOK: files.export_codebook, ActionId.IMPORT_QDPX: files.import_qdpx,
            ActionId.EXPORT_QDPX: files.export_qdpx, ActionId.RESTORE_BACKUP: files.restore_backup,
            ActionId.SWITCH_CODER: files.switch_coder, ActionId.QUIT: self.close,
            ActionId.UNDO: self.undo, ActionId.REDO: self.redo, ActionId.CODEBOOK: analysis.edit_codebook,
            ActionId.FIND: self.show_find, ActionId.SEARCH_CORPUS: lambda: self.search_pane.open_pane(),
            ActionId.MORE_LIKE_THIS: lambda: self.suggestion_review.more_like_this(),
            ActionId.REVIEW_SUGGESTIONS: lambda: self.suggestion_review.all_articles(),
            ActionId.NEXT_SUGGESTION: lambda: self.suggestions.step(True),
            ActionId.PREVIOUS_SUGGESTION: lambda: self.suggestions.step(False),
            ActionId.ACCEPT_SUGGESTION: lambda: self.suggestions.accept(),
            ActionId.REJECT_SUGGESTION: lambda: self.suggestions.reject(),
            ActionId.DOCUMENTS_TABLE: analysis.documents_table,
            ActionId.FOCUS_LIST: self.article_list.setFocus, ActionId.FOCUS_ARTICLE: self.view.setFocus,
            ActionId.FOCUS_FILTER: lambda: self.nav.focus_filter(), ActionId.PREVIOUS_ARTICLE: self.previous_article,
            ActionId.NEXT_ARTICLE: self.next_article, ActionId.MARK_DONE: self.mark_done,
            ActionId.REOPEN_ARTICLE: lambda: self.nav.reopen_article(),
            ActionId.CLEAR_SELECTION: lambda: self.coding.clear_selection(),
            ActionId.MOVE_START_LEFT: lambda: self.coding.nudge("start", False),
            ActionId.MOVE_START_RIGHT: lambda: self.coding.nudge("start", True),
            ActionId.MOVE_END_LEFT: lambda: self.coding.nudge("end", False),
            ActionId.MOVE_END_RIGHT: lambda: self.coding.nudge("end", True),
            ActionId.DELETE_SEGMENT: lambda: self.coding.delete_segment(),
            ActionId.CYCLE_SEGMENTS: lambda: self.coding.cycle_segments(),
            ActionId.ARTICLE_PROPERTIES: analysis.article_properties, ActionId.CODE_BROWSER: analysis.code_browser,
            ActionId.AGREEMENT: analysis.agreement, ActionId.ADJUDICATE: analysis.adjudicate,
            ActionId.SHORTCUTS_HELP: pages.shortcuts_help,
            ActionId.COMPARE_OUTLETS: analysis.compare_outlets, ActionId.EXPORT_COMPARISON: analysis.export_comparison,
            ActionId.CODING_GUIDE: pages.coding_guide, ActionId.AGREEMENT_DEFINITIONS: pages.agreement_definitions,
            ActionId.ABOUT: pages.about,
            ActionId.EDIT_ATTRIBUTES: lambda: self.attribute_editing.open_selected(),
            ActionId.SOURCES_PANE: lambda on: self.sources_pane.setVisible(on), ActionId.ESTIMATES: analysis.estimates,
            ActionId.SORT_ARTICLES: lambda: self.list_controls.open_sort(),
            ActionId.REVERSE_SORT: lambda on: self.list_controls.set_descending(on),
            ActionId.GROUP_ARTICLES: lambda: self.list_controls.open_group(),
            ActionId.COLLAPSE_GROUPS: lambda: self.list_controls.set_all_collapsed(True),
            ActionId.EXPAND_GROUPS: lambda: self.list_controls.set_all_collapsed(False),
        }

    def action(self, action_id: ActionId) -> QAction:
        return self.actions_by_id[action_id]

    def say(self, message: str, ms: int = 0) -> None:
        self.statusBar().showMessage(message, ms)

    def warn(self, message: str, ms: int = 0) -> None:
        """An error that matters: in the window's message bar (the status bar may be out of sight) and the status
        bar."""
        self.message_bar.show_message(message, ms)
        self.say(message, ms)

    def ask_extend(self, code_name: str) -> str | None:
        """The selection overlaps my segment of the same code: "extend" it, "add" a second one, or None (cancel)."""
        from newscoder.ui.extend_dialog import ask_extend_or_add

        if not self.interactive:  # scripted windows (benchmarks, crash harness) add, as before
            return "add"
        return ask_extend_or_add(self, code_name)

    # -- what the controllers and the tests read ----------------------------------------------------
    @property
    def project(self) -> Project | None:
        return self.session.project if self.session is not None else None

    @property
    def coder_id(self) -> str | None:
        return self.session.coder_id if self.session is not None else None

    @property
    def document_id(self) -> str | None:
        return self.session.document_id if self.session is not None else None

    @property
    def text(self) -> str:
        return self.session.text if self.session is not None else ""

    def select_segment(self, segment_id: str | None, *, scroll: bool = False) -> None:
        self.coding.select_segment(segment_id, scroll=scroll)

    def select_article(self, document_id: str | None) -> None:
        self.nav.select_article(document_id)

    def next_article(self) -> None:
        self.nav.next_article()

    def previous_article(self) -> None:
        self.nav.previous_article()

    def mark_done(self) -> None:
        self.nav.mark_done()

    # -- project and coder --------------------------------------------------------------------
    def set_project(self, project: Project) -> None:
        old = self.project
        if old is not None and old is not project:
            self.analysis.close_side_windows()
            old.close()
        self.setWindowTitle(f"{project.name} — Newscoder")
        self.state.project_path = project.path
        self._start_session(project, self.coder_name, keep=None)
        self.external.watch(self.session)  # type: ignore[arg-type]
        from newscoder.ui import checkpoint

        checkpoint.install(self)  # the WAL goes into the project file when idle and on close

    def set_coder(self, name: str) -> None:
        assert self.project is not None
        self._start_session(self.project, name, keep=self.document_id)

    def _start_session(self, project: Project, coder: str, keep: str | None) -> None:
        session = CodingSession(project, coder, snapper=snap_to_words)
        self.session, self.coder_name = session, session.coder.name
        self.controller.set_project(project, apply=session.apply)
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        self.coding.set_session(session)
        self.suggestions.set_session(session)
        self.attribute_editing.set_session(session)
        self.sources_pane.set_session(session)
        self.external.session = session
        self.coder_label.setText(self.tr("Coder: %1").replace("%1", session.coder.name))
        self.codebook.set_session(session)
        self.search_pane.attach(session)
        self.filtered.set_project(project)
        self.list_controls.set_project(project)  # this project's sort, groups and filter, before the list loads
        self.articles.load(project, session.coder_id)
        self.nav.update_progress()
        self.select_article(keep or self.state.remembered_article() or next(iter(self.articles.ids()), None))
        if self.articles.rowCount() == 0:
            self.nav.show_article(None)

    def refresh_all(self) -> None:
        """Re-read everything (after a dialog or another connection changed the project)."""
        if self.session is None:
            return
        doc = self.document_id
        self.external.watcher.sync()  # our own dialog wrote on its connection: not "another program"
        self.session.absorb(Changes.everything())
        self.sources_pane.set_session(self.session)
        self.codebook.set_session(self.session)
        self.list_controls.variables_changed()
        self.articles.load(self.session.project, self.session.coder_id)
        self.session.open(None)
        self.nav.update_progress()
        self.select_article(doc or next(iter(self.articles.ids()), None))

    def show_find(self) -> None:
        self.coding.select_segment(None)  # Find clears the segment selection: the next key codes what is found
        self.find_bar.open_bar()

    def undo(self) -> None:
        self.controller.stack.undo()

    def redo(self) -> None:
        self.controller.stack.redo()

    # -- following changes ------------------------------------------------------------------------
    def _on_replayed(self, changes: Changes) -> None:
        """An undo or redo: first go to the article it belongs to."""
        docs = changes.touched_documents()
        if docs and self.document_id not in docs:
            self.select_article(docs[0])

    def _window_follows(self, changes: Changes) -> None:
        """The window's own parts: header, progress, status, the hint, the Saved label."""
        if changes.external:
            doc = self.document_id
            if doc is None or self.articles.row_for(doc) < 0:
                self.refresh_all()
                return
            self.select_article(doc)  # the same article after the list was re-read: the text is kept
        if self.document_id and changes.document_changed(self.document_id):
            self.nav.show_header()
        if changes.added_segments and not self.hint.isHidden():
            self.hint.dismiss()  # the coding hint is shown until the first segment is coded
        self.nav.update_progress()
        if not changes.external:
            self.nav.update_article_status()
            self.saved_label.setText(self.tr("✓ Saved"))
            self.saved_label.setToolTip(self.tr("Every change is written to the project file at once."))

    def _on_failed(self, message: str) -> None:
        """An edit (or an undo whose row another program changed meanwhile) was refused: say so clearly."""
        self.saved_label.setText(self.tr("Not saved"))
        self.saved_label.setToolTip(tip(message))
        self.warn(self.tr("Not saved: %1").replace("%1", message), 15000)
        self.last_failure = message

    # -- window --------------------------------------------------------------------------------------
    def restore_state(self) -> bool:
        return self.state.restore()

    def save_state(self) -> None:
        self.state.save()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange and not self._recolour_pending:
            self._recolour_pending = True
            QTimer.singleShot(0, self, self._recolour)  # code colours follow a light/dark switch
        super().changeEvent(event)

    _recolour_pending = False

    def _recolour(self) -> None:
        self._recolour_pending = False
        if self.document_id and self.isVisible():
            try:
                self.coding.repaint_marks()
                self.suggestions.repaint()
            except sqlite3.Error:  # the project was closed meanwhile
                pass

    _focused_once = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._focused_once:  # at start the keys go to the article, not to the filter box
            self._focused_once = True
            self.view.setFocus()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.external.stop()
        self.save_state()
        super().closeEvent(event)

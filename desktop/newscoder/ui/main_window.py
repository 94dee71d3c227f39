"""The coding window: article list | article | tagging panel.

Every change goes through :class:`UndoController` as one core edit; the
window refreshes only what an applied edit touched (one article row, one
segment mark), so coding stays fast on long articles.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from newscoder.core import edits
from newscoder.core.edits import Edit
from newscoder.core.model import Status
from newscoder.core.store import Project
from newscoder.ui import actions as act
from newscoder.ui.actions import ActionId
from newscoder.ui.article_view import ArticleView
from newscoder.ui.find_bar import FindBar
from newscoder.ui.first_run import CodingHint, EmptyHint, no_articles_text, no_segments_text
from newscoder.ui.models.article_list import ID_ROLE, ArticleFilterModel, ArticleListModel
from newscoder.ui.models.codebook import CodebookModel
from newscoder.ui.models.segments import SegmentListModel
from newscoder.ui.plain import plain
from newscoder.ui.tagging_panel import TaggingPanel
from newscoder.ui.undo import UndoController
from newscoder.ui.watcher import ExternalChangeSlots
from newscoder.ui.window_coding import CodingSlots
from newscoder.ui.window_menus import MenuSlots
from newscoder.ui.window_state import WindowState


class MainWindow(CodingSlots, ExternalChangeSlots, MenuSlots, WindowState, QMainWindow):
    def __init__(self, project: Project | None, coder_name: str, *, interactive: bool = True) -> None:
        super().__init__()
        self.interactive = interactive
        self.project: Project | None = None
        self.coder_id: str | None = None
        self.coder_name = coder_name
        self.document_id: str | None = None
        self.text = ""
        self._coder_names: dict[str, str] = {}
        self.controller: UndoController | None = None
        self.setWindowTitle("Newscoder")
        self.setObjectName("MainWindow")
        from newscoder.ui.app import app_icon

        self.setWindowIcon(app_icon())
        self._build_models()
        self._build_widgets()
        self._build_actions()
        if project is not None:
            self.set_project(project)

    # -- construction -----------------------------------------------------------
    def _build_models(self) -> None:
        self.articles = ArticleListModel(self)
        self.filtered = ArticleFilterModel(self)
        self.filtered.setSourceModel(self.articles)
        self.codebook = CodebookModel(self)
        self.segment_model = SegmentListModel(self.codebook.code, self)

    def _build_widgets(self) -> None:
        left = QWidget()
        left.setObjectName("leftPane")
        box = QVBoxLayout(left)
        box.setContentsMargins(8, 8, 0, 8)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter articles (title, source, status)"))
        self.filter_edit.setAccessibleName(self.tr("Filter articles"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.filtered.setFilterFixedString)
        self.article_list = QListView()
        self.article_list.setObjectName("articleList")
        self.article_list.setModel(self.filtered)
        self.article_list.setUniformItemSizes(True)
        self.article_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.article_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.article_list.setAccessibleName(self.tr("Articles"))
        self.article_list.selectionModel().currentChanged.connect(self._current_article_changed)
        box.addWidget(self.filter_edit)
        box.addWidget(self.article_list, 1)

        centre = QWidget()
        cbox = QVBoxLayout(centre)
        cbox.setContentsMargins(0, 0, 0, 0)
        cbox.setSpacing(0)
        self.title_label = QLabel()
        self.title_label.setObjectName("articleTitle")
        self.title_label.setWordWrap(True)
        self.meta_label = QLabel()
        self.meta_label.setObjectName("articleMeta")
        self.view = ArticleView()
        self.view.setObjectName("articleView")
        self.view.setAccessibleName(self.tr("Article text"))
        self.view.tooltip_provider = self._tooltip
        self.view.codeKeyPressed.connect(self.code_key)
        self.view.deleteRequested.connect(self.delete_segment)
        self.view.cycleRequested.connect(self.cycle_segments)
        self.view.segmentClicked.connect(self._segment_clicked)
        self.view.selectionChanged.connect(self._selection_changed)
        self.view.setPlaceholderText(no_articles_text())
        self.find_bar = FindBar(self.view)
        self.hint = CodingHint()
        self.view.align_with(self.title_label, self.meta_label, self.hint)
        for w in (self.title_label, self.meta_label, self.hint, self.find_bar):
            cbox.addWidget(w)
        cbox.addWidget(self.view, 1)

        self.panel = TaggingPanel(self.codebook, self.segment_model)
        self.panel.setObjectName("taggingPanel")
        self.panel.codeChosen.connect(self.code_with)
        self.panel.segmentActivated.connect(lambda sid: self.select_segment(sid, scroll=True))
        self.panel.codeChangeRequested.connect(self._change_code)
        self.panel.memoEdited.connect(self._edit_memo)
        self.panel.deleteRequested.connect(self.delete_segment)

        self.empty_articles = EmptyHint(self.article_list, no_articles_text())
        self.empty_segments = EmptyHint(self.panel.segments, no_segments_text())

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        for w in (left, centre, self.panel):
            self.splitter.addWidget(w)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([270, 720, 310])
        self.setCentralWidget(self.splitter)
        # Tab: article list → article → codebook → segment list → memo → code → delete
        chain = [self.filter_edit, self.article_list, self.view, self.panel.codes, self.panel.segments,
                 self.panel.memo, self.panel.code_combo, self.panel.delete_button]
        for first, second in zip(chain, chain[1:]):
            self.setTabOrder(first, second)

        self.coder_label = QLabel()
        self.progress_label = QLabel()
        self.saved_label = QLabel()
        self.saved_label.setObjectName("savedLabel")
        for w in (self.coder_label, self.progress_label, self.saved_label):
            self.statusBar().addPermanentWidget(w)
        plain(self.title_label, self.meta_label, self.coder_label, self.progress_label, self.saved_label)

    def _build_actions(self) -> None:
        self.actions_by_id: dict[ActionId, QAction] = {}
        menus = {name: self.menuBar().addMenu(act.menu_title(name)) for name in act.MENUS}
        toolbar = QToolBar(self.tr("Main"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.setMovable(False)
        self.addToolBar(toolbar)
        for spec in act.REGISTRY:
            if spec.id == ActionId.OPEN_RECENT:
                self.recent_menu = menus["File"].addMenu(act._tr(spec.text))
                self.recent_menu.aboutToShow.connect(self._fill_recent)
                continue
            if spec.slot is None:
                continue
            action = act.make_action(spec, self)
            slot = getattr(self, spec.slot)
            if spec.checkable:
                action.toggled.connect(slot)
            else:
                action.triggered.connect(lambda _checked=False, s=slot: s())
            if spec.widget_local:
                self.view.addAction(action)
            else:
                self.addAction(action)
            menus[spec.menu].addAction(action)
            if spec.separator_after:
                menus[spec.menu].addSeparator()
            if spec.toolbar:
                toolbar.addAction(action)
            self.actions_by_id[spec.id] = action
        toolbar.addSeparator()
        toolbar.addWidget(self.coder_label)
        self.undo_action = self.actions_by_id[ActionId.UNDO]
        self.redo_action = self.actions_by_id[ActionId.REDO]

    def action(self, action_id: ActionId) -> QAction:
        return self.actions_by_id[action_id]

    # -- project and coder --------------------------------------------------------
    def set_project(self, project: Project) -> None:
        if self.project is not None and self.project is not project:
            self.close_side_windows()
            self.project.close()
        self.project = project
        if self.controller is None:
            self.controller = UndoController(project, self)
            self.controller.applied.connect(self._on_applied)
            self.controller.replayed.connect(self._on_replayed)
            self.controller.failed.connect(self._on_failed)
            self.controller.applied.connect(self._maybe_hide_hint)
            self.controller.stack.canUndoChanged.connect(self.undo_action.setEnabled)
            self.controller.stack.canRedoChanged.connect(self.redo_action.setEnabled)
        else:
            self.controller.set_project(project)
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        self.setWindowTitle(f"{project.name} — Newscoder")
        self.set_coder(self.coder_name)
        self.start_watching()

    def _maybe_hide_hint(self, edit: Edit) -> None:
        """The coding hint is shown until the first segment is coded."""
        if not self.hint.isHidden() and any(
            c.table == "segments" and c.before is None and c.after is not None for c in edit.changes
        ):
            self.hint.dismiss()

    def set_coder(self, name: str) -> None:
        assert self.project is not None
        coder = self.project.ensure_coder(name)
        self.coder_id, self.coder_name = coder.id, coder.name
        self._coder_names = {c.id: c.name for c in self.project.coders()}
        self.coder_label.setText(self.tr("Coder: %1").replace("%1", coder.name))
        self.codebook.load(self.project)
        keep = self.document_id
        self.document_id = None
        self.articles.load(self.project, self.coder_id)
        self._update_progress()
        self.select_article(keep or self.remembered_article() or (self.articles.ids() or [None])[0])
        if self.articles.rowCount() == 0:
            self._show_article(None)

    # -- articles ------------------------------------------------------------------
    def select_article(self, document_id: str | None) -> None:
        if document_id is None:
            return
        row = self.articles.row_for(document_id)
        if row < 0:
            return
        proxy = self.filtered.mapFromSource(self.articles.index(row, 0))
        if not proxy.isValid():  # hidden by the filter: show it anyway
            self.filter_edit.clear()
            proxy = self.filtered.mapFromSource(self.articles.index(row, 0))
        self.article_list.selectionModel().setCurrentIndex(
            proxy, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.article_list.scrollTo(proxy)
        if self.document_id != document_id:
            self._show_article(document_id)

    def _current_article_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        doc_id = current.data(ID_ROLE) if current.isValid() else None
        if doc_id and doc_id != self.document_id:
            self._show_article(doc_id)

    def _show_article(self, document_id: str | None) -> None:
        self.document_id = document_id
        self.panel.show_segment(None)
        if document_id is None or self.project is None:
            self.text = ""
            self.title_label.setText(self.tr("No articles yet: use File ▸ Import articles…"))
            self.meta_label.clear()
            self.view.set_article("", [])
            self.segment_model.set_segments([])
            return
        doc = self.project.document(document_id)
        assert doc is not None
        self.text = doc.text
        self.title_label.setText(doc.title)
        meta = [x for x in (doc.source, doc.author, doc.published) if x]
        self.meta_label.setText("  ·  ".join(meta))
        self.view.set_article(doc.text, [])
        self.view.set_marks(self._document_marks(document_id))
        self.segment_model.load(self.project, document_id, self.coder_id)  # light rows; records read when shown
        if self.find_bar.isVisible():
            self.find_bar.search(self.find_bar.edit.text())
        self.remember_article(document_id)
        self._update_article_status()

    def _step(self, delta: int) -> None:
        current = self.article_list.currentIndex()
        row = current.row() + delta if current.isValid() else 0
        if 0 <= row < self.filtered.rowCount():
            self.article_list.setCurrentIndex(self.filtered.index(row, 0))
        elif delta > 0 and self.filtered.canFetchMore(QModelIndex()):
            self.filtered.fetchMore(QModelIndex())
            self._step(delta)

    def previous_article(self) -> None:
        self._step(-1)

    def next_article(self) -> None:
        self._step(1)

    def mark_done(self) -> None:
        if self.document_id and self.coder_id and self.project and self.controller:
            edit = edits.set_status(self.project, self.document_id, self.coder_id, Status.DONE)
            edit = Edit(self.tr("Mark done"), edit.changes)
            self.controller.push(edit)
        self.next_article()

    # -- focus ---------------------------------------------------------------------------------
    def focus_list(self) -> None:
        self.article_list.setFocus()

    def focus_article(self) -> None:
        self.view.setFocus()

    def focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def show_find(self) -> None:
        self.find_bar.open_bar()

    def undo(self) -> None:
        if self.controller:
            self.controller.stack.undo()

    def redo(self) -> None:
        if self.controller:
            self.controller.stack.redo()

    def refresh_all(self) -> None:
        """Re-read everything (after a dialog changed the project)."""
        if self.project is None:
            return
        doc = self.document_id
        self._coder_names = {c.id: c.name for c in self.project.coders()}
        self.codebook.load(self.project)
        self.articles.load(self.project, self.coder_id)
        self.document_id = None
        self._update_progress()
        self.select_article(doc or (self.articles.ids() or [None])[0])

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange and not self._recolour_pending:
            self._recolour_pending = True
            QTimer.singleShot(0, self, self._recolour)  # code colours follow a light/dark switch
        super().changeEvent(event)

    _recolour_pending = False

    def _recolour(self) -> None:
        self._recolour_pending = False
        if not self.document_id or self.project is None or not self.isVisible():
            return
        try:
            self.view.set_marks(self._document_marks(self.document_id))
        except sqlite3.Error:  # the project was closed meanwhile
            pass

    def closeEvent(self, event: QCloseEvent) -> None:
        if getattr(self, "watcher", None) is not None:
            self.watcher.stop()
        self.save_state()
        QTimer.singleShot(0, lambda: None)
        super().closeEvent(event)

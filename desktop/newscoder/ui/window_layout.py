"""The coding window's widgets: article list | article | tagging panel, and the status bar labels.

Only construction and layout live here (no behaviour): :class:`WindowLayout` is built
once by :class:`~newscoder.ui.main_window.MainWindow`, which wires it to its controllers.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QLineEdit, QListView, QMainWindow, QSplitter, QToolButton, QVBoxLayout, QWidget,
)

from newscoder.ui.article_view import ArticleView
from newscoder.ui.find_bar import FindBar
from newscoder.ui.first_run import CodingHint, EmptyHint, no_articles_text, no_segments_text
from newscoder.ui.message_bar import MessageBar
from newscoder.ui.models.article_groups import ArticleFilterModel
from newscoder.ui.models.codebook import CodebookModel
from newscoder.ui.models.segments import SegmentListModel
from newscoder.ui.tagging_panel import TaggingPanel


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class WindowLayout:
    """Builds the window's widgets into ``window`` and keeps references to them."""

    def __init__(self, window: QMainWindow, filtered: ArticleFilterModel, codebook: CodebookModel,
                 segments: SegmentListModel) -> None:
        left = QWidget()
        left.setObjectName("leftPane")
        box = QVBoxLayout(left)
        box.setContentsMargins(8, 8, 0, 8)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(tr("Filter: words; outlet=AFP; date>=2024-10"))
        self.filter_edit.setToolTip(tr("Words the title, outlet or status contain, and NAME=VALUE pieces "
                                       "separated by ; (also !=, <, <=, >, >= by the variable's type), "
                                       "e.g. troops; outlet=AFP; published>=2024-10; status=done"))
        self.filter_edit.setAccessibleName(tr("Filter articles"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(filtered.set_filter_text)
        self.article_list = QListView()
        self.article_list.setObjectName("articleList")
        self.article_list.setModel(filtered)
        self.article_list.setUniformItemSizes(True)
        self.article_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.article_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.article_list.setAccessibleName(tr("Articles"))
        # sort | reverse, then group: filled with the project's variables by ArticleListControls
        self.sort_combo = QComboBox()
        self.sort_combo.setObjectName("articleSort")
        self.sort_combo.setAccessibleName(tr("Sort articles by"))
        self.sort_combo.addItem(tr("Sort by title"), "title")
        self.reverse_button = QToolButton()
        self.reverse_button.setObjectName("articleReverse")
        self.group_combo = QComboBox()
        self.group_combo.setObjectName("articleGroup")
        self.group_combo.setAccessibleName(tr("Group articles by"))
        self.group_combo.addItem(tr("No groups"), None)
        sort_row = QHBoxLayout()
        sort_row.setContentsMargins(0, 0, 0, 0)
        sort_row.addWidget(self.sort_combo, 1)
        sort_row.addWidget(self.reverse_button)
        box.addWidget(self.filter_edit)
        box.addLayout(sort_row)
        box.addWidget(self.group_combo)
        box.addWidget(self.article_list, 1)

        centre = QWidget()
        cbox = QVBoxLayout(centre)
        cbox.setContentsMargins(0, 0, 0, 0)
        cbox.setSpacing(0)
        self.title_label = QLabel()
        self.title_label.setObjectName("articleTitle")
        self.title_label.setWordWrap(True)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.meta_label = QLabel()
        self.meta_label.setObjectName("articleMeta")
        self.meta_label.setTextFormat(Qt.TextFormat.PlainText)
        self.view = ArticleView()
        self.view.setObjectName("articleView")
        self.view.setAccessibleName(tr("Article text"))
        self.view.setPlaceholderText(no_articles_text())
        self.find_bar = FindBar(self.view)
        self.message_bar = MessageBar()
        self.hint = CodingHint()
        self.view.align_with(self.title_label, self.meta_label, self.hint)
        for w in (self.title_label, self.meta_label, self.hint, self.message_bar, self.find_bar):
            cbox.addWidget(w)
        cbox.addWidget(self.view, 1)

        self.panel = TaggingPanel(codebook, segments)
        self.panel.setObjectName("taggingPanel")
        self.empty_articles = EmptyHint(self.article_list, no_articles_text())
        self.empty_segments = EmptyHint(self.panel.segments, no_segments_text())

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        for pane in (left, centre, self.panel):
            self.splitter.addWidget(pane)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([270, 720, 310])
        window.setCentralWidget(self.splitter)
        # Tab: article list → article → codebook → segment list → memo → code → delete
        chain = [self.filter_edit, self.sort_combo, self.reverse_button, self.group_combo, self.article_list,
                 self.view, self.panel.codes, self.panel.segments, self.panel.memo, self.panel.code_combo,
                 self.panel.delete_button]
        for first, second in itertools.pairwise(chain):
            window.setTabOrder(first, second)

        self.coder_label = QLabel()
        self.coder_label.setTextFormat(Qt.TextFormat.PlainText)
        self.progress_label = QLabel()
        self.saved_label = QLabel()
        self.saved_label.setObjectName("savedLabel")
        for label in (self.coder_label, self.progress_label, self.saved_label):
            label.setTextFormat(Qt.TextFormat.PlainText)  # status texts may quote names and messages
            window.statusBar().addPermanentWidget(label)
        for label in (self.title_label, self.meta_label, self.progress_label, self.saved_label):
            label.setTextFormat(Qt.TextFormat.PlainText)  # titles, sources, messages: user text

"""View ▸ Sources pane: the project's list of who said it, edited by keyboard.

F2 edits the name, kind (a list) or affiliation in place; Insert adds a source; Ctrl+M
merges the selected source into another (two entries are one source: every segment
citing it follows); Delete removes a source no segment cites. Every change is one
undoable edit.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from newscoder.core import sources as src
from newscoder.core.changes import Changes
from newscoder.core.edits import Edit
from newscoder.core.errors import EditError
from newscoder.core.schema import SOURCE_KINDS
from newscoder.core.session import CodingSession
from newscoder.ui.models.sources import SOURCE_ID_ROLE, SourcesModel

Index = QModelIndex | QPersistentModelIndex


class KindDelegate(QStyledItemDelegate):
    """The kind column edits with a list of the kinds."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        box = QComboBox(parent)
        box.addItems(list(SOURCE_KINDS))
        return box

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole)))

    def setModelData(self, editor: QWidget, model, index: Index) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


class SourcesPane(QDockWidget):
    def __init__(self, push: Callable[[Edit], bool], failed: Callable[[str], None], parent: QWidget | None = None):
        super().__init__(self.tr("Sources"), parent)
        self.setObjectName("sourcesPane")
        self._push, self._failed = push, failed
        self.session: CodingSession | None = None
        self.model = SourcesModel(self)
        self.model.commit = self._commit
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        self.table = QTableView()
        self.table.setObjectName("sourcesTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.DoubleClicked)
        self.table.setItemDelegateForColumn(1, KindDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.setMinimumWidth(300)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        for text, key, slot in ((self.tr("&Add…"), QKeySequence(Qt.Key.Key_Insert), self.add),
                                (self.tr("&Merge into…"), QKeySequence("Ctrl+M"), self.merge),
                                (self.tr("&Delete"), QKeySequence(QKeySequence.StandardKey.Delete), self.delete)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            action = QAction(text, body)
            action.setShortcut(key)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            body.addAction(action)
        layout.addLayout(buttons)
        hint = QLabel(self.tr("F2: edit name, kind or affiliation · Insert: add · Ctrl+M: merge · Del: delete"))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.setWidget(body)

    def set_session(self, session: CodingSession | None) -> None:
        self.session = session
        self.model.load(session.project if session else None)

    def apply_changes(self, changes: Changes) -> None:
        if self.session is not None and (changes.sources_changed or changes.segments):
            keep = self.current_id()
            self.model.load(self.session.project)
            if keep:
                self.select(keep)

    # -- selection ----------------------------------------------------------------
    def current_id(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(SOURCE_ID_ROLE) if index.isValid() else None

    def select(self, source_id: str) -> None:
        row = self.model.row_of(source_id)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, 0))

    # -- edits --------------------------------------------------------------------
    def _edit(self, build: Callable[[], Edit]) -> bool:
        try:
            edit = build()
        except EditError as exc:
            self._failed(str(exc))
            return False
        return self._push(edit)

    def _commit(self, source_id: str, field: str, value: str) -> bool:
        project = self.session.project if self.session else None
        if project is None:
            return False
        return self._edit(lambda: src.update_source(project, source_id, **{field: value}))

    def add(self) -> None:
        project = self.session.project if self.session else None
        if project is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Add source"), self.tr("Name of the source:"))
        if ok and name.strip():
            edit_box: list[Edit] = []

            def build() -> Edit:
                edit_box.append(src.add_source(project, name))
                return edit_box[0]

            if self._edit(build):
                self.select(str(edit_box[0].changes[0].after["id"]))  # type: ignore[index]
                self.table.setFocus()

    def merge(self) -> None:
        project = self.session.project if self.session else None
        gone = self.current_id()
        if project is None or gone is None:
            return
        others = [s for s in src.list_sources(project) if s.id != gone]
        if not others:
            self._failed(self.tr("There is no other source to merge into."))
            return
        names = [s.name for s in others]
        gone_name = next(s.name for s in src.list_sources(project) if s.id == gone)
        choice, ok = QInputDialog.getItem(
            self, self.tr("Merge sources"),
            self.tr("“%1” is the same source as:").replace("%1", gone_name), names, 0, False)
        if ok and choice in names:
            keep = others[names.index(choice)].id
            if self._edit(lambda: src.merge_sources(project, keep, gone)):
                self.select(keep)

    def delete(self) -> None:
        project = self.session.project if self.session else None
        gone = self.current_id()
        if project is not None and gone is not None:
            self._edit(lambda: src.delete_source(project, gone))

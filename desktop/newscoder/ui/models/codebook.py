"""The codebook as a list model: swatch, shortcut and name; definition on hover.

It adapts the coding session's codebook (the session is the cache, not the model):
:meth:`CodebookModel.apply_changes` resets the rows when codes changed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from newscoder.core.changes import Changes
from newscoder.core.records import Code
from newscoder.core.session import CodingSession
from newscoder.ui.models._icons import swatch
from newscoder.ui.plain import esc

CODE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
COLOR_ROLE = Qt.ItemDataRole.UserRole + 2
#: my segments of the code in the current article
COUNT_ROLE = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex


def tree_order(codes: list[Code]) -> tuple[list[Code], dict[str, int]]:
    """Codes depth-first (each parent followed by its children, in codebook order) and each code's depth."""
    ids = {c.id for c in codes}
    children: dict[str | None, list[Code]] = {}
    for c in codes:
        children.setdefault(c.parent_id if c.parent_id in ids else None, []).append(c)
    out: list[Code] = []
    depth: dict[str, int] = {}
    stack = [(c, 0) for c in reversed(children.get(None, []))]
    while stack:
        code, d = stack.pop()
        if code.id in depth:
            continue
        out.append(code)
        depth[code.id] = d
        stack.extend((k, d + 1) for k in reversed(children.get(code.id, [])))
    out.extend(c for c in codes if c.id not in depth)  # a parent cycle: listed flat
    return out, depth


class CodebookModel(QAbstractListModel):
    """Live (not archived) codes of a session in codebook order; lookups cover archived codes too."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session: CodingSession | None = None
        self._codes: list[Code] = []
        self._depth: dict[str, int] = {}
        #: my segments per code in the current article (shown beside each code)
        self.counts: dict[str, int] = {}

    def set_session(self, session: CodingSession | None) -> None:
        self.beginResetModel()
        self._session = session
        self._codes, self._depth = tree_order(session.codes() if session is not None else [])
        self.endResetModel()

    def set_counts(self, counts: dict[str, int]) -> None:
        """Replace the per-code counts; repaint only the rows whose count changed."""
        old, self.counts = self.counts, counts
        for n, code in enumerate(self._codes):
            if old.get(code.id, 0) != counts.get(code.id, 0):
                idx = self.index(n, 0)
                self.dataChanged.emit(idx, idx)

    def add_count(self, code_id: str, delta: int) -> None:
        self.counts[code_id] = self.counts.get(code_id, 0) + delta
        row = self.row_of(code_id)
        if row >= 0:
            idx = self.index(row, 0)
            self.dataChanged.emit(idx, idx)

    def depth(self, code_id: str) -> int:
        return self._depth.get(code_id, 0)

    def apply_changes(self, changes: Changes) -> None:
        if changes.codebook_changed:
            self.set_session(self._session)

    def codes(self) -> list[Code]:
        return list(self._codes)

    def all_codes(self) -> list[Code]:
        """Every code including archived ones (segments may still use them)."""
        return self._session.all_codes() if self._session is not None else []

    def code(self, code_id: str) -> Code | None:
        return self._session.code(code_id) if self._session is not None else None

    def by_shortcut(self, key: str) -> Code | None:
        return self._session.code_for_key(key) if self._session is not None else None

    def row_of(self, code_id: str) -> int:
        return next((n for n, c in enumerate(self._codes) if c.id == code_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._codes)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._codes) or index.column() != 0:
            return None
        code = self._codes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            key = code.shortcut or " "
            return f"{key}   {code.name}"
        if role == COUNT_ROLE:
            return self.counts.get(code.id, 0)
        if role == Qt.ItemDataRole.DecorationRole:
            return swatch(code.color)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.WhatsThisRole):
            head = esc(f"{code.name} ({code.shortcut})" if code.shortcut else code.name)
            if not code.description:
                return f"<b>{head}</b>"  # rich text: the tagging panel shows it in a RichText label
            description = esc(code.description).replace("\n", "<br>")
            return f"<b>{head}</b><br>{description}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{code.name}, {code.shortcut or ''}"
        if role == CODE_ID_ROLE:
            return code.id
        if role == COLOR_ROLE:
            return code.color
        return None

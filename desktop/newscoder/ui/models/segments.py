"""The current coder's segments in the current article, in text order."""

from __future__ import annotations

from bisect import insort
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from newscoder.core.model import Code, Segment
from newscoder.ui.models._icons import swatch

SEGMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
START_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


def _key(s: Segment) -> tuple[int, int, str]:
    return (s.start, s.end, s.id)


class SegmentListModel(QAbstractListModel):
    """Segments sorted by position; single-row insert/remove on edits."""

    def __init__(self, code_lookup: Callable[[str], Code | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._code = code_lookup
        self._rows: list[Segment] = []
        self._keys: list[tuple[int, int, str]] = []

    def set_segments(self, segments: Iterable[Segment]) -> None:
        self.beginResetModel()
        self._rows = sorted(segments, key=_key)
        self._keys = [_key(s) for s in self._rows]
        self.endResetModel()

    def segments(self) -> list[Segment]:
        return list(self._rows)

    def row_of(self, segment_id: str) -> int:
        return next((n for n, s in enumerate(self._rows) if s.id == segment_id), -1)

    def segment(self, segment_id: str) -> Segment | None:
        n = self.row_of(segment_id)
        return self._rows[n] if n >= 0 else None

    def remove(self, segment_id: str) -> None:
        n = self.row_of(segment_id)
        if n >= 0:
            self.beginRemoveRows(QModelIndex(), n, n)
            del self._rows[n]
            del self._keys[n]
            self.endRemoveRows()

    def upsert(self, segment: Segment) -> None:
        n = self.row_of(segment.id)
        if n >= 0 and self._keys[n] == _key(segment):
            self._rows[n] = segment
            idx = self.index(n, 0)
            self.dataChanged.emit(idx, idx)
            return
        self.remove(segment.id)
        keys = list(self._keys)
        insort(keys, _key(segment))
        n = keys.index(_key(segment))
        self.beginInsertRows(QModelIndex(), n, n)
        self._rows.insert(n, segment)
        self._keys.insert(n, _key(segment))
        self.endInsertRows()

    def refresh_all(self) -> None:
        """Codes were renamed or recoloured: repaint every row."""
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or index.column() != 0:
            return None
        seg = self._rows[index.row()]
        code = self._code(seg.code_id)
        name = code.name if code else "?"
        if role == Qt.ItemDataRole.DisplayRole:
            quote = " ".join(seg.quote.split())
            if len(quote) > 70:
                quote = quote[:67] + "…"
            memo = " ✎" if seg.memo else ""
            return f"{name}: “{quote}”{memo}"
        if role == Qt.ItemDataRole.DecorationRole:
            return swatch(code.color) if code else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{name}\n{seg.quote}" + (f"\n\n{seg.memo}" if seg.memo else "")
        if role == SEGMENT_ID_ROLE:
            return seg.id
        if role == START_ROLE:
            return seg.start
        return None

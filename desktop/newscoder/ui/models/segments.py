"""The current coder's segments in the current article, in text order.

The model holds light rows only: ``(start, end, id)`` keys in sorted order
and each segment's code id (enough for the row's colour swatch and
``START_ROLE``). Full records (quote, memo) are read when a row is shown, a
page of rows per query, and cached; an article with thousands of segments
opens with one light query. Edits insert or remove one row (binary search),
never reset the model.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from newscoder.core.records import Code, Segment
from newscoder.core.changes import Changes
from newscoder.core.store import Project
from newscoder.ui.models._icons import swatch
from newscoder.ui.plain import tip

SEGMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
START_ROLE = Qt.ItemDataRole.UserRole + 2
#: the required attributes a segment lacks (a list; empty: complete)
INCOMPLETE_ROLE = Qt.ItemDataRole.UserRole + 3
#: records read per query when a row without one is shown
PAGE = 64

Index = QModelIndex | QPersistentModelIndex
Key = tuple[int, int, str]

_DISPLAY = Qt.ItemDataRole.DisplayRole
_DECORATION = Qt.ItemDataRole.DecorationRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole


def _key(s: Segment) -> Key:
    return (s.start, s.end, s.id)


class SegmentListModel(QAbstractListModel):
    """Segments sorted by position; single-row insert/remove on edits."""

    def __init__(self, code_lookup: Callable[[str], Code | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._code = code_lookup
        self._project: Project | None = None
        self._keys: list[Key] = []
        self._key_of: dict[str, Key] = {}
        self._code_of: dict[str, str] = {}
        self._records: dict[str, Segment] = {}
        #: the required attributes a segment lacks (set by the window from the session)
        self.incomplete: Callable[[Segment], list[str]] | None = None

    # -- loading ---------------------------------------------------------------
    def set_segments(self, segments: Iterable[Segment]) -> None:
        """Show these (already read) segments."""
        rows = list(segments)
        self.beginResetModel()
        self._project = None
        self._records = {s.id: s for s in rows}
        self._fill((s.start, s.end, s.id, s.code_id) for s in self._records.values())
        self.endResetModel()

    def load(self, project: Project | None, document_id: str | None, coder_id: str | None) -> None:
        """Show a coder's live segments in a document, reading light rows now and records on demand."""
        self.beginResetModel()
        self._project = project
        self._records = {}
        rows: Iterable[tuple[int, int, str, str]] = ()
        if project is not None and document_id and coder_id:
            rows = [(a, b, sid, code_id) for sid, code_id, _coder, a, b in project.segment_spans(document_id, coder_id)]
        self._fill(rows)
        self.endResetModel()

    def _fill(self, rows: Iterable[tuple[int, int, str, str]]) -> None:
        self._code_of = {}
        self._key_of = {}
        for start, end, sid, code_id in rows:
            self._key_of[sid] = (start, end, sid)
            self._code_of[sid] = code_id
        self._keys = sorted(self._key_of.values())

    def _records_for(self, rows: range) -> None:
        """Read the missing records of these rows with one query."""
        if self._project is None:
            return
        ids = [self._keys[n][2] for n in rows if self._keys[n][2] not in self._records]
        if not ids:
            return
        for seg in self._project.segments_by_id(ids):
            self._records[seg.id] = seg

    def _record(self, row: int) -> Segment | None:
        sid = self._keys[row][2]
        seg = self._records.get(sid)
        if seg is None:
            self._records_for(range(max(0, row - PAGE // 4), min(len(self._keys), row + PAGE)))
            seg = self._records.get(sid)
        return seg

    # -- queries ---------------------------------------------------------------
    def segments(self) -> list[Segment]:
        self._records_for(range(len(self._keys)))
        return [self._records[k[2]] for k in self._keys if k[2] in self._records]

    def row_of(self, segment_id: str) -> int:
        key = self._key_of.get(segment_id)
        if key is None:
            return -1
        n = bisect_left(self._keys, key)
        return n if n < len(self._keys) and self._keys[n] == key else -1

    def segment(self, segment_id: str) -> Segment | None:
        n = self.row_of(segment_id)
        return self._record(n) if n >= 0 else None

    # -- edits: one row at a time ----------------------------------------------------
    def remove(self, segment_id: str) -> None:
        n = self.row_of(segment_id)
        if n >= 0:
            self.beginRemoveRows(QModelIndex(), n, n)
            del self._keys[n]
            del self._key_of[segment_id]
            self._code_of.pop(segment_id, None)
            self._records.pop(segment_id, None)
            self.endRemoveRows()

    def upsert(self, segment: Segment) -> None:
        key = _key(segment)
        n = self.row_of(segment.id)
        if n >= 0 and self._keys[n] == key:
            self._records[segment.id] = segment
            self._code_of[segment.id] = segment.code_id
            idx = self.index(n, 0)
            self.dataChanged.emit(idx, idx)
            return
        self.remove(segment.id)
        n = bisect_left(self._keys, key)
        self.beginInsertRows(QModelIndex(), n, n)
        self._keys.insert(n, key)
        self._key_of[segment.id] = key
        self._code_of[segment.id] = segment.code_id
        self._records[segment.id] = segment
        self.endInsertRows()

    def apply_changes(self, changes: Changes, document_id: str | None, coder_id: str | None) -> None:
        """Follow an applied edit: one row in, out or repainted per changed segment of mine here."""
        if document_id is None:
            return
        for sid, seg in changes.segments_in(document_id).items():
            if seg is None or seg.deleted_at is not None or seg.coder_id != coder_id:
                self.remove(sid)
            else:
                self.upsert(seg)
        if changes.codebook_changed:
            self.refresh_all()

    def refresh_all(self) -> None:
        """Codes were renamed or recoloured: repaint every row."""
        if self._keys:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._keys) - 1, 0))

    # -- Qt model API --------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._keys)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or index.column() != 0:
            return None
        row = index.row()
        if not 0 <= row < len(self._keys):
            return None
        start, _end, sid = self._keys[row]
        if role == SEGMENT_ID_ROLE:
            return sid
        if role == START_ROLE:
            return start
        code = self._code(self._code_of.get(sid, ""))
        if role == _DECORATION:
            return swatch(code.color) if code else None
        if role not in (_DISPLAY, _TOOLTIP, INCOMPLETE_ROLE):
            return None
        seg = self._record(row)
        if seg is None:
            return None
        missing = self.incomplete(seg) if self.incomplete is not None else []
        if role == INCOMPLETE_ROLE:
            return missing
        name = code.name if code else "?"
        if role == _DISPLAY:
            quote = " ".join(seg.quote[:400].split())
            if len(quote) > 70:
                quote = quote[:67] + "…"
            memo = " ✎" if seg.memo else ""
            return f"{name}: “{quote}”{memo}"
        text = f"{name}\n{seg.quote}" + (f"\n\n{seg.memo}" if seg.memo else "")
        return tip(text + (f"\n\nIncomplete: missing {', '.join(missing)}" if missing else ""))

"""The Search pane's hits: one row per hit in keyword-in-context form, with its review state."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt

from newscoder.core.search.engine import Hit
from newscoder.ui.models.rows import RowTableModel

_FLAT = str.maketrans({"\n": " ", "\r": " ", "\t": " "})


class Review(str, Enum):
    PENDING = ""
    CODED = "coded"
    ALREADY = "already coded"
    SKIPPED = "skipped"


@dataclass(slots=True)
class HitRow:
    code_id: str | None  # the dictionary's code for this hit (None: the pane's chosen code)
    hit: Hit
    review: Review = Review.PENDING
    coded: tuple[str, str] | None = None  # (code id, extent) it was coded with, to check after an undo


def review_text(review: Review) -> str:
    return {
        Review.PENDING: "", Review.CODED: QCoreApplication.translate("SearchHits", "✓ coded"),
        Review.ALREADY: QCoreApplication.translate("SearchHits", "✓ already coded"),
        Review.SKIPPED: QCoreApplication.translate("SearchHits", "skipped"),
    }[review]


class SearchHitsModel(RowTableModel[HitRow]):
    """Hits as rows: code, article, left context, hit, right context, review state."""

    HEADERS = ("Code", "Article", "Left", "Hit", "Right", "Review")
    CONTEXT = "SearchHits"
    CODE, ARTICLE, LEFT, HIT, RIGHT, REVIEW = range(6)

    def __init__(self, code_name: Any = None, parent: Any = None) -> None:
        super().__init__((), parent)
        #: ``code_id -> name`` for the Code column
        self.code_name = code_name or (lambda _cid: "")

    def cell(self, row: HitRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            h = row.hit
            if column == self.CODE:
                return self.code_name(row.code_id) if row.code_id else ""
            if column == self.ARTICLE:
                return h.title
            if column == self.LEFT:  # the end of the left context is what matters: cut at its start
                left = h.left.translate(_FLAT)
                return left if len(left) < 30 else "…" + left[-30:]
            if column == self.HIT:
                return h.text.translate(_FLAT)
            if column == self.RIGHT:
                return h.right.translate(_FLAT)
            return review_text(row.review)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.LEFT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.LEFT, self.HIT, self.RIGHT):
            return None  # plain text only on screen; no rich-text tooltips from user text
        return None

    def set_review(self, row: int, review: Review) -> None:
        item = self.row(row)
        if item is None:
            return
        item.review = review
        index = self.index(row, self.REVIEW)
        self.dataChanged.emit(index, index)

    def pending(self) -> list[int]:
        return [i for i, r in enumerate(self._rows) if r.review is Review.PENDING]

    def rows_in(self, document_id: str) -> list[int]:
        return [i for i, r in enumerate(self._rows) if r.hit.document_id == document_id]

    def index_of(self, row: int) -> QModelIndex:
        return self.index(row, self.HIT)

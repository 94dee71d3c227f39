"""The adjudication window's list of units: one row per unit, marked decided or open."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt

from newscoder.core.gold.units import Unit
from newscoder.ui.plain import tip

Index = QModelIndex | QPersistentModelIndex
#: a unit's row: True when a live decision settles it
DECIDED_ROLE = Qt.ItemDataRole.UserRole + 1


def tr(text: str) -> str:
    return QCoreApplication.translate("UnitListModel", text)


class UnitListModel(QAbstractListModel):
    """Units in walk order; the text says decided or open (never colour alone)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._units: list[Unit] = []
        self._decided: list[bool] = []
        self._titles: dict[str, str] = {}
        self._codes: dict[str, str] = {}

    def set_units(self, units: Sequence[Unit], decided: Sequence[bool], titles: dict[str, str],
                  codes: dict[str, str]) -> None:
        self.beginResetModel()
        self._units, self._decided = list(units), list(decided)
        self._titles, self._codes = dict(titles), dict(codes)
        self.endResetModel()

    def set_decided(self, decided: Sequence[bool]) -> None:
        """New decided flags (same units); only the rows that changed are announced."""
        changed = [i for i, (a, b) in enumerate(zip(self._decided, decided, strict=True)) if a != b]
        self._decided = list(decided)
        for i in changed:
            idx = self.index(i)
            self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DisplayRole, DECIDED_ROLE])

    def mark(self, rows: dict[int, bool]) -> None:
        """Set the decided flag of these rows only, announcing those that changed."""
        for i, flag in rows.items():
            if 0 <= i < len(self._decided) and self._decided[i] != flag:
                self._decided[i] = flag
                idx = self.index(i)
                self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DisplayRole, DECIDED_ROLE])

    def decided_count(self) -> int:
        return sum(self._decided)

    def unit(self, row: int) -> Unit | None:
        return self._units[row] if 0 <= row < len(self._units) else None

    def decided(self, row: int) -> bool:
        return 0 <= row < len(self._decided) and self._decided[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._units)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._units):
            return None
        unit = self._units[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            mark = "✓" if self._decided[index.row()] else "•"
            title = self._titles.get(unit.document_id, "")
            # what tells units apart first: the list is narrow and one article holds many units
            return f"{mark} {self._codes.get(unit.code_id, '?')} · {unit.start}–{unit.end} · {title}"
        if role == Qt.ItemDataRole.ToolTipRole:
            state = tr("decided") if self._decided[index.row()] else tr("not decided yet")
            return tip(f"{self._titles.get(unit.document_id, '')} ({state})")
        if role == DECIDED_ROLE:
            return self._decided[index.row()]
        return None

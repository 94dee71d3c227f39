"""The agreement window's models: the selection lists and the report's views (codes × metrics, coder
pairs, documents).

Undefined figures are shown as "undefined: <reason>", never as 0, 1 or blank
(:mod:`newscoder.ui.models.agreement_cells`). The plain row tables (left-out documents,
per coder, two coders' segments) are in :mod:`newscoder.ui.models.agreement_rows`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from newscoder.core.agreement import ALL, AgreementReport, AgreementRow
from newscoder.core.agreement.render import METRIC_LABELS
from newscoder.ui.models.agreement_cells import (
    KEY_ROLE,
    SHORT_LABELS,
    SORT_ROLE,
    code_label,
    concern_cell,
    concerns_by_key,
    fmt,
    metric_cell,
    metrics_in,
    row_tooltip,
    tr,
)
from newscoder.ui.plain import tip

Index = QModelIndex | QPersistentModelIndex


class CheckListModel(QAbstractListModel):
    """A list of (key, label) items the user ticks (Space toggles the current one)."""

    def __init__(self, items: list[tuple[str, str]] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[tuple[str, str]] = []
        self._checked: set[str] = set()
        self.set_items(items or [])

    def set_items(self, items: list[tuple[str, str]], checked: bool = True) -> None:
        self.beginResetModel()
        self._items = list(items)
        self._checked = {k for k, _ in items} if checked else set()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        key, label = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return label
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if key in self._checked else Qt.CheckState.Unchecked
        if role == KEY_ROLE:
            return key
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        key = self._items[index.row()][0]
        on = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
        (self._checked.add if on else self._checked.discard)(key)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def set_all(self, checked: bool) -> None:
        self._checked = {k for k, _ in self._items} if checked else set()
        if self._items:
            self.dataChanged.emit(self.index(0), self.index(len(self._items) - 1), [Qt.ItemDataRole.CheckStateRole])

    def set_checked(self, keys: list[str]) -> None:
        self._checked = set(keys) & {k for k, _ in self._items}
        if self._items:
            self.dataChanged.emit(self.index(0), self.index(len(self._items) - 1), [Qt.ItemDataRole.CheckStateRole])

    def checked(self) -> list[str]:
        return [k for k, _ in self._items if k in self._checked]

    def all_checked(self) -> bool:
        return len(self._checked) == len(self._items)


class CodeMetricModel(QAbstractTableModel):
    """Codes (all codes first) × metrics, for the whole selection of coders."""

    def __init__(self, report: AgreementReport | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._codes: list[str] = []
        self._metrics: list[str] = []
        self._cells: dict[tuple[str, str], AgreementRow] = {}
        self._concerns: dict[str, str] = {}
        self.set_report(report)

    def set_report(self, report: AgreementReport | None) -> None:
        self.beginResetModel()
        self._cells = {}
        if report is None:
            self._codes, self._metrics = [], []
        else:
            full = [r for r in report.rows if len(r.coders) == len(report.coders)]
            self._codes = [ALL, *report.codes]
            self._metrics = metrics_in(full)
            self._cells = {(r.code, r.metric): r for r in full}
        self._concerns = concerns_by_key(self._cells)
        self.endResetModel()

    def metrics(self) -> list[str]:
        return list(self._metrics)

    def cell(self, code: str, metric: str) -> AgreementRow | None:
        return self._cells.get((code, metric))

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._codes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or not self._codes else 3 + len(self._metrics)

    def concern_column(self) -> int:
        """Right after the code and its units, before the values it explains."""
        return 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if section == self.concern_column():
            return tr("Concern") if role == Qt.ItemDataRole.DisplayRole else None
        if section < 2:
            return (tr("Code"), tr("Units (characters)"))[section] if role == Qt.ItemDataRole.DisplayRole else None
        metric = self._metrics[section - 3]
        if role == Qt.ItemDataRole.DisplayRole:
            return tr(SHORT_LABELS[metric])
        if role == Qt.ItemDataRole.ToolTipRole:
            return tr(METRIC_LABELS[metric])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._codes):
            return None
        code = self._codes[index.row()]
        column = index.column()
        if column == 0:
            return code_label(code) if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE) else None
        if column == 1:
            base = self._cells.get((code, "alpha_u")) or self._cells.get(
                (code, self._metrics[0]) if self._metrics else ("", "")
            )
            if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
                return base.units if base else 0
            return None
        if column == self.concern_column():
            return concern_cell(self._concerns.get(code, ""), role)
        row = self._cells.get((code, self._metrics[column - 3]))
        return metric_cell(row, role)


class PairMatrixModel(QAbstractTableModel):
    """Coders × coders: one metric for one code, for each pair of coders."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._coders: list[str] = []
        self._pairs: dict[tuple[str, ...], AgreementRow] = {}

    def set_report(self, report: AgreementReport | None, metric: str, code: str) -> None:
        self.beginResetModel()
        self._coders = list(report.coders) if report else []
        self._pairs = {}
        if report is not None:
            for row in report.rows:
                if len(row.coders) == 2 and row.metric == metric and row.code == code:
                    self._pairs.setdefault(row.coders, row)
        self.endResetModel()

    def pair(self, a: str, b: str) -> AgreementRow | None:
        key = tuple(sorted((a, b), key=lambda n: (n.casefold(), n)))
        return self._pairs.get(key)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._coders)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._coders)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._coders):
            return self._coders[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (
            0 <= index.row() < len(self._coders) and 0 <= index.column() < len(self._coders)
        ):
            return None
        a, b = self._coders[index.row()], self._coders[index.column()]
        if a == b:
            return "—" if role == Qt.ItemDataRole.DisplayRole else None
        row = self.pair(a, b)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return fmt(row) if row else tr("not computed")
        if role == Qt.ItemDataRole.ToolTipRole:
            return row_tooltip(row)
        return None


class DocumentAgreementModel(QAbstractTableModel):
    """One row per document: its agreement over all codes (sort to find the worst)."""

    FIXED = ("Document", "Coders", "Characters")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._docs: list[tuple[str, str]] = []
        self._metrics: list[str] = []
        self._cells: dict[tuple[str, str], AgreementRow] = {}
        self._concerns: dict[str, str] = {}

    def set_report(self, report: AgreementReport | None, titles: dict[str, str]) -> None:
        self.beginResetModel()
        self._docs, self._cells = [], {}
        rows = [r for r in report.rows if r.code == ALL and r.document_id] if report else []
        seen: set[str] = set()
        for row in rows:  # the whole selection's rows come before the pairs' rows
            doc_id = row.document_id or ""
            if doc_id not in seen:
                seen.add(doc_id)
                self._docs.append((doc_id, titles.get(doc_id, doc_id)))
            self._cells.setdefault((doc_id, row.metric), row)
        self._metrics = metrics_in(list(self._cells.values()))
        self._concerns = concerns_by_key(self._cells)
        self.endResetModel()

    def document_id(self, row: int) -> str | None:
        return self._docs[row][0] if 0 <= row < len(self._docs) else None

    def metrics(self) -> list[str]:
        return list(self._metrics)

    def cell(self, document_id: str, metric: str) -> AgreementRow | None:
        return self._cells.get((document_id, metric))

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._docs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or not self._docs else len(self.FIXED) + len(self._metrics) + 1

    def concern_column(self) -> int:
        """Right after the fixed columns, before the values it explains."""
        return len(self.FIXED)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if section == self.concern_column():
            return tr("Concern") if role == Qt.ItemDataRole.DisplayRole else None
        if section < len(self.FIXED):
            return tr(self.FIXED[section]) if role == Qt.ItemDataRole.DisplayRole else None
        metric = self._metrics[section - len(self.FIXED) - 1]
        if role == Qt.ItemDataRole.DisplayRole:
            return tr(SHORT_LABELS[metric])
        if role == Qt.ItemDataRole.ToolTipRole:
            return tr(METRIC_LABELS[metric])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._docs):
            return None
        doc_id, title = self._docs[index.row()]
        column = index.column()
        if role == KEY_ROLE:
            return doc_id
        any_row = next((self._cells[(doc_id, m)] for m in self._metrics if (doc_id, m) in self._cells), None)
        if column == 0:
            if role == Qt.ItemDataRole.ToolTipRole:
                return tip(title)
            return title if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE) else None
        if column == 1:
            return ", ".join(any_row.coders) if any_row and role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE) else None
        if column == 2:
            base = self._cells.get((doc_id, "alpha_u")) or any_row
            return (base.units if base else 0) if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE) else None
        if column == self.concern_column():
            return concern_cell(self._concerns.get(doc_id, ""), role)
        row = self._cells.get((doc_id, self._metrics[column - len(self.FIXED) - 1]))
        return metric_cell(row, role)

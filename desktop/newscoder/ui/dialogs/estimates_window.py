"""Analysis ▸ Estimates: the estimate ledger grouped by what is counted, with hedge drift flagged.

The rows are the ledger's (``newscoder export estimates``): each group is one ``counted``,
its rows sorted by value. A row whose source gave the same number with different hedges
in other outlets (or bare in one and hedged in another) carries "⚑ drift", said in words.
Enter (or a double click) on a row opens its span in the coding window.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QDialog, QHeaderView, QLabel, QTreeView, QVBoxLayout, QWidget

from newscoder.core.errors import UserError
from newscoder.core.exchange.ledger import LedgerRow, hedge_drift, ledger_rows
from newscoder.core.store import Project
from newscoder.ui.plain import plain, tip

DOC_ROLE = Qt.ItemDataRole.UserRole + 1
SEGMENT_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS = ("Value", "Hedge", "Low", "High", "Source", "Kind", "Outlet", "Coder", "Article", "Drift")


def _num(value: object) -> str:
    if value is None:
        return ""
    return f"{value:,}" if isinstance(value, int) else str(value)


class EstimatesWindow(QDialog):
    """A non-modal window; :meth:`refresh` re-reads the ledger."""

    open_segment = Signal(str, str)  # document id, segment id

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.setWindowTitle(self.tr("Estimates — Newscoder"))
        self.setObjectName("estimatesWindow")
        self.resize(1000, 560)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = QStandardItemModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("estimatesTree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.tree.activated.connect(self._activated)
        layout.addWidget(self.tree)
        self.drift_label = QLabel()
        plain(self.summary, self.drift_label)  # source names, what is counted, errors
        self.drift_label.setTextFormat(Qt.TextFormat.PlainText)
        self.drift_label.setWordWrap(True)
        self.drift_label.setObjectName("driftLabel")
        layout.addWidget(self.drift_label)
        layout.addWidget(QLabel(self.tr("Enter: open the span · F5: refresh · Esc: close")))
        QShortcut(QKeySequence("F5"), self, self.refresh)
        self.rows: list[LedgerRow] = []
        self.refresh()

    def refresh(self) -> None:
        self.model.clear()
        self.model.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        try:
            self.rows = list(ledger_rows(self.project))
        except UserError as exc:
            self.rows = []
            self.summary.setText(str(exc))
            return
        drift = hedge_drift(self.rows)
        flagged = {sid for d in drift for sid in d.segment_ids}
        groups: dict[str, QStandardItem] = {}
        counts: dict[str, int] = {}
        for r in self.rows:
            key = r.counted or self.tr("(what is counted not given)")
            if key not in groups:
                groups[key] = QStandardItem(key)
                groups[key].setEditable(False)
                self.model.appendRow([groups[key]] + [QStandardItem("") for _ in COLUMNS[1:]])
            counts[key] = counts.get(key, 0) + 1
            drift_mark = self.tr("⚑ drift") if r.segment_id in flagged else ""
            cells = [_num(r.value), r.hedge, _num(r.low), _num(r.high), r.source, r.source_kind,
                     r.source_outlet or self.tr("(no outlet)"), r.coder, r.title, drift_mark]
            items = [QStandardItem(c) for c in cells]
            for item in items:
                item.setData(r.document_id, DOC_ROLE)
                item.setData(r.segment_id, SEGMENT_ROLE)
                item.setToolTip(tip(r.text))
            groups[key].appendRow(items)
        for key, item in groups.items():
            item.setText(f"{key} ({counts[key]})")
        self.tree.expandAll()
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.summary.setText(self.tr("Estimates: %1; groups by what is counted: %2 (each sorted by value).")
                             .replace("%1", str(len(self.rows))).replace("%2", str(len(groups))))
        if drift:
            lines = [self.tr("Hedge drift:")] + ["  " + d.describe() for d in drift]
            self.drift_label.setText("\n".join(lines))
        else:
            self.drift_label.setText(self.tr("No hedge drift: each source's numbers carry one hedge across outlets."))
        first = self.model.index(0, 0)
        if first.isValid():
            self.tree.setCurrentIndex(self.model.index(0, 0, first))

    def _activated(self, index: QModelIndex) -> None:
        doc, seg = index.data(DOC_ROLE), index.data(SEGMENT_ROLE)
        if doc and seg:
            self.open_segment.emit(doc, seg)

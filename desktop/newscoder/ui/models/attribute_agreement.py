"""Agreement on attribute values (one row per code.attribute) for the agreement window's Attributes tab."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from newscoder.core.agreement.attribute_agreement import AttributeRow
from newscoder.ui.models.rows import RowTableModel


class AttributeAgreementModel(RowTableModel[AttributeRow]):
    HEADERS = ("Code", "Attribute", "Metric", "α", "% agreement", "Pairs", "Units", "Note")
    CONTEXT = "AgreementWindow"

    def cell(self, row: AttributeRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 3:
                return "undefined" if row.value is None else f"{row.value:.3f}"
            if column == 4:
                return "" if row.percent is None else f"{100 * row.percent:.1f}"
            return (row.code, row.attribute, row.metric.replace("alpha_", "α "), None, None, str(row.pairs),
                    str(row.units), row.note)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and 3 <= column <= 6:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == 7 and row.note:
            return row.note
        return None

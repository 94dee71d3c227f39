"""The agreement window's plain row tables: documents left out, figures per coder, two coders' segments.

Each is a :class:`~newscoder.ui.models.rows.RowTableModel`: one plain row per line, fixed
columns. Cell text is the user's (titles, code names, span text): tooltips are plain text.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from newscoder.core.agreement import AgreementReport
from newscoder.core.agreement.percoder import CoderRow
from newscoder.ui.models.agreement_cells import SORT_ROLE, UNDEFINED_SORT, code_label, tr
from newscoder.ui.models.rows import RowTableModel
from newscoder.ui.plain import tip

#: a row of plain texts, one per column
TextRow = tuple[str, ...]


class _TextRows(RowTableModel[TextRow]):
    """Rows of texts: the text, and the same text as a plain-text tooltip."""

    def cell(self, row: TextRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return row[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(str(row[column]))
        return None


class ExcludedModel(_TextRows):
    """Documents left out of the study or of the pooled α_u, with the reason."""

    HEADERS = ("Document", "Left out of", "Reason")
    CONTEXT = "Agreement"

    def set_report(self, report: AgreementReport | None) -> None:
        self.set_rows((e.title, tr("whole study") if e.scope == "study" else tr("pooled α_u only"), e.reason)
                      for e in (report.excluded if report else ()))


class CompareSegmentsModel(_TextRows):
    """Two coders' segments of one article: coder, code, characters, how it compares, text."""

    HEADERS = ("Coder", "Code", "Characters", "Compared with the other coder", "Text")
    CONTEXT = "AgreementCompare"


class PerCoderModel(RowTableModel[CoderRow]):
    """One row per coder and code: α_u without the coder, shares, typical span lengths."""

    HEADERS = ("Coder", "Code", "Segments", "Share", "Others' share", "Median span", "Others' median span",
               "α_u without this coder", "Mean pairwise α_u")
    CONTEXT = "AgreementWindow"

    @staticmethod
    def _values(r: CoderRow) -> list[Any]:
        return [r.coder, code_label(r.code), r.segments, r.share, r.others_share, r.median_span,
                r.others_median_span, r.alpha_u_without, r.alpha_u_pairs]

    def cell(self, row: CoderRow, column: int, role: int) -> Any:
        value = self._values(row)[column]
        if role == SORT_ROLE:
            return UNDEFINED_SORT if value is None else value
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if value is None:
            return "—" if column in (3, 4) else QCoreApplication.translate("AgreementWindow", "undefined")
        if column in (3, 4):
            return f"{100 * value:.1f} %"
        if column in (5, 6):
            return f"{value:g}"
        if column in (7, 8):
            return f"{value:.3f}"
        return str(value)

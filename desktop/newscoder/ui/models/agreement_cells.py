"""How the agreement window shows a figure: labels, formatting, tooltips, sort keys, concern cells.

Undefined figures are shown as "undefined: <reason>", never as 0, 1 or blank; they sort
after every defined value.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from newscoder.core.agreement import ALL, METRICS, AgreementRow
from newscoder.core.agreement.render import METRIC_LABELS
from newscoder.ui.plain import tip

SHORT_LABELS = {
    "alpha_u": "α_u",
    "alpha_nominal": "α (nominal)",
    "cohen_kappa": "Cohen's κ",
    "fleiss_kappa": "Fleiss' κ",
    "gwet_ac1": "Gwet's AC1",
    "brennan_prediger": "Brennan–Prediger",
    "percent_agreement": "% agreement",
    "f1_exact": "F1 exact",
    "f1_overlap": "F1 overlap",
    "gamma": "γ",
    "gamma_cat": "γ-cat",
}
#: numeric value for sorting (undefined sorts after every defined value)
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: a row's key (document id, or the item key of a check list)
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
UNDEFINED_SORT = 99.0


def tr(text: str) -> str:
    return QCoreApplication.translate("Agreement", text)


def fmt(row: AgreementRow | None) -> str:
    if row is None:
        return ""
    if row.value is None:
        return tr("undefined: {reason}").format(reason=row.note or tr("no data"))
    return f"{row.value:.3f}"


def fmt_interval(row: AgreementRow | None) -> str:
    """The value, and its bootstrap interval in brackets when there is one."""
    text = fmt(row)
    i = row.interval if row is not None else None
    if row is not None and row.value is not None and i is not None and i.low is not None and i.high is not None:
        text += f" [{i.low:.3f}, {i.high:.3f}]"
    return text


def row_tooltip(row: AgreementRow | None) -> str | None:
    if row is None:
        return None
    text = tr("{metric} for {code}, coders {coders}: {value}\n{units} units in {docs} document(s)").format(
        metric=METRIC_LABELS.get(row.metric, row.metric), code=code_label(row.code),
        coders=", ".join(row.coders), value=fmt(row), units=row.units, docs=row.documents)
    i = row.interval
    if i is not None and i.low is not None:
        text += "\n" + tr("{level}% bootstrap interval: [{low:.3f}, {high:.3f}] ({n} resamples, seed {seed})").format(
            level=f"{100 * i.level:g}", low=i.low, high=i.high, n=i.defined, seed=i.seed)
        for t, p in i.p_below:
            if p is not None:
                text += "\n" + tr("P(value < {t}) = {p:.3f}").format(t=f"{t:g}", p=p)
    if row.value is not None and row.note:  # e.g. γ's chance disorder, its standard error and seed
        text += "\n" + row.note
    if row.concern:
        text += "\n" + tr("Concern: {concern}").format(concern=row.concern)
    return tip(text)


def code_label(code: str) -> str:
    return tr("All codes") if code == ALL else code


def sort_value(row: AgreementRow | None) -> float:
    return UNDEFINED_SORT if row is None or row.value is None else float(row.value)


def metric_cell(row: AgreementRow | None, role: int) -> Any:
    """What a metric cell shows for ``role``: the value, its tooltip, or its sort key."""
    if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
        return fmt_interval(row)
    if role == Qt.ItemDataRole.ToolTipRole:
        return row_tooltip(row)
    if role == SORT_ROLE:
        return sort_value(row)
    return None


def concern_cell(concern: str, role: int) -> Any:
    """The "Concern" column: the words (plain text), sortable."""
    if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, SORT_ROLE):
        return concern
    if role == Qt.ItemDataRole.ToolTipRole:
        return tip(concern)  # it may quote a title or a code name
    return None


def concerns_by_key(cells: dict[tuple[str, str], AgreementRow]) -> dict[str, str]:
    """Each row key's concern (the same for every metric of a code or document)."""
    out: dict[str, str] = {}
    for (key, _metric), row in cells.items():
        if row.concern and key not in out:
            out[key] = row.concern
    return out


def metrics_in(rows: list[AgreementRow] | tuple[AgreementRow, ...]) -> list[str]:
    present = {r.metric for r in rows}
    return [m for m in METRICS if m in present]

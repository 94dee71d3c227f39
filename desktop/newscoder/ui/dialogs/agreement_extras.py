"""The agreement window's extras: bootstrap options, check lists, result tables, the disagreements CSV.

Kept apart from :mod:`agreement_window` so each module stays small. Nothing
here touches SQL: the worker functions open their own project and call core.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from PySide6.QtCore import QAbstractItemModel, QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListView, QPushButton,
    QSpinBox, QTableView, QVBoxLayout, QWidget,
)

from newscoder.core.agreement import load_study
from newscoder.core.agreement.bootstrap import DEFAULT_RESAMPLES, DEFAULT_SEED, DEFAULT_THRESHOLDS, BootstrapSettings
from newscoder.core.agreement.disagreements import disagreement_header, disagreement_rows
from newscoder.core.errors import UserError
from newscoder.core.exchange.segments_csv_export import escape_formula
from newscoder.core.store import Project
from newscoder.ui.models.agreement import CheckListModel


def tr(text: str) -> str:
    return QCoreApplication.translate("AgreementWindow", text)


class BootstrapOptions(QWidget):
    """"Bootstrap intervals" on/off, the number of resamples and the seed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.enabled = QCheckBox(tr("&Bootstrap intervals (resample documents)"))
        self.enabled.setChecked(True)
        self.resamples = QSpinBox()
        self.resamples.setRange(100, 100_000)
        self.resamples.setSingleStep(500)
        self.resamples.setValue(DEFAULT_RESAMPLES)
        self.resamples.setAccessibleName(tr("Resamples"))
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.seed.setValue(DEFAULT_SEED)
        self.seed.setAccessibleName(tr("Seed"))
        self.thresholds = QLineEdit(", ".join(f"{t:.3f}" for t in DEFAULT_THRESHOLDS))
        self.thresholds.setAccessibleName(tr("Thresholds"))
        self.thresholds.setToolTip(tr("Report the share of resamples below each of these values (comma-separated)"))
        form.addRow(self.enabled)
        form.addRow(tr("Resamples:"), self.resamples)
        form.addRow(tr("Seed:"), self.seed)
        form.addRow(tr("P(value <):"), self.thresholds)
        self.enabled.toggled.connect(self._sync)
        self._sync(True)

    def _sync(self, on: bool) -> None:
        for widget in (self.resamples, self.seed, self.thresholds):
            widget.setEnabled(on)

    def settings(self) -> BootstrapSettings | None:
        """The chosen settings (None: no bootstrap); a bad threshold raises a UserError naming it."""
        if not self.enabled.isChecked():
            return None
        thresholds = []
        for part in self.thresholds.text().replace(";", ",").split(","):
            if part.strip():
                try:
                    thresholds.append(float(part))
                except ValueError:
                    raise UserError(tr("{value!r} is not a number; give thresholds like 0.667, 0.800").format(
                        value=part.strip())) from None
        settings = BootstrapSettings(resamples=self.resamples.value(), seed=self.seed.value(),
                                     thresholds=tuple(thresholds))
        settings.check()
        return settings


def check_list(title: str, model: CheckListModel) -> QWidget:
    """A titled list of items to tick, with All and None buttons."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    view = QListView()
    view.setModel(model)
    view.setAccessibleName(title.replace("&", ""))
    label = QLabel(title)
    label.setBuddy(view)
    layout.addWidget(label)
    layout.addWidget(view, 1)
    row = QHBoxLayout()
    for text, on in ((tr("All"), True), (tr("None"), False)):
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _c=False, on=on: model.set_all(on))
        row.addWidget(button)
    layout.addLayout(row)
    return box

def result_table(model: QAbstractItemModel, name: str, sortable: bool = False) -> QTableView:
    """A read-only table of results, rows selected whole."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSortingEnabled(sortable)
    table.setAccessibleName(name)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def disagreements_csv(project_path: Path, coders: list[str], codes: list[str], documents: list[str],
                      ignore_whitespace: bool, done_only: bool,
                      progress: Callable[[int, int, str], None] | None = None) -> tuple[str, int]:
    """The disagreements as CSV text and their number (worker thread, own connection)."""
    with Project.open(project_path) as project:
        study = load_study(project, coders=coders, codes=codes, documents=documents,
                           ignore_whitespace=ignore_whitespace, done_only=done_only)
        outlets = {d.id: d.source for d in project.documents()}
        rows = [[escape_formula(c) for c in row]
                for row in disagreement_rows(study, project.document_text, lambda i: outlets.get(i, ""))]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(disagreement_header(study))
    writer.writerows(rows)
    return buffer.getvalue(), len(rows)

"""The agreement window's computation: the figures of one selection, off the UI thread.

:func:`compute_agreement` runs in the worker thread on a connection of its own (core only);
:func:`definitions_text` is the Help page of the figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from newscoder.core import agreement
from newscoder.core.agreement import AgreementReport, compute_report, load_study
from newscoder.core.agreement.attribute_agreement import AttributeRow, attribute_agreement
from newscoder.core.agreement.bootstrap import BootstrapCancelled, BootstrapSettings
from newscoder.core.agreement.percoder import CoderRow, per_coder
from newscoder.core.agreement.render import METRIC_LABELS
from newscoder.core.store import Project
from newscoder.ui.models.agreement_cells import SHORT_LABELS


@dataclass(frozen=True)
class AgreementResult:
    pooled: AgreementReport
    by_document: AgreementReport
    per_coder: tuple[CoderRow, ...] = ()
    attributes: tuple[AttributeRow, ...] = ()  # agreement on attribute values (attribute_agreement.py)


def compute_agreement(project_path: Path, coders: list[str], codes: list[str], documents: list[str],
                      ignore_whitespace: bool, done_only: bool = False,
                      bootstrap: BootstrapSettings | None = None, *,
                      progress: Callable[[int, int, str], None] | None = None,
                      cancelled: Callable[[], bool] | None = None) -> AgreementResult:
    """Runs in the worker thread, on its own connection; the bootstrap reports progress and can be cancelled."""
    with Project.open(project_path) as project:
        study = load_study(project, coders=coders, codes=codes, documents=documents,
                           ignore_whitespace=ignore_whitespace, done_only=done_only)
        attribute_rows = tuple(attribute_agreement(project, coders, codes, documents))
    if cancelled is not None and cancelled():
        raise BootstrapCancelled()
    pooled = compute_report(study, bootstrap=bootstrap, progress=progress, cancelled=cancelled)
    return AgreementResult(pooled, compute_report(study, by_document=True), tuple(per_coder(study)),
                           attribute_rows)


def definitions_text() -> str:
    try:
        return agreement.definitions()
    except OSError:
        lines = ["# Agreement figures", ""]
        lines += [f"* **{SHORT_LABELS[m]}**: {label}" for m, label in METRIC_LABELS.items()]
        lines += ["", "A figure that cannot be computed is shown as *undefined*, with the reason."]
        return "\n".join(lines)

"""Inter-coder agreement: α_u, character-level α/κ/percent agreement, segment F1, γ and γ-cat.

Typical use::

    study = load_study(project, coders=["ann", "ben"], ignore_whitespace=True)
    report = compute_report(study, by_document=False)
    for row in report.rows: ...

See ``DEFINITIONS.md`` in this package for what each figure means.
"""

from __future__ import annotations

from pathlib import Path

from newscoder.core.agreement.report import (
    ALL,
    METRICS,
    AgreementReport,
    AgreementRow,
    compute_report,
)
from newscoder.core.agreement.study import ExcludedDocument, Study, load_study, make_study

DEFINITIONS_PATH = Path(__file__).with_name("DEFINITIONS.md")


def definitions() -> str:
    """The user-facing definitions of the agreement figures (Markdown)."""
    return DEFINITIONS_PATH.read_text(encoding="utf-8")


__all__ = [
    "ALL",
    "METRICS",
    "AgreementReport",
    "AgreementRow",
    "ExcludedDocument",
    "Study",
    "compute_report",
    "definitions",
    "load_study",
    "make_study",
]

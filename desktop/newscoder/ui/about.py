"""Help ▸ About: version, licence, where the project and settings live, Qt/PySide versions."""

from __future__ import annotations

import html
import sys
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from newscoder import __version__
from newscoder.core import settings

LICENCE = "GPL-3.0-or-later"


def tr(text: str) -> str:
    return QCoreApplication.translate("About", text)


def about_facts(project_path: Path | None) -> list[tuple[str, str]]:
    """(label, value) rows shown in the About box."""
    return [
        (tr("Version"), __version__),
        (tr("Licence"), LICENCE),
        (tr("Project file"), str(project_path.resolve()) if project_path is not None else tr("(none open)")),
        (tr("Settings"), str(settings.settings_path())),
        (tr("Qt"), qVersion()),
        (tr("PySide"), PySide6.__version__),
        (tr("Python"), sys.version.split()[0]),
    ]


class AboutDialog(QDialog):
    def __init__(self, project_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(tr("About Newscoder"))
        layout = QVBoxLayout(self)
        rows = "".join(
            f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>" for k, v in about_facts(project_path)
        )
        blurb = tr("Code news articles: select a span, press a code’s key. Every segment is saved at once.")
        self.label = QLabel(
            f"<h3>Newscoder {html.escape(__version__)}</h3>"
            f"<p>{html.escape(blurb)}</p>"
            f"<table cellpadding='3'>{rows}</table>"
        )
        self.label.setObjectName("aboutText")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                           | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        layout.addWidget(self.label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        buttons.accepted.connect(self.close)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def text(self) -> str:
        """The shown facts as plain text (for tests and copying)."""
        return "\n".join(f"{k}: {v}" for k, v in about_facts(None))

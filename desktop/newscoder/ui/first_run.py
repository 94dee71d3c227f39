"""First run and empty states: who is coding, the one-line coding hint, "what to do next" texts.

* :func:`choose_coder` asks for the coder's name on first start (no
  ``coder_name`` in the settings) and whenever a project is a coder copy made
  for someone else (project meta ``intended_coder``), proposing that name.
  Cancelling the first question says that Newscoder then closes, and offers
  to go back (:func:`quit_without_name`).
* :class:`CodingHint` is a dismissible banner above the article, shown until
  the first segment is coded (setting ``coding_hint_done``).
* :class:`EmptyHint` paints a short "what to do next" text in an empty list.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QAbstractItemView, QFrame, QHBoxLayout, QLabel, QMessageBox, QToolButton, QWidget

from newscoder.core import settings
from newscoder.core.store import Project

HINT_DONE = "coding_hint_done"
CONFIRMED = "coder_confirmed_for_copy"  # {project uuid: the name the user chose for that copy}


def tr(text: str) -> str:
    return QCoreApplication.translate("FirstRun", text)


def proposed_coder(project: Project, current: str | None) -> tuple[str, str] | None:
    """(proposed name, note) when the user must be asked who is coding, else ``None``."""
    intended = project.meta("intended_coder")
    confirmed = settings.get(CONFIRMED, {})
    already = isinstance(confirmed, dict) and current is not None and confirmed.get(project.uuid) == current
    if intended and current != intended and not already:
        return intended, tr("This copy of the project was made for %1. Code as:").replace("%1", intended)
    if not current:
        return "", ""
    return None


def choose_coder(project: Project, parent: QWidget | None = None, current: str | None = None) -> str | None:
    """The coder's name: the remembered one, or asked (first start, a copy made for someone else).

    ``current`` defaults to the name in the settings. Returns ``None`` if the
    user cancelled the question.
    """
    from newscoder.ui.coder_dialog import ask_coder

    name = settings.get("coder_name") if current is None else current
    ask = proposed_coder(project, name)
    if ask is not None:
        proposed, note = ask
        first_start = not name
        while True:
            name = ask_coder(parent, proposed, [c.name for c in project.coders()], note)
            if name or not first_start or quit_without_name(parent):
                break
        if name and note:
            chosen, key = name, project.uuid

            def change(data: dict[str, Any]) -> None:
                found = data.get(CONFIRMED)
                mapping: dict[str, Any] = dict(found) if isinstance(found, dict) else {}
                data[CONFIRMED] = {**mapping, key: chosen}

            settings.modify(change)
    if name:
        settings.put("coder_name", name)
    return name or None


def quit_without_name(parent: QWidget | None = None) -> bool:
    """The first question was cancelled: say what happens; ``True`` if the user chose to quit."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(tr("Who is coding?"))
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(tr("Newscoder needs your name before you can code."))
    box.setInformativeText(tr("Your name is stored with every segment you code, so that several coders' work can "
                              "be merged and compared. Without a name Newscoder closes now; nothing was changed, "
                              "and it asks again at the next start."))
    back = box.addButton(tr("&Enter a name"), QMessageBox.ButtonRole.AcceptRole)
    quit_button = box.addButton(tr("&Quit Newscoder"), QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(back)
    box.setEscapeButton(back)
    box.exec()
    return box.clickedButton() is quit_button


# -- the coding hint banner -----------------------------------------------------------------
def hint_wanted() -> bool:
    return not settings.get(HINT_DONE, False)


class CodingHint(QFrame):
    """"Select text, then press 1–4 to code it", with a close button."""

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codingHint")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(tr("Coding hint"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)  # sides: indented like the article text (ArticleView.align_with)
        self.label = QLabel(tr("Select text, then press 1–4 to code it; Shift+1–4 gives the words just coded a "
                               "second code. Click a segment to recode, delete (Del) or add a memo; Ctrl+Z undoes."))
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(tr("Hide this hint"))
        self.close_button.setAccessibleName(tr("Hide the coding hint"))
        self.close_button.clicked.connect(self.dismiss)
        layout.addWidget(self.close_button)
        self.setVisible(hint_wanted())

    def dismiss(self) -> None:
        """Hide it for good (also called once the first segment is coded)."""
        if not settings.get(HINT_DONE, False):
            settings.put(HINT_DONE, True)
        if not self.isHidden():
            self.hide()
            self.dismissed.emit()


# -- empty states -----------------------------------------------------------------------------
class EmptyHint(QObject):
    """Paints ``text`` centred in an item view's viewport while its model has no rows."""

    def __init__(self, view: QAbstractItemView, text: str) -> None:
        super().__init__(view)
        self.view = view
        self.text = text
        view.viewport().installEventFilter(self)

    def showing(self) -> bool:
        model = self.view.model()
        return model is not None and model.rowCount() == 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched is self.view.viewport() and self.showing():
            viewport = self.view.viewport()
            p = QPainter(viewport)
            color = viewport.palette().color(viewport.palette().ColorRole.PlaceholderText)
            p.setPen(color)
            p.drawText(viewport.rect().adjusted(12, 12, -12, -12),
                       int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap),
                       self.text)
            p.end()
            return True
        return False


def no_articles_text() -> str:
    return tr("No articles yet: File ▸ Import articles… (Ctrl+I) or File ▸ Import folder… (Ctrl+Shift+I)")


def no_segments_text() -> str:
    return tr("No segments yet: select text and press 1–4.")

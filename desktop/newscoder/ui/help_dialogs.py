"""Help menu pages: keyboard shortcuts (generated from the actions), coding guide, agreement definitions."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from newscoder.core import agreement
from newscoder.ui.actions import shortcuts_html


def tr(text: str) -> str:
    return QCoreApplication.translate("Help", text)


class HelpPage(QDialog):
    """A non-modal window with one read-only page (HTML or Markdown)."""

    def __init__(self, title: str, name: str, parent: QWidget | None = None, *, html: str = "",
                 markdown: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName(name)
        self.setModal(False)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName(name + "Browser")
        self.browser.setOpenExternalLinks(True)
        self.browser.setAccessibleName(title)
        if markdown:
            self.browser.setMarkdown(markdown)
        else:
            self.browser.setHtml(html)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(620, 640)


_MD_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def md_literal(text: str) -> str:
    """User text shown literally in Markdown: every ASCII punctuation backslash-escaped (so no HTML,
    no links, no emphasis), newlines as spaces."""
    return _MD_PUNCTUATION.sub(r"\\\1", " ".join(str(text).split()))


def coding_guide_markdown(codes: list[tuple[str, str, str]]) -> str:
    """How to code, and the codebook: ``codes`` is (shortcut, name, description)."""
    lines = [
        "# " + tr("How to code"),
        "",
        "1. " + tr("Pick an article in the list on the left (Alt+Down / Alt+Up go to the next / previous one)."),
        "2. " + tr("Select a span of text with the mouse or Shift+arrow keys; it snaps to whole words. "
                   "Numbers, abbreviations and names stay whole: 10,000, 8.5, 1,500-strong, 12 000, "
                   "3,000–5,000, U.S., Kim Jong Un's, Yong-hyun. A double-click selects one such word "
                   "(all of “10,000”, not “000”)."),
        "3. " + tr("Press the code's key (1–9). Before you press it, a dashed outline shows the exact words "
                   "it will code. The segment is saved at once (✓ Saved). Shift+key gives the same words a "
                   "second code; the first code stays."),
        "4. " + tr("Keys act only on what you can see: the text selection, or a segment you clicked while it is "
                   "on screen. Scrolling it away, Find, Escape or a new coding clears the segment selection, "
                   "and Escape clears a text selection."),
        "5. " + tr("Click inside a segment to select it: press another key to recode it, Delete to remove it "
                   "(also in the segment list; Backspace never deletes), or write a memo (several lines; saved "
                   "when you leave the box, or Ctrl+Enter). Ctrl+Z undoes."),
        "6. " + tr("Fix a boundary: Alt+Left / Alt+Right move the selected segment's start one word, "
                   "Alt+Shift+Left / Alt+Shift+Right (or Alt+, / Alt+.) its end; or drag its left or right "
                   "edge with the mouse. "
                   "Each move is one undoable edit; the memo stays."),
        "7. " + tr("Coding words that overlap your segment of the same code asks: E extends that segment, "
                   "A adds a second one, Escape cancels."),
        "8. " + tr("Ctrl+F, type, Enter for the next match, Escape: the match stays selected and a code key "
                   "codes it."),
        "9. " + tr("When an article is finished, press Ctrl+D: it is marked done and the next one opens. "
                   "Ctrl+Shift+D (Article ▸ Reopen) makes it not done again."),
        "",
        "## " + tr("Finding articles: sort, group, filter"),
        "",
        tr("The boxes above the list sort it by any variable (Ctrl+Alt+S; numbers numerically, dates by date, "
           "choices in their order; articles without the value last; Ctrl+Alt+R reverses) and group it "
           "(Ctrl+Alt+G: by outlet, by date per month, by any variable, or by your status) under headers "
           "with counts. In the list, ← collapses a group, → expands it, Space or Enter on a header toggles "
           "it; Alt+Down / Alt+Up skip the headers. The filter box (Ctrl+L) takes words and, separated by ;, "
           "NAME=VALUE, NAME!=VALUE and NAME<, <=, >, >= VALUE: “outlet=AFP; date>=2024-10; troops>5000”. "
           "The choices are kept for each project."),
        "",
        "## " + tr("Attributes: the number, its hedge, who said it"),
        "",
        tr("Coding with a code that has attributes (estimate, claim, denial, condemnation) opens a card under "
           "the segment, pre-filled from the words: the number and its hedge (“as many as 8,000”), and the "
           "source named in the same sentence (“… Blinken said”). Tab moves between the fields, Enter confirms "
           "(one undo step), Esc keeps what is stored; F2 opens the card on the selected segment. A required "
           "value left empty marks the segment “incomplete” in the list. View ▸ Sources pane edits the list of "
           "sources (F2 edits, Ctrl+M merges two entries); Analysis ▸ Estimates lists the estimates by what is "
           "counted and flags hedge drift."),
        "",
        tr("Your name is added to a project with your first segment or status, not when you open it: "
           "opening someone else's copy, even to look, leaves it as it was. In “Who is coding?” "
           "(also File ▸ Switch coder) one Enter accepts the name shown."),
        "",
        "## " + tr("Codebook"),
        "",
    ]
    for key, name, description in codes:
        name, description = md_literal(name), md_literal(description)
        head = f"**{md_literal(key)}** — **{name}**" if key else f"**{name}**"
        lines.append(f"* {head}: {description}" if description else f"* {head}")
    lines += ["", tr("Codes are told apart by name and key everywhere, never by colour alone.")]
    return "\n".join(lines)


def definitions_markdown() -> str:
    """``core/agreement/DEFINITIONS.md`` if it exists, else a short fallback."""
    try:
        return agreement.definitions()
    except OSError:
        from newscoder.ui.dialogs.agreement_compute import definitions_text

        return definitions_text()


def shortcuts_page(parent: QWidget | None) -> HelpPage:
    return HelpPage(tr("Keyboard shortcuts"), "shortcuts", parent, html=shortcuts_html())


def coding_guide_page(parent: QWidget | None, codes: list[tuple[str, str, str]]) -> HelpPage:
    return HelpPage(tr("Coding guide"), "codingGuide", parent, markdown=coding_guide_markdown(codes))


def definitions_page(parent: QWidget | None) -> HelpPage:
    return HelpPage(tr("Agreement definitions"), "agreementDefinitions", parent, markdown=definitions_markdown())

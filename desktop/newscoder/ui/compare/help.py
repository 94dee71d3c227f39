"""Help for Analysis ▸ Compare outlets: what each tab shows and how to open the spans behind a number
(the window's Help button, F1)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from newscoder.ui.help_dialogs import HelpPage


def tr(text: str) -> str:
    return QCoreApplication.translate("CompareHelp", text)


def compare_help_markdown() -> str:
    tabs = [
        (tr("Outlet × code"), tr("Per outlet and code: the segments, segments per 1,000 words and share of the text "
                                 "(both per coder), and where the code first appears: headline, lede (the first "
                                 "paragraph) or body.")),
        (tr("Estimates"), tr("The estimate ledger by what is counted and who said it, one column per outlet; each "
                             "cell lists the figures that outlet reports (“as many as 8,000 ×2”: two estimate "
                             "segments). ⚑ hedge drift: the same number with another hedge in another outlet "
                             "(“as many as 8,000” and “up to 8,000”; a bare number counts as “exact”). ⚑ changed "
                             "number: the outlets give different numbers. The list below the table names every "
                             "flag.")),
        (tr("Sources"), tr("Who is quoted or cited by which outlet: each source's articles (or segments: Count) "
                           "over every code, then one row per code.")),
        (tr("Present / missing"), tr("Codes, sources and claims (a code by its source and target, e.g. “denial by "
                                     "Kremlin about South Korean claims”) found in some outlets and not in others; "
                                     "— : missing there.")),
        (tr("Shared and altered quotes"), tr("Sentences shared across articles (wire copy is not independent "
                                             "confirmation) and quotations worded differently inside the quotation "
                                             "marks, as a word diff.")),
        (tr("Timeline"), tr("Estimates over the articles' publication dates, one mark per estimate; colour and marker "
                            "shape name the source (see the legend), a range is drawn as a vertical line. The table "
                            "lists every mark. Articles without a date and estimates without a number are counted in "
                            "the note under the chart, not drawn.")),
        (tr("Co-occurrence"), tr("Code × code: sentences where one coder's segments of both codes meet.")),
        (tr("Reliability"), tr("α_u per outlet over the articles every selected coder coded, so that no argument "
                               "rests on contested coding.")),
    ]
    lines = [
        "# " + tr("Compare outlets"),
        "",
        tr("Articles are grouped by a variable (the outlet, “source”, by default: Group by). The figures are for all "
           "coders pooled (nothing ticked), for the coders you tick, or for the adjudicated gold layer (tick "
           "“gold”). With coders pooled, two coders' different readings of one span both count: tick one coder "
           "or gold to compare the outlets alone. F5 (Compute) computes again after you change the choices."),
        "",
        "## " + tr("Opening the spans behind a number"),
        "",
        "1. " + tr("Click an underlined number (or move to it with the arrow keys and press Enter): the spans behind "
                   "it are listed below the tabs."),
        "2. " + tr("Double-click a span (or press Enter on it): the article opens with the span selected."),
        "3. " + tr("Ctrl+Tab and Ctrl+Shift+Tab move between the tabs; Export… writes the same report as "
                   "HTML, CSV, JSON or a text table (as `newscoder compare`)."),
        "",
        "## " + tr("The tabs"),
        "",
    ]
    lines += [f"* **{name}**: {text}" for name, text in tabs]
    lines += ["", tr("Sources are told apart by colour and marker shape, never by colour alone.")]
    return "\n".join(lines)


def compare_help_page(parent: QWidget | None) -> HelpPage:
    return HelpPage(tr("Compare outlets: help"), "compareHelp", parent, markdown=compare_help_markdown())

"""Issue 11 item 9: user text is always plain text on screen.

A project whose name, titles, sources, authors, article text, memos, code
names, definitions and coder names are all HTML (an ``<img>`` and a ``<b>``)
is opened in the real window; its dialogs are opened (code browser,
agreement window with a comparison, article properties, codebook editor,
coding guide, about, restore list, coder question, report, message boxes).
Then every QLabel, every tooltip (widgets and every item of every view) and
every delegate (each item painted) is checked:

* a QLabel showing the text is ``Qt.PlainText``, or holds it escaped;
* a tooltip Qt would take for rich text holds it escaped;
* any HTML or Markdown our code hands to a QTextDocument/QTextEdit (delegates,
  help pages) never produces an image.

The ``src`` names a file that does not exist (``/dev/zero`` would exhaust the
memory of a run that fails).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QImage, QPainter, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QLabel, QMessageBox, QStyleOptionViewItem, QTextEdit, QWidget,
)

from newscoder.core import attribute_edits, backup, codebook, edits, sources, variables
from newscoder.core.attributes import AttributeDef
from newscoder.core.gold import decide
from newscoder.core.gold.units import load_units
from newscoder.core.errors import UserError
from newscoder.core.store import Project
from newscoder.ui.actions import ActionId
from tests.ui.dialog_fixtures import ModalAnswerer

_SET_HTML, _SET_MARKDOWN = QTextDocument.setHtml, QTextDocument.setMarkdown
IMG = '<img src="file:///nonexistent/newscoder-hostile.png">'
HOSTILE = f"{IMG}<b>bold</b>"


def hostile_project(path: Path) -> Project:
    project = Project.create(path, name=f"{HOSTILE} project")
    for i in range(2):
        project.add_document(f"Intro {HOSTILE} text {i}.\nMore {HOSTILE} words here.\n", f"{HOSTILE} title {i}",
                             source=f"{HOSTILE} source", author=f"{HOSTILE} author", published="2024-01-02")
    for n, code in enumerate(project.codes()):
        name = code.name if code.name == "estimate" else f"{HOSTILE} code {n}"  # the ledger reads "estimate"
        edits.apply(project, codebook.update_code(project, code.id, name=name,
                                                  description=f"{HOSTILE} definition {n}\nsecond line"))
    doc = project.documents()[0]
    for name in (f"{HOSTILE} coder A", f"{HOSTILE} coder B"):
        coder = project.ensure_coder(name)
        for k, code in enumerate(project.codes()[:2]):
            edit = edits.add_segment(project, doc.id, code.id, coder.id, 6 + k, 20 + k, memo=f"{HOSTILE} memo")
            edits.apply(project, edit)
    hostile_extras(project)
    return project


def hostile_extras(project: Project) -> None:
    """Sources, attribute definitions and values, variables and gold decisions, all hostile.

    Attribute names allow only letters, digits, spaces, ``_`` and ``-``, and variable
    names refuse ``=`` and ``"``: those names are as hostile as they may be.
    """
    source = sources.add_source(project, f"{HOSTILE} source person", affiliation=f"{HOSTILE} affiliation")
    edits.apply(project, source)
    source_id = source.changes[0].after["id"]  # type: ignore[index]
    claim = project.codes()[0]
    coder_b = project.ensure_coder(f"{HOSTILE} coder B")  # a disagreement to adjudicate
    edits.apply(project, edits.add_segment(project, project.documents()[0].id, claim.id, coder_b.id, 30, 45))
    defs = [AttributeDef("source", "source", True, help=f"{HOSTILE} help source"),
            AttributeDef("target", "text", help=f"{HOSTILE} help target"),
            AttributeDef("stance", "choice", help=f"{HOSTILE} help stance", choices=(f"{HOSTILE} pro", "contra"))]
    edits.apply(project, attribute_edits.set_code_attributes(project, claim.id, defs))
    for seg in project.segments():
        if seg.code_id == claim.id:
            edits.apply(project, attribute_edits.set_segment_attributes(
                project, seg.id, {"source": source_id, "target": f"{HOSTILE} target", "stance": f"{HOSTILE} pro"}))
    estimate = project.codes()[2]  # one source's number, hedged differently in two outlets: hedge drift
    coder_a = project.ensure_coder(f"{HOSTILE} coder A")
    for doc, hedge in zip(project.documents(), ("approximately", "exact"), strict=False):
        add = edits.add_segment(project, doc.id, estimate.id, coder_a.id, 0, len(f"Intro {HOSTILE} text"))
        edits.apply(project, add)
        edits.apply(project, attribute_edits.set_segment_attributes(
            project, add.changes[0].after["id"],  # type: ignore[index]
            {"value": 8000, "hedge": hedge, "counted": f"{HOSTILE} counted", "source": source_id}))
    edits.apply(project, variables.define(project, "<b>region</b>", "text"))
    edits.apply(project, variables.set_values(project, {
        d.id: {"<b>region</b>": f"{HOSTILE} region", "source": f"{HOSTILE} outlet {n}"}
        for n, d in enumerate(project.documents())}))
    coders = [c.id for c in project.coders()]
    for unit in [u for u in load_units(project, coders) if not u.agreed][:1]:
        edits.apply(project, decide.decide(project, unit, decide.ACCEPT, f"{HOSTILE} adjudicator", coder=0,
                                           reason=f"{HOSTILE} reason"))


class Offences:
    """What the walk found: offending texts by place; how many hostile texts it checked."""

    def __init__(self) -> None:
        self.found: list[str] = []
        self.checked = 0

    def label(self, where: str, widget: QLabel) -> None:
        text = widget.text()
        if IMG not in text and "&lt;img" not in text:
            return
        self.checked += 1
        if widget.textFormat() != Qt.TextFormat.PlainText and IMG in text and (
                widget.textFormat() == Qt.TextFormat.RichText or QtGui.Qt.mightBeRichText(text)):
            self.found.append(f"label {where}: {text[:80]!r}")

    def tooltip(self, where: str, text: object) -> None:
        if not isinstance(text, str) or (IMG not in text and "&lt;img" not in text):
            return
        self.checked += 1
        if QtGui.Qt.mightBeRichText(text) and IMG in text:
            self.found.append(f"tooltip {where}: {text[:80]!r}")

    def rich(self, where: str, html: str, markdown: bool = False) -> None:
        if "img" not in html:
            return
        self.checked += 1
        doc = QTextDocument()
        _SET_MARKDOWN(doc, html) if markdown else _SET_HTML(doc, html)
        if "<img" in doc.toHtml() or "\ufffc" in doc.toPlainText():
            self.found.append(f"rich text {where}: {html[:80]!r}")


@pytest.fixture
def offences(monkeypatch) -> Offences:  # type: ignore[no-untyped-def]
    """Every HTML/Markdown our Python code hands to Qt is checked as it is set."""
    found = Offences()
    for cls in (QTextDocument, QTextEdit):
        for name, markdown in (("setHtml", False), ("setMarkdown", True)):
            original = getattr(cls, name)

            def wrapper(self, text, *args, _original=original, _name=name, _md=markdown, _cls=cls):  # type: ignore[no-untyped-def]
                found.rich(f"{_cls.__name__}.{_name}", text, _md)
                return _original(self, text, *args)

            monkeypatch.setattr(cls, name, wrapper)
    return found


def columns(model, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 # type: ignore[no-untyped-def]
    try:
        return int(model.columnCount(parent))
    except TypeError:  # a list model: one column (PySide keeps columnCount private there)
        return 1


def has_children(model, index: QModelIndex) -> bool:  # type: ignore[no-untyped-def]
    try:
        return bool(model.hasChildren(index))
    except TypeError:  # a list or table model: flat
        return False


def indexes(model, parent: QModelIndex = QModelIndex(), depth: int = 0) -> Iterator[QModelIndex]:  # noqa: B008 # type: ignore[no-untyped-def]
    for row in range(min(model.rowCount(parent), 200)):
        for column in range(columns(model, parent)):
            index = model.index(row, column, parent)
            yield index
            if column == 0 and depth < 2 and has_children(model, index):
                yield from indexes(model, index, depth + 1)


def walk(widget: QWidget, found: Offences) -> None:
    name = f"{type(widget).__name__}#{widget.objectName()}"
    for label in [widget] * isinstance(widget, QLabel) + widget.findChildren(QLabel):
        found.label(f"{name}/{label.objectName() or type(label).__name__}", label)
    for child in [widget, *widget.findChildren(QWidget)]:
        found.tooltip(f"{name}/{type(child).__name__}#{child.objectName()}", child.toolTip())
    for view in [widget] * isinstance(widget, QAbstractItemView) + widget.findChildren(QAbstractItemView):
        model = view.model()
        if model is None:
            continue
        image = QImage(800, 60, QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        for index in indexes(model):
            found.tooltip(f"{name}/{type(view).__name__} item", index.data(Qt.ItemDataRole.ToolTipRole))
            option = QStyleOptionViewItem()
            option.rect = QRect(0, 0, 800, 60)
            option.fontMetrics = view.fontMetrics()
            option.font = view.font()
            option.palette = view.palette()
            delegate = view.itemDelegateForIndex(index) or view.itemDelegate()
            if delegate is not None:  # (a header view has none)
                delegate.paint(painter, option, index)  # delegates hand their HTML to Qt here
        painter.end()
        for header in (getattr(view, "horizontalHeader", None), getattr(view, "verticalHeader", None)):
            if header is not None and header() is not None:
                for section in range(columns(model)):
                    found.tooltip(f"{name} header", model.headerData(section, Qt.Orientation.Horizontal,
                                                                     Qt.ItemDataRole.ToolTipRole))


def inspect_box(found: Offences):  # type: ignore[no-untyped-def]
    def handler(widget: QWidget) -> None:
        try:
            walk(widget, found)
            if isinstance(widget, QMessageBox) and IMG in widget.text():
                found.checked += 1
                if widget.textFormat() != Qt.TextFormat.PlainText:
                    found.found.append(f"message box: {widget.text()[:80]!r}")
        except Exception as exc:  # noqa: BLE001 - reported by the test, never a hang
            found.found.append(f"walk failed on {type(widget).__name__}: {exc!r}")
        finally:
            if isinstance(widget, QMessageBox):
                (widget.button(QMessageBox.StandardButton.Cancel) or widget.button(QMessageBox.StandardButton.No)
                 or widget.buttons()[-1]).click()
            else:
                widget.close()
    return handler


def test_every_label_tooltip_and_delegate_shows_user_text_plainly(main_window, qtbot, tmp_path: Path,
                                                                   offences: Offences) -> None:  # type: ignore[no-untyped-def]
    project = hostile_project(tmp_path / "hostile.newscoder")
    backup.create_backup(project)
    window = main_window(project=project, coder=f"{HOSTILE} coder A")
    window.action(ActionId.SHOW_OTHER_CODERS).setChecked(True)
    seg = project.segments(coder_id=window.coder_id)[0]
    window.select_segment(seg.id)
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(6)
    cursor.setPosition(30, QTextCursor.MoveMode.KeepAnchor)
    window.view.setTextCursor(cursor)  # the "Selection" label shows the selected words
    qtbot.wait(50)
    offences.tooltip("article view mark", window.coding.tooltip([window.view.index.get(s.id) for s in project.segments()
                                                           if window.view.index.get(s.id) is not None]))
    window._on_failed(f"cannot save {HOSTILE}")  # the "Not saved" label's tooltip
    window.panel._show_definition(window.codebook.index(0, 0))  # the definition label (rich text)

    from newscoder.ui.about import AboutDialog
    from newscoder.ui.coder_dialog import CoderDialog
    from newscoder.ui.dialogs.article_properties import ArticlePropertiesDialog
    from newscoder.ui.dialogs.codebook_editor import CodebookEditor
    from newscoder.ui.dialogs.exchange_actions import ReportDialog
    from newscoder.ui.restore_backup import RestoreBackupDialog

    window.action(ActionId.CODE_BROWSER).trigger()
    window.action(ActionId.CODING_GUIDE).trigger()
    agreement = window.analysis.agreement()
    agreement.compute()
    qtbot.waitUntil(lambda: agreement.agreement_result is not None, timeout=20_000)
    compare = agreement.open_comparison(project.documents()[0].id)
    dialogs: list[QWidget] = [
        ArticlePropertiesDialog(window.controller, window.document_id, window),
        CodebookEditor(window.controller, window),
        AboutDialog(tmp_path / f"{'x'}.newscoder", window),
        RestoreBackupDialog(backup.list_backups(project.path), project.name, window),
        CoderDialog(f"{HOSTILE} coder A", [c.name for c in project.coders()], window,
                    note=f"This copy was made for {HOSTILE}. Code as:"),
        ReportDialog("Report", [f"merged {HOSTILE}"], window, question=f"Merge {HOSTILE}?"),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
    qtbot.wait(50)
    editor = dialogs[1]
    editor.table.selectRow(0)
    dialogs[0].show_problem(f"{HOSTILE} problem") if hasattr(dialogs[0], "show_problem") else None
    agreement.show_problem(f"{HOSTILE} problem")

    from newscoder.ui.background import show_error

    answerer = ModalAnswerer(inspect_box(offences))
    try:
        show_error(window, UserError(f"{HOSTILE} failed\n{HOSTILE} detail"))
        window.action(ActionId.RESTORE_BACKUP).trigger()  # the list, then the question naming the project
    finally:
        answerer.stop()

    for top in QApplication.topLevelWidgets():
        if top.isVisible():
            walk(top, offences)
    assert compare.isVisible()
    print(f"\n{offences.checked} hostile texts checked in labels, tooltips, delegates and rich text")
    assert offences.found == []
    assert offences.checked >= 60  # the walk really met the hostile text everywhere

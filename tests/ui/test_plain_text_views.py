"""Issue 11 item 9, the views added since: user text stays plain text there too.

The hostile project of test_plain_text (with hostile sources, attribute definitions
and values, variables and gold reasons) is opened; the Search pane with hits, the
Documents table, the Sources pane, the Estimates window, the attribute editor card
on a segment, the attribute-definitions dialog and the Adjudicate window on a unit
are opened and walked with the same :class:`Offences` checks.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QWidget

from newscoder.ui.actions import ActionId
from tests.ui.test_plain_text import HOSTILE, IMG, Offences, hostile_project, indexes, walk
from tests.ui.test_plain_text import offences as offences  # noqa: F401 - the fixture, shared


def test_new_views_show_user_text_plainly(main_window, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                          offences: Offences) -> None:  # noqa: F811
    project = hostile_project(tmp_path / "hostile.newscoder")
    window = main_window(project=project, coder=f"{HOSTILE} coder A")
    claim = project.codes()[0]
    seg = next(s for s in project.segments(coder_id=window.coder_id) if s.code_id == claim.id)
    views: dict[str, QWidget] = {}

    window.action(ActionId.SEARCH_CORPUS).trigger()  # the Search pane with hits
    pane = window.search_pane
    pane.query.setText("bold")
    pane.query.returnPressed.emit()
    qtbot.waitUntil(lambda: pane.model.rowCount() > 0, timeout=10_000)
    views["search"] = pane

    window.action(ActionId.SOURCES_PANE).trigger()
    qtbot.waitUntil(window.sources_pane.isVisible)
    views["sources"] = window.sources_pane

    from newscoder.ui.dialogs.documents_table import DocumentsDialog
    documents = DocumentsDialog(window.controller, window)
    qtbot.addWidget(documents)
    documents.show()
    views["documents"] = documents

    window.analysis.estimates()
    views["estimates"] = window.analysis._estimates_window

    window.select_segment(seg.id)
    window.attribute_editing.open_selected()
    editor = window.attribute_editing.editor
    qtbot.waitUntil(editor.isVisible)
    editor.show_problem(f"{HOSTILE} problem")
    views["attribute editor"] = editor

    from newscoder.ui.dialogs.codebook_editor import CodebookEditor
    codebook = CodebookEditor(window.controller, window)
    qtbot.addWidget(codebook)
    codebook.show()
    codebook.select_code(claim.id)
    codebook.edit_attributes()
    assert codebook.attributes_dialog is not None
    views["attribute definitions"] = codebook.attributes_dialog

    coders = [(c.id, c.name) for c in project.coders()]
    adjudication = window.analysis.open_adjudication(coders, f"{HOSTILE} adjudicator")
    qtbot.waitUntil(lambda: adjudication.model.rowCount() > 0, timeout=20_000)
    adjudication.go_to(0)
    views["adjudication"] = adjudication

    qtbot.wait(50)
    counts = {}
    for name, view in views.items():
        assert view.isVisible(), name
        before = offences.checked
        walk(view, offences)
        counts[name] = offences.checked - before
        counts[name] += shown(view)
    print(f"\nhostile texts met per view: {counts}; offences: {len(offences.found)}")
    for line in offences.found:
        print("  ", line)
    assert offences.found == []
    assert all(n > 0 for n in counts.values()), counts  # the walk met hostile text in each view


def shown(view: QWidget) -> int:
    """How many labels and items (painted by the walk's delegates) of ``view`` show hostile text."""
    labels = [w for w in [view, *view.findChildren(QLabel)] if isinstance(w, QLabel) and IMG in w.text()]
    items = sum(1 for v in [view, *view.findChildren(QAbstractItemView)] if isinstance(v, QAbstractItemView)
                and v.model() is not None for i in indexes(v.model())
                if IMG in str(i.data(Qt.ItemDataRole.DisplayRole) or ""))
    return len(labels) + items

"""Issue 13: the coding panel shows the code hierarchy, with counts (my segments of each code in this article)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from newscoder.core import codebook, edits
from newscoder.ui.models.codebook import COUNT_ROLE, tree_order


def test_children_follow_their_parent_indented(main_window, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    claim = w.project.code_by_name("claim")
    edit = codebook.add_code(w.project, "claim about troops", parent_id=claim.id)
    edits.apply(w.project, edit) if isinstance(edit, edits.Edit) else None
    w.refresh_all()
    names = [w.codebook.codes()[r].name for r in range(w.codebook.rowCount())]
    assert names.index("claim about troops") == names.index("claim") + 1
    child = w.project.code_by_name("claim about troops")
    assert w.codebook.depth(child.id) == 1 and w.codebook.depth(claim.id) == 0
    qtmodeltester.check(w.codebook)
    assert not w.panel.codes.grab().isNull()


def test_tree_order_survives_a_parent_cycle() -> None:
    from newscoder.core.records import Code

    a = Code("a", "A", "", "#000000", None, "b", 0, False)
    b = Code("b", "B", "", "#000000", None, "a", 1, False)
    ordered, depth = tree_order([a, b])
    assert sorted(c.id for c in ordered) == ["a", "b"] and set(depth) <= {"a", "b"}


def test_counts_follow_coding_undo_and_articles(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    w = main_window()
    claim = w.project.code_by_name("claim")
    row = w.codebook.row_of(claim.id)

    def count() -> int:
        return w.codebook.index(row, 0).data(COUNT_ROLE)

    assert count() == 0
    for a, b in ((0, 6), (7, 12)):
        cur = QTextCursor(w.view.document())
        cur.setPosition(a)
        cur.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        w.view.setTextCursor(cur)
        qtbot.keyClick(w.view, Qt.Key.Key_1)
    assert count() == 2
    qtbot.keyClick(w.view, Qt.Key.Key_3, Qt.KeyboardModifier.ShiftModifier)  # a second code for "moved"
    third = w.codebook.row_of(w.session.code_for_key("3").id)
    assert count() == 2 and w.codebook.index(third, 0).data(COUNT_ROLE) == 1
    w.undo()
    w.undo()
    assert count() == 1 and w.codebook.index(third, 0).data(COUNT_ROLE) == 0
    w.next_article()
    assert count() == 0

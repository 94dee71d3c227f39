"""The fast paths of the coding window give the same results as the slow ones, and stay fast.

* an edit repaints a band around the touched lines, not the whole article view;
* the view's visible geometry, changed in place by edits, equals one computed afresh;
* the lazily read segment list equals the eagerly read one;
* article segment counts read per page equal the store's counts;
* ``add_segment`` reads only the quote (astral characters included), document edits
  never carry the text, and the first paint does not import numpy.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor

from newscoder.core.session import CodingSession
from newscoder.core import edits
from newscoder.core.errors import EditError
from newscoder.core.store import Project
from newscoder.ui.actions import ActionId
from newscoder.ui.mark_geometry import VisibleGeometry
from newscoder.ui.models.article_list import COUNT_ROLE, ID_ROLE, ArticleListModel
from newscoder.ui.models.codebook import CodebookModel
from newscoder.ui.models.segments import SEGMENT_ID_ROLE, START_ROLE, SegmentListModel

from tests.fixtures import make_project

REPO = Path(__file__).resolve().parents[2]


def long_text(paragraphs: int = 120, seed: int = 3) -> str:
    rng = random.Random(seed)
    words = "troops border officials said the of north soldiers front estimate denied claims".split()
    return "\n".join(
        " ".join(rng.choice(words) for _ in range(rng.randint(30, 90))).capitalize() + "." for _ in range(paragraphs)
    )


def seed_segments(project: Project, doc_id: str, coders: list[str], n: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    codes = project.codes()
    length = len(project.document_text(doc_id))
    for i in range(n):
        start = rng.randrange(0, length - 200)
        edit = edits.add_segment(
            project,
            doc_id,
            codes[i % len(codes)].id,
            project.ensure_coder(coders[i % len(coders)]).id,
            start,
            start + rng.randint(3, 150),
        )
        edits.apply(project, edit)


class PaintRecorder(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.rects: list[tuple[int, int, int, int]] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.rects.append(event.rect().getRect())
        return False


@pytest.fixture
def busy_window(main_window, tmp_path: Path):  # type: ignore[no-untyped-def]
    project = make_project(tmp_path / "long.newscoder", {"Long article": long_text()})
    doc_id = project.documents()[0].id
    seed_segments(project, doc_id, ["Alice", "Bob", "Carol"], 300)
    w = main_window(project=project)
    w.action(ActionId.SHOW_OTHER_CODERS).setChecked(True)
    return w


def press(w, key: Qt.Key, text: str) -> None:  # type: ignore[no-untyped-def]
    w.view.keyPressEvent(QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, text))


def fresh_geometry(view) -> VisibleGeometry:  # type: ignore[no-untyped-def]
    geom = VisibleGeometry(view._visible_blocks())
    geom.fill(view.index.overlapping(geom.lo, geom.hi))
    return geom


def snapshot(geom: VisibleGeometry) -> list[tuple[str, list[tuple[float, float, float, float]], int]]:
    return [(it.mark.segment_id, [r.getRect() for r in it.rects], geom.lanes[it.mark.segment_id]) for it in geom.items]


@pytest.mark.parametrize("scroll", [0.0, 0.5, 1.0])
def test_coding_and_undo_repaint_a_band_not_the_view(busy_window, qtbot, scroll: float) -> None:  # type: ignore[no-untyped-def]
    w = busy_window
    view = w.view
    view.select_cp(0, 5)  # a first segment: hides the first-run hint (a relayout), not measured here
    press(w, Qt.Key.Key_1, "1")
    w.undo()
    bar = view.verticalScrollBar()
    bar.setValue(int(bar.maximum() * scroll))
    qtbot.wait(1)  # let the scroll paint
    view.viewport().repaint()
    block = view.firstVisibleBlock().next()
    cur = QTextCursor(view.document())
    cur.setPosition(block.position() + 3)
    cur.setPosition(block.position() + 25, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cur)
    qtbot.wait(1)
    recorder = PaintRecorder()
    view.viewport().installEventFilter(recorder)
    before = len(w.segment_model.segments())
    with qtbot.waitSignal(w.controller.applied):
        press(w, Qt.Key.Key_1, "1")
    qtbot.waitUntil(lambda: bool(recorder.rects))
    assert len(w.segment_model.segments()) == before + 1
    height = view.viewport().height()
    assert recorder.rects, "the new segment was not drawn"
    assert all(h < height / 2 for _x, _y, _w, h in recorder.rects), recorder.rects
    assert snapshot(view._geometry()) == snapshot(fresh_geometry(view))
    recorder.rects.clear()
    w.undo()
    qtbot.waitUntil(lambda: bool(recorder.rects))
    assert all(h < height / 2 for _x, _y, _w, h in recorder.rects), recorder.rects
    assert snapshot(view._geometry()) == snapshot(fresh_geometry(view))
    view.viewport().removeEventFilter(recorder)


def test_geometry_changed_in_place_equals_a_fresh_one(busy_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Random put/drop/select on the visible part: the cached geometry never drifts."""
    w = busy_window
    view = w.view
    view.viewport().repaint()
    geom = view._geometry()
    rng = random.Random(11)
    ids = [m.segment_id for m in view.index.all()]
    for step in range(60):
        kind = rng.choice(["move", "drop", "select"])
        sid = rng.choice(ids)
        mark = view.index.get(sid)
        if kind == "move" and mark is not None:
            start = rng.randrange(geom.lo, max(geom.lo + 1, geom.hi - 50))
            view.put_mark(mark._replace(start=start, end=start + rng.randint(1, 120)))
        elif kind == "drop":
            view.drop_mark(sid)
        else:
            view.set_selected_segment(sid if mark is not None else None)
        assert view._current_geometry() is geom, f"step {step}: the geometry was rebuilt, not changed"
        assert snapshot(geom) == snapshot(fresh_geometry(view)), f"step {step}: {kind} {sid}"


def test_lazy_segment_list_equals_eager(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    project = make_project(tmp_path / "p.newscoder", {"Long article": long_text(60)})
    doc_id = project.documents()[0].id
    seed_segments(project, doc_id, ["Alice", "Bob"], 400)
    alice = project.coder_by_name("Alice")
    assert alice is not None
    codebook = CodebookModel()
    codebook.set_session(CodingSession(project, "Alice"))
    lazy, eager = SegmentListModel(codebook.code), SegmentListModel(codebook.code)
    lazy.load(project, doc_id, alice.id)
    eager.set_segments(project.segments(document_id=doc_id, coder_id=alice.id))

    def rows(model: SegmentListModel) -> list[tuple[object, ...]]:
        return [
            tuple(model.index(r, 0).data(role) for role in
                  (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SEGMENT_ID_ROLE, START_ROLE))
            for r in range(model.rowCount())
        ]

    assert lazy.rowCount() == 200
    assert rows(lazy) == rows(eager)
    assert lazy.segments() == eager.segments() == project.segments(document_id=doc_id, coder_id=alice.id)
    rng = random.Random(2)
    for seg in rng.sample(eager.segments(), 30):
        assert lazy.segment(seg.id) == seg and lazy.row_of(seg.id) == eager.row_of(seg.id)
    for seg in rng.sample(eager.segments(), 20):  # edits: the same single-row changes on both
        for model in (lazy, eager):
            model.remove(seg.id)
    moved = project.segments(document_id=doc_id, coder_id=alice.id)[:5]
    for seg in moved:
        for model in (lazy, eager):
            model.upsert(seg)
    assert rows(lazy) == rows(eager)
    assert lazy.segment("no such id") is None and lazy.row_of("no such id") == -1


def test_article_counts_read_per_page_equal_the_store(tmp_path: Path) -> None:
    articles = {f"Article {n:03d}": f"Text number {n} " + "word " * 40 for n in range(300)}
    project = make_project(tmp_path / "many.newscoder", articles)
    rng = random.Random(4)
    docs = project.documents()
    for doc in rng.sample(docs, 120):
        seed_segments(project, doc.id, ["Alice", "Bob"], rng.randint(1, 6), seed=rng.randrange(1000))
    alice = project.coder_by_name("Alice")
    assert alice is not None
    model = ArticleListModel()
    model.load(project, alice.id)
    want = project.segment_counts(alice.id)
    got = {model.index(r, 0).data(ID_ROLE): model.index(r, 0).data(COUNT_ROLE) for r in range(model.rowCount())}
    assert got == {d.id: want.get(d.id, 0) for d in docs}
    row = model.article(docs[7].id)
    assert row is not None and row.count == want.get(docs[7].id, 0)


@pytest.mark.parametrize(
    ("text", "start", "end", "quote"),
    [
        ("plain ascii text", 6, 11, "ascii"),
        ("emoji 😀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 here", 6, 7, "😀"),
        ("emoji 😀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 here", 12, 19, "𝔘𝔫𝔦𝔠𝔬𝔡𝔢"),
        ("line one\nline two", 5, 13, "one\nline"),
        ("ends here", 5, 9, "here"),
    ],
)
def test_add_segment_reads_just_the_quote(tmp_path: Path, text: str, start: int, end: int, quote: str) -> None:
    project = make_project(tmp_path / "q.newscoder", {"T": text})
    doc_id = project.documents()[0].id
    code = project.codes()[0]
    coder = project.ensure_coder("Alice")
    edit = edits.add_segment(project, doc_id, code.id, coder.id, start, end)
    assert edit.changes[0].after["quote"] == quote == text[start:end]  # type: ignore[index]
    for bad in ((0, len(text) + 1), (-1, 2), (3, 3)):
        with pytest.raises(EditError, match=f"the article has {len(text)} characters"):
            edits.add_segment(project, doc_id, code.id, coder.id, *bad)
    with pytest.raises(KeyError):
        edits.add_segment(project, "no such document", code.id, coder.id, 0, 1)


def test_document_edits_never_carry_the_text(tmp_path: Path) -> None:
    project = make_project(tmp_path / "d.newscoder", {"Old title": long_text(5)})
    doc_id = project.documents()[0].id
    edit = edits.update_document(project, doc_id, title="New title")
    assert all("text" not in (c.before or {}) and "text" not in (c.after or {}) for c in edit.changes)
    edits.apply(project, edit)
    assert project.document(doc_id).title == "New title"  # type: ignore[union-attr]
    edits.apply(project, edit.inverse())
    doc = project.document(doc_id)
    assert doc is not None and doc.title == "Old title" and doc.text == long_text(5)
    # the stale-row check still notices a change made meanwhile
    edits.apply(project, edits.update_document(project, doc_id, source="Elsewhere"))
    with pytest.raises(EditError, match="changed meanwhile"):
        edits.apply(project, edit)


def test_the_first_paint_does_not_import_numpy() -> None:
    code = (
        "import sys\n"
        "import newscoder.ui.app, newscoder.ui.main_window\n"
        "print('numpy' in sys.modules)\n"
    )
    env = {"PYTHONPATH": str(REPO / "desktop"), "QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "False"

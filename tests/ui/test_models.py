"""Every item model passes qtmodeltester, over a real project file."""

from __future__ import annotations

from pathlib import Path

from newscoder.core.session import CodingSession
from newscoder.core.records import Status
from newscoder.ui.models.article_groups import ArticleFilterModel
from newscoder.ui.models.article_list import COUNT_ROLE, STATUS_ROLE, ArticleListModel
from newscoder.ui.models.codebook import CODE_ID_ROLE, CodebookModel
from newscoder.ui.models.segments import SEGMENT_ID_ROLE, SegmentListModel

from tests.fixtures import add_segment, make_project


def test_article_list_model(qtmodeltester, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project = make_project(tmp_path / "p.newscoder")
    doc = project.documents()[0].id
    add_segment(project, doc, "claim", "Alice", 0, 5)
    coder = project.coder_by_name("Alice")
    assert coder is not None
    model = ArticleListModel()
    model.load(project, coder.id)
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    first = model.index(0, 0)
    assert first.data(STATUS_ROLE) == Status.IN_PROGRESS.value
    assert first.data(COUNT_ROLE) == 1
    assert "in progress" in first.data()
    proxy = ArticleFilterModel()
    proxy.setSourceModel(model)
    proxy.set_filter_text("beta")
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 1
    project.close()


def test_article_list_fetches_in_batches(qtmodeltester, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from newscoder.ui.models import article_list

    monkeypatch.setattr(article_list, "BATCH", 2)
    project = make_project(tmp_path / "p.newscoder", {f"T{i:02}": f"text {i}" for i in range(5)})
    model = ArticleListModel()
    model.load(project, None)
    assert model.rowCount() == 2
    qtmodeltester.check(model)
    while model.canFetchMore(model.index(-1, 0).parent()):
        model.fetchMore(model.index(-1, 0).parent())
    assert model.rowCount() == 5
    project.close()


def test_codebook_and_segment_models(qtmodeltester, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project = make_project(tmp_path / "p.newscoder")
    codebook = CodebookModel()
    codebook.set_session(CodingSession(project, "Alice"))
    qtmodeltester.check(codebook)
    assert [codebook.index(r, 0).data() for r in range(codebook.rowCount())][0].startswith("1")
    assert codebook.by_shortcut("2").name == "denial"  # type: ignore[union-attr]
    assert codebook.index(0, 0).data(CODE_ID_ROLE) == codebook.by_shortcut("1").id  # type: ignore[union-attr]
    doc = project.documents()[0].id
    ids = [add_segment(project, doc, "claim", "Alice", a, a + 4) for a in (10, 0, 5)]
    segs = SegmentListModel(codebook.code)
    segs.set_segments(project.segments(document_id=doc))
    qtmodeltester.check(segs)
    assert [segs.index(r, 0).data(SEGMENT_ID_ROLE) for r in range(3)] == [ids[1], ids[2], ids[0]]
    segs.remove(ids[2])
    moved = project.segment(ids[0])
    segs.upsert(moved)  # type: ignore[arg-type]
    qtmodeltester.check(segs)
    assert segs.rowCount() == 2
    project.close()

"""The store's one bulk segment writer and its named queries."""

from __future__ import annotations

import pytest

from newscoder.core.records import Status
from newscoder.core.store import Project

NOW = "2026-01-01T00:00:00.000000Z"


def _row(project: Project, doc: str, sid: str, start: int, end: int, **extra: object) -> dict[str, object]:
    code = project.codes()[0]
    coder = project.ensure_coder("ana")
    row: dict[str, object] = {"id": sid, "document_id": doc, "code_id": code.id, "coder_id": coder.id,
                              "start": start, "end": end, "quote": "x", "memo": "", "created_at": NOW,
                              "updated_at": NOW}
    row.update(extra)
    return row


def test_upsert_inserts_then_replaces_every_column(fresh_project: Project) -> None:
    doc, _ = fresh_project.add_document("Troops moved north on Monday.", "t")
    assert fresh_project.upsert_segments([_row(fresh_project, doc.id, "s1", 0, 6),
                                          _row(fresh_project, doc.id, "s2", 7, 12)]) == 2
    assert [(s.id, s.start, s.end, s.deleted_at) for s in fresh_project.segments()] == [
        ("s1", 0, 6, None), ("s2", 7, 12, None)]
    later = "2026-02-01T00:00:00.000000Z"
    fresh_project.upsert_segments([_row(fresh_project, doc.id, "s1", 1, 6, memo="m", updated_at=later,
                                        deleted_at=later)])
    got = fresh_project.segment("s1")
    assert got is not None and (got.start, got.memo, got.updated_at, got.deleted_at) == (1, "m", later, later)
    assert fresh_project.upsert_segments([]) == 0


def test_upsert_is_part_of_the_callers_transaction(fresh_project: Project) -> None:
    doc, _ = fresh_project.add_document("Troops moved north on Monday.", "t")
    with pytest.raises(RuntimeError), fresh_project.atomic():
        fresh_project.upsert_segments([_row(fresh_project, doc.id, "s1", 0, 6)])
        raise RuntimeError("the caller fails after the write")
    assert fresh_project.segments(include_deleted=True) == []


def test_upsert_fills_attributes_and_refuses_a_row_without_id(fresh_project: Project) -> None:
    doc, _ = fresh_project.add_document("Troops moved north on Monday.", "t")
    fresh_project.upsert_segments([_row(fresh_project, doc.id, "s1", 0, 6),  # no attributes: {}
                                   _row(fresh_project, doc.id, "s2", 7, 12, attributes={"hedge": "about"}),
                                   _row(fresh_project, doc.id, "s3", 13, 18, attributes='{"k": 1}')])
    got = {s.id: s.attributes for s in fresh_project.segments()}
    assert got == {"s1": "{}", "s2": '{"hedge": "about"}', "s3": '{"k": 1}'}
    row = _row(fresh_project, doc.id, "s4", 0, 6)
    del row["id"]
    with pytest.raises(ValueError, match="needs its id"):
        fresh_project.upsert_segments([_row(fresh_project, doc.id, "s5", 0, 6), row])
    assert fresh_project.segment("s5") is None  # nothing of the batch was written


def test_upsert_in_chunks_keeps_the_last_copy_of_each_id(fresh_project: Project) -> None:
    from newscoder.core.store import UPSERT_ROWS

    doc, _ = fresh_project.add_document("Troops moved north on Monday. " * 40, "t")
    fresh_project.upsert_segments([_row(fresh_project, doc.id, "keep", 0, 6, memo="old")])
    n = 2 * UPSERT_ROWS + 7  # two full statements and a short one
    rows = [_row(fresh_project, doc.id, f"s{i:04d}", i % 50, i % 50 + 5, memo=str(i)) for i in range(n)]
    rows.insert(UPSERT_ROWS + 3, _row(fresh_project, doc.id, "keep", 1, 9, memo="new"))  # inside the second chunk
    rows.append(_row(fresh_project, doc.id, "s0001", 2, 4, memo="last"))  # the same id again: the last wins
    assert fresh_project.upsert_segments(rows) == n + 2
    got = {s.id: (s.start, s.end, s.memo) for s in fresh_project.segments()}
    assert len(got) == n + 1 and got["keep"] == (1, 9, "new") and got["s0001"] == (2, 4, "last")
    assert got[f"s{n - 1:04d}"] == ((n - 1) % 50, (n - 1) % 50 + 5, str(n - 1))


def test_start_statuses_only_moves_not_started(fresh_project: Project) -> None:
    a, _ = fresh_project.add_document("First article.", "a")
    b, _ = fresh_project.add_document("Second article.", "b")
    ana = fresh_project.ensure_coder("ana")
    with fresh_project.atomic():
        fresh_project.conn.execute("INSERT INTO document_status VALUES (?, ?, 'done', ?)", (b.id, ana.id, NOW))
    fresh_project.start_statuses([(a.id, ana.id), (b.id, ana.id), (a.id, ana.id)], NOW)
    assert fresh_project.statuses(ana.id) == {a.id: Status.IN_PROGRESS, b.id: Status.DONE}


def test_named_queries_for_the_window(fresh_project: Project) -> None:
    doc, _ = fresh_project.add_document("Troops moved north on Monday.", "Beta", source="Wire")
    fresh_project.add_document("Another one.", "alpha")
    fresh_project.upsert_segments([_row(fresh_project, doc.id, "s1", 0, 6), _row(fresh_project, doc.id, "s2", 7, 12)])
    ana = fresh_project.ensure_coder("ana")
    assert [r.title for r in fresh_project.article_rows()] == ["alpha", "Beta"]
    row, status, count = fresh_project.article_state(doc.id, ana.id)  # type: ignore[misc]
    assert (row.title, row.source, status, count) == ("Beta", "Wire", Status.NOT_STARTED, 2)
    spans = fresh_project.segment_spans(doc.id, ana.id)
    assert [(sid, start, end) for sid, _code, _coder, start, end in spans] == [("s1", 0, 6), ("s2", 7, 12)]
    assert fresh_project.segment_counts(ana.id, [doc.id]) == {doc.id: 2}
    assert {s.id for s in fresh_project.segments_by_id(["s2", "nope", "s1"])} == {"s1", "s2"}
    assert fresh_project.live_segment_counts("coder_id") == {ana.id: 2}
    assert fresh_project.coded_in_context_count(fresh_project.codes()[0].id) == 2
    page = fresh_project.coded_in_context(fresh_project.codes()[0].id, ana.id, 3, 10, 0)
    assert [r[8] for r in page] == ["Troops", "moved"]  # the quotes, in text order
    assert fresh_project.quick_check() == "ok"
    with pytest.raises(ValueError):
        fresh_project.live_segment_counts("memo")

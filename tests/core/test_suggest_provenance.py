"""Provenance of accepted suggestions through CSV, QDPX, merges and coder copies; rejections travel too.

Round trips are checked against the original values (the records as first written).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from newscoder.core import edits, store_suggest
from newscoder.core.exchange import segments_csv
from newscoder.core.exchange.copy import export_copy
from newscoder.core.exchange.merge import merge_files
from newscoder.core.exchange.refi_project_export import export_qdpx
from newscoder.core.exchange.refi_project_import import import_qdpx, import_qdpx_new
from newscoder.core.store import Project
from newscoder.core.suggest import Suggestion, SuggestionEngine
from tests.fixtures import add_segment, make_project
from tests.core.segments_csv_reference import export_segments_reference

TEXT = ("Officials said up to 8,000 North Korean troops had arrived near the border. "
        "The Kremlin has dismissed the reports as fake news. Japan strongly condemned the deployment. "
        "Seoul denounced the launch as a dangerous escalation. Some 300 soldiers stayed behind.")
SHA = "ab" * 32


@pytest.fixture
def coded(tmp_path: Path) -> tuple[Project, str, str]:
    """A project where Ann accepted one rule suggestion and one learned-style one, and coded one by hand."""
    p = make_project(tmp_path / "p.newscoder", {"One": TEXT})
    doc = p.documents()[0].id
    hand = add_segment(p, doc, "claim", "Ann", 0, 14, memo="by hand")
    ann = p.coder_by_name("Ann")
    assert ann is not None
    engine = SuggestionEngine(p, ann.id, learned=False)
    rule = next(s for s in engine.for_document(doc) if s.suggester == "rules.hedge/1")
    (rule_seg,) = edits.apply(p, engine.accept(rule)).added_segments
    denial = p.code_by_name("denial")
    assert denial is not None
    start = TEXT.index("The Kremlin")
    learned = Suggestion.make(doc, denial.id, start, TEXT.index(" Japan") - 1, 0.8125, "neighbours/1",
                              "like 2 confirmed denial segments", SHA)
    (learned_seg,) = edits.apply(p, engine.accept(learned)).added_segments
    p.set_meta("test_ids", f"{hand},{rule_seg},{learned_seg}")
    yield p, doc, hand
    p.close()


def originals(project: Project) -> dict[str, dict]:
    return store_suggest.provenance(project)


def test_csv_has_the_two_columns_and_reads_them_back(coded: tuple[Project, str, str], tmp_path: Path) -> None:
    project, _doc, hand = coded
    before = originals(project)
    assert len(before) == 2 and hand not in before
    buf = io.BytesIO()
    segments_csv.export_segments(project, buf)
    import csv

    rows = list(csv.DictReader(io.StringIO(buf.getvalue().decode("utf-8"), newline="")))
    by_id = {r["segment_id"]: r for r in rows}
    assert by_id[hand]["suggested_by"] == "" and by_id[hand]["suggestion_score"] == ""
    for seg_id, rec in before.items():
        assert by_id[seg_id]["suggested_by"] == rec["suggester"]
        assert float(by_id[seg_id]["suggestion_score"]) == rec["score"]
    # the reference writer (csv module) writes the very same bytes
    ref = io.BytesIO()
    export_segments_reference(project, ref)
    assert ref.getvalue() == buf.getvalue()
    # into a fresh project holding the same article: the records come back (the model hash is not in the CSV)
    with make_project(tmp_path / "fresh.newscoder", {"One": TEXT}) as fresh:
        summary = segments_csv.import_segments_bytes(fresh, buf.getvalue())
        assert summary.imported == 3
        after = originals(fresh)
        assert {k: (v["suggester"], v["score"]) for k, v in after.items()} == {
            k: (v["suggester"], v["score"]) for k, v in before.items()}
        assert all(v["model_sha256"] == "" for v in after.values())
        # importing again changes nothing
        segments_csv.import_segments_bytes(fresh, buf.getvalue())
        assert originals(fresh) == after


@pytest.mark.parametrize(("by", "score", "message"), [
    ("", "0.5", "suggestion_score is given without suggested_by"),
    ("rules.hedge/1", "1.5", "suggestion_score must be a number from 0 to 1"),
    ("rules.hedge/1", "nan", "suggestion_score must be a number from 0 to 1"),
    ("rules.hedge/1", "", "suggestion_score must be a number from 0 to 1"),
])
def test_csv_refuses_bad_provenance_cells(coded: tuple[Project, str, str], tmp_path: Path, by: str, score: str,
                                          message: str) -> None:
    project, doc, _hand = coded
    data = ("document_id,coder,code,start,end,suggested_by,suggestion_score\r\n"
            f"{doc},Bea,claim,0,9,{by},{score}\r\n").encode()
    from newscoder.core.errors import InputError

    with make_project(tmp_path / "f.newscoder", {"One": TEXT}) as fresh:
        with pytest.raises(InputError) as info:
            segments_csv.import_segments_bytes(fresh, data, "bad.csv")
        assert message in str(info.value) and "line 2" in str(info.value)
        assert fresh.segments() == [] and originals(fresh) == {}


def test_qdpx_round_trip_keeps_provenance_memo_and_values(coded: tuple[Project, str, str], tmp_path: Path) -> None:
    project, _doc, hand = coded
    before = originals(project)
    segs_before = {s.id: (s.memo, s.attributes, s.start, s.end) for s in project.segments()}
    out = tmp_path / "p.qdpx"
    export_qdpx(project, out)
    with zipfile.ZipFile(out) as zf:
        qde = zf.read("project.qde").decode("utf-8")
    assert "[newscoder:suggested] " in qde and SHA in qde
    report = import_qdpx_new(out, tmp_path / "back.newscoder")
    assert not report.dropped
    with Project.open(tmp_path / "back.newscoder") as back:
        assert originals(back) == before  # suggester, model hash, score and time, exactly
        assert {s.id: (s.memo, s.attributes, s.start, s.end) for s in back.segments()} == segs_before
        assert hand not in originals(back)


def test_qdpx_into_the_same_project_matches_and_keeps_records(coded: tuple[Project, str, str],
                                                              tmp_path: Path) -> None:
    project, _doc, _hand = coded
    before = originals(project)
    out = tmp_path / "p.qdpx"
    export_qdpx(project, out)
    import_qdpx(project, out)
    assert originals(project) == before and len(project.segments()) == 3


def test_qdpx_with_a_broken_record_drops_only_the_record(coded: tuple[Project, str, str], tmp_path: Path) -> None:
    project, _doc, _hand = coded
    out = tmp_path / "p.qdpx"
    export_qdpx(project, out)
    with zipfile.ZipFile(out) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    files["project.qde"] = files["project.qde"].replace(b'"score":0.8125', b'"score":"high"')
    edited = tmp_path / "edited.qdpx"
    with zipfile.ZipFile(edited, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    report = import_qdpx_new(edited, tmp_path / "back.newscoder")
    assert any("suggestion record" in d for d in report.dropped)
    with Project.open(tmp_path / "back.newscoder") as back:
        kept = originals(back)
        assert [v["suggester"] for v in kept.values()] == ["rules.hedge/1"]
        assert len(back.segments()) == 3  # the segment itself is kept


def test_coder_copy_and_merge_carry_rejections_and_provenance(coded: tuple[Project, str, str],
                                                             tmp_path: Path) -> None:
    project, doc, _hand = coded
    ann = project.coder_by_name("Ann")
    assert ann is not None
    engine = SuggestionEngine(project, ann.id, learned=False)
    rejected = engine.for_document(doc)[0]
    edits.apply(project, engine.reject(rejected))
    before = originals(project)
    copy_path = tmp_path / "ann.newscoder"
    export_copy(project, copy_path, "Ann")
    with Project.open(copy_path) as copy:
        assert originals(copy) == before
        assert store_suggest.rejection_keys(copy, ann.id) == {rejected.key}
        # Ann works in her copy: she accepts one more and rejects one more
        mine = SuggestionEngine(copy, ann.id, learned=False)
        found = mine.for_document(doc)
        assert rejected.key not in {s.key for s in found}
        (new_seg,) = edits.apply(copy, mine.accept(found[0])).added_segments
        edits.apply(copy, mine.reject(found[1]))
        copy_records = originals(copy)
        copy_rejections = store_suggest.all_rejections(copy)
    merge_files(project, [copy_path])
    assert originals(project) == copy_records and new_seg in originals(project)
    assert store_suggest.all_rejections(project) == copy_rejections
    # merging again adds nothing
    merge_files(project, [copy_path])
    assert store_suggest.all_rejections(project) == copy_rejections


def test_merge_skips_hostile_records(coded: tuple[Project, str, str], tmp_path: Path) -> None:
    project, doc, _hand = coded
    copy_path = tmp_path / "ann.newscoder"
    export_copy(project, copy_path, "Ann")
    import sqlite3

    conn = sqlite3.connect(copy_path)
    ann = conn.execute("SELECT id FROM coders").fetchone()[0]
    code = conn.execute("SELECT id FROM codes LIMIT 1").fetchone()[0]
    conn.execute("INSERT INTO suggestion_rejections VALUES ('r1', ?, ?, ?, 0, 99999, 'k', 'x', "
                 "'2026-01-01T00:00:00Z')", (ann, doc, code))
    conn.execute("INSERT INTO suggestion_rejections VALUES ('r2', ?, ?, ?, 0, 5, 'forged key', 'x', "
                 "'2026-01-01T00:00:00Z')", (ann, doc, code))
    conn.commit()
    conn.close()
    before = originals(project)
    merge_files(project, [copy_path])
    assert originals(project) == before
    # a span outside the article is skipped; a key is recomputed from what the row says
    assert [(r["id"], r["key"]) for r in store_suggest.all_rejections(project)] == [("r2", f"{doc}:0:5:{code}")]


def test_the_bulk_writer_skips_rows_of_the_wrong_shape(coded: tuple[Project, str, str]) -> None:
    project, doc, hand = coded
    code = project.codes()[0].id
    ann = project.coder_by_name("Ann")
    assert ann is not None
    good = {"segment_id": hand, "suggester": "rules.x/1", "model_sha256": "", "score": 0.5,
            "created_at": "2026-01-01T00:00:00Z"}
    bad = [{**good, "score": "0.5"}, {**good, "score": True}, {**good, "score": float("nan")},
           {**good, "suggester": "  "}, {**good, "segment_id": "no such segment"}, {**good, "score": 2}]
    rej = {"id": "r", "coder_id": ann.id, "document_id": doc, "code_id": code, "start": 0, "end": 5, "key": "k",
           "suggester": "x", "created_at": "2026-01-01T00:00:00Z"}
    bad_rej = [{**rej, "start": "0"}, {**rej, "end": 0}, {**rej, "coder_id": "nobody"}, {**rej, "id": None}]
    with project.atomic():
        assert store_suggest.insert_missing(project, bad_rej, bad, {doc: TEXT}) == (0, 0)
        assert store_suggest.insert_missing(project, [rej], [good], {doc: TEXT}) == (1, 1)
        assert store_suggest.insert_missing(project, [rej], [{**good, "score": 0.9}]) == (0, 0)  # ours kept
    assert originals(project)[hand]["score"] == 0.5


def test_a_file_with_a_bad_suggestion_row_is_refused_on_open(coded: tuple[Project, str, str], tmp_path: Path) -> None:
    import sqlite3

    from newscoder.core.errors import CorruptProjectError

    project, _doc, _hand = coded
    path = project.path
    project.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE segment_provenance SET model_sha256 = X'00ff' WHERE suggester = 'neighbours/1'")
    conn.commit()
    conn.close()
    with pytest.raises(CorruptProjectError, match="segment_provenance"):
        Project.open(path)

"""``import segments``: checks, all-or-nothing writes, conflicts, hostile files, the round trip."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO
from newscoder.cli import main
from newscoder.core import edits
from newscoder.core.errors import InputError
from newscoder.core.exchange.segments_csv import (
    export_segments,
    import_segments,
    import_segments_bytes,
)
from newscoder.core.exchange.segments_csv_read import FIELD_LIMIT
from newscoder.core.store import Project

HOSTILE = REPO / "tests" / "data" / "hostile" / "csv"
ALPHA = "The minister said 8,000 troops.\nA second line."
DOCS = [
    (ALPHA, "Alpha"),
    ("Another article entirely.", "Beta"),
    ("First twin text.", "Twin"),
    ("Second twin text.", "Twin"),
]


def build(path: Path) -> Project:
    project = Project.create(path)
    for text, title in DOCS:
        project.add_document(text, title, source="Wire")
    return project


@pytest.fixture
def csv_project(tmp_path: Path) -> Iterator[Project]:
    project = build(tmp_path / "csv.newscoder")
    yield project
    project.close()


def snapshot(project: Project) -> tuple[object, ...]:
    """Everything an import may touch."""
    q = project.conn.execute
    return (
        q("SELECT * FROM segments ORDER BY id").fetchall(),
        q("SELECT id, name FROM coders ORDER BY id").fetchall(),
        q("SELECT id, name, deleted_at FROM codes ORDER BY id").fetchall(),
        q("SELECT * FROM document_status ORDER BY document_id, coder_id").fetchall(),
    )


def csv_bytes(*lines: str, bom: bool = False, newline: str = "\r\n") -> bytes:
    return (("\ufeff" if bom else "") + "".join(line + newline for line in lines)).encode("utf-8")


def exported(project: Project) -> bytes:
    out = io.BytesIO()
    export_segments(project, out)
    return out.getvalue()


# -- hostile files --------------------------------------------------------------
REFUSED = [
    ("wrong_header.csv", "line 1", "unknown column"),
    ("duplicate_header.csv", "line 1", "duplicate column(s) coder"),
    ("missing_columns.csv", "line 1", "missing column(s) code"),
    ("offsets_out_of_range.csv", "line 3", "outside the document (it has 46 characters)"),
    ("negative_start.csv", "line 3", "outside the document"),
    ("start_not_before_end.csv", "line 3", "start (5) must be less than end (5)"),
    ("offsets_not_integers.csv", "line 3", "start is not an integer: '1.5'"),
    ("unknown_title.csv", "line 3", "no document titled 'Gamma'"),
    ("ambiguous_title.csv", "line 3", "2 documents are titled 'Twin'"),
    ("unknown_document_id.csv", "line 2", "no document with id"),
    ("text_mismatch.csv", "line 3", "differs from the document's text"),
    ("wrong_column_count.csv", "line 3", "expected 7 fields, found 5"),
    ("empty_coder.csv", "line 3", "the coder is empty"),
    ("bad_timestamps.csv", "line 3", "created_at is not a timestamp"),
    ("bad_segment_id.csv", "line 2", "segment_id is not a UUID"),
    ("conflicting_duplicate_ids.csv", "line 3", "also on line 2 with different values"),
    ("malformed_quotes.csv", "line 3", "malformed CSV"),
    ("nul_bytes.csv", "line 3", "NUL byte"),
    ("not_utf8.csv", "line 3", "not UTF-8"),
    ("empty.csv", "empty", "empty"),
]


@pytest.mark.parametrize(("name", "where", "reason"), REFUSED, ids=[r[0] for r in REFUSED])
def test_hostile_file_is_refused_whole(csv_project: Project, name: str, where: str, reason: str) -> None:
    before = snapshot(csv_project)
    with pytest.raises(InputError) as caught:
        import_segments(csv_project, HOSTILE / name)
    message = str(caught.value)
    assert name in message
    assert where in message and reason in message
    assert "Traceback" not in message
    assert snapshot(csv_project) == before


def test_every_bad_row_is_listed(csv_project: Project) -> None:
    data = csv_bytes(
        "document_title,coder,code,start,end,text",
        "Alpha,ann,claim,0,3,The",
        "Alpha,ann,claim,9,2,",
        "Alpha,ann,claim,0,3,Thx",
        "Nope,ann,claim,0,3,",
    )
    with pytest.raises(InputError) as caught:
        import_segments_bytes(csv_project, data, "x.csv")
    problems = caught.value.problems
    assert [p.split(":")[0] for p in problems] == ["line 3", "line 4", "line 5"]
    assert "3 bad row(s)" in str(caught.value)
    assert snapshot(csv_project)[0] == []


def test_multiline_record_reports_its_first_line(csv_project: Project) -> None:
    data = csv_bytes(
        "document_title,coder,code,start,end,memo", 'Alpha,ann,claim,0,3,"a\r\nb"', "Alpha,ann,claim,0,99,"
    )
    with pytest.raises(InputError) as caught:
        import_segments_bytes(csv_project, data)
    assert caught.value.problems[0].startswith("line 4:")


def test_formula_cells_are_stored_as_text_and_escaped_again(csv_project: Project) -> None:
    summary = import_segments(csv_project, HOSTILE / "formula_cells.csv", create_codes=True)
    assert summary.imported == 3
    assert summary.created_codes == ["@code"] and summary.created_coders == ["=ann", "ann"]
    memos = sorted(s.memo for s in csv_project.segments())
    assert memos == ["'plain", "-2+3", '=HYPERLINK("http://x")']
    text = exported(csv_project).decode()
    assert "'=ann,'@code" in text and "'-2+3" in text and ",''plain," in text  # the apostrophe is escaped too


def test_a_million_columns_is_refused_quickly(csv_project: Project, tmp_path: Path) -> None:
    wide = ",".join(f"c{i}" for i in range(1_000_000))
    for content in (wide + "\r\n", "document_title,coder,code,start,end\r\n" + wide + "\r\n"):
        path = tmp_path / "wide.csv"
        path.write_text(content, encoding="utf-8", newline="")
        started = time.perf_counter()
        with pytest.raises(InputError) as caught:
            import_segments(csv_project, path)
        assert time.perf_counter() - started < 10
        assert len(str(caught.value)) < 2000
    assert snapshot(csv_project)[0] == []


def test_a_huge_field_is_refused(csv_project: Project) -> None:
    data = csv_bytes("document_title,coder,code,start,end,memo", "Alpha,ann,claim,0,3," + "x" * (FIELD_LIMIT + 10))
    with pytest.raises(InputError, match="field larger than field limit"):
        import_segments_bytes(csv_project, data)
    assert snapshot(csv_project)[0] == []


def test_too_many_bad_rows_are_counted_not_spelled_out(csv_project: Project) -> None:
    lines = ["document_title,coder,code,start,end"] + ["Alpha,ann,claim,5,1"] * 2000
    with pytest.raises(InputError) as caught:
        import_segments_bytes(csv_project, csv_bytes(*lines))
    assert "2000 bad row(s)" in str(caught.value)
    assert caught.value.problems[-1].startswith("... and 1500 more")


# -- accepted shapes ------------------------------------------------------------
@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_line_ends_and_bom(csv_project: Project, bom: bool, newline: str) -> None:
    data = csv_bytes(
        "document_title,coder,code,start,end,memo",
        'Alpha,ann,claim,4,12,"two\nlines"',
        bom=bom,
        newline=newline,
    )
    summary = import_segments_bytes(csv_project, data)
    assert summary.imported == 1
    (segment,) = csv_project.segments()
    assert (segment.start, segment.end, segment.quote, segment.memo) == (4, 12, "minister", "two\nlines")


def test_minimal_columns_generate_ids_and_times(csv_project: Project) -> None:
    import uuid

    from newscoder.core.timeutil import is_timestamp

    import_segments_bytes(csv_project, csv_bytes("coder,code,start,end,document_title", "Ann,Claim,0,3,Alpha"))
    (segment,) = csv_project.segments()
    assert str(uuid.UUID(segment.id)) == segment.id
    assert is_timestamp(segment.created_at) and is_timestamp(segment.updated_at)
    assert csv_project.code(segment.code_id).name == "claim"  # existing code, case-insensitive


def test_document_id_wins_over_title(csv_project: Project) -> None:
    beta = csv_project.documents_by_title("Beta")[0]
    import_segments_bytes(
        csv_project, csv_bytes("document_id,document_title,coder,code,start,end", f"{beta.id},Twin,ann,claim,0,7")
    )
    (segment,) = csv_project.segments()
    assert segment.document_id == beta.id and segment.quote == "Another"


def test_unknown_coder_and_code_are_created_and_reported(csv_project: Project) -> None:
    summary = import_segments_bytes(
        csv_project, csv_bytes("document_title,coder,code,start,end", "Alpha,Zoe,rumour,0,3", "Beta,Zoe,Rumour,0,7"),
        create_codes=True,
    )
    assert summary.created_codes == ["rumour"] and summary.created_coders == ["Zoe"]
    assert "created codes: rumour, created coders: Zoe" in summary.message()
    assert csv_project.code_by_name("rumour") is not None
    assert len(csv_project.segments()) == 2


def test_reimport_creates_nothing_new(csv_project: Project) -> None:
    data = csv_bytes("document_title,coder,code,start,end,memo", "Alpha,ann,claim,0,3,m", "Alpha,ann,denial,4,12,")
    first = import_segments_bytes(csv_project, data)
    before = snapshot(csv_project)
    second = import_segments_bytes(csv_project, data)
    assert (first.imported, second.imported, second.skipped) == (2, 0, 2)
    assert snapshot(csv_project) == before


def test_import_marks_documents_in_progress(csv_project: Project) -> None:
    import_segments_bytes(csv_project, csv_bytes("document_title,coder,code,start,end", "Alpha,ann,claim,0,3"))
    coder = csv_project.coder_by_name("ann")
    alpha = csv_project.documents_by_title("Alpha")[0]
    assert csv_project.status(alpha.id, coder.id).value == "in_progress"


# -- conflicts on segment_id ----------------------------------------------------
SID = "22222222-2222-4222-8222-222222222222"
HEAD = "segment_id,document_title,coder,code,start,end,memo,created_at,updated_at"


def _row(memo: str, updated: str) -> str:
    return f"{SID},Alpha,ann,claim,0,3,{memo},2024-01-01T00:00:00Z,{updated}"


@pytest.mark.parametrize(
    ("memo", "updated", "expect_memo", "counts"),
    [
        ("old", "2024-01-02T00:00:00Z", "old", (0, 1, 0, 0)),  # same values: skipped
        ("new", "2024-03-01T00:00:00Z", "new", (0, 0, 1, 0)),  # file newer: updated
        ("stale", "2024-01-01T12:00:00Z", "old", (0, 0, 0, 1)),  # project newer: kept
    ],
)
def test_existing_segment_id_newer_updated_at_wins(
    csv_project: Project, memo: str, updated: str, expect_memo: str, counts: tuple[int, int, int, int]
) -> None:
    import_segments_bytes(csv_project, csv_bytes(HEAD, _row("old", "2024-01-02T00:00:00Z")))
    summary = import_segments_bytes(csv_project, csv_bytes(HEAD, _row(memo, updated)))
    assert (summary.imported, summary.skipped, summary.updated, summary.kept) == counts
    assert csv_project.segment(SID).memo == expect_memo
    if counts[2]:
        assert "updated 1 (newer updated_at)" in summary.message()
        assert any("file's copy is newer" in n for n in summary.notes)
    if counts[3]:
        assert "project is newer" in summary.message()


def test_newer_file_row_revives_a_deleted_segment(csv_project: Project) -> None:
    import_segments_bytes(csv_project, csv_bytes(HEAD, _row("m", "2024-01-02T00:00:00Z")))
    edits.apply(csv_project, edits.delete_segment(csv_project, SID))
    assert csv_project.segments() == []
    import_segments_bytes(csv_project, csv_bytes(HEAD, _row("m", "2024-01-02T00:00:00Z")))
    assert csv_project.segments() == []  # the deletion is newer
    import_segments_bytes(csv_project, csv_bytes(HEAD, _row("m", "2999-01-01T00:00:00Z")))
    assert [s.id for s in csv_project.segments()] == [SID]


def test_same_segment_twice_with_same_values_is_one(csv_project: Project) -> None:
    summary = import_segments_bytes(
        csv_project, csv_bytes(HEAD, _row("m", "2024-01-02T00:00:00Z"), _row("m", "2024-01-02T00:00:00Z"))
    )
    assert (summary.imported, summary.skipped) == (1, 1)


def test_updated_before_created_is_refused(csv_project: Project) -> None:
    with pytest.raises(InputError, match="before created_at"):
        import_segments_bytes(csv_project, csv_bytes(HEAD, _row("m", "2023-01-01T00:00:00Z")))


# -- the round trip ---------------------------------------------------------------
def _code_everything(project: Project) -> None:
    coder = project.ensure_coder("=Ann 😀")
    other = project.ensure_coder("Bob, Jr.")
    codes = project.codes()
    docs = {d.title: d for d in project.documents()}
    plan = [
        ("Alpha", coder.id, codes[0].id, 0, 3, "=1+1"),
        ("Alpha", coder.id, codes[1].id, 4, 31, 'memo "quoted",\nwith newline\r\nand CRLF'),
        ("Alpha", other.id, codes[0].id, 18, 36, "-minus\ttab"),
        ("Beta", other.id, codes[2].id, 0, 25, ""),
        ("Beta", coder.id, codes[3].id, 8, 15, "@at 😀 emoji"),
    ]
    for title, coder_id, code_id, start, end, memo in plan:
        doc_id = docs[title].id
        edits.apply(project, edits.add_segment(project, doc_id, code_id, coder_id, start, end, memo=memo))
    gone = project.segments()[0]
    edits.apply(project, edits.delete_segment(project, gone.id))  # a tombstone is not exported


def test_round_trip_is_byte_identical(csv_project: Project, tmp_path: Path) -> None:
    csv_project.add_document("=cmd|' /C calc'!A0\nEmoji 😀 line.", "+Formula title, \"quoted\"", source="@wire")
    _code_everything(csv_project)
    (doc,) = csv_project.documents_by_title("+Formula title, \"quoted\"")
    edits.apply(
        csv_project,
        edits.add_segment(csv_project, doc.id, csv_project.codes()[0].id, csv_project.coders()[0].id, 0, 4, memo="\tx"),
    )
    first = exported(csv_project)
    assert first.count(b"\r\n") > 5
    fresh = build(tmp_path / "fresh.newscoder")
    fresh.add_document("=cmd|' /C calc'!A0\nEmoji 😀 line.", "+Formula title, \"quoted\"", source="@wire")
    try:
        summary = import_segments_bytes(fresh, first)
        assert summary.imported == len(csv_project.segments())
        assert exported(fresh) == first
        again = import_segments_bytes(fresh, first)
        assert again.imported == 0 and again.skipped == summary.imported
        assert exported(fresh) == first
    finally:
        fresh.close()


def test_round_trip_with_sample_articles(sample_project: Project, tmp_path: Path) -> None:
    from tests.conftest import SAMPLE_ARTICLES
    from newscoder.core.importers import import_paths

    coder = sample_project.ensure_coder("ann")
    codes = sample_project.codes()
    for i, doc in enumerate(sample_project.documents()):
        for j in range(3):
            start = 10 * j + i
            edits.apply(
                sample_project,
                edits.add_segment(sample_project, doc.id, codes[j].id, coder.id, start, start + 25, memo=f"m{j}"),
            )
    first = exported(sample_project)
    other = Project.create(tmp_path / "other.newscoder")
    try:
        import_paths(other, [SAMPLE_ARTICLES])
        import_segments_bytes(other, first)
        assert exported(other) == first
    finally:
        other.close()


def test_cli_import_prints_summary(csv_project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(csv_bytes("document_title,coder,code,start,end", "Alpha,ann,newcode,0,3"))
    assert main(["import", "segments", "-p", str(csv_project.path), "--create-codes", str(path)]) == 0
    out = capsys.readouterr().out
    assert (
        "imported 1 segments, skipped 0 unchanged, updated 0 (newer updated_at), "
        "created codes: newcode, created coders: ann"
        in out
    )


def test_cli_import_refusal_exits_1(csv_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["import", "segments", "-p", str(csv_project.path), str(HOSTILE / "offsets_out_of_range.csv")])
    err = capsys.readouterr().err
    assert code == 1
    assert "line 3" in err and "nothing imported" in err and "Traceback" not in err


def test_cli_import_missing_file(csv_project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "segments", "-p", str(csv_project.path), str(tmp_path / "none.csv")]) == 1
    assert "no such file" in capsys.readouterr().err

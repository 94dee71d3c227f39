"""``export segments``: format, ordering, formula escaping, filters, the fast path == the csv module."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscoder.cli import main
from newscoder.core import edits
from newscoder.core.errors import UserError
from newscoder.core.exchange import segments_csv_export as exp
from newscoder.core.exchange.segments_csv import (
    BOM,
    HEADER,
    export_segments,
    export_segments_to_path,
)
from newscoder.core.store import Project
from tests.core.segments_csv_reference import export_segments_reference

HEADER_LINE = (b"segment_id,document_id,document_title,source,coder,code,start,end,text,memo,created_at,updated_at,"
               b"suggested_by,suggestion_score\r\n")
TRICKY = [
    "",
    "plain",
    'has "quotes"',
    "comma, here",
    "new\nline",
    "carriage\rreturn",
    "crlf\r\nend",
    "\ttab first",
    "\rcr first",
    "=SUM(A1:A9)",
    "+1",
    "-1",
    "@cmd",
    "'=already quoted",
    "emoji 😀 and 日本語",
    "   spaces   ",
    '"',
    ",",
]


def add(project: Project, doc_id: str, coder: str, code_index: int, start: int, end: int, memo: str = "") -> str:
    coder_id = project.ensure_coder(coder).id
    code_id = project.codes()[code_index].id
    edit = edits.add_segment(project, doc_id, code_id, coder_id, start, end, memo=memo)
    edits.apply(project, edit)
    return str(edit.changes[0].after["id"])  # type: ignore[index]


@pytest.fixture
def tricky_project(tmp_path: Path) -> Iterator[Project]:
    project = Project.create(tmp_path / "tricky.newscoder")
    body = "".join(TRICKY).replace("\r", " ") + " filler text " * 5
    for i, title in enumerate(TRICKY):
        doc, _ = project.add_document(f"{i}: {body}", title or "untitled", source=TRICKY[-1 - i])
        for j, memo in enumerate(TRICKY):
            start = (i + 3 * j) % 40
            add(project, doc.id, f"coder {j % 3}", j % 4, start, start + 1 + j, memo)
    yield project
    project.close()


def both(project: Project, **options: object) -> tuple[bytes, bytes]:
    fast, ref = io.BytesIO(), io.BytesIO()
    n_fast = export_segments(project, fast, **options)  # type: ignore[arg-type]
    n_ref = export_segments_reference(project, ref, **options)  # type: ignore[arg-type]
    assert n_fast == n_ref
    return fast.getvalue(), ref.getvalue()


@pytest.mark.parametrize("raw", [False, True])
@pytest.mark.parametrize("excel", [False, True])
@pytest.mark.parametrize("filters", [{}, {"coders": ["coder 1"]}, {"codes": ["denial", "claim"]}])
def test_fast_path_equals_csv_module(tricky_project: Project, raw: bool, excel: bool, filters: dict) -> None:
    fast, ref = both(tricky_project, raw=raw, excel=excel, **filters)
    assert fast == ref
    assert fast.count(b"\r\n") > 10


def test_header_encoding_and_line_ends(tricky_project: Project) -> None:
    data, _ = both(tricky_project)
    assert data.startswith(HEADER_LINE)
    assert not data.startswith(BOM)
    assert data.endswith(b"\r\n")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert tuple(rows[0]) == HEADER
    assert len(rows) - 1 == len(tricky_project.segments())
    assert all(len(r) == 14 for r in rows)


def test_excel_adds_a_bom(tricky_project: Project) -> None:
    data, _ = both(tricky_project, excel=True)
    assert data.startswith(BOM + HEADER_LINE)


@pytest.mark.parametrize("value", TRICKY)
@pytest.mark.parametrize("raw", [False, True])
def test_formula_escaping(value: str, raw: bool) -> None:
    escaped = exp.escape_formula(value)
    dangerous = value[:1] in ("=", "+", "-", "@", "\t", "\r", "'")  # the apostrophe itself too (issue 11.7)
    assert escaped == ("'" + value if dangerous else value)


def _row_dicts(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_cells_text_offsets_and_escaping(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p.newscoder") as project:
        text = "=danger 😀 emoji here\nline two"
        doc, _ = project.add_document(text, "-Title", source="+Src")
        add(project, doc.id, "@ann", 0, 8, 15, memo="\tmemo")
        (row,) = _row_dicts(both(project)[0])
        assert row["document_id"] == doc.id
        assert (row["start"], row["end"]) == ("8", "15")
        assert row["text"] == text[8:15] == "😀 emoji"
        assert (row["document_title"], row["source"], row["coder"], row["memo"]) == (
            "'-Title",
            "'+Src",
            "'@ann",
            "'\tmemo",
        )
        (raw,) = _row_dicts(both(project, raw=True)[0])
        assert (raw["document_title"], raw["source"], raw["coder"], raw["memo"]) == ("-Title", "+Src", "@ann", "\tmemo")
        add(project, doc.id, "ann", 0, 0, 7)
        first = _row_dicts(both(project)[0])[0]
        assert first["text"] == "'=danger"  # the coded text is a text column too


def test_order_and_tombstones(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p.newscoder") as project:
        b, _ = project.add_document("bbbbbbbbbbbbbbbbbbbb", "B doc")
        a, _ = project.add_document("aaaaaaaaaaaaaaaaaaaa", "A doc")
        add(project, b.id, "zed", 0, 0, 5)
        add(project, a.id, "zed", 1, 2, 9)
        add(project, a.id, "amy", 1, 2, 9)
        add(project, a.id, "amy", 0, 2, 9)
        add(project, a.id, "amy", 0, 2, 4)
        add(project, a.id, "amy", 0, 0, 9)
        gone = add(project, a.id, "amy", 0, 1, 2)
        edits.apply(project, edits.delete_segment(project, gone))
        rows = _row_dicts(both(project)[0])
        got = [(r["document_title"], r["start"], r["end"], r["coder"], r["code"]) for r in rows]
        assert got == [
            ("A doc", "0", "9", "amy", "claim"),
            ("A doc", "2", "4", "amy", "claim"),
            ("A doc", "2", "9", "amy", "claim"),
            ("A doc", "2", "9", "amy", "denial"),
            ("A doc", "2", "9", "zed", "denial"),
            ("B doc", "0", "5", "zed", "claim"),
        ]
        assert gone not in {r["segment_id"] for r in rows}


def test_unknown_filter_names_are_errors(tricky_project: Project) -> None:
    with pytest.raises(UserError, match="no coder named 'nobody'"):
        export_segments(tricky_project, io.BytesIO(), coders=["nobody"])
    with pytest.raises(UserError, match="no code named 'rumour'"):
        export_segments(tricky_project, io.BytesIO(), codes=["rumour"])


def test_filter_names_are_case_insensitive(tricky_project: Project) -> None:
    rows = _row_dicts(both(tricky_project, coders=["CODER 2"], codes=["Claim"])[0])
    assert rows and {(r["coder"], r["code"]) for r in rows} == {("coder 2", "claim")}


def test_output_file_is_written_atomically(
    tricky_project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old contents")

    def boom(*args: object, **kwargs: object) -> object:
        yield b"partial", 1
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(exp, "iter_chunks", boom)
    with pytest.raises(RuntimeError):
        export_segments_to_path(tricky_project, target)
    assert target.read_bytes() == b"old contents"
    assert not [p.name for p in tmp_path.iterdir() if "partial" in p.name]
    monkeypatch.undo()
    export_segments_to_path(tricky_project, target)
    assert target.read_bytes() == both(tricky_project)[0]


def test_cli_export_stdout_and_file(
    tricky_project: Project, tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    expected = both(tricky_project, coders=["coder 0"])[0]
    assert main(["export", "segments", "-p", str(tricky_project.path), "--coder", "coder 0"]) == 0
    assert capfdbinary.readouterr().out == expected
    out = tmp_path / "x.csv"
    assert main(["export", "segments", "--excel", "-o", str(out), "-p", str(tricky_project.path)]) == 0
    assert out.read_bytes() == both(tricky_project, excel=True)[0]
    assert b"wrote" in capfdbinary.readouterr().err


def test_cli_export_unknown_code_exits_1(tricky_project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "segments", "-p", str(tricky_project.path), "--code", "nope"]) == 1
    assert "no code named 'nope'" in capsys.readouterr().err


def test_cli_export_missing_folder(tricky_project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "segments", "-p", str(tricky_project.path), "-o", str(tmp_path / "no" / "x.csv")]) == 1
    assert "does not exist" in capsys.readouterr().err


cell = st.text(
    alphabet=st.sampled_from(list("ab ,\"'\n\r\t=+-@😀é")) | st.characters(blacklist_categories=("Cs",)),
    max_size=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=cell, source=cell, coder=cell, memo=cell, body=cell)
def test_fast_path_equals_csv_module_on_random_cells(
    tmp_path_factory: pytest.TempPathFactory, title: str, source: str, coder: str, memo: str, body: str
) -> None:
    text = ("x" + body).replace("\r", "")
    with Project.create(tmp_path_factory.mktemp("fuzz") / "p.newscoder") as project:
        doc, _ = project.add_document(text, title or "t", source=source)
        add(project, doc.id, "c" + coder, 0, 0, len(text), memo)
        fast, ref = both(project)
        assert fast == ref
        fast, ref = both(project, raw=True)
        assert fast == ref


def test_odd_ids_and_timestamps_are_still_quoted(tricky_project: Project) -> None:
    """Ids and timestamps never need quotes in valid data; odd ones are still written like the csv module."""
    seg = tricky_project.segments()[0]
    tricky_project.conn.execute(
        "UPDATE segments SET id = ?, created_at = ? WHERE id = ?", ('odd,"id"', "2024\n01", seg.id)
    )
    fast, ref = both(tricky_project)
    assert fast == ref and b'"odd,""id"""' in fast


@pytest.mark.parametrize("raw", [False, True])
def test_simple_line_query_gives_the_same_lines(tricky_project: Project, raw: bool) -> None:
    fast = exp.select_lines_sql(raw=raw)[0]
    simple = exp.select_lines_sql_simple(raw=raw)[0]
    q = tricky_project.conn.execute
    assert [r[0] for r in q(fast)] == [r[0] for r in q(simple)]


def _with_variables(project: Project) -> None:
    """Tricky variable values on every article (built-in columns and metadata, one name clashing with a column)."""
    from newscoder.core import variables

    edits.apply(project, variables.define(project, "leaning", "text"))
    clean = [t for t in TRICKY if t.strip() and not any(ord(c) < 32 and c != "\t" for c in t)]
    values = {}
    for i, doc in enumerate(project.documents()):
        values[doc.id] = {"author": clean[i % len(clean)], "url": clean[-1 - i % len(clean)],
                          "leaning": clean[(i + 5) % len(clean)], "coder": clean[(i + 9) % len(clean)]}
    edits.apply(project, variables.set_values(project, values))
    # what an import may bring that the editor refuses: line breaks, a number, a formula (as in test_odd_ids…)
    project.conn.execute("UPDATE documents SET metadata = json_set(metadata, '$.leaning', ?, '$.coder', 7) "
                         "WHERE rowid = 2", ("line\r\nbreak, \"quoted\"",))
    project.conn.execute("UPDATE documents SET metadata = json_set(metadata, '$.leaning', '=1+1') WHERE rowid = 3")


@pytest.mark.parametrize("raw", [False, True])
@pytest.mark.parametrize("excel", [False, True])
def test_variables_export_equals_the_csv_module(tricky_project: Project, raw: bool, excel: bool) -> None:
    from newscoder.core.exchange.segments_variables import export_segments_with_variables
    from tests.core.segments_csv_reference import export_variables_reference

    _with_variables(tricky_project)
    for filters in ({}, {"coders": ["coder 1"], "codes": [tricky_project.codes()[2].name]}):
        fast, ref = io.BytesIO(), io.BytesIO()
        n = export_segments_with_variables(tricky_project, fast, raw=raw, excel=excel, **filters)  # type: ignore[arg-type]
        assert n == export_variables_reference(tricky_project, ref, raw=raw, excel=excel, **filters)  # type: ignore[arg-type]
        assert n > 0 and fast.getvalue() == ref.getvalue()
    rows = list(csv.reader(io.StringIO(fast.getvalue().decode("utf-8-sig"), newline="")))
    assert rows[0][len(HEADER):] == ["author", "published", "url", "leaning", "variable:coder"]
    plain = list(csv.reader(io.StringIO(both(tricky_project, raw=raw)[0].decode("utf-8"), newline="")))
    full = list(csv.reader(io.StringIO(_export_variables(tricky_project, raw).decode("utf-8"), newline="")))
    assert [r[: len(HEADER)] for r in full] == plain  # the plain columns come first, unchanged


def _export_variables(project: Project, raw: bool) -> bytes:
    from newscoder.core.exchange.segments_variables import export_segments_with_variables

    out = io.BytesIO()
    export_segments_with_variables(project, out, raw=raw)
    return out.getvalue()

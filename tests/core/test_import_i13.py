"""Imports say what they did (issue 13): .docx tables, HTML site suffixes, semicolon CSVs, unknown codes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import docx
import pytest

from newscoder.cli import main
from newscoder.core import edits
from newscoder.core.errors import InputError
from newscoder.core.exchange.segments_csv import export_segments, import_segments_bytes
from newscoder.core.importers import import_paths, read_article
from newscoder.core.importers.html import split_site_suffix
from newscoder.core.store import Project

ALPHA = "The minister said 8,000 troops.\nA second line."


@pytest.fixture
def project(tmp_path: Path):  # type: ignore[no-untyped-def]
    p = Project.create(tmp_path / "i13.newscoder")
    p.add_document(ALPHA, "Alpha", source="Wire")
    p.add_document("Another article entirely.", "Beta", source="Wire")
    yield p
    p.close()


# -- .docx tables -----------------------------------------------------------------------------------------
def _docx_with_tables(path: Path) -> Path:
    d = docx.Document()
    d.add_paragraph("Estimates differ.")
    t = d.add_table(rows=3, cols=3)
    for r, row in enumerate([["Outlet", "Troops", "Date"], ["TASS", "10,000", "1 May"], ["Reuters", "8,500", ""]]):
        for c, value in enumerate(row):
            t.cell(r, c).text = value
    t.cell(0, 0).merge(t.cell(0, 1))  # a merged header cell counts once
    t.cell(2, 2).add_table(rows=1, cols=2).cell(0, 1).text = "nested"  # a table inside a cell: its words inline
    d.add_paragraph("Between the tables.")
    empty = d.add_table(rows=1, cols=2)  # a table with no text adds no line
    assert empty is not None
    last = d.add_table(rows=1, cols=2)
    last.cell(0, 0).text = "Line one\nline two"  # a cell's own paragraphs are joined by a space
    last.cell(0, 1).text = "end"
    d.add_paragraph("After.")
    d.save(str(path))
    return path


def test_docx_tables_are_text_in_document_order(tmp_path: Path) -> None:
    article = read_article(_docx_with_tables(tmp_path / "tables.docx"))
    assert article.text.split("\n") == [
        "Estimates differ.",
        "Outlet Troops\tDate",
        "TASS\t10,000\t1 May",
        "Reuters\t8,500\tnested",
        "Between the tables.",
        "Line one line two\tend",
        "After.",
    ]


def test_docx_table_text_is_stored_and_codable(tmp_path: Path, project: Project) -> None:
    result = import_paths(project, [_docx_with_tables(tmp_path / "tables.docx")])
    assert result.ok and len(result.imported) == 1
    text = project.document_text(result.imported[0].id)
    assert "TASS\t10,000\t1 May" in text


# -- HTML titles -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Troops move north | TASS", "", ("Troops move north", "TASS")),
        ("Putin meets Xi in Beijing - Reuters", "", ("Putin meets Xi in Beijing", "Reuters")),
        ("Talks stall again — AFP", "", ("Talks stall again", "AFP")),
        ("Ceasefire holds in Gaza – The Moscow Times", "", ("Ceasefire holds in Gaza", "The Moscow Times")),
        ("Russia - Ukraine talks resume", "", ("Russia - Ukraine talks resume", "")),  # a dash in the headline
        ("Short | TASS", "", ("Short | TASS", "")),  # too little headline left
        ("Talks go on | world news", "", ("Talks go on | world news", "")),  # not a name
        ("Talks | world news", "World News", ("Talks", "world news")),  # the page's og:site_name says so
        ("No suffix at all", "", ("No suffix at all", "")),
    ],
)
def test_split_site_suffix(title: str, site: str, expected: tuple[str, str]) -> None:
    assert split_site_suffix(title, site) == expected


def test_html_title_suffix_becomes_the_source_when_the_page_names_none(tmp_path: Path) -> None:
    page = tmp_path / "tass.html"
    page.write_text("<html><head><title>Troops move north | TASS</title></head><body><p>Text here.</p></body></html>")
    article = read_article(page)
    assert (article.title, article.source) == ("Troops move north", "TASS")
    named = tmp_path / "named.html"
    named.write_text('<html><head><meta property="og:site_name" content="Reuters">'
                     "<title>Putin meets Xi in Beijing - Reuters</title></head><body><p>Text.</p></body></html>")
    article = read_article(named)
    assert (article.title, article.source) == ("Putin meets Xi in Beijing", "Reuters")


# -- segments CSV: delimiters and unknown codes -----------------------------------------------------------
def _coded(project: Project) -> bytes:
    doc = project.documents_by_title("Alpha")[0]
    ann = project.ensure_coder("ann")
    for code, (a, b) in zip(project.codes()[:2], [(18, 23), (24, 30)], strict=True):
        edits.apply(project, edits.add_segment(project, doc.id, code.id, ann.id, a, b, memo="a; b, c"))
    out = io.BytesIO()
    export_segments(project, out)
    return out.getvalue()


def _redelimit(data: bytes, delimiter: str) -> bytes:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")  # as Excel writes it: BOM, CRLF


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_csv_are_read(project: Project, tmp_path: Path, delimiter: str) -> None:
    original = _coded(project)
    expected = sorted((s.document_id, s.code_id, s.start, s.end, s.memo) for s in project.segments())
    other = Project.create(tmp_path / "other.newscoder")
    try:
        other.add_document(ALPHA, "Alpha", source="Wire")
        other.add_document("Another article entirely.", "Beta", source="Wire")
        summary = import_segments_bytes(other, _redelimit(original, delimiter), "excel.csv")
        assert summary.imported == 2
        names = {c.id: c.name for c in other.codes()}
        got = sorted((s.document_id, names[s.code_id], s.start, s.end, s.memo) for s in other.segments())
        code_names = {c.id: c.name for c in project.codes()}
        assert got == sorted((d, code_names[c], a, b, m) for d, c, a, b, m in expected)
    finally:
        other.close()


def test_unknown_code_is_an_error_naming_the_row(project: Project, tmp_path: Path) -> None:
    data = (b"document_title,coder,code,start,end\r\nAlpha,ann,claim,0,3\r\nAlpha,ann,estimat,4,12\r\n")
    with pytest.raises(InputError) as caught:
        import_segments_bytes(project, data, "in.csv")
    assert "line 3: no code named 'estimat'" in str(caught.value) and "nothing imported" in str(caught.value)
    assert project.segments() == [] and project.code_by_name("estimat") is None  # nothing half-written
    summary = import_segments_bytes(project, data, "in.csv", create_codes=True)
    assert summary.created_codes == ["estimat"] and len(project.segments()) == 2


def test_cli_refuses_an_unknown_code_unless_create_codes(project: Project, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b"document_title;coder;code;start;end\r\nAlpha;ann;estimat;4;12\r\n")
    assert main(["import", "segments", "-p", str(project.path), str(path)]) == 1
    err = capsys.readouterr().err
    assert "line 2" in err and "no code named 'estimat'" in err and "--create-codes" in err
    assert "Traceback" not in err
    assert main(["import", "segments", "-p", str(project.path), "--create-codes", str(path)]) == 0
    assert "created codes: estimat" in capsys.readouterr().out

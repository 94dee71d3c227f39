"""Issue 11, items 7 and 10: CSV and QDPX round trips give back the original values (checked
against the source project, not against a second export), and every CSV cell is spreadsheet-safe.
Real files, the real CLI in a subprocess; a hypothesis property for the cheap in-process path."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from newscoder.core.codebook import add_code
from newscoder.core.edits import add_segment, apply
from newscoder.core.exchange.segments_csv_export import escape_formula, export_segments
from newscoder.core.exchange.segments_csv_import import import_segments_bytes
from newscoder.core.exchange.segments_csv_read import unescape_formula
from newscoder.core.store import Project
from tests.core.safety_fixtures import ARTICLES, cli, rows

MEMOS = (
    "'=x", "'+1", "'-2", "'@a", "''x", "'", "'abc", "=1+1", "\tTab", "a\r\nb\r\n\r\n", "\r", "\rstart",
    "trailing\n\n", "-", "@", "+", "", "cr\rin the middle", "  spaced  ", "'\r\n",
)
CODERS = ("'=ann", "Ben", "+plus")
CODES = ("'@code", "-minus", "plain")


def build(path: Path, *, with_segments: bool = True) -> None:
    with Project.create(path, codebook=False) as project:
        docs = [project.add_document(text, f"Article {i}")[0] for i, text in enumerate(ARTICLES)]
        if not with_segments:
            return
        codes = []
        for name in CODES:
            apply(project, add_code(project, name, description="line one\r\nline two\n"))
            found = project.code_by_name(name)
            assert found is not None
            codes.append(found.id)
        coders = [project.ensure_coder(name).id for name in CODERS]
        for i, memo in enumerate(MEMOS):
            doc = docs[i % len(docs)]
            apply(project, add_segment(project, doc.id, codes[i % 3], coders[i % 3], i % 7, i % 7 + 5, memo=memo))


def originals(path: Path) -> dict[str, tuple]:
    """segment id -> (document, coder name, code name, start, end, memo, created, updated) in the source."""
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return {r[0]: tuple(r[1:]) for r in conn.execute(
            'SELECT s.id, s.document_id, cr.name, cd.name, s.start, s."end", s.memo, s.created_at, s.updated_at '
            "FROM segments s JOIN coders cr ON cr.id = s.coder_id JOIN codes cd ON cd.id = s.code_id "
            "WHERE s.deleted_at IS NULL")}
    finally:
        conn.close()


def test_csv_round_trip_gives_back_every_original_value(tmp_path: Path) -> None:
    source, target, out = tmp_path / "a.newscoder", tmp_path / "b.newscoder", tmp_path / "seg.csv"
    build(source)
    build(target, with_segments=False)  # the same articles, nothing coded
    assert cli("export", "segments", "-p", source, "-o", out).returncode == 0
    result = cli("import", "segments", "-p", target, out, "--create-codes")
    assert result.returncode == 0, result.stdout + result.stderr
    want = originals(source)
    assert len(want) == len(MEMOS)
    assert originals(target) == want  # memos with ', CR and trailing newlines, names with ' and =, stamps


def test_qdpx_round_trip_keeps_cr_and_trailing_newlines(tmp_path: Path) -> None:
    source, target, out = tmp_path / "a.newscoder", tmp_path / "c.newscoder", tmp_path / "p.qdpx"
    build(source)
    assert cli("export", "qdpx", "-p", source, "-o", out).returncode == 0
    result = cli("import", "qdpx", "-p", target, out)
    assert result.returncode == 0, result.stdout + result.stderr
    want = originals(source)
    got = originals(target)
    assert {k: v[5] for k, v in got.items()} == {k: v[5] for k, v in want.items()}  # memos exactly
    assert got == want
    descriptions = {r[3] for r in rows(target, "codes")}
    assert descriptions == {"line one\r\nline two\n"}  # code descriptions keep CR too


def test_old_csv_files_still_read_where_unambiguous(tmp_path: Path) -> None:
    """Files written before the apostrophe was escaped: ``'abc`` meant the text ``'abc``."""
    assert unescape_formula("'abc") == "'abc"
    assert unescape_formula("'=abc") == "=abc"
    assert unescape_formula("''abc") == "'abc"


@given(st.text(max_size=40))
def test_escape_is_exactly_reversed(value: str) -> None:
    escaped = escape_formula(value)
    assert unescape_formula(escaped) == value
    assert not escaped.startswith(("=", "+", "-", "@", "\t", "\r"))  # never a formula in a spreadsheet


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                        max_size=30), min_size=1, max_size=6))
def test_memos_survive_export_then_import(tmp_path_factory, memos: list[str]) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("rt")
    with Project.create(folder / "a.newscoder") as a, Project.create(folder / "b.newscoder") as b:
        doc, _ = a.add_document(ARTICLES[0], "A")
        b.add_document(ARTICLES[0], "A")
        coder = a.ensure_coder("Ana")
        for i, memo in enumerate(memos):
            apply(a, add_segment(a, doc.id, a.codes()[0].id, coder.id, i, i + 3, memo=memo))
        buffer = io.BytesIO()
        export_segments(a, buffer)
        import_segments_bytes(b, buffer.getvalue())
        assert sorted((s.id, s.memo) for s in b.segments()) == sorted((s.id, s.memo) for s in a.segments())


def _cells(data: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data, newline="")))


def test_merged_ids_and_stamps_are_escaped_or_refused(tmp_path: Path) -> None:
    """A full project carrying formulas in ids and timestamps: refused by the merge's file checks,
    or merged and then escaped in the CSV like every other cell. Never a raw formula cell."""
    lead, other = tmp_path / "lead.newscoder", tmp_path / "other.newscoder"
    build(lead, with_segments=False)
    build(other)
    conn = sqlite3.connect(other)
    conn.execute("UPDATE segments SET id = '=HYPERLINK(\"http://x\")', created_at = '+1+1', updated_at = '@SUM(1)' "
                 "WHERE rowid = (SELECT min(rowid) FROM segments)")
    conn.commit()
    conn.close()
    before = rows(lead, "segments")
    merged = cli("merge", "-p", lead, other)
    if merged.returncode != 0:  # the file checks refuse it: one clear line, nothing written
        assert "Traceback" not in merged.stderr and merged.stderr.startswith("newscoder: ")
        assert rows(lead, "segments") == before
        return
    result = cli("export", "segments", "-p", lead)
    assert result.returncode == 0, result.stderr
    body = _cells(result.stdout)[1:]
    assert body and all(not c.startswith(("=", "+", "-", "@", "\t", "\r")) for row in body for c in row)


def test_ids_and_stamps_are_escaped_like_every_cell(tmp_path: Path) -> None:
    """Whatever reaches the segment rows (a merge of another tool's data, an edit), no CSV cell is a formula."""
    with Project.create(tmp_path / "p.newscoder") as project:
        doc, _ = project.add_document(ARTICLES[0], "A")
        coder = project.ensure_coder("Ana")
        apply(project, add_segment(project, doc.id, project.codes()[0].id, coder.id, 0, 5))
        project.conn.execute("UPDATE segments SET id = '=HYPERLINK(\"http://x\")', created_at = '+1+1', "
                             "updated_at = '@SUM(1)'")
        buffer = io.BytesIO()
        export_segments(project, buffer)
    (row,) = _cells(buffer.getvalue().decode("utf-8"))[1:]
    assert [row[0], row[10], row[11]] == ["'=HYPERLINK(\"http://x\")", "'+1+1", "'@SUM(1)"]


def test_agreement_csv_escapes_code_and_coder_names(tmp_path: Path) -> None:
    study = tmp_path / "a.newscoder"
    build(study)
    result = cli("agreement", "-p", study, "--format", "csv", "--coder", "+plus", "--coder", "Ben")
    assert result.returncode == 0, result.stderr
    cells = [c for row in _cells(result.stdout)[1:] for c in row]
    text_cells = [c for c in cells if not c.lstrip("-").replace(".", "").replace("e", "").isdigit()]
    assert "'-minus" in cells and any(c.startswith("'+plus") or c.endswith("|+plus") for c in cells), cells
    assert all(not c.startswith(("=", "+", "@", "\t", "\r")) for c in text_cells), text_cells

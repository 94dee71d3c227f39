"""Document variables: typed values, one undoable edit, front matter, QDPX and merge."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from newscoder.core import corpus, edits, variables
from newscoder.core.errors import EditError
from newscoder.core.exchange.merge import merge_files
from newscoder.core.exchange.refi_project_export import export_qdpx
from newscoder.core.exchange.refi_project_import import import_qdpx_new
from newscoder.core.importers import import_paths
from newscoder.core.search import filters
from newscoder.core.store import Project
from tests.core.test_refi_qdpx import validate_qdpx


@pytest.fixture
def vproject(fresh_project: Project) -> tuple[Project, str]:
    doc, _ = fresh_project.add_document("Text one.", "One", source="AFP")
    for name, kind, choices in (("leaning", "choice", ("left", "centre", "right")), ("words", "number", ()),
                                ("day", "date", ()), ("note", "text", ())):
        edits.apply(fresh_project, variables.define(fresh_project, name, kind, choices))
    return fresh_project, doc.id


@pytest.mark.parametrize("name, value, stored", [
    ("leaning", "LEFT", "left"), ("words", "1,250", "1250"), ("words", "-3.5e2", "-3.5e2"),
    ("day", "2024-10", "2024-10"),
    ("day", "2024-02-29", "2024-02-29"), ("note", "  any text  ", "any text"), ("source", "Reuters", "Reuters"),
])
def test_typed_values_are_checked_and_normalised(vproject: tuple[Project, str], name: str, value: str,
                                                 stored: str) -> None:
    project, doc = vproject
    edits.apply(project, variables.set_values(project, {doc: {name: value}}))
    row = corpus.document_row(project, doc)
    assert row is not None and variables.value_of(row, name) == stored


@pytest.mark.parametrize("name, value, why", [
    ("leaning", "up", "not one of"), ("words", "12x", "not a number"), ("words", "1,25", "not a number"),
    ("day", "2023-02-29", "not a date"), ("day", "Oct 2024", "not a date"), ("title", " ", "needs a title"),
    ("note", "a\nb", "line breaks"), ("bad=name", "x", "may not hold"), ("x" * 65, "x", "at most 64"),
])
def test_bad_values_are_refused_with_the_reason(vproject: tuple[Project, str], name: str, value: str,
                                                why: str) -> None:
    project, doc = vproject
    with pytest.raises(EditError, match=why):
        variables.set_values(project, {doc: {name: value}})


def test_setting_is_one_invertible_edit(vproject: tuple[Project, str]) -> None:
    project, doc = vproject
    edit = variables.set_values(project, {doc: {"leaning": "left", "source": "Reuters", "words": "3"}})
    changes = edits.apply(project, edit)
    assert changes.documents == frozenset({doc})
    row = corpus.document_row(project, doc)
    assert row is not None and (row.source, row.metadata) == ("Reuters", {"leaning": "left", "words": "3"})
    edits.apply(project, edit.inverse())
    row = corpus.document_row(project, doc)
    assert row is not None and (row.source, row.metadata) == ("AFP", {})
    edits.apply(project, edit)
    edits.apply(project, variables.set_values(project, {doc: {"leaning": ""}}))  # empty removes
    row = corpus.document_row(project, doc)
    assert row is not None and row.metadata == {"words": "3"}


def test_definitions_are_checked(vproject: tuple[Project, str]) -> None:
    project, _doc = vproject
    for args, why in [(("leaning", "text"), "exists already"), (("Title", "text"), "built-in"),
                      (("x", "colour"), "type is one of"), (("x", "choice"), "list of choices"),
                      (("x", "text", ("a",)), "only a choice")]:
        with pytest.raises(EditError, match=why):
            variables.define(project, *args)  # type: ignore[arg-type]
    assert [d.name for d in corpus.variable_defs(project)] == ["leaning", "words", "day", "note"]


def test_front_matter_keys_become_variables(fresh_project: Project, tmp_path: Path) -> None:
    f = tmp_path / "a.md"
    f.write_text("---\ntitle: T\nsource: AFP\ncountry: France\nwire: yes\n---\nBody text.\n", encoding="utf-8")
    import_paths(fresh_project, [f])
    names = filters.variable_names(fresh_project)
    assert names[:5] == ["title", "source", "author", "published", "url"] and {"country", "wire"} <= set(names)
    assert filters.matching_ids(fresh_project, ["country=france", "wire=yes"]) == {
        r.id for r in corpus.document_rows(fresh_project)}


def test_qdpx_carries_variables_with_types_and_back(vproject: tuple[Project, str], tmp_path: Path) -> None:
    project, doc = vproject
    edits.apply(project, variables.set_values(project, {doc: {
        "leaning": "left", "words": "1250", "day": "2024-10-05", "note": "wire copy"}}))
    out = tmp_path / "p.qdpx"
    export_qdpx(project, out)
    qde = validate_qdpx(out).decode()
    assert 'name="words" typeOfVariable="Float"' in qde and 'name="day" typeOfVariable="Date"' in qde
    assert 'name="leaning" typeOfVariable="Text"' in qde
    assert "<FloatValue>1250</FloatValue>" in qde and "<DateValue>2024-10-05</DateValue>" in qde
    import_qdpx_new(out, tmp_path / "back.newscoder")
    with Project.open(tmp_path / "back.newscoder") as back:
        row = corpus.document_rows(back)[0]
        assert row.source == "AFP"
        assert {k: row.metadata[k] for k in ("leaning", "words", "day", "note")} == {
            "leaning": "left", "words": "1250", "day": "2024-10-05", "note": "wire copy"}
        # typed variables come back typed; a choice (no REFI-QDA type) by its list in the Description
        assert {d.name: (d.type, d.choices) for d in corpus.variable_defs(back)} == {
            "words": ("number", ()), "day": ("date", ()), "leaning": ("choice", ("left", "centre", "right"))}
        with pytest.raises(EditError, match="not a number"):
            variables.set_values(back, {row.id: {"words": "many"}})


def test_merge_brings_new_articles_with_their_variables(vproject: tuple[Project, str], tmp_path: Path) -> None:
    project, _doc = vproject
    other_path = tmp_path / "other.newscoder"
    with Project.create(other_path) as other:
        new, _ = other.add_document("Another text.", "Two", metadata={"country": "Chad"})
        edits.apply(other, variables.set_values(other, {new.id: {"leaning": "right"}}))
    merge_files(project, [other_path])
    row = corpus.document_row(project, new.id)
    assert row is not None and row.metadata == {"country": "Chad", "leaning": "right"}
    assert filters.matching_ids(project, ["country=chad"]) == {new.id}
    from newscoder.core.search import engine
    assert [h.title for h in engine.search(project, "another").hits] == ["Two"]  # merged text is indexed


def test_documents_csv_import_is_all_or_nothing(vproject: tuple[Project, str], tmp_path: Path) -> None:
    project, doc = vproject
    f = tmp_path / "v.csv"
    f.write_text("title,leaning,words\nOne,left,'=1\nOne,right,2\nGhost,left,1\n", encoding="utf-8")
    with pytest.raises(EditError) as info:
        variables.read_documents_csv(project, f)
    msg = str(info.value)
    assert "3 bad row(s)" in msg and "row 2: words: '=1' is not a number" in msg
    assert "row 3: this article appears in an earlier row too" in msg and "row 4: no article titled 'Ghost'" in msg
    f.write_text("nothing,here\n1,2\n", encoding="utf-8")
    with pytest.raises(EditError, match="document_id or a title column"):
        variables.read_documents_csv(project, f)
    f.write_text(f"document_id,note\n{doc},'=SUM(A1)\n", encoding="utf-8")
    edits.apply(project, variables.read_documents_csv(project, f))
    row = corpus.document_row(project, doc)
    assert row is not None and row.metadata == {"note": "=SUM(A1)"}  # the spreadsheet escape is undone


def test_documents_csv_round_trip_is_exact_for_apostrophes(tmp_path) -> None:
    """documents --format csv escapes like every CSV (a leading ' too) and import reverses exactly that."""
    from newscoder.core.exchange.segments_csv_export import escape_formula
    from newscoder.core.exchange.segments_csv_read import unescape_formula

    for value in ("'=x", "''", "'plain", "=1+1", "-3", "@home", "\tx", "ok"):
        assert unescape_formula(escape_formula(value)) == value


def test_documents_csv_through_the_cli_gives_back_leading_apostrophes(
    vproject: tuple[Project, str], project_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from newscoder.cli import main

    project, doc = vproject
    edits.apply(project, variables.set_values(project, {doc: {"note": "'=x", "author": "'plain"}}))
    project.close()
    assert main(["documents", "-p", str(project_path), "--format", "csv"]) == 0
    exported = tmp_path / "docs.csv"
    exported.write_text(capsys.readouterr().out, encoding="utf-8")
    with Project.open(project_path) as again:
        edits.apply(again, variables.set_values(again, {doc: {"note": "changed", "author": "changed"}}))
    assert main(["documents", "import", "-p", str(project_path), str(exported)]) == 0
    with Project.open(project_path) as again:
        row = corpus.document_row(again, doc)
        assert row is not None and row.metadata["note"] == "'=x" and row.author == "'plain"


def test_choice_list_in_a_qdpx_description_is_checked() -> None:
    from newscoder.core.exchange.refi_variables import choices_description, parse_choices

    line = choices_description(["left", "<img src=/dev/zero>", "left"])
    assert parse_choices("Outlet leaning\n" + line) == ["left", "<img src=/dev/zero>"]
    for bad in ("", "Newscoder choices: {}", "Newscoder choices: [1, 2]", "Newscoder choices: []",
                "Newscoder choices: [\"a\"", "Newscoder choices: [\"  \"]", "choices: [\"a\"]",
                "Newscoder choices: " + repr(["x" * 201])):
        assert parse_choices(bad) is None, bad


def test_a_choice_whose_values_left_the_list_comes_back_as_text(vproject: tuple[Project, str], tmp_path: Path) -> None:
    project, doc = vproject
    edits.apply(project, variables.set_values(project, {doc: {"leaning": "left"}}))
    out = tmp_path / "p.qdpx"
    export_qdpx(project, out)
    assert b"Newscoder choices: [\"left\", \"centre\", \"right\"]" in zipfile.ZipFile(out).read("project.qde")
    # another tool changed a value to one outside the list: the variable stays text, the value is kept
    with zipfile.ZipFile(out) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    files["project.qde"] = files["project.qde"].replace(b"<TextValue>left</TextValue>",
                                                        b"<TextValue>far left</TextValue>")
    edited = tmp_path / "edited.qdpx"
    with zipfile.ZipFile(edited, "w") as zf:
        for n, data in files.items():
            zf.writestr(n, data)
    import_qdpx_new(edited, tmp_path / "back.newscoder")
    with Project.open(tmp_path / "back.newscoder") as back:
        assert corpus.document_rows(back)[0].metadata["leaning"] == "far left"
        assert "leaning" not in {d.name for d in corpus.variable_defs(back)}

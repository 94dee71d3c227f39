"""Issue 14, item 3: a merge brings the variable definitions the target lacks. Real files, the real CLI."""

from __future__ import annotations

from pathlib import Path

from newscoder.core import corpus
from newscoder.core.edits import apply
from newscoder.core.store import Project
from newscoder.core.variables import define, set_values
from tests.core.safety_fixtures import cli, make_project


def defs(path: Path) -> dict[str, tuple[str, tuple[str, ...]]]:
    with Project.open(path) as p:
        return {d.name: (d.type, d.choices) for d in corpus.variable_defs(p)}


def make(path: Path, definitions: list[tuple[str, str, tuple[str, ...]]]) -> None:
    make_project(path)
    with Project.open(path) as p:
        for name, kind, choices in definitions:
            apply(p, define(p, name, kind, choices))


def test_merge_brings_missing_definitions_and_keeps_ours_on_a_type_clash(tmp_path: Path) -> None:
    ours, theirs = tmp_path / "ours.newscoder", tmp_path / "theirs.newscoder"
    make(ours, [("Country", "text", ()), ("Words", "number", ())])
    make(theirs, [("country", "choice", ("FR", "UK")), ("WORDS", "number", ()),
                  ("Leaning", "choice", ("left", "right")), ("Issue date", "date", ())])
    with Project.open(theirs) as p:
        doc, _ = p.add_document("A new article from the other project.", "Their article")
        apply(p, set_values(p, {doc.id: {"Leaning": "left", "Issue date": "2024-10-03"}}))
    dry = cli("merge", "-p", ours, theirs, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "variables added: Leaning (choice), Issue date (date)" in dry.stdout
    assert set(defs(ours)) == {"Country", "Words"}  # a dry run writes nothing
    result = cli("merge", "-p", ours, theirs)
    assert result.returncode == 0, result.stderr
    assert "variables added: Leaning (choice), Issue date (date)" in result.stdout
    assert "variable 'country' is choice there and text here; ours stays" in result.stdout
    assert defs(ours) == {"Country": ("text", ()), "Words": ("number", ()), "Leaning": ("choice", ("left", "right")),
                          "Issue date": ("date", ())}
    with Project.open(ours) as p:
        rows = {r.title: r.metadata for r in corpus.document_rows(p)}
    assert rows["Their article"]["Leaning"] == "left" and rows["Their article"]["Issue date"] == "2024-10-03"
    again = cli("merge", "-p", ours, theirs)
    assert again.returncode == 0 and "variables added" not in again.stdout
    assert len(defs(ours)) == 4


def test_a_coder_copy_may_not_add_definitions(tmp_path: Path) -> None:
    lead = tmp_path / "lead.newscoder"
    make(lead, [("Country", "text", ())])
    copy = tmp_path / "ana.newscoder"
    made = cli("export", "copy", "-p", lead, "--coder", "Ana", "-o", copy)
    assert made.returncode == 0, made.stderr
    with Project.open(copy) as p:
        apply(p, define(p, "Leaning", "text"))
    result = cli("merge", "-p", lead, copy)
    assert result.returncode == 0, result.stderr
    assert "skipped: variable 'Leaning': a coder copy may not add variable definitions" in result.stdout
    assert defs(lead) == {"Country": ("text", ())}

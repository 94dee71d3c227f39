"""Autocode: extents, one undoable batch, skipping what is coded, dictionaries; the sentence splitter."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscoder.core import edits
from newscoder.core.errors import EditError
from newscoder.core.records import Status
from newscoder.core.search import autocode
from newscoder.core.search.dictionary import DictionaryError, read_dictionary
from newscoder.core.search.extent import sentences, widen
from newscoder.core.store import Project

TEXT = ("Mr. Kim denied it. The U.S. said 8.5 percent of troops moved, e.g. near Kursk! "
        "“Nobody dismissed it,” he said.\nA second paragraph denied nothing.")


@pytest.fixture
def coded(fresh_project: Project) -> tuple[Project, str, str, str]:
    doc, _ = fresh_project.add_document(TEXT, "Doc")
    ann = fresh_project.ensure_coder("Ann")
    denial = fresh_project.code_by_name("denial")
    assert denial is not None
    return fresh_project, doc.id, ann.id, denial.id


def test_sentences_keep_abbreviations_numbers_and_quotes() -> None:
    got = [TEXT[a:b] for a, b in sentences(TEXT)]
    assert got == [
        "Mr. Kim denied it.",
        "The U.S. said 8.5 percent of troops moved, e.g. near Kursk!",
        "“Nobody dismissed it,” he said.",
        "A second paragraph denied nothing.",
    ]
    assert sentences("") == [] and sentences("\n\n") == []
    short = "One. two. Three? J. Smith came. Gen. Lee left"
    assert [short[a:b] for a, b in sentences(short)] == ["One. two.", "Three?", "J. Smith came.", "Gen. Lee left"]


@pytest.mark.parametrize("extent, expected", [
    ("match", "deni"), ("word", "denied"), ("sentence", "Mr. Kim denied it."),
    ("paragraph", TEXT.split("\n")[0]),
])
def test_extents(extent: str, expected: str) -> None:
    start = TEXT.index("denied")
    a, b = widen(TEXT, start, start + 4, extent)
    assert TEXT[a:b] == expected


def test_batch_is_one_edit_undone_and_redone(coded: tuple[Project, str, str, str]) -> None:
    project, doc, ann, denial = coded
    plan = autocode.propose(project, [autocode.Search(denial, "denied OR dismissed")], ann, extent="sentence")
    assert [TEXT[p.start:p.end] for p in plan.proposals] == [
        "Mr. Kim denied it.", "“Nobody dismissed it,” he said.", "A second paragraph denied nothing."]
    edit = autocode.batch_edit(project, plan.proposals, ann)
    assert edit.label == "Autocode: 3 segments" and autocode.segments_made(edit) == 3
    changes = edits.apply(project, edit)
    assert len(changes.added_segments) == 3 and (doc, ann) in changes.statuses
    assert project.status(doc, ann) == Status.IN_PROGRESS
    quotes = sorted(TEXT[p.start:p.end] for p in plan.proposals)
    assert sorted(s.quote for s in project.segments(coder_id=ann)) == quotes
    edits.apply(project, edit.inverse())  # undo
    assert project.segments(coder_id=ann, include_deleted=True) == [] and project.status(doc, ann) == Status.NOT_STARTED
    edits.apply(project, edit)  # redo
    assert len(project.segments(coder_id=ann)) == 3
    again = autocode.propose(project, [autocode.Search(denial, "denied OR dismissed")], ann, extent="sentence")
    assert again.proposals == [] and again.already == 3  # a second run codes nothing


def test_skips_only_what_this_coder_coded_with_this_code(coded: tuple[Project, str, str, str]) -> None:
    project, doc, ann, denial = coded
    bob = project.ensure_coder("Bob").id
    claim = project.code_by_name("claim")
    assert claim is not None
    start = TEXT.index("denied")
    for code, coder in ((denial, bob), (claim.id, ann)):
        edits.apply(project, edits.add_segment(project, doc, code, coder, start, start + 6))
    edits.apply(project, edits.add_segment(project, doc, denial, ann, 0, 18))  # covers the first "denied"
    plan = autocode.propose(project, [autocode.Search(denial, "denied")], ann, extent="word")
    assert plan.already == 1 and [p.start for p in plan.proposals] == [TEXT.rindex("denied")]


def test_two_hits_in_one_sentence_code_it_once(coded: tuple[Project, str, str, str]) -> None:
    project, _doc, ann, denial = coded
    plan = autocode.propose(project, [autocode.Search(denial, "mr OR kim")], ann, extent="sentence")
    assert len(plan.proposals) == 1 and plan.already == 0


def test_batch_refuses_unknown_coder_and_stale_spans(coded: tuple[Project, str, str, str]) -> None:
    project, _doc, ann, denial = coded
    plan = autocode.propose(project, [autocode.Search(denial, "denied")], ann)
    with pytest.raises(EditError, match="no such coder"):
        autocode.batch_edit(project, plan.proposals, "nobody")
    bad = autocode.Proposal(denial, plan.proposals[0].hit, 0, len(TEXT) + 5)
    with pytest.raises(EditError, match="characters"):
        autocode.batch_edit(project, [bad], ann)


def test_dictionary_runs_many_searches_grouped_by_code(coded: tuple[Project, str, str, str], tmp_path: Path) -> None:
    project, _doc, ann, denial = coded
    f = tmp_path / "dict.csv"
    f.write_text("code,pattern,kind\nclaim,he said,phrase\ndenial,denied\nclaim,troop*\ndenial,dismiss\\w+,regex\n"
                 "estimate,percent,number\n", encoding="utf-8")
    searches = read_dictionary(project, f)
    names = {c.id: c.name for c in project.codes()}
    assert [names[s.code_id] for s in searches] == ["claim", "claim", "denial", "denial", "estimate"]
    plan = autocode.propose(project, searches, ann)
    got = {(names[p.code_id], TEXT[p.start:p.end]) for p in plan.proposals}
    assert got == {("claim", "he said"), ("claim", "troops"), ("denial", "denied"), ("denial", "dismissed"),
                   ("estimate", "8.5 percent")}
    assert plan.per_code[denial] == 3  # "denied" twice, "dismissed" once


def test_dictionary_lists_every_bad_row_and_runs_nothing(coded: tuple[Project, str, str, str], tmp_path: Path) -> None:
    project = coded[0]
    f = tmp_path / "bad.csv"
    f.write_text("denial,denied\nnope,x\nclaim,\nclaim,(,regex\nclaim,a,b,c\nclaim,x,shape\nclaim,a AND\n",
                 encoding="utf-8")
    with pytest.raises(DictionaryError) as info:
        read_dictionary(project, f)
    message = str(info.value)
    for row in ("row 2: no code", "row 3: the pattern is empty", "row 4: not a valid", "row 5: expected",
                "row 6: kind", "row 7: the query ends"):
        assert row in message
    assert "6 bad row(s)" in message
    f.write_bytes(b"\xff\xfe")
    with pytest.raises(DictionaryError, match="not UTF-8"):
        read_dictionary(project, f)
    with pytest.raises(DictionaryError, match="not a regular file"):
        read_dictionary(project, tmp_path)

"""The suggestion engine on real project files: suggest, accept, reject, undo, exclusions, provenance."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscoder.core import codebook, edits, store_suggest
from newscoder.core.errors import EditError
from newscoder.core.store import Project
from newscoder.core.suggest import Suggestion, SuggestionEngine, embed
from tests.fixtures import add_segment, make_project

TEXT = ("Officials said up to 8,000 North Korean troops had arrived near the border. "
        "The Kremlin has dismissed the reports as “fake news.” "
        "Japan strongly condemned the deployment of the troops.")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = make_project(tmp_path / "p.newscoder", {"One": TEXT, "Two": "Nothing to see in this short note."})
    yield p
    p.close()


def doc_id(project: Project, title: str = "One") -> str:
    return next(d.id for d in project.documents() if d.title == title)


def named(project: Project, found: list[Suggestion]) -> list[tuple[str, str]]:
    names = {c.id: c.name for c in project.codes()}
    text = project.document_text(found[0].document_id) if found else ""
    return [(names[s.code_id], text[s.start:s.end]) for s in found]


def test_rules_suggest_by_code_name_sorted_by_start(project: Project) -> None:
    engine = SuggestionEngine(project, "nobody-yet", coder_name="Ann")
    found = engine.for_document(doc_id(project))
    got = named(project, found)
    assert ("estimate", "up to 8,000 North Korean troops") in got
    assert ("denial", "The Kremlin has dismissed the reports as “fake news.”") in got
    assert ("condemnation", "Japan strongly condemned the deployment of the troops") in got
    assert [s.start for s in found] == sorted(s.start for s in found)
    assert not embed.loaded() or True  # the model may be loaded by another test; rules never need it
    assert engine.for_document(doc_id(project, "Two")) == []


def test_a_code_the_project_lacks_stays_silent(project: Project) -> None:
    estimate = project.code_by_name("estimate")
    assert estimate is not None
    edits.apply(project, codebook.delete_code(project, estimate.id))
    engine = SuggestionEngine(project, "c1", learned=False)
    got = named(project, engine.for_document(doc_id(project)))
    assert got and all(name != "estimate" for name, _ in got)


def test_accept_adds_a_normal_segment_with_provenance_and_undo_removes_both(project: Project) -> None:
    engine = SuggestionEngine(project, "c-ann", coder_name="Ann", learned=False)
    d = doc_id(project)
    s = next(x for x in engine.for_document(d) if x.suggester == "rules.hedge/1")
    edit = engine.accept(s)
    changes = edits.apply(project, edit)
    engine.note_changes(changes)
    (seg_id,) = changes.added_segments
    seg = project.segment(seg_id)
    assert seg is not None and (seg.start, seg.end, seg.code_id, seg.coder_id) == (s.start, s.end, s.code_id, "c-ann")
    assert seg.quote == TEXT[s.start:s.end]
    assert '"value":8000' in seg.attributes.replace(" ", "") and "up to" in seg.attributes  # pre-filled as a code key
    prov = store_suggest.provenance(project, [seg_id])[seg_id]
    assert (prov["suggester"], prov["score"], prov["model_sha256"]) == ("rules.hedge/1", s.score, "")
    assert s.key not in {x.key for x in engine.for_document(d)}  # coded now: not suggested again
    engine.note_changes(edits.apply(project, edit.inverse()))
    assert project.segment(seg_id) is None and store_suggest.provenance(project, [seg_id]) == {}
    assert s.key in {x.key for x in engine.for_document(d)}  # suggested again after undo


def test_accept_with_another_code(project: Project) -> None:
    engine = SuggestionEngine(project, "c-ann", coder_name="Ann", learned=False)
    s = next(x for x in engine.for_document(doc_id(project)) if x.suggester == "rules.lexicon/1")
    claim = project.code_by_name("claim")
    assert claim is not None
    changes = edits.apply(project, engine.accept(s, claim.id))
    (seg_id,) = changes.added_segments
    seg = project.segment(seg_id)
    assert seg is not None and seg.code_id == claim.id
    assert store_suggest.provenance(project, [seg_id])[seg_id]["suggester"] == "rules.lexicon/1"


def test_reject_is_remembered_and_undo_brings_it_back(project: Project) -> None:
    engine = SuggestionEngine(project, "c-ann", coder_name="Ann", learned=False)
    d = doc_id(project)
    s = engine.for_document(d)[0]
    edit = engine.reject(s)
    changes = edits.apply(project, edit)
    assert changes.suggestion_documents == {d} and changes.coders == {"c-ann"}  # Ann registered by her first answer
    engine.note_changes(changes)
    assert s.key not in {x.key for x in engine.for_document(d)}
    # a new engine (a new session) still knows: remembered in the file
    assert s.key not in {x.key for x in SuggestionEngine(project, "c-ann", learned=False).for_document(d)}
    # another coder is not affected by Ann's rejection
    assert s.key in {x.key for x in SuggestionEngine(project, "c-bob", learned=False).for_document(d)}
    with pytest.raises(EditError):
        engine.reject(s)
    engine.note_changes(edits.apply(project, edit.inverse()))
    assert s.key in {x.key for x in engine.for_document(d)}
    assert store_suggest.rejection_keys(project, "c-ann") == set()


def test_spans_already_coded_by_the_coder_are_left_out(project: Project) -> None:
    d = doc_id(project)
    start = TEXT.index("8,000")
    add_segment(project, d, "estimate", "Ann", start, start + 5)  # overlaps the suggestion
    ann = project.coder_by_name("Ann")
    assert ann is not None
    ann_found = named(project, SuggestionEngine(project, ann.id, learned=False).for_document(d))
    assert all(name != "estimate" for name, _ in ann_found)
    bob_found = named(project, SuggestionEngine(project, "c-bob", learned=False).for_document(d))
    assert ("estimate", "up to 8,000 North Korean troops") in bob_found


def test_reject_refuses_a_span_outside_the_article(project: Project) -> None:
    engine = SuggestionEngine(project, "c-ann", coder_name="Ann", learned=False)
    s = engine.for_document(doc_id(project))[0]
    bad = Suggestion.make(s.document_id, s.code_id, 0, 10_000, 0.5, "x/1", "r")
    with pytest.raises(EditError):
        engine.reject(bad)
    with pytest.raises(EditError):
        engine.accept(bad)


def test_suggestions_are_not_segments_nothing_written_until_applied(project: Project) -> None:
    engine = SuggestionEngine(project, "c-ann", coder_name="Ann", learned=False)
    before = project.data_version()
    found = engine.for_document(doc_id(project))
    engine.accept(found[0])
    engine.reject(found[0])
    assert project.segments() == [] and store_suggest.all_rejections(project) == []
    assert project.coders() == [] and project.data_version() == before


def test_more_like_this_finds_the_similar_passage_across_the_corpus(tmp_path: Path) -> None:
    texts = {
        "A": "The Kremlin denied sending troops to the border. Markets were calm on Monday.",
        "B": "The weather was cold. Moscow denied sending any troops to the border region.",
        "C": "A recipe needs two cups of flour. Bake it for an hour until golden.",
    }
    with make_project(tmp_path / "m.newscoder", texts) as project:
        ids = {d.title: d.id for d in project.documents()}
        seg = add_segment(project, ids["A"], "denial", "Ann", 0, texts["A"].index("."))
        ann = project.coder_by_name("Ann")
        assert ann is not None
        engine = SuggestionEngine(project, ann.id)
        calls: list[tuple[int, int]] = []
        found = engine.more_like_this(seg, limit=3, progress=lambda d, t: calls.append((d, t)))
        best = found[0]
        assert (best.document_id, texts["B"][best.start:best.end]) == (
            ids["B"], "Moscow denied sending any troops to the border region")
        assert best.code_id == project.code_by_name("denial").id and best.suggester == "neighbours/1"  # type: ignore[union-attr]
        assert len(found) <= 3 and [s.score for s in found] == sorted((s.score for s in found), reverse=True)
        assert all(not (s.document_id == ids["A"] and s.start < texts["A"].index(".")) for s in found)
        assert calls[-1] == (3, 3)
        # once coded, it is no longer proposed; cancel stops at once
        add_segment(project, ids["B"], "denial", "Ann", best.start, best.end)
        assert best.key not in {s.key for s in engine.more_like_this(seg)}
        assert engine.more_like_this(seg, cancel=lambda: True) == []

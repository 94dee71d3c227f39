"""The Qt-free coding session: every operation returns one edit; applying it returns typed Changes."""

from __future__ import annotations

import pytest

from newscoder.core import codebook, edits
from newscoder.core.changes import Changes
from newscoder.core.errors import EditError
from newscoder.core.records import Status
from newscoder.core.session import CodingSession
from newscoder.core.store import Project

TEXT = "The minister said that as many as 8,000 troops had crossed the border overnight."


def _words(text: str, start: int, end: int) -> tuple[int, int]:
    """A small snapper for the tests: widen to whole space-separated words."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


@pytest.fixture
def session(fresh_project: Project) -> CodingSession:
    info, _ = fresh_project.add_document(TEXT, "Troops")
    s = CodingSession(fresh_project, "Alice", snapper=_words)
    s.open(info.id)
    return s


def test_code_span_snaps_and_applies_one_edit(session: CodingSession) -> None:
    claim = session.code_for_key("1")
    assert claim is not None
    edit = session.code_span(claim.id, TEXT.index("inister"), TEXT.index("said") + 2)
    assert session.project.segments() == []  # building an edit writes nothing
    changes = session.apply(edit)
    (seg,) = session.project.segments()
    assert seg.quote == "minister said"
    assert changes.segments[seg.id] == seg  # the record as written: no re-read needed
    assert changes.added_segments == {seg.id}
    assert changes.segment_documents == {session.document_id}
    assert changes.statuses == {(session.document_id, session.coder_id)}  # not started -> in progress
    assert session.status() == Status.IN_PROGRESS
    assert not changes.codes and not changes.documents and not changes.external


def test_snapping_off_codes_the_exact_span(session: CodingSession) -> None:
    session.snap_to_words = False
    claim = session.code_for_key("1")
    assert claim is not None
    session.apply(session.code_span(claim.id, 5, 9))
    assert session.project.segments()[0].quote == "inis"


def test_empty_selection_is_refused(session: CodingSession) -> None:
    claim = session.code_for_key("1")
    assert claim is not None
    with pytest.raises(EditError, match="select some words"):
        session.code_span(claim.id, 3, 3)


def test_recode_move_memo_delete_each_one_edit(session: CodingSession) -> None:
    claim, denial = session.code_for_key("1"), session.code_for_key("2")
    assert claim is not None and denial is not None
    session.apply(session.code_span(claim.id, 0, 3))
    sid = session.project.segments()[0].id
    assert session.recode(sid, claim.id) is None  # already that code: nothing to do
    recode = session.recode(sid, denial.id)
    assert recode is not None
    changes = session.apply(recode)
    assert changes.segments[sid] is not None and changes.segments[sid].code_id == denial.id  # type: ignore[union-attr]
    assert not changes.added_segments
    changes = session.apply(session.move_boundary(sid, end=TEXT.index(" said")))
    assert session.project.segment(sid).quote == "The minister"  # type: ignore[union-attr]
    assert changes.segments[sid].updated_at == session.project.segment(sid).updated_at  # type: ignore[union-attr]
    session.apply(session.memo(sid, "who?"))
    assert session.project.segment(sid).memo == "who?"  # type: ignore[union-attr]
    changes = session.apply(session.delete(sid))
    assert changes.segments[sid].deleted_at is not None  # type: ignore[union-attr]
    assert session.spans(others=True) == []


def test_move_boundary_stays_inside_the_article(session: CodingSession) -> None:
    claim = session.code_for_key("1")
    assert claim is not None
    session.apply(session.code_span(claim.id, 0, 3))
    sid = session.project.segments()[0].id
    with pytest.raises(EditError):
        session.move_boundary(sid, end=len(TEXT) + 1)
    with pytest.raises(EditError):
        session.move_boundary(sid, start=3)  # empty


def test_undo_is_the_inverse_edit_and_says_what_it_removed(session: CodingSession) -> None:
    claim = session.code_for_key("1")
    assert claim is not None
    edit = session.code_span(claim.id, 0, 3)
    session.apply(edit)
    sid = session.project.segments()[0].id
    changes = session.apply(edit.inverse())
    assert changes.segments == {sid: None}
    assert session.project.segments(include_deleted=True) == []
    assert session.status() == Status.NOT_STARTED


def test_mark_done_and_reopen(session: CodingSession) -> None:
    changes = session.apply(session.mark_done())
    assert session.status() == Status.DONE
    assert changes.touched_documents() == [session.document_id]
    assert session.mark_done().changes == ()  # already done: an empty edit
    session.apply(session.reopen())
    assert session.status() == Status.NOT_STARTED  # nothing coded: back to unread, not "coded nothing"
    claim = session.code_for_key("1")
    assert claim is not None
    session.apply(session.code_span(claim.id, 0, 3))
    session.apply(session.mark_done())
    session.apply(session.reopen())
    assert session.status() == Status.IN_PROGRESS
    assert session.reopen().changes == ()  # not done: nothing to reopen


def test_another_coders_segment_is_read_only(session: CodingSession) -> None:
    claim = session.code_for_key("1")
    assert claim is not None
    bob = CodingSession(session.project, "Bob")
    bob.open(session.document_id)
    bob.apply(bob.code_span(claim.id, 0, 3))
    sid = session.project.segments()[0].id
    for operation in (lambda: session.delete(sid), lambda: session.memo(sid, "x"),
                      lambda: session.recode(sid, claim.id), lambda: session.move_boundary(sid, end=5)):
        with pytest.raises(EditError, match="another coder"):
            operation()
    assert [span[0] for span in session.spans(others=True)] == [sid]
    assert session.spans(others=False) == []
    assert session.coder_name(bob.coder_id) == "?"  # not known until the coders are re-read
    session.absorb(Changes.everything())
    assert session.coder_name(bob.coder_id) == "Bob"


def test_codebook_cache_follows_code_edits(session: CodingSession) -> None:
    claim = session.code_for_key("1")
    assert claim is not None
    changes = session.apply(codebook.update_code(session.project, claim.id, name="assertion"))
    assert changes.codes == {claim.id} and changes.codebook_changed
    assert session.code(claim.id).name == "assertion"  # type: ignore[union-attr]
    session.apply(codebook.archive_code(session.project, claim.id))
    assert session.code_for_key("1") is None
    assert claim.id not in [c.id for c in session.codes()]
    assert claim.id in [c.id for c in session.all_codes()]


def test_article_properties_change_reaches_the_current_article(session: CodingSession) -> None:
    doc = session.document_id
    assert doc is not None
    changes = session.apply(edits.update_document(session.project, doc, title="Troops cross"))
    assert changes.documents == {doc} and changes.document_changed(doc)
    assert session.document is not None and session.document.title == "Troops cross"
    assert session.text == TEXT


def test_changes_combine(session: CodingSession) -> None:
    a = session.apply(session.mark_done())
    b = Changes.everything()
    both = a | b
    assert both.external and both.statuses == a.statuses
    assert not Changes() and bool(a) and bool(b)


def test_a_new_coder_is_registered_by_the_first_edit_only(fresh_project: Project) -> None:
    info, _ = fresh_project.add_document(TEXT, "Troops")
    session = CodingSession(fresh_project, "  Nora  N ")
    session.open(info.id)
    assert fresh_project.coders() == [] and not session.coder_registered  # opening adds no coder
    assert session.coder_name(session.coder_id) == "Nora N"
    claim = session.code_for_key("1")
    assert claim is not None
    edit = session.code_span(claim.id, 0, 3)
    changes = session.apply(edit)
    assert changes.coders == {session.coder_id} and session.coder_registered
    session.apply(edit.inverse())
    assert fresh_project.coders() == []
    with pytest.raises(EditError, match="needs a name"):
        CodingSession(fresh_project, "   ")

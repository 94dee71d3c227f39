"""Moving a segment's boundary by one word, and extending a segment instead of adding a near-duplicate."""

from __future__ import annotations

import pytest

from newscoder.core.session import CodingSession
from newscoder.core.snapping import snap_to_words
from newscoder.core.store import Project

TEXT = "As many as 10,000 U.S. troops crossed, officials said."


@pytest.fixture
def session(fresh_project: Project) -> CodingSession:
    info, _ = fresh_project.add_document(TEXT, "Troops")
    s = CodingSession(fresh_project, "Alice", snapper=snap_to_words)
    s.open(info.id)
    return s


def _code(session: CodingSession, word: str) -> str:
    claim = session.code_for_key("1")
    assert claim is not None
    a = TEXT.index(word)
    changes = session.apply(session.code_span(claim.id, a, a + len(word)))
    (added,) = changes.added_segments
    return added


def test_nudging_moves_by_whole_words_keeping_id_and_memo(session: CodingSession) -> None:
    sid = _code(session, "10,000")
    session.apply(session.memo(sid, "estimate"))
    for edge, forward, quote in (("end", True, "10,000 U.S."), ("end", True, "10,000 U.S. troops"),
                                 ("start", False, "as 10,000 U.S. troops"), ("start", True, "10,000 U.S. troops"),
                                 ("end", False, "10,000 U.S.")):
        edit = session.nudge_boundary(sid, edge=edge, forward=forward)
        assert edit is not None
        session.apply(edit)
        seg = session.segment(sid)
        assert seg is not None
        assert (seg.quote, seg.memo, seg.id) == (quote, "estimate", sid)


def test_nudging_never_empties_or_leaves_the_text(session: CodingSession) -> None:
    sid = _code(session, "As")
    assert session.nudge_boundary(sid, edge="start", forward=False) is None
    assert session.nudge_boundary(sid, edge="end", forward=False) is None
    assert session.nudge_boundary(sid, edge="start", forward=True) is None


def test_one_nudge_is_one_undoable_edit(session: CodingSession) -> None:
    sid = _code(session, "troops")
    edit = session.nudge_boundary(sid, edge="end", forward=True)
    assert edit is not None
    session.apply(edit)
    session.apply(edit.inverse())
    seg = session.segment(sid)
    assert seg is not None and seg.quote == "troops"


def test_same_code_overlap_and_extend(session: CodingSession) -> None:
    sid = _code(session, "10,000 U.S.")
    claim = session.code_for_key("1")
    other = session.code_for_key("2")
    assert claim is not None and other is not None
    a = TEXT.index("U.S.")
    b = TEXT.index("troops") + 3  # "tro": snapped to the whole word
    assert session.same_code_overlap(claim.id, a, b) == sid
    assert session.same_code_overlap(other.id, a, b) is None
    assert session.same_code_overlap(claim.id, TEXT.index("said"), len(TEXT)) is None
    edit = session.extend(sid, a, b)
    assert edit is not None
    session.apply(edit)
    seg = session.segment(sid)
    assert seg is not None and seg.quote == "10,000 U.S. troops"
    assert session.extend(sid, a, b) is None

"""Accepting many suggestions as one edit (the review list's "Code all"): segments, statuses, provenance, undo."""

from __future__ import annotations

from pathlib import Path

from newscoder.core import edits, store_suggest
from newscoder.core.records import Status
from newscoder.core.suggest import SuggestionEngine
from newscoder.core.suggest.batch import accept_many
from tests.fixtures import make_project

ONE = ("Officials said up to 8,000 North Korean troops had arrived near the border. "
       "The Kremlin has dismissed the reports as fake news. Japan strongly condemned the deployment.")
TWO = "Moscow denied the claims. Some 300 soldiers stayed behind."


def test_accept_many_writes_segments_with_provenance_and_undoes(tmp_path: Path) -> None:
    p = make_project(tmp_path / "b.newscoder", {"One": ONE, "Two": TWO})
    docs = {d.title: d.id for d in p.documents()}
    engine = SuggestionEngine(p, "planned-coder-id", learned=False, coder_name="Nia")  # not registered yet
    found = engine.for_document(docs["One"]) + engine.for_document(docs["Two"])
    assert len({s.document_id for s in found}) == 2 and len(found) >= 3
    claim = p.code_by_name("claim")
    assert claim is not None
    chosen = [(s, s.code_id) for s in found] + [(found[0], found[0].code_id)]  # a repeat is dropped
    chosen[1] = (found[1], claim.id)  # one with another code
    edit = accept_many(p, chosen, "planned-coder-id", coder_name="Nia")
    assert edit.label == f"Accept {len(found)} suggestions"
    changes = edits.apply(p, edit)
    nia = p.coder_by_name("Nia")
    assert nia is not None and nia.id == "planned-coder-id"  # registered by the edit
    segs = p.segments(coder_id=nia.id)
    assert sorted((s.document_id, s.start, s.end, s.code_id) for s in segs) == sorted(
        (s.document_id, s.start, s.end, code) for s, code in chosen[:-1])
    texts = {d: p.document_text(d) for d in docs.values()}
    assert all(s.quote == texts[s.document_id][s.start:s.end] for s in segs)  # code points, exact
    prov = store_suggest.provenance(p, [s.id for s in segs])
    by_span = {(s.document_id, s.start, s.end): s for s, _c in chosen}
    for seg in segs:
        s = by_span[(seg.document_id, seg.start, seg.end)]
        assert (prov[seg.id]["suggester"], prov[seg.id]["score"]) == (s.suggester, s.score)
    assert {p.status(d, nia.id) for d in docs.values()} == {Status.IN_PROGRESS}
    assert set(changes.added_segments) == {s.id for s in segs}
    edits.apply(p, edit.inverse())
    assert p.segments(coder_id=nia.id) == []
    assert store_suggest.provenance(p, [s.id for s in segs]) == {}
    assert p.coder_by_name("Nia") is None  # the registration is undone too

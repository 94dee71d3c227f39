"""Typed attributes: each type, definitions, values as edits (undo), pre-fill, incomplete marking."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscoder.core import attribute_edits, edits
from newscoder.core import attributes as attrs
from newscoder.core import sources as src
from newscoder.core.errors import EditError
from newscoder.core.session import CodingSession
from newscoder.core.store import Project
from tests.fixtures import add_segment, make_project

D = attrs.AttributeDef


@pytest.mark.parametrize(("defn", "given", "stored"), [
    (D("n", "integer"), "8,000", 8000),
    (D("n", "integer"), 12, 12),
    (D("n", "integer"), -3.0, -3),
    (D("n", "number"), "1.5", 1.5),
    (D("n", "number"), "2,500", 2500),
    (D("n", "integer range"), "10000-12000", [10000, 12000]),
    (D("n", "integer range"), "10,000 to 12,000", [10000, 12000]),
    (D("n", "integer range"), [3, 3], [3, 3]),
    (D("n", "choice", choices=("up to", "exact")), "Up  To", "up to"),
    (D("n", "text"), "troops in Russia", "troops in Russia"),
    (D("n", "text"), "=cmd|'/c calc'!A1", "=cmd|'/c calc'!A1"),
    (D("n", "date"), "2024-10-31", "2024-10-31"),
    (D("n", "source"), " 0b0e ", "0b0e"),
])
def test_each_type_stores_its_shape(defn: attrs.AttributeDef, given: object, stored: object) -> None:
    assert attrs.check_value(defn, given) == stored
    # and the text form reads back to the same value (what CSV and the editor do)
    text = attrs.format_value(defn, stored)
    assert attrs.check_value(defn, text) == stored


@pytest.mark.parametrize(("defn", "given"), [
    (D("n", "integer"), "8.5"), (D("n", "integer"), True), (D("n", "integer"), "1e400"),
    (D("n", "integer"), "9" * 30), (D("n", "number"), "nan"), (D("n", "number"), "inf"),
    (D("n", "integer range"), "12-10"), (D("n", "integer range"), "ten"),
    (D("n", "choice", choices=("a",)), "b"), (D("n", "date"), "2024-02-30"), (D("n", "date"), "31/10/2024"),
    (D("n", "text"), "x" * (attrs.MAX_TEXT + 1)), (D("n", "text"), 5),
])
def test_bad_values_are_refused_with_the_name(defn: attrs.AttributeDef, given: object) -> None:
    with pytest.raises(attrs.AttributeValueError, match="^n: "):
        attrs.check_value(defn, given)


@pytest.mark.parametrize("raw", [
    '[{"name": "", "type": "text"}]', '[{"name": "a", "type": "colour"}]', '[{"name": "a", "type": "choice"}]',
    '[{"name": "a", "type": "text"}, {"name": "A", "type": "integer"}]', '{"name": "a"}', "not json",
    '[{"name": "a", "type": "integer", "default": "many"}]', '[{"name": "a<img src=x>", "type": "text"}]',
    '[{"name": "a", "type": "choice", "choices": ["x", "x"]}]',
])
def test_bad_definitions_are_refused(raw: str) -> None:
    with pytest.raises(attrs.AttributeValueError):
        attrs.parse_definitions(raw)


def test_default_codebook_defines_the_estimate_and_claim_attributes(tmp_path: Path) -> None:
    with make_project(tmp_path / "p.newscoder") as p:
        defs = {c.name: attribute_edits.definitions_of(p, c.id) for c in p.codes()}
    est = {d.name: d for d in defs["estimate"]}
    assert list(est) == ["value", "low", "high", "hedge", "counted", "source"]
    assert est["value"].type == "integer" and est["value"].required
    assert not est["low"].required and not est["high"].required
    assert est["hedge"].choices == ("exact", "approximately", "at least", "more than", "up to", "as many as",
                                     "fewer than", "range", "unspecified")
    assert est["source"].type == "source" and est["counted"].type == "text"
    for name in ("claim", "denial", "condemnation"):
        assert [(d.name, d.type) for d in defs[name]] == [("source", "source"), ("target", "text")]


def test_values_are_an_undoable_edit(tmp_path: Path) -> None:
    with make_project(tmp_path / "p.newscoder") as p:
        doc = p.documents_by_title("Beta story")[0].id
        seg = add_segment(p, doc, "estimate", "Ana", 0, 24)
        before = p.segment(seg)
        assert before is not None
        s_edit = src.add_source(p, "Antony Blinken", "person", "United States")
        edits.apply(p, s_edit)
        sid = s_edit.changes[0].after["id"]  # type: ignore[index]
        edit = attribute_edits.set_segment_attributes(
            p, seg, {"value": "8,000", "hedge": "as many as", "counted": "soldiers near the border", "source": sid,
                     "source@span": [0, 7], "low": None})
        changes = edits.apply(p, edit)
        after = p.segment(seg)
        assert after is not None and changes.segments[seg] == after
        assert json.loads(after.attributes) == {"value": 8000, "hedge": "as many as",
                                                "counted": "soldiers near the border", "source": sid,
                                                "source@span": [0, 7]}
        assert after.updated_at >= before.updated_at
        edits.apply(p, edit.inverse())
        assert p.segment(seg).attributes == before.attributes  # type: ignore[union-attr]
        edits.apply(p, edit)
        assert json.loads(p.segment(seg).attributes)["value"] == 8000  # type: ignore[union-attr]


@pytest.mark.parametrize(("values", "message"), [
    ({"value": "lots"}, "value: not an integer"),
    ({"colour": "red"}, "no attribute 'colour'"),
    ({"hedge": "maybe"}, "not one of"),
    ({"source": "no-such-id"}, "no such source"),
    ({"counted@span": [1, 2]}, "only a source attribute"),
])
def test_bad_values_are_refused_and_nothing_is_written(tmp_path: Path, values: dict, message: str) -> None:
    with make_project(tmp_path / "p.newscoder") as p:
        doc = p.documents_by_title("Beta story")[0].id
        seg = add_segment(p, doc, "estimate", "Ana", 0, 24)
        stamp = p.segment(seg).updated_at  # type: ignore[union-attr]
        with pytest.raises(EditError, match=message):
            attribute_edits.set_segment_attributes(p, seg, values)
        assert p.segment(seg).updated_at == stamp  # type: ignore[union-attr]


def test_code_definitions_are_an_undoable_edit(tmp_path: Path) -> None:
    with make_project(tmp_path / "p.newscoder") as p:
        code = p.code_by_name("claim")
        assert code is not None
        old = attribute_edits.definitions_of(p, code.id)
        new = [*old, {"name": "said on", "type": "date", "required": False, "help": "When it was said"}]
        edit = attribute_edits.set_code_attributes(p, code.id, new)
        changes = edits.apply(p, edit)
        assert changes.codebook_changed
        assert [d.name for d in attribute_edits.definitions_of(p, code.id)] == ["source", "target", "said on"]
        edits.apply(p, edit.inverse())
        assert attribute_edits.definitions_of(p, code.id) == old
        with pytest.raises(EditError):
            attribute_edits.set_code_attributes(p, code.id, [{"name": "x", "type": "integer"}] * 2)


def test_session_prefills_an_estimate_and_marks_it_incomplete(tmp_path: Path) -> None:
    with make_project(tmp_path / "p.newscoder", {"VOA": "“As many as 8,000 of those forces are in Kursk,” "
                                                         "U.S. Secretary of State Antony Blinken said Thursday."}) as p:
        edits.apply(p, src.add_source(p, "Antony Blinken", "person", "United States"))
        session = CodingSession(p, "Ana")
        session.open(p.documents()[0].id)
        code = p.code_by_name("estimate")
        assert code is not None
        text = session.text
        start = text.index("8,000")
        changes = session.apply(session.code_span(code.id, start, start + len("8,000 of those forces")))
        (seg_id,) = changes.added_segments
        seg = p.segment(seg_id)
        assert seg is not None
        values = attrs.parse_values(seg.attributes)
        blinken = src.source_by_name(p, "antony blinken")
        assert blinken is not None
        assert values["value"] == 8000 and values["high"] == 8000 and values["hedge"] == "as many as"
        assert values["source"] == blinken.id
        a, b = values["source@span"]
        assert "Antony Blinken" in text[a:b]
        assert session.incomplete(seg) == ["counted"]
        session.apply(session.set_attributes(seg_id, {**values, "counted": "deployed to Kursk"}))
        assert session.incomplete(p.segment(seg_id)) == []  # type: ignore[arg-type]
        claim = p.code_by_name("claim")
        assert claim is not None
        added = session.apply(session.code_span(claim.id, 0, 5))  # no number: only the source is pre-filled
        (claim_seg,) = added.added_segments
        assert set(attrs.parse_values(p.segment(claim_seg).attributes)) == {"source", "source@span"}  # type: ignore[union-attr]


def test_prefill_offers_unknown_names() -> None:
    from newscoder.core.prefill import prefill

    defs = attrs.parse_definitions(json.dumps([{"name": "source", "type": "source"}]))
    text = "The Pentagon said on Monday that Pyongyang had sent at least 10,000 troops."
    got = prefill(defs, text, text.index("at least"), len(text) - 1, [])
    assert "source" not in got.values
    assert got.proposals[0].name == "Pentagon" and got.proposals[0].source_id is None
    assert text[got.proposals[0].start:got.proposals[0].end] == "Pentagon"


def test_prefill_is_fast_enough_per_span(tmp_path: Path) -> None:
    """Not a timing test (see tests/perf/bench_attributes.py): the pre-fill reads only the sentence."""
    from newscoder.core.prefill import prefill

    with make_project(tmp_path / "p.newscoder") as p:
        code = p.code_by_name("estimate")
        assert code is not None
        defs = attribute_edits.definitions_of(p, code.id)
    text = ("Filler sentence here. " * 50_000) + "Blinken said as many as 8,000 troops moved."
    start = text.index("8,000")
    got = prefill(defs, text, start, start + 5, [("b", "Antony Blinken")])
    assert got.values["value"] == 8000 and got.values["source"] == "b"


def test_a_project_of_the_old_schema_gets_the_columns(tmp_path: Path) -> None:
    import sqlite3

    from newscoder.core import projectfile

    path = tmp_path / "old.newscoder"
    projectfile.create_file(path, "old", version=2)
    with Project.open(path) as p:
        cols = {r[1] for r in p.conn.execute("PRAGMA table_info(segments)")}
        assert "attributes" in cols
        assert src.list_sources(p) == []
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM sources").fetchone()[0] == 0
    conn.close()

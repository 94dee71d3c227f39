"""Attributes in REFI-QDA files: QDC definitions and QDPX values, valid against the XSDs, read back exactly."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import xmlschema

from newscoder.core import attribute_edits, edits
from newscoder.core import attributes as attrs
from newscoder.core import sources as src
from newscoder.core.exchange.refi_attributes import (
    DEFINITIONS_MARK,
    VALUES_MARK,
    split_definitions,
    split_values,
    with_definitions,
    with_values,
)
from newscoder.core.exchange.refi_codebook import export_codebook, import_codebook
from newscoder.core.exchange.refi_project_export import export_qdpx
from newscoder.core.exchange.refi_project_import import import_qdpx_new
from newscoder.core.importers import import_paths
from newscoder.core.store import Project
from tests.core.attr_helpers import code_sample_estimates
from tests.fixtures import SAMPLE_ARTICLES

XSD_DIR = Path(__file__).resolve().parents[1] / "data" / "refi-qda"


def _xsd(name: str) -> xmlschema.XMLSchema:
    shared = Path("/work/shared/refi-qda") / name
    return xmlschema.XMLSchema(str(shared if shared.exists() else XSD_DIR / name))


def _resolved(project: Project) -> dict[str, dict]:
    out = {}
    for seg in project.segments():
        values = attrs.parse_values(seg.attributes)
        if "source" in values:
            s = src.get_source(project, values["source"])
            assert s is not None
            values["source"] = (s.name, s.kind, s.affiliation)
        out[seg.id] = (values, seg.memo)
    return out


@pytest.mark.parametrize("memo", ["", "a memo", "two\n\nparagraphs\n", "[newscoder:values] looks like ours"])
def test_values_line_round_trip(memo: str) -> None:
    stored = attrs.canonical({"value": 8000, "source": "s1", "source@span": [3, 9], "counted": "a\nb"})
    text = with_values(memo, stored, {"s1": ("Antony Blinken", "person", "United States")})
    assert text.splitlines()[-1].startswith(VALUES_MARK)
    back, values, sources, problem = split_values(text)
    assert (back, problem) == (memo, None)
    assert values == attrs.parse_values(stored)
    assert sources == [{"id": "s1", "name": "Antony Blinken", "kind": "person", "affiliation": "United States"}]
    assert split_values(memo)[:2] == (memo, {}) or memo.startswith(VALUES_MARK)


def test_bad_lines_are_reported() -> None:
    assert split_values("memo\n\n" + VALUES_MARK + "{nope")[3].startswith("attribute values that do not parse")
    assert split_values("memo\n\n" + VALUES_MARK + '{"source": {"id": 3}}')[3].startswith("a source value")
    desc, defs, problem = split_definitions("def\n\n" + DEFINITIONS_MARK + '[{"name": "x", "type": "colour"}]')
    assert (desc, defs) == ("def", "[]") and "do not parse" in (problem or "")
    assert with_definitions("d", "[]") == "d"


def test_codebook_qdc_keeps_definitions_and_is_valid(tmp_path: Path) -> None:
    with Project.create(tmp_path / "a.newscoder") as a:
        qdc = tmp_path / "book.qdc"
        export_codebook(a, qdc)
        _xsd("Codebook.xsd").validate(str(qdc))
        expected = {c.name: (c.description, attribute_edits.definitions_of(a, c.id)) for c in a.codes()}
    assert b"[newscoder:attributes] " in qdc.read_bytes()
    with Project.create(tmp_path / "b.newscoder", codebook=False) as b:
        report = import_codebook(b, qdc)
        assert not report.dropped
        got = {c.name: (c.description, attribute_edits.definitions_of(b, c.id)) for c in b.codes()}
    assert got == expected


def test_qdpx_keeps_values_and_sources_and_is_valid(tmp_path: Path) -> None:
    with Project.create(tmp_path / "a.newscoder") as a:
        import_paths(a, [SAMPLE_ARTICLES])
        ids = code_sample_estimates(a)
        edits.apply(a, edits.set_segment_memo(a, ids[0], "checked\nagainst the AFP wire"))
        qdpx = tmp_path / "a.qdpx"
        export_qdpx(a, qdpx)
        expected = _resolved(a)
    with zipfile.ZipFile(qdpx) as zf:
        qde = zf.read("project.qde")
    _xsd("Project.xsd").validate(io.BytesIO(qde))
    assert qde.count(b"[newscoder:values] ") == len(expected)
    report = import_qdpx_new(qdpx, tmp_path / "b.newscoder")
    assert not report.dropped
    with Project.open(tmp_path / "b.newscoder") as b:
        assert _resolved(b) == expected
        assert {s.name for s in src.list_sources(b)} == {
            "Antony Blinken", "Pentagon", "South Korean intelligence", "Ukrainian sources"}


def test_hostile_values_in_a_qdpx_are_left_out_and_reported(tmp_path: Path) -> None:
    with Project.create(tmp_path / "a.newscoder") as a:
        import_paths(a, [SAMPLE_ARTICLES])
        code_sample_estimates(a)
        qdpx = tmp_path / "a.qdpx"
        export_qdpx(a, qdpx)
    with zipfile.ZipFile(qdpx) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    qde = members["project.qde"].decode()
    first = qde.index(VALUES_MARK)
    end = qde.index("</Description>", first)
    bad = VALUES_MARK + '{"value":"lots","hedge":"as many as","colour":"red","counted":"troops",' \
                        '"source":{"id":"x","name":"<img src=/dev/zero>","kind":"alien","affiliation":""}}'
    from xml.sax.saxutils import escape

    members["project.qde"] = (qde[:first] + escape(bad) + qde[end:]).encode()
    hostile = tmp_path / "hostile.qdpx"
    with zipfile.ZipFile(hostile, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    report = import_qdpx_new(hostile, tmp_path / "b.newscoder")
    text = "\n".join(report.lines())
    assert "not an integer" in text and "no attribute 'colour'" in text
    with Project.open(tmp_path / "b.newscoder") as b:
        kept = [attrs.parse_values(s.attributes) for s in b.segments()]
        odd = src.source_by_name(b, "<img src=/dev/zero>")
        assert odd is not None and odd.kind == "other"  # an unknown kind becomes "other"
        assert {"hedge": "as many as", "counted": "troops", "source": odd.id} in kept  # the rest is kept
        assert len(kept) == 12 and sum("value" in v for v in kept) == 11
        odd = src.source_by_name(b, "<img src=/dev/zero>")
        assert odd is not None and odd.kind == "other"  # an unknown kind becomes "other"

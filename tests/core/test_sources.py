"""Sources: add, rename, kinds, merge (values follow), and how they travel through copies and merges."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscoder.core import attribute_edits, edits
from newscoder.core import attributes as attrs
from newscoder.core import sources as src
from newscoder.core.errors import EditError
from newscoder.core.exchange.copy import export_copy
from newscoder.core.exchange.merge import merge_files
from newscoder.core.store import Project
from tests.core.test_merge import CLOCK_MODULES, Clock
from tests.fixtures import add_segment, make_project


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """One second per reading, so that "newer" is well defined."""
    c = Clock()
    for mod in (*CLOCK_MODULES, "newscoder.core.sources"):
        monkeypatch.setattr(f"{mod}.now_utc", c)
    return c


def _add(p: Project, name: str, kind: str = "person", aff: str = "") -> str:
    edit = src.add_source(p, name, kind, aff)
    edits.apply(p, edit)
    return str(edit.changes[0].after["id"])  # type: ignore[index]


def _estimate(p: Project, coder: str, source_id: str, value: int = 8000) -> str:
    doc = p.documents_by_title("Beta story")[0].id
    seg = add_segment(p, doc, "estimate", coder, 0, 24)
    edits.apply(p, attribute_edits.set_segment_attributes(
        p, seg, {"value": value, "hedge": "as many as", "counted": "troops", "source": source_id}))
    return seg


def test_add_rename_kind_and_refusals(tmp_path: Path) -> None:
    with make_project(tmp_path / "p.newscoder") as p:
        sid = _add(p, "  Antony   Blinken ", "person", "United States")
        assert [(s.name, s.kind, s.affiliation) for s in src.list_sources(p)] == [
            ("Antony Blinken", "person", "United States")]
        with pytest.raises(EditError, match="already a source"):
            src.add_source(p, "antony blinken")
        with pytest.raises(EditError, match="unknown source kind"):
            src.add_source(p, "X", "alien")
        with pytest.raises(EditError, match="needs a name"):
            src.add_source(p, " \t")
        rename = src.update_source(p, sid, name="Blinken")
        assert rename.label == "Rename source"
        changes = edits.apply(p, rename)
        assert changes.sources_changed and sid in changes.sources
        assert src.get_source(p, sid).name == "Blinken"  # type: ignore[union-attr]
        edits.apply(p, rename.inverse())
        assert src.get_source(p, sid).name == "Antony Blinken"  # type: ignore[union-attr]
        edits.apply(p, src.update_source(p, sid, kind="government body", affiliation="US State Department"))
        assert src.get_source(p, sid).kind == "government body"  # type: ignore[union-attr]


def test_merge_points_every_value_at_the_kept_source_and_undoes(tmp_path: Path) -> None:
    with make_project(tmp_path / "p.newscoder") as p:
        keep = _add(p, "Antony Blinken")
        gone = _add(p, "Blinken")
        a = _estimate(p, "Ana", gone)
        b = _estimate(p, "Ben", keep)
        merge = src.merge_sources(p, keep, gone)
        edits.apply(p, merge)
        assert attrs.parse_values(p.segment(a).attributes)["source"] == keep  # type: ignore[union-attr]
        assert [s.name for s in src.list_sources(p)] == ["Antony Blinken"]
        assert src.resolve(p, gone).id == keep  # type: ignore[union-attr]
        assert src.use_counts(p) == {keep: 2}
        edits.apply(p, merge.inverse())
        assert attrs.parse_values(p.segment(a).attributes)["source"] == gone  # type: ignore[union-attr]
        assert attrs.parse_values(p.segment(b).attributes)["source"] == keep  # type: ignore[union-attr]
        assert len(src.list_sources(p)) == 2
        with pytest.raises(EditError):
            src.merge_sources(p, keep, keep)
        with pytest.raises(EditError, match="cite this source"):
            src.delete_source(p, gone)


def test_sources_and_values_travel_through_a_copy_and_back(tmp_path: Path) -> None:
    with make_project(tmp_path / "lead.newscoder") as lead:
        blinken = _add(lead, "Antony Blinken", "person", "United States")
        _estimate(lead, "Ana", blinken)
        copy_path = tmp_path / "ana.newscoder"
        export_copy(lead, copy_path, "Ana")
        with Project.open(copy_path) as copy:
            assert [(s.id, s.name) for s in src.list_sources(copy)] == [(blinken, "Antony Blinken")]
            (seg,) = copy.segments()
            assert attrs.parse_values(seg.attributes)["source"] == blinken
            # the coder adds a source and changes the value
            pentagon = _add(copy, "Pentagon", "military", "United States")
            edits.apply(copy, attribute_edits.set_segment_attributes(
                copy, seg.id, {**attrs.parse_values(seg.attributes), "value": 10000, "source": pentagon}))
        (report,) = merge_files(lead, [copy_path])
        assert report.sources_added == ["Pentagon"]
        (seg_here,) = lead.segments()
        values = attrs.parse_values(seg_here.attributes)
        assert values["value"] == 10000 and src.get_source(lead, values["source"]).name == "Pentagon"  # type: ignore[union-attr]
        # merging again changes nothing
        (again,) = merge_files(lead, [copy_path])
        assert not again.changed


def test_merge_settles_attributes_by_updated_at_and_maps_sources_by_name(tmp_path: Path) -> None:
    with make_project(tmp_path / "lead.newscoder") as lead:
        mine = _add(lead, "Pentagon", "military")
        seg = _estimate(lead, "Ana", mine, 3000)
        copy_path = tmp_path / "ana.newscoder"
        export_copy(lead, copy_path, "Ana")
        with Project.open(copy_path) as copy:
            # a source of the same name with another id there, and a source merged away there
            other = _add(copy, "Kremlin", "government body")
            old = _add(copy, "kremlin spokesman")
            edits.apply(copy, src.merge_sources(copy, other, old))
            edits.apply(copy, attribute_edits.set_segment_attributes(
                copy, seg, {"value": 3000, "hedge": "at least", "counted": "troops", "source": other}))
        _add(lead, "KREMLIN", "government body")
        # ours changed later than theirs: ours wins, reported as a conflict
        edits.apply(lead, attribute_edits.set_segment_attributes(
            lead, seg, {"value": 3500, "hedge": "exact", "counted": "troops", "source": mine}))
        (report,) = merge_files(lead, [copy_path])
        assert report.by_coder["Ana"].conflicts == 1
        assert attrs.parse_values(lead.segment(seg).attributes)["value"] == 3500  # type: ignore[union-attr]
        assert [s.name for s in src.list_sources(lead)] == ["KREMLIN", "Pentagon"]


def test_theirs_newer_wins_and_source_ids_are_mapped(tmp_path: Path) -> None:
    with make_project(tmp_path / "lead.newscoder") as lead:
        mine = _add(lead, "Pentagon", "military")
        seg = _estimate(lead, "Ana", mine, 3000)
        kremlin_here = _add(lead, "Kremlin", "government body")
        copy_path = tmp_path / "ana.newscoder"
        export_copy(lead, copy_path, "Ana")
        with Project.open(copy_path) as copy:
            edits.apply(copy, src.update_source(copy, kremlin_here, name="Kremlin"))
            other = _add(copy, "Dmitry Peskov", "person", "Russia")
            edits.apply(copy, attribute_edits.set_segment_attributes(
                copy, seg, {"value": 3000, "hedge": "at least", "counted": "troops", "source": other}))
        (report,) = merge_files(lead, [copy_path])
        assert report.by_coder["Ana"].updated == 1
        values = attrs.parse_values(lead.segment(seg).attributes)  # type: ignore[union-attr]
        assert values["hedge"] == "at least"
        assert src.get_source(lead, values["source"]).name == "Dmitry Peskov"  # type: ignore[union-attr]


def test_propose_source_from_the_sample_sentence() -> None:
    text = ("“We now assess that there are some 10,000 North Korean soldiers in total in Russia, and as many as 8,000 "
            "of those North Korean forces have been deployed to the Kursk region,” U.S. Secretary of State Antony "
            "Blinken said Thursday. Austin added more.")
    start = text.index("8,000")
    got = src.propose_source(text, start, start + 5, [("b", "Antony Blinken"), ("a", "Lloyd Austin")])
    assert got[0].source_id == "b"
    assert "Antony Blinken" in text[got[0].start:got[0].end]
    assert all(p.source_id != "a" for p in got)  # Austin is in the next sentence
    unknown = src.propose_source(text, start, start + 5, [])
    assert unknown[0].name.endswith("Antony Blinken") and unknown[0].source_id is None
    assert all(p.name != "Thursday" for p in unknown)
    ac = "Pyongyang sent troops, according to the South Korean intelligence service. Later text."
    (p,) = src.propose_source(ac, 0, 9, [])
    assert p.name == "South Korean" or p.name.startswith("South Korean")

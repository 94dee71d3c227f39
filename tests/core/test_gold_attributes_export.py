"""``export segments --gold --attributes`` and the QDPX gold user carry the gold segments' attribute values."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

from newscoder.core import attribute_edits, edits
from newscoder.core import sources as src
from newscoder.core.exchange.segments_csv_attributes import export_segments_with_attributes
from newscoder.core.gold import decide
from newscoder.core.gold.auto import auto_accept
from newscoder.core.gold.export import GOLD_COLUMNS, export_gold
from newscoder.core.store import Project
from tests.core.test_gold_attributes import DEFS, coders, study, unit_at


def with_sources(path: Path) -> tuple[Project, dict[str, str]]:
    """The attribute study, its claims also naming the same source at the same words; gold decided."""
    project, segs = study(path)
    claim = project.code_by_name("claim").id  # type: ignore[union-attr]
    edits.apply(project, attribute_edits.set_code_attributes(
        project, claim, [*DEFS, {"name": "said_by", "type": "source"}]))
    edits.apply(project, src.add_source(project, "=Antony Blinken", "person", "United States"))
    blinken = src.source_by_name(project, "=Antony Blinken")
    assert blinken is not None
    for key in ("claim ann", "claim ben"):
        seg = project.segment(segs[key])
        assert seg is not None
        values = {**attribute_edits.attrs.parse_values(seg.attributes), "said_by": blinken.id,
                  "said_by@span": [0, 6]}
        edits.apply(project, attribute_edits.set_segment_attributes(project, segs[key], values))
    auto_accept(project, coders(project), "Chris")
    edits.apply(project, decide.decide(project, unit_at(project, 30), "accepted", "Chris", coder=1))
    return project, segs


def read(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_gold_csv_has_the_coders_attribute_columns_and_the_originals_values(tmp_path: Path) -> None:
    project, segs = with_sources(tmp_path / "p.newscoder")
    coder_out, gold_out = io.BytesIO(), io.BytesIO()
    export_segments_with_attributes(project, coder_out)
    assert export_gold(project, gold_out, attributes=True) == 2
    coder_rows, gold_rows = read(coder_out.getvalue()), read(gold_out.getvalue())
    coder_header = next(csv.reader(io.StringIO(coder_out.getvalue().decode())))
    gold_header = next(csv.reader(io.StringIO(gold_out.getvalue().decode())))
    assert gold_header == [*coder_header, *GOLD_COLUMNS]
    attr_cols = [c for c in coder_header if "." in c or c.startswith("source_")]
    by_id = {r["segment_id"]: r for r in coder_rows}
    gold = {(r["start"], r["end"]): r for r in gold_rows}
    # accepted ben's denial: every attribute cell as in ben's row
    assert {c: gold["30", "48"][c] for c in attr_cols} == {c: by_id[segs["denial ben"]][c] for c in attr_cols}
    assert gold["30", "48"]["denial.count"] == "10" and gold["30", "48"]["decision"] == "accepted"
    # agreed claim: the cells ann and ben share; their notes differ, so that cell is empty
    ann, ben = by_id[segs["claim ann"]], by_id[segs["claim ben"]]
    assert {c: gold["0", "29"][c] for c in attr_cols} == {c: ann[c] if ann[c] == ben[c] else "" for c in attr_cols}
    assert (gold["0", "29"]["claim.said_by"], gold["0", "29"]["claim.said_by@span"],
            gold["0", "29"]["source_kind"], gold["0", "29"]["claim.note"]) == ("'=Antony Blinken", "0:6", "person", "")
    raw = io.BytesIO()
    export_gold(project, raw, attributes=True, raw=True)
    assert read(raw.getvalue())[0]["claim.said_by"] == "=Antony Blinken"


def test_cli_gold_with_attributes(tmp_path: Path) -> None:
    project, _segs = with_sources(tmp_path / "p.newscoder")
    expected = io.BytesIO()
    export_gold(project, expected, attributes=True)
    project.close()
    out = tmp_path / "gold.csv"
    got = subprocess.run([sys.executable, "-m", "newscoder", "export", "segments", "-p", str(tmp_path / "p.newscoder"),
                          "--gold", "--attributes", "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert got.returncode == 0, got.stderr
    assert out.read_bytes() == expected.getvalue()
    assert "claim.said_by" in out.read_text(encoding="utf-8").splitlines()[0]


def test_qdpx_gold_selections_carry_the_values_and_import_brings_them_back(tmp_path: Path) -> None:
    import json
    import zipfile

    from newscoder.core import gold_store
    from newscoder.core.exchange.refi_attributes import VALUES_MARK
    from newscoder.core.exchange.refi_project_export import export_qdpx
    from newscoder.core.exchange.refi_project_import import import_qdpx

    project, _segs = with_sources(tmp_path / "p.newscoder")
    out = tmp_path / "p.qdpx"
    assert export_qdpx(project, out).counts["gold segments"] == 2
    qde = zipfile.ZipFile(out).read("project.qde").decode("utf-8")
    assert qde.count(f"{VALUES_MARK}{{") >= 6  # four coders' selections and two gold ones
    blinken = src.source_by_name(project, "=Antony Blinken")
    assert blinken is not None

    def facts(p: Project) -> dict[tuple[int, int], tuple[str, dict[str, object]]]:
        return {(g.start, g.end): (g.decision, json.loads(g.attributes)) for g in gold_store.gold_rows(p)}

    original = facts(project)
    assert original[(0, 29)][1] == {"hedge": "exact", "count": 8000, "said_by": blinken.id, "said_by@span": [0, 6]}
    fresh = Project.create(tmp_path / "fresh.newscoder", codebook=False)
    import_qdpx(fresh, out)
    assert facts(fresh) == original
    got = src.source_by_name(fresh, "=Antony Blinken")
    assert got is not None and (got.id, got.kind, got.affiliation) == (blinken.id, "person", "United States")
    assert [g.reason for g in gold_store.gold_rows(fresh)] == ["", ""]  # the values line is not read as a reason

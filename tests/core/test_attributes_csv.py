"""`export segments --attributes` and `import segments` read each other exactly; hostile cells are refused."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from newscoder.core import attribute_edits, edits
from newscoder.core import attributes as attrs
from newscoder.core import sources as src
from newscoder.core.errors import InputError
from newscoder.core.exchange.segments_csv_attributes import export_segments_with_attributes
from newscoder.core.exchange.segments_csv_import import import_segments_bytes
from newscoder.core.importers import import_paths
from newscoder.core.store import Project
from tests.core.attr_helpers import code_sample_estimates
from tests.fixtures import SAMPLE_ARTICLES, add_segment, make_project


def _csv(project: Project, **kw: object) -> bytes:
    out = io.BytesIO()
    export_segments_with_attributes(project, out, **kw)  # type: ignore[arg-type]
    return out.getvalue()


def _resolved(project: Project) -> dict[str, dict]:
    """Every segment's values with source ids replaced by (name, kind, affiliation): comparable across projects."""
    out = {}
    for seg in project.segments():
        values = attrs.parse_values(seg.attributes)
        for k, v in list(values.items()):
            if k == "source":
                s = src.get_source(project, v)
                assert s is not None
                values[k] = (s.name, s.kind, s.affiliation)
        out[seg.id] = values
    return out


@pytest.fixture
def coded(tmp_path: Path) -> Project:
    project = Project.create(tmp_path / "a.newscoder")
    import_paths(project, [SAMPLE_ARTICLES])
    code_sample_estimates(project)
    doc = project.documents()[0].id
    claim = add_segment(project, doc, "claim", "Ben", 0, 10)
    pentagon = src.source_by_name(project, "Pentagon")
    assert pentagon is not None
    edits.apply(project, attribute_edits.set_segment_attributes(
        project, claim,
        {"source": pentagon.id, "source@span": [3, 9], "target": "=HYPERLINK(\"x\")\n, \"North Korea\""}))
    yield project
    project.close()


def test_header_and_cells(coded: Project) -> None:
    rows = list(csv.reader(io.StringIO(_csv(coded).decode("utf-8"), newline="")))
    head = rows[0]
    assert head[14:] == ["claim.source", "claim.source@span", "claim.target", "denial.source", "denial.source@span",
                         "denial.target", "estimate.value", "estimate.low", "estimate.high", "estimate.hedge",
                         "estimate.counted", "estimate.source", "estimate.source@span", "condemnation.source",
                         "condemnation.source@span", "condemnation.target", "source_kind", "source_affiliation"]
    by_code = [dict(zip(head, r, strict=True)) for r in rows[1:]]
    claim = next(r for r in by_code if r["code"] == "claim")
    assert claim["claim.target"].startswith("'=HYPERLINK")  # escaped like any text cell
    assert claim["claim.source"] == "Pentagon" and claim["source_kind"] == "military"
    assert claim["claim.source@span"] == "3:9" and claim["estimate.value"] == ""
    est = [r for r in by_code if r["code"] == "estimate"]
    assert {r["estimate.hedge"] for r in est} >= {"approximately", "as many as", "up to", "at least", "exact"}
    assert any(r["estimate.value"] == "8000" and r["estimate.source"] == "Antony Blinken"
               and r["source_affiliation"] == "United States" for r in est)


def test_round_trip_into_a_fresh_project_is_exact(coded: Project, tmp_path: Path) -> None:
    data = _csv(coded)
    original = _resolved(coded)
    with make_project(tmp_path / "b.newscoder", {}) as fresh:
        import_paths(fresh, [SAMPLE_ARTICLES])
        summary = import_segments_bytes(fresh, data)
        assert summary.imported == len(original)
        assert sorted(summary.created_sources) == [
            "Antony Blinken", "Pentagon", "South Korean intelligence", "Ukrainian sources"]
        assert _resolved(fresh) == original
        assert [(s.start, s.end, s.memo, s.updated_at) for s in fresh.segments()] == [
            (s.start, s.end, s.memo, s.updated_at) for s in coded.segments()]
    # and back into the original: nothing changes
    again = import_segments_bytes(coded, data)
    assert again.imported == 0 and again.updated == 0 and again.skipped == len(original)
    assert _resolved(coded) == original


def test_a_changed_value_with_a_newer_stamp_updates(coded: Project) -> None:
    rows = list(csv.reader(io.StringIO(_csv(coded).decode("utf-8"), newline="")))
    head = rows[0]
    i = next(n for n, r in enumerate(rows) if r[head.index("code")] == "estimate")
    rows[i][head.index("estimate.hedge")] = "range"
    rows[i][head.index("estimate.value")] = ""
    rows[i][head.index("updated_at")] = "2099-01-01T00:00:00Z"
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    summary = import_segments_bytes(coded, buf.getvalue().encode())
    assert summary.updated == 1
    values = attrs.parse_values(coded.segment(rows[i][0]).attributes)  # type: ignore[union-attr]
    assert values["hedge"] == "range" and "value" not in values


@pytest.mark.parametrize(("column", "cell", "message"), [
    ("estimate.value", "lots", "estimate.value: not an integer"),
    ("estimate.hedge", "perhaps", "not one of"),
    ("estimate.source@span", "9:3", "not a span"),
    ("source_kind", "alien", "source_kind 'alien'"),
    ("claim.target", "about Kim", "claim.target is given but the row's code is 'estimate'"),
])
def test_bad_cells_refuse_the_file_naming_line_and_column(coded: Project, column: str, cell: str, message: str) -> None:
    before = _resolved(coded)
    rows = list(csv.reader(io.StringIO(_csv(coded).decode("utf-8"), newline="")))
    head = rows[0]
    i = next(n for n, r in enumerate(rows) if r[head.index("code")] == "estimate")
    rows[i][head.index(column)] = cell
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    text = buf.getvalue()
    # the file line of row i: one more than the line breaks before it (a memo or target may hold some)
    prefix = io.StringIO(newline="")
    csv.writer(prefix, lineterminator="\r\n").writerows(rows[:i])
    line = prefix.getvalue().count("\n") + 1
    with pytest.raises(InputError) as err:
        import_segments_bytes(coded, text.encode(), "x.csv")
    assert err.value.problems == [f"line {line}: {message}"] or any(
        p.startswith(f"line {line}: ") and message in p for p in err.value.problems), err.value.problems
    assert _resolved(coded) == before


def test_unknown_attribute_column_is_refused(coded: Project) -> None:
    data = _csv(coded).replace(b"estimate.counted", b"estimate.colour", 1)
    with pytest.raises(InputError, match="not a segments CSV header"):
        import_segments_bytes(coded, data)


def test_cli_round_trip(coded: Project, tmp_path: Path) -> None:
    out = tmp_path / "seg.csv"
    coded.close()
    run = subprocess.run([sys.executable, "-m", "newscoder", "-p", str(tmp_path / "a.newscoder"), "export", "segments",
                          "--attributes", "-o", str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    fresh = tmp_path / "c.newscoder"
    for argv in (["import", "articles", str(SAMPLE_ARTICLES)], ["import", "segments", str(out)]):
        run = subprocess.run([sys.executable, "-m", "newscoder", "-p", str(fresh), *argv], capture_output=True,
                             text=True)
        assert run.returncode == 0, run.stderr
    assert "created sources: " in run.stdout
    with Project.open(tmp_path / "a.newscoder") as a, Project.open(fresh) as c:
        assert _resolved(a) == _resolved(c)

"""``newscoder agreement``: formats, by-document, exclusions, -o, exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from test_agreement_support import build_project

from newscoder.cli import main

TEXTS = ["alpha beta gamma delta", "epsilon zeta eta", "theta iota kappa", "lambda mu"]
CSV_HEADER = ["code", "metric", "value", "coders", "documents", "units", "note", "concern"]
METRICS = {
    "alpha_u", "alpha_nominal", "cohen_kappa", "fleiss_kappa", "gwet_ac1", "brennan_prediger", "percent_agreement",
    "f1_exact", "f1_overlap", "gamma", "gamma_cat",
}


@pytest.fixture
def path(tmp_path: Path) -> Path:
    segs = [
        ("ann", "claim", 0, 0, 5), ("ben", "claim", 0, 0, 6), ("cy", "claim", 0, 0, 5),
        ("ann", "denial", 0, 6, 10), ("ben", "denial", 0, 6, 10),
        ("ann", "claim", 1, 0, 7), ("ben", "claim", 1, 8, 12),
        ("ann", "denial", 2, 0, 5),  # only ann: excluded
    ]
    p = tmp_path / "p.newscoder"
    project, _ = build_project(p, ["ben", "ann", "cy"], ["claim", "denial"], TEXTS, segs)
    project.close()
    return p


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["agreement", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_table_is_the_default(path, capsys) -> None:
    code, out, err = run(capsys, "-p", str(path), "--coder", "ann", "--coder", "ben")
    assert code == 0 and err == ""
    assert "Coders: ann, ben" in out
    assert "alpha_u" in out and "cohen_kappa" in out
    assert "Excluded documents" in out and "only ann" in out


def test_csv_rows_and_exclusions_on_stderr(path, capsys) -> None:
    code, out, err = run(capsys, "-p", str(path), "--coder", "ann", "--coder", "ben", "--format", "csv")
    assert code == 0
    assert "\r\n" in out
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == CSV_HEADER
    body = [dict(zip(CSV_HEADER, r, strict=True)) for r in rows[1:]]
    assert {r["metric"] for r in body} == METRICS
    assert {r["coders"] for r in body} == {"ann|ben"}
    assert body[0]["code"] == "(all)" and body[0]["metric"] == "alpha_u"
    for r in body:
        if r["value"]:
            assert float(r["value"]) == float(repr(float(r["value"])))
            # a defined value has no note, except gamma's account of its chance samples
            assert r["note"] == "" or (r["metric"].startswith("gamma") and "seed 20150901" in r["note"])
        else:
            assert r["note"]
    assert "only ann" in err and "Excluded" in err
    assert "only ann" not in out


def test_three_coders_whole_group_then_pairs(path, capsys) -> None:
    code, out, _ = run(capsys, "-p", str(path), "--format", "csv")
    assert code == 0
    body = [dict(zip(CSV_HEADER, r, strict=True)) for r in list(csv.reader(io.StringIO(out)))[1:]]
    groups = [r["coders"] for r in body]
    first_pair = groups.index("ann|ben")
    assert set(groups[:first_pair]) == {"ann|ben|cy"}
    assert set(groups[first_pair:]) == {"ann|ben", "ann|cy", "ben|cy"}
    whole = [r for r in body if r["coders"] == "ann|ben|cy"]
    assert {r["metric"] for r in whole} == {
        "alpha_u", "alpha_nominal", "fleiss_kappa", "gwet_ac1", "brennan_prediger", "percent_agreement",
        "gamma", "gamma_cat"}
    assert all(r["metric"] in METRICS for r in body)


def test_by_document_adds_document_id(path, capsys) -> None:
    code, out, _ = run(
        capsys, "-p", str(path), "--coder", "ann", "--coder", "ben", "--format", "csv", "--by", "document"
    )
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["document_id", "title", *CSV_HEADER]
    docs = {r[0] for r in rows[1:]}
    assert len(docs) == 2  # two documents count for both coders
    assert {r[1] for r in rows[1:]} == {"doc 0000", "doc 0001"}  # the title of every per-document row
    per_doc = [r for r in rows[1:] if r[0] == sorted(docs)[0]]
    assert len(per_doc) == 3 * 9  # (all) + 2 codes, 9 metrics each


def test_json_lists_rows_and_excluded(path, capsys) -> None:
    code, out, _ = run(capsys, "-p", str(path), "--format", "json", "--ignore-whitespace")
    assert code == 0
    data = json.loads(out)
    assert data["coders"] == ["ann", "ben", "cy"] and data["ignore_whitespace"] is True
    assert data["units"] == sum(len(t.replace(" ", "")) for t in TEXTS[:2])
    assert any(e["reason"] for e in data["excluded"])
    for row in data["rows"]:
        if row["metric"].startswith("gamma") and row["value"] is not None:
            assert "sampled continua, seed" in row["note"]  # gamma's account of its chance samples
            continue
        assert (row["value"] is None) == bool(row["note"])


def test_output_file(path, tmp_path, capsys) -> None:
    target = tmp_path / "out.csv"
    code, out, _ = run(capsys, "-p", str(path), "--format", "csv", "-o", str(target))
    assert code == 0 and out == ""
    assert target.read_bytes().startswith(b"code,metric,value")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--coder", "ann"], "at least two coders"),
        (["--coder", "ann", "--coder", "nobody"], "no coder named 'nobody'"),
        (["--code", "bogus"], "no code named 'bogus'"),
        (["--document", "xyz"], "no document with id 'xyz'"),
    ],
)
def test_errors_exit_1(path, capsys, args, message) -> None:
    code, out, err = run(capsys, "-p", str(path), *args)
    assert code == 1 and out == ""
    assert err.startswith("newscoder: ") and message in err
    assert "Traceback" not in err


def test_missing_project_exit_1(tmp_path, capsys) -> None:
    code, _, err = run(capsys, "-p", str(tmp_path / "none.newscoder"))
    assert code == 1 and "no project at" in err


def test_bad_format_is_usage_error(path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["agreement", "-p", str(path), "--format", "xml"])
    assert exc.value.code == 2


def test_read_only(path, capsys) -> None:
    before = path.read_bytes()
    assert run(capsys, "-p", str(path))[0] == 0
    assert path.read_bytes() == before

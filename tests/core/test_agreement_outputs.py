"""--disagreements, --methods and the output-path rule, through real project files."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from test_agreement_support import build_project

from newscoder import __version__
from newscoder.cli import main
from newscoder.core.agreement import compute_report, load_study
from newscoder.core.agreement.bootstrap import BootstrapSettings
from newscoder.core.agreement.disagreements import find_disagreements
from newscoder.core.agreement.methods import methods_paragraph
from newscoder.core.store import Project

TEXTS = ["=SUM(A1) the minister denied the report today", "second text about troops at the border",
         "third text nobody else read"]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    segs = [
        ("ann", "claim", 0, 0, 8), ("ben", "claim", 0, 0, 9), ("cy", "claim", 0, 0, 8),  # boundary
        ("ann", "denial", 0, 13, 26), ("ben", "denial", 0, 13, 26), ("cy", "denial", 0, 13, 26),  # alike
        ("ann", "denial", 0, 27, 30), ("ben", "denial", 0, 27, 33), ("cy", "denial", 0, 27, 30),  # boundary
        ("ann", "claim", 1, 0, 11), ("ben", "denial", 1, 0, 11),  # code (ann claim / ben denial); cy missing
        ("ann", "denial", 2, 0, 5),  # only ann counts for doc 2: left out of the study
    ]
    p = tmp_path / "p.newscoder"
    project, _ = build_project(p, ["ann", "ben", "cy"], ["claim", "denial"], TEXTS, segs, done=[("cy", 1)])
    project.conn.execute("UPDATE documents SET source = 'Daily Wire' WHERE title = 'doc 0000'")
    project.conn.commit()
    project.close()
    return p


def test_find_disagreements_kinds(path: Path) -> None:
    with Project.open(path) as project:
        items = list(find_disagreements(load_study(project)))
    got = [(i.title, i.code, i.kind, i.start, i.end) for i in items]
    assert got == [
        ("doc 0000", "claim", "boundary", 0, 9),
        ("doc 0000", "denial", "boundary", 27, 33),
        ("doc 0001", "claim", "code", 0, 11),
        ("doc 0001", "denial", "code", 0, 11),
    ]
    boundary = items[1]
    assert [v.spans for v in boundary.coders] == [((27, 30),), ((27, 33),), ((27, 30),)]
    code = items[2]
    assert [(v.counted, v.codes) for v in code.coders] == [(True, ("claim",)), (True, ("denial",)), (True, ())]


def test_disagreements_csv(path: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "dis.csv"
    assert main(["agreement", "-p", str(path), "--disagreements", "-o", str(out)]) == 0
    assert "4 disagreement(s)" in capsys.readouterr().err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(rows[0]) == ["document_id", "title", "outlet", "code", "kind", "start", "end", "text",
                             "ann: code", "ann: span", "ben: code", "ben: span", "cy: code", "cy: span"]
    first = rows[0]
    assert (first["title"], first["outlet"], first["kind"], first["text"]) == (
        "doc 0000", "Daily Wire", "boundary", "'=SUM(A1) ")  # a formula-like cell is escaped
    assert (first["ann: span"], first["ben: span"], first["cy: span"]) == ("0-8", "0-9", "0-8")
    assert rows[1]["text"] == TEXTS[0][27:33]
    code = rows[2]
    assert (code["ann: code"], code["ben: code"], code["cy: code"], code["cy: span"]) == ("claim", "denial", "", "")
    assert code["text"] == "second text"


def test_disagreements_need_an_output_and_refuse_inputs_folders_and_fifos(path: Path, tmp_path: Path, capsys) -> None:
    assert main(["agreement", "-p", str(path), "--disagreements"]) == 1
    assert "needs -o" in capsys.readouterr().err
    before = path.read_bytes()
    assert main(["agreement", "-p", str(path), "--disagreements", "-o", str(path)]) == 1
    assert "it is an input" in capsys.readouterr().err and path.read_bytes() == before
    assert main(["agreement", "-p", str(path), "-o", str(tmp_path)]) == 1
    assert "it is a folder" in capsys.readouterr().err
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert main(["agreement", "-p", str(path), "--format", "csv", "-o", str(fifo)]) == 1
    assert "not a regular file" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.newscoder", "pipe"]  # nothing half-written


def test_methods_paragraph_names_every_measure_with_its_citation(path: Path) -> None:
    with Project.open(path) as project:
        report = compute_report(load_study(project, coders=["ann", "ben"]),
                                bootstrap=BootstrapSettings(resamples=200, seed=3))
    text = methods_paragraph(report, __version__)
    assert text.startswith("Inter-coder agreement was assessed on 2 documents (")
    assert "coded independently by 2 coders with 2 codes (claim, denial)" in text
    assert "1 document was left out" in text
    alpha_u = next(r for r in report.rows if r.metric == "alpha_u" and r.code == "(all)")
    assert f"= {alpha_u.value:.3f}".replace("-", "−") in text
    assert alpha_u.interval is not None and f"[{alpha_u.interval.low:.3f}".replace("-", "−") in text
    for cite in ("Krippendorff, 1995, 2004", "Cohen, 1960", "Gwet, 2008", "Brennan & Prediger, 1981",
                 "Hayes & Krippendorff, 2007", "200 resamples of the documents (seed 3)", f"Newscoder {__version__}"):
        assert cite in text
    refs = text.split("\n\nReferences\n")[1]
    for name in ("Gwet, K. L. (2008)", "Brennan, R. L., & Prediger, D. J. (1981)", "Hayes, A. F., & Krippendorff"):
        assert name in refs


def test_methods_cli(path: Path, capsys) -> None:
    assert main(["agreement", "-p", str(path), "--methods", "--bootstrap", "100", "--seed", "4"]) == 0
    out = capsys.readouterr().out
    assert "Fleiss' κ (Fleiss, 1971)" in out and "100 resamples" in out and "(seed 4)" in out
    assert main(["agreement", "-p", str(path), "--seed", "4"]) == 1
    assert "go with --bootstrap" in capsys.readouterr().err


def test_bootstrap_columns_in_csv_and_json(path: Path, capsys) -> None:
    args = ["agreement", "-p", str(path), "--bootstrap", "50", "--threshold", "0.5", "--format", "csv"]
    assert main(args) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert "p_below_0.5" in rows[0] and "p_below_0.667" not in rows[0]
    with_ci = [r for r in rows if r["ci_low"]]
    assert with_ci and all(r["coders"] == "ann|ben|cy" and r["resamples"] == "50" for r in with_ci)
    assert {r["metric"] for r in with_ci} == {"alpha_u", "alpha_nominal", "fleiss_kappa", "gamma", "gamma_cat"}
    assert main(["agreement", "-p", str(path), "--bootstrap", "50", "--by", "document"]) == 1


def test_titles_in_every_per_document_output(path: Path, capsys) -> None:
    import json

    assert main(["agreement", "-p", str(path), "--by", "document"]) == 0
    table = capsys.readouterr().out
    header = next(line for line in table.splitlines() if line.startswith("document"))
    assert header.split()[:2] == ["document", "title"]
    assert "doc 0000" in table and "doc 0001" in table
    assert main(["agreement", "-p", str(path), "--by", "document", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert {r["title"] for r in rows} == {"doc 0000", "doc 0001"}


@pytest.mark.parametrize(("args", "message"), [
    (["--bootstrap", "0"], "resamples must be between 1"),
    (["--bootstrap", "--level", "1.5"], "level must be"),
    (["--bootstrap", "--threshold", "7"], "threshold must lie"),
    (["--threshold", "0.5"], "go with --bootstrap"),
])
def test_bad_bootstrap_options_get_a_clear_message(path: Path, capsys, args: list[str], message: str) -> None:
    assert main(["agreement", "-p", str(path), *args]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err

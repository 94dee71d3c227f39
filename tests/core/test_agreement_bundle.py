"""``newscoder export bundle``: load.py reads it back, and the ``krippendorff`` package recomputes
nominal α from reliability_matrix.csv to 1e-9 of the app's value (through a real project file)."""

from __future__ import annotations

import csv
import importlib.util
import json
import random
import re
import subprocess
import sys
from pathlib import Path

import krippendorff
import pytest
from test_agreement_support import build_project

from newscoder.cli import main
from newscoder.core.agreement import compute_report, load_study
from newscoder.core.store import Project

pd = pytest.importorskip("pandas")
CODES = ["claim", "denial", "NA-like"]


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    rng = random.Random(8)
    coders = ["ann", "ben", "cy"]
    texts = [f"{d:02d} NA " + "word, " * rng.randint(5, 15) for d in range(6)]
    segs = []
    for d, text in enumerate(texts):
        for c in coders:
            if d == 2 and c == "cy":
                continue  # cy does not count for document 2: NA in the matrix
            for _ in range(rng.randint(1, 3)):
                s = rng.randrange(len(text) - 1)
                segs.append((c, rng.choice(CODES), d, s, rng.randint(s + 1, min(len(text), s + 20))))
    path = tmp_path / "p.newscoder"
    project, _ = build_project(path, coders, CODES, texts, segs)
    project.conn.execute("UPDATE documents SET source = 'NA', author = '=cmd', url = 'https://x.test/a,b'")
    project.conn.commit()
    project.close()
    return path


def load_module(folder: Path):
    spec = importlib.util.spec_from_file_location("bundle_load", folder / "load.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_bundle_recomputes_alpha_with_krippendorff(project_path: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "bundle"
    assert main(["export", "bundle", "-p", str(project_path), "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted([
        "segments.csv", "documents.csv", "codebook.csv", "reliability_matrix.csv", "agreement.json",
        "README.md", "load.py", "load.R"])
    # load.py runs as a script ...
    run = subprocess.run([sys.executable, str(out / "load.py"), str(out)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert "reliability_matrix:" in run.stdout and "nominal alpha, all codes:" in run.stdout
    # ... and as a module; krippendorff recomputes every nominal alpha of the app
    module = load_module(out)
    data = module.load(out)
    with Project.open(project_path) as project:
        report = compute_report(load_study(project))
    app = {r.code: r.value for r in report.rows if r.metric == "alpha_nominal" and len(r.coders) == 3}
    saved = {r["code"]: r["value"] for r in data["agreement"]["rows"]
             if r["metric"] == "alpha_nominal" and len(r["coders"]) == 3}
    assert saved == app
    for code in ["(all)", *CODES]:
        matrix = module.reliability_data(data["reliability_matrix"], code)
        assert matrix.shape[0] == 3
        theirs = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
        assert app[code] is not None and abs(app[code] - theirs) < 1e-9, code
    assert f"nominal alpha, all codes: {app['(all)']!r}"[:40] in run.stdout


def test_bundle_values_come_back_exactly(project_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "b"
    assert main(["export", "bundle", "-p", str(project_path), "-o", str(out)]) == 0
    data = load_module(out).load(out)
    segments = data["segments"]
    with Project.open(project_path) as project:
        originals = {s.id: s for s in project.segments()}
        docs = {d.id: d for d in project.documents()}
        study = load_study(project)
    assert len(segments) == len(originals)
    for row in segments.itertuples(index=False):
        s = originals[row.segment_id]
        d = docs[s.document_id]
        assert (row.start, row.end, row.text, row.memo) == (s.start, s.end, s.quote, s.memo)
        assert (row.title, row.source, row.author, row.url) == (d.title, "NA", "=cmd", "https://x.test/a,b")
    matrix = data["reliability_matrix"]
    assert len(matrix) == (1 + len(CODES)) * int(study.doc_length.sum())
    doc2 = matrix[matrix["document_id"] == study.documents[2].id]
    assert doc2["cy"].isna().all() and doc2["ann"].notna().all()
    assert set(matrix.loc[matrix["code"] == "claim", "ann"]) <= {"0", "1"}
    assert data["documents"]["in_study"].all()


def test_readme_defines_every_column(project_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "b"
    assert main(["export", "bundle", "-p", str(project_path), "-o", str(out)]) == 0
    readme = (out / "README.md").read_text(encoding="utf-8")
    sections = re.split(r"^## ", readme, flags=re.M)
    for name in ("segments.csv", "documents.csv", "codebook.csv", "reliability_matrix.csv"):
        section = next(s for s in sections if s.startswith(name))
        described = {c.strip() for line in section.splitlines() if line.startswith("| ") and " | " in line
                     for c in line.split("|")[1].split(",")}
        with (out / name).open(encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh))
        coders = {"ann", "ben", "cy"} if name == "reliability_matrix.csv" else set()
        missing = [c for c in header if c not in described and c not in coders]
        assert not missing, (name, missing)
        assert all(f"`{c}`" in section for c in coders)
        assert "| type |" in section or "type" in section.splitlines()[2]
    assert json.loads((out / "agreement.json").read_text(encoding="utf-8"))["software"].startswith("Newscoder ")


def test_bundle_refuses_a_file_as_folder_and_keeps_inputs(project_path: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "file.txt"
    target.write_text("keep me")
    assert main(["export", "bundle", "-p", str(project_path), "-o", str(target)]) == 1
    assert "not a folder" in capsys.readouterr().err and target.read_text() == "keep me"
    folder = tmp_path / "with-dir"
    (folder / "segments.csv").mkdir(parents=True)
    assert main(["export", "bundle", "-p", str(project_path), "-o", str(folder)]) == 1
    assert "is a folder" in capsys.readouterr().err
    assert not any(p.name.endswith(".partial") for p in folder.iterdir())


@pytest.mark.parametrize(("coders", "codes", "message"), [
    (["code", "ben"], ["claim"], "a coder is named 'code'"),
    (["ann", "ben"], ["NA"], "a code is named 'NA'"),
])
def test_bundle_refuses_names_the_matrix_cannot_hold(tmp_path: Path, capsys, coders, codes, message) -> None:
    path = tmp_path / "odd.newscoder"
    project, _ = build_project(path, coders, codes, ["some text"],
                               [(coders[0], codes[0], 0, 0, 4), (coders[1], codes[0], 0, 0, 4)])
    project.close()
    out = tmp_path / "b"
    assert main(["export", "bundle", "-p", str(path), "-o", str(out)]) == 1
    assert message in capsys.readouterr().err
    assert not out.exists()  # refused before anything was written

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


# -- spreadsheet safety: every text cell escaped, load.py (and load.R's rule) undo exactly that --------------
PREFIXES = ["=", "+", "-", "@", "'", "\t", "\r", "'=", ""]
HOSTILE_CODERS = ["=ann", "+ben", "-cy", "@dee", "'eve", "\tfay"]
HOSTILE_CODES = ["=claim", "+denial", "-neutral", "@ref", "'quote", "\ttab code"]


@pytest.fixture
def hostile_path(tmp_path: Path) -> Path:
    """Titles, code and coder names, memos, descriptions and document variables start with formula characters.

    The API trims names, so the tab-led ones are set in SQL, as a merged or hand-edited project can hold them.
    """
    rng = random.Random(16)
    text_prefixes = [p for p in PREFIXES if p != "\r"]  # a stored text has no CR
    texts = [f"{text_prefixes[d]}{d:02d} SUM(A1) " + "word, " * rng.randint(5, 12) for d in range(8)]
    api_coders = [c.strip() for c in HOSTILE_CODERS]
    api_codes = [c.strip() for c in HOSTILE_CODES]
    segs = []
    for d, text in enumerate(texts):
        for c in api_coders:
            segs.append((c, rng.choice(api_codes), d, 0, rng.randint(1, 6)))  # the coded text starts with a prefix
            s = rng.randrange(len(text) - 1)
            segs.append((c, rng.choice(api_codes), d, s, rng.randint(s + 1, min(len(text), s + 15))))
    path = tmp_path / "hostile.newscoder"
    project, doc_ids = build_project(path, api_coders, api_codes, texts, segs)
    conn = project.conn
    conn.execute("UPDATE coders SET name = ? WHERE name = ?", ("\tfay", "fay"))
    conn.execute("UPDATE codes SET name = ? WHERE name = ?", ("\ttab code", "tab code"))
    for i, doc_id in enumerate(doc_ids):
        p = PREFIXES[i % len(PREFIXES)]
        conn.execute("UPDATE documents SET title = ?, source = ?, author = ?, published = ?, url = ? WHERE id = ?",
                     (f"{p}title {i}", f"{PREFIXES[i - 1]}src", f"{PREFIXES[i - 2]}cmd|x", f"{PREFIXES[i - 3]}2024",
                      f"{PREFIXES[i - 4]}HYPERLINK(\"http://x.test\",\"a,b\")", doc_id))
    code_ids = [row[0] for row in conn.execute("SELECT id FROM codes ORDER BY position")]
    for i, code_id in enumerate(code_ids):
        conn.execute("UPDATE codes SET description = ?, color = ?, shortcut = ?, parent_id = ? WHERE id = ?",
                     (f"{PREFIXES[i]}1+1 described", "=1+1" if i == 0 else "#AA0000", PREFIXES[i - 1] or None,
                      code_ids[0] if i == 1 else None, code_id))
    for i, (seg_id,) in enumerate(conn.execute("SELECT id FROM segments ORDER BY id").fetchall()):
        conn.execute("UPDATE segments SET memo = ? WHERE id = ?", (f"{PREFIXES[i % len(PREFIXES)]}memo, \"{i}\"\n!",
                                                                   seg_id))
    conn.commit()
    project.close()
    return path


def _cells(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_every_text_cell_of_the_bundle_is_escaped(hostile_path: Path, tmp_path: Path) -> None:
    from newscoder.core.agreement.databundle import ESCAPED_COLUMNS, FIXED_MATRIX_COLUMNS
    from newscoder.core.exchange.segments_csv_export import ESCAPE_STARTS, FORMULA_STARTS

    out = tmp_path / "b"
    assert main(["export", "bundle", "-p", str(hostile_path), "-o", str(out)]) == 0
    readme = (out / "README.md").read_text(encoding="utf-8")
    for name, text_columns in ESCAPED_COLUMNS.items():
        rows = _cells(out / name)
        header = rows[0]
        coders = header[len(FIXED_MATRIX_COLUMNS):] if name == "reliability_matrix.csv" else []
        if coders:
            assert sorted(coders) == sorted("'" + c for c in HOSTILE_CODERS)  # every coder name needs escaping
        escaped_in: set[str] = set()
        for row in rows:
            assert len(row) == len(header)
            for col, cell in zip(header, row, strict=True):
                # nothing a spreadsheet would run as a formula; an escaped cell is "'" + one of ESCAPE_STARTS
                assert not cell.startswith(FORMULA_STARTS), (name, col, cell)
                if cell.startswith("'"):
                    assert cell[1:].startswith(ESCAPE_STARTS), (name, col, cell)
                    escaped_in.add(col)
        # escaping happened in the text columns only; numbers are written as they are
        assert escaped_in - set(coders) <= set(text_columns) and escaped_in, name
        plain = [header.index(c) for c in header if c not in text_columns and c not in coders]
        assert all(row[i].isdigit() or row[i] in ("TRUE", "FALSE") for row in rows[1:] for i in plain), name
        # the README names every column an apostrophe was found in
        line = next(x for x in readme.splitlines() if x.startswith(f"| {name} |"))
        assert all(f"`{c}`" in line for c in escaped_in - set(coders)), (name, line)
        assert not coders or "coder column" in line and "header" in line
    codebook = _cells(out / "codebook.csv")
    assert [r[1] for r in codebook[1:]] == ["'" + c for c in HOSTILE_CODES]
    matrix = _cells(out / "reliability_matrix.csv")
    assert {r[2] for r in matrix[1:]} == {"(all)", *("'" + c for c in HOSTILE_CODES)}
    assert "load.py" in readme and "load.R" in readme and "unescape" in readme


def test_load_py_gives_back_the_projects_own_values(hostile_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "b"
    assert main(["export", "bundle", "-p", str(hostile_path), "-o", str(out)]) == 0
    # load.py in a fresh interpreter, as a script: the summary, and the loaded values as JSON
    run = subprocess.run([sys.executable, str(out / "load.py"), str(out)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert "nominal alpha, all codes:" in run.stdout
    dump = ("import json, runpy, sys; ns = runpy.run_path(sys.argv[1]); data = ns['load'](sys.argv[2]); "
            "print(json.dumps({k: {'columns': list(v.columns), 'rows': v.astype(object).where(v.notna(), None)"
            ".values.tolist()} for k, v in data.items() if k != 'agreement'}))")
    run = subprocess.run([sys.executable, "-c", dump, str(out / "load.py"), str(out)], capture_output=True,
                         text=True, encoding="utf-8", check=False)
    assert run.returncode == 0, run.stderr
    frames = {k: [dict(zip(v["columns"], r, strict=True)) for r in v["rows"]]
              for k, v in json.loads(run.stdout).items()}
    with Project.open(hostile_path) as project:
        coders = {c.id: c.name for c in project.coders()}
        codes = {c.id: c for c in project.codes(include_archived=True)}
        docs = {d.id: d for d in project.documents()}
        segments = {s.id: s for s in project.segments()}
        study = load_study(project)
    assert sorted(coders.values()) == sorted(HOSTILE_CODERS) and sorted(c.name for c in codes.values()) == sorted(
        HOSTILE_CODES)

    def doc_values(d) -> list[object]:
        return [d.title, d.source, d.author, d.published, d.url]

    assert len(frames["segments"]) == len(segments)
    for row in frames["segments"]:
        s = segments[row["segment_id"]]
        assert [row[c] for c in ("document_id", "title", "source", "author", "published", "url", "coder", "code",
                                 "start", "end", "length", "text", "memo", "created_at", "updated_at")] == [
            s.document_id, *doc_values(docs[s.document_id]), coders[s.coder_id], codes[s.code_id].name,
            s.start, s.end, s.end - s.start, s.quote, s.memo, s.created_at, s.updated_at]
    assert {s.quote[:1] for s in segments.values()} >= {"=", "+", "-", "@", "'", "\t"}  # texts that needed escaping
    assert {s.memo[:1] for s in segments.values()} >= set(PREFIXES[:7])
    assert [[r[c] for c in ("document_id", "title", "source", "author", "published", "url", "length", "imported_at")]
            for r in frames["documents"]] == [[d.id, *doc_values(d), d.length, d.imported_at] for d in docs.values()]
    assert [[r[c] for c in ("code_id", "name", "description", "color", "shortcut", "parent", "position", "archived")]
            for r in frames["codebook"]] == [
        [c.id, c.name, c.description, c.color, c.shortcut or "", codes[c.parent_id].name if c.parent_id else "",
         c.position, c.archived] for c in codes.values()]
    matrix = frames["reliability_matrix"]
    assert list(matrix[0]) == ["document_id", "char", "code", *study.coders]
    assert sorted(study.coders) == sorted(HOSTILE_CODERS)
    assert {r["code"] for r in matrix} == {"(all)", *HOSTILE_CODES}
    assert {r["document_id"] for r in matrix} == {d.id for d in study.documents}
    sets = {v for r in matrix if r["code"] == "(all)" for c in study.coders if (v := r[c]) not in (None, "(none)")}
    assert {name for v in sets for name in v.split("|")} == set(HOSTILE_CODES)


def test_alpha_from_the_matrix_with_formula_names(hostile_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "b"
    assert main(["export", "bundle", "-p", str(hostile_path), "-o", str(out)]) == 0
    module = load_module(out)
    data = module.load(out)
    with Project.open(hostile_path) as project:
        report = compute_report(load_study(project))
    n = len(HOSTILE_CODERS)
    app = {r.code: r.value for r in report.rows if r.metric == "alpha_nominal" and len(r.coders) == n}
    assert set(app) == {"(all)", *HOSTILE_CODES}
    for code in app:
        matrix = module.reliability_data(data["reliability_matrix"], code)
        assert matrix.shape[0] == n
        theirs = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
        assert app[code] is not None and abs(app[code] - theirs) < 1e-9, code


def test_the_loaders_unescape_exactly_what_the_app_escapes(tmp_path: Path, project_path: Path) -> None:
    """load.py's unescape and load.R's pattern (read with Python's re: no R here) against the shared functions."""
    from newscoder.core.exchange.segments_csv import escape_formula, unescape_formula

    out = tmp_path / "b"
    assert main(["export", "bundle", "-p", str(project_path), "-o", str(out)]) == 0
    module = load_module(out)
    r_code = (out / "load.R").read_text(encoding="utf-8")
    r_literal = re.search(r'grepl\("((?:[^"\\]|\\.)*)", x, perl = TRUE\)', r_code)
    assert r_literal is not None
    r_pattern = re.compile(re.sub(r"\\(.)", lambda m: {"t": "\t", "r": "\r"}.get(m[1], m[1]), r_literal[1]))
    samples = ["", "'", "''", "x", "'x", "NA", "(none)", "1", "-1", "a=b", "'\n=", "\n=", " =x"]
    samples += [p + q + "v" for p in ["", "'", "''"] for q in ["=", "+", "-", "@", "\t", "\r", "'", "x"]]
    for value in samples:
        assert module.unescape(escape_formula(value)) == value, repr(value)
        assert module.unescape(value) == unescape_formula(value), repr(value)
        r_result = value[1:] if r_pattern.match(value) else value
        assert r_result == unescape_formula(value), repr(value)
    assert module.unescape(float("nan")) != module.unescape(float("nan"))  # a missing value stays missing


def test_bundle_carries_the_project_variables(project_path: Path, tmp_path: Path) -> None:
    from newscoder.core import edits, variables

    with Project.open(project_path) as project:
        docs = [d.id for d in project.documents()]
        edits.apply(project, variables.define(project, "leaning", "choice", ("left", "right")))
        edits.apply(project, variables.define(project, "words", "number"))
        edits.apply(project, variables.define(project, "length", "text"))  # clashes with a fixed column
        edits.apply(project, variables.set_values(project, {
            docs[0]: {"leaning": "left", "words": "812", "length": "=long"},
            docs[1]: {"leaning": "right"},
        }))
    out = tmp_path / "b"
    assert main(["export", "bundle", "-p", str(project_path), "-o", str(out)]) == 0
    data = load_module(out).load(out)
    documents = data["documents"].set_index("document_id")
    assert documents.loc[docs[0], "leaning"] == "left" and documents.loc[docs[1], "leaning"] == "right"
    assert documents.loc[docs[0], "words"] == "812"
    assert documents.loc[docs[0], "variable:length"] == "=long"  # escaped on disk, exact through load.py
    assert int(documents.loc[docs[0], "length"]) > 0  # the fixed column is untouched
    with (out / "documents.csv").open(encoding="utf-8", newline="") as fh:
        raw = list(csv.DictReader(fh))
    assert next(r for r in raw if r["document_id"] == docs[0])["variable:length"] == "'=long"
    segments = data["segments"]
    for row in segments.itertuples(index=False):
        assert row.leaning == {docs[0]: "left", docs[1]: "right"}.get(row.document_id, "")
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "| leaning | string (one of the variable's choices)" in readme
    assert "| words | number" in readme and "| variable:length | string" in readme

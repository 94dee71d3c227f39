"""``newscoder search``, ``autocode`` and ``documents`` through the real CLI (subprocess)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from newscoder.core.store import Project

REPO = Path(__file__).resolve().parents[2]


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newscoder", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd, timeout=120)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "s.newscoder"
    done = cli("import", "articles", str(REPO / "sample_articles"), "-p", str(path))
    assert done.returncode == 0, done.stderr
    with Project.open(path) as project:
        project.ensure_coder("ann")
    return path


def rows(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out)))


def test_search_csv_rows_hold_exact_code_point_offsets(sample: Path) -> None:
    done = cli("search", "-p", str(sample), "#troops OR #soldiers", "--format", "csv")
    assert done.returncode == 0, done.stderr
    got = rows(done.stdout)
    assert list(got[0]) == ["document_id", "title", "source", "start", "end", "text", "left", "right"]
    assert len(got) == 16 and "16 hits in 5 articles" in done.stderr
    with Project.open(sample) as project:
        for r in got:
            text = project.document_text(r["document_id"])
            start, end = int(r["start"]), int(r["end"])
            assert text[start:end] == r["text"]
            assert text[:start].endswith(r["left"]) and text[end:].startswith(r["right"])
    assert {r["text"] for r in got} >= {"up to 8,000 North Korean troops", "as many as 8,000 North Korean soldiers",
                                      "Thousands of North Korean troops"}


def test_search_json_where_and_limit(sample: Path) -> None:
    done = cli("search", "troops", "-p", str(sample), "--where", "source=AFP", "--format", "json", "--limit", "3")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert len(data) == 3 and {d["source"] for d in data} == {"AFP"} and "stopped at --limit" in done.stderr
    table = cli("search", "denied", "-p", str(sample))
    assert table.returncode == 0 and table.stdout.splitlines()[0].split()[:3] == ["document_id", "title", "source"]


def test_search_regex_and_bad_input_give_one_line_errors(sample: Path) -> None:
    done = cli("search", "-p", str(sample), r"\b\d{1,3}(?:,\d{3})+\b", "--regex", "--format", "csv")
    assert done.returncode == 0 and all("," in r["text"] for r in rows(done.stdout))
    for args, message in [
        (["search", "a AND"], "the query ends"),
        (["search", "(x", "--regex"], "not a valid regular expression"),
        (["search", "x", "--where", "colour=red"], "no variable named 'colour'"),
        (["search", "x", "--where", "oops"], "NAME=VALUE"),
    ]:
        bad = cli(*args, "-p", str(sample))
        assert bad.returncode == 1 and bad.stdout == ""
        assert bad.stderr.count("\n") == 1 and message in bad.stderr and "Traceback" not in bad.stderr
    assert cli("search", "-p", str(sample)).returncode == 2  # usage: QUERY missing
    missing = cli("search", "x", "-p", str(sample.parent / "none.newscoder"))
    assert missing.returncode == 1 and "no project" in missing.stderr


def test_autocode_codes_once_and_dry_run_writes_nothing(sample: Path) -> None:
    base = ["autocode", "-p", str(sample), "#troops OR #soldiers", "--code", "estimate", "--coder", "ann"]
    dry = cli(*base, "--extent", "sentence", "--dry-run")
    assert dry.returncode == 0 and dry.stdout.strip().endswith("dry run: would code 16, already coded 0")
    with Project.open(sample) as project:
        assert project.segments() == []
    first = cli(*base, "--extent", "sentence")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip().splitlines()[-1] == "coded 16, already coded 0"
    second = cli(*base, "--extent", "sentence")
    assert second.stdout.strip().splitlines()[-1] == "coded 0, already coded 16"
    with Project.open(sample) as project:
        segs = project.segments()
        assert len(segs) == 16
        for s in segs:
            assert project.document_text(s.document_id)[s.start:s.end] == s.quote
    for args, message in [(["--code", "nope", "--coder", "ann"], "no code named 'nope'"),
                          (["--code", "estimate", "--coder", "zed"], "no coder named 'zed'")]:
        bad = cli("autocode", "-p", str(sample), "troops", *args)
        assert bad.returncode == 1 and message in bad.stderr and bad.stderr.count("\n") == 1
    assert cli("autocode", "-p", str(sample), "troops", "--coder", "ann").returncode == 1  # no --code
    assert cli("autocode", "-p", str(sample), "troops", "--code", "claim", "--coder", "ann",
               "--extent", "chapter").returncode == 2


def test_autocode_dictionary(sample: Path, tmp_path: Path) -> None:
    f = tmp_path / "d.csv"
    f.write_text("code,pattern,kind\ndenial,denied OR dismissed\nestimate,troops,number\nclaim,US says,phrase\n",
                 encoding="utf-8")
    done = cli("autocode", "-p", str(sample), "--dictionary", str(f), "--coder", "ann")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[:3] == ["denial: 2 new", "estimate: 11 new", "claim: 1 new"]
    assert lines[-1] == "coded 14, already coded 0"
    f.write_text("denial,denied\nghost,boo\nclaim,(,regex\n", encoding="utf-8")
    bad = cli("autocode", "-p", str(sample), "--dictionary", str(f), "--coder", "ann")
    assert bad.returncode == 1 and "row 2: no code named 'ghost'" in bad.stderr and "row 3:" in bad.stderr


def test_documents_list_set_define_and_import(sample: Path, tmp_path: Path) -> None:
    p = ["-p", str(sample)]
    assert cli("documents", "define", "leaning", "choice", "left", "centre", "right", *p).returncode == 0
    assert cli("documents", "define", "words", "number", *p).returncode == 0
    listed = rows(cli("documents", *p, "--format", "csv").stdout)
    assert len(listed) == 5 and {"leaning", "words", "seed"} <= set(listed[0])  # "seed" came from front matter
    afp = next(r["document_id"] for r in listed if r["source"] == "AFP")
    assert cli("documents", "set", afp[:8], "leaning=Left", "words=5,205", *p).returncode == 0
    bad = cli("documents", "set", afp, "leaning=up", *p)
    assert bad.returncode == 1 and "not one of left, centre, right" in bad.stderr
    got = rows(cli("documents", *p, "--where", "leaning=left", "--format", "csv").stdout)
    assert [(r["document_id"], r["leaning"], r["words"]) for r in got] == [(afp, "left", "5205")]
    sheet = tmp_path / "vars.csv"
    sheet.write_text(f"document_id,leaning,country\n{afp},right,France\n" + "".join(
        f"{r['document_id']},centre,\n" for r in listed if r["document_id"] != afp), encoding="utf-8")
    ok = cli("documents", "import", str(sheet), *p)
    assert ok.returncode == 0 and "updated 5 article(s)" in ok.stdout, ok.stderr
    got = {r["document_id"]: r for r in rows(cli("documents", *p, "--format", "csv").stdout)}
    assert got[afp]["leaning"] == "right" and got[afp]["country"] == "France"
    assert sum(r["leaning"] == "centre" for r in got.values()) == 4
    sheet.write_text(f"document_id,leaning,words\n{afp},left,12\nnope-nope,left,1\n{afp[:8]},up,x\n",
                     encoding="utf-8")
    refused = cli("documents", "import", str(sheet), *p)
    assert refused.returncode == 1 and "nothing imported, 2 bad row(s)" in refused.stderr
    assert "row 3: no article with id 'nope-nope'" in refused.stderr and "row 4:" in refused.stderr
    got2 = {r["document_id"]: r for r in rows(cli("documents", *p, "--format", "csv").stdout)}
    assert got2 == got  # all or nothing
    titled = tmp_path / "t.csv"
    titled.write_text("title,leaning\nNo such title,left\n", encoding="utf-8")
    assert "no article titled" in cli("documents", "import", str(titled), *p).stderr


def test_segments_csv_with_variables(sample: Path) -> None:
    p = ["-p", str(sample)]
    cli("autocode", *p, "denied", "--code", "denial", "--coder", "ann")
    afp = next(r["document_id"] for r in rows(cli("documents", *p, "--format", "csv").stdout) if r["source"] == "AFP")
    cli("documents", "set", afp, "country=France", "code==SUM(1)", *p)
    out = cli("export", "segments", "--variables", *p)
    assert out.returncode == 0, out.stderr
    got = rows(out.stdout)
    assert {"author", "published", "url", "country", "variable:code"} <= set(got[0])
    assert [(r["country"], r["variable:code"]) for r in got if r["document_id"] == afp] == [("France", "'=SUM(1)")]


def test_reindex_rebuilds_the_index(sample: Path) -> None:
    done = cli("reindex", "-p", str(sample))
    assert done.returncode == 0 and done.stdout.strip() == "indexed 5 articles", done.stderr
    again = cli("search", "-p", str(sample), "denied", "--format", "json")
    assert again.returncode == 0 and [h["text"] for h in json.loads(again.stdout)] == ["denied"]

"""Issue 13, "Same text, different outlets": one document, one publication per outlet's run of it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newscoder.core import edits, publications
from newscoder.core import store_publications as sp
from newscoder.core.errors import EditError
from newscoder.core.importers import import_paths
from newscoder.core.store import Project

#: as the .txt and the .html readers both give it (one paragraph a line, no final newline)
BODY = "About 10,000 troops gathered near the border, officials said on Wednesday.\nThe ministry denied the reports."
HOSTILE = "<img src=/dev/zero> Border build-up"


def wire(folder: Path) -> tuple[Path, Path]:
    """The same wire story as run by two outlets: same body, other title, source, date and URL."""
    folder.mkdir(exist_ok=True)
    tass = folder / "tass.txt"
    tass.write_text("---\ntitle: Troops gather near the border\nsource: TASS\npublished: 2024-10-23\n"
                    "url: https://tass.example/1\n---\n" + BODY, encoding="utf-8")
    ria = folder / "ria.html"
    ria.write_text("<html><head><title>Troops at the border | RIA Novosti</title>"
                   '<meta name="date" content="2024-10-24"></head><body>'
                   + "".join(f"<p>{p}</p>" for p in BODY.split("\n")) + "</body></html>",
                   encoding="utf-8")
    return tass, ria


def cli(project: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEWSCODER_HOME": str(project.parent / "home")}
    return subprocess.run([sys.executable, "-m", "newscoder", "-p", str(project), *argv],
                          capture_output=True, text=True, env=env, timeout=120, check=False)


def test_the_defect_two_outlets_same_body_are_two_publications_cli(tmp_path: Path) -> None:
    """Seen: the second outlet's title, source and date were dropped with exit code 0."""
    tass, ria = wire(tmp_path / "wire")
    project = tmp_path / "p.newscoder"
    first = cli(project, "import", "articles", str(tass))
    assert first.returncode == 0, first.stderr
    second = cli(project, "import", "articles", str(ria))
    assert second.returncode == 0 and second.stderr == ""
    lines = second.stdout.splitlines()
    assert lines[-1] == "imported 0, added as publications 1, duplicates 0, failed 0"
    with Project.open(project) as p:
        [doc] = p.documents()
        pubs = sp.publications_of(p, doc.id)
        assert p.document_text(doc.id) == BODY
    assert lines[0] == (f"added {ria} as the second publication of 'Troops gather near the border' ({doc.id}): "
                        "RIA Novosti, 2024-10-24")
    assert [(x.title, x.source, x.published, x.url, x.first) for x in pubs] == [
        ("Troops gather near the border", "TASS", "2024-10-23", "https://tass.example/1", True),
        ("Troops at the border", "RIA Novosti", "2024-10-24", "", False),
    ]
    listed = cli(project, "publications", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [(r["source"], r["title"], r["document_id"], r["publications"]) for r in rows] == [
        ("TASS", "Troops gather near the border", doc.id, 2),
        ("RIA Novosti", "Troops at the border", doc.id, 2),
    ]
    assert rows[0]["publication_id"] == doc.id and rows[1]["publication_id"] == pubs[1].id


def test_identical_reimport_is_still_one_and_reported(tmp_path: Path) -> None:
    tass, ria = wire(tmp_path / "wire")
    project = tmp_path / "p.newscoder"
    assert cli(project, "import", "articles", str(tmp_path / "wire")).returncode == 0
    again = cli(project, "import", "articles", str(ria), str(tass))
    assert again.returncode == 0 and again.stderr == ""
    out = again.stdout.splitlines()
    assert out[-1] == "imported 0, duplicates 2, failed 0"
    with Project.open(project) as p:
        [doc] = p.documents()
    assert out[:-1] == [  # each names the publication it repeats (the folder gave RIA's first: sorted)
        f"skipped {ria}: duplicate of 'Troops at the border' ({doc.id})",
        f"skipped {tass}: duplicate of 'Troops gather near the border' (TASS), a publication of "
        f"'Troops at the border' ({doc.id})",
    ]
    with Project.open(project) as p:
        assert len(p.documents()) == 1
        assert [len(v) for v in sp.document_outlets(p).values()] == [2]


def test_hostile_title_is_stored_and_listed_as_plain_text(tmp_path: Path, fresh_project: Project) -> None:
    (tmp_path / "a.txt").write_text("---\ntitle: A\nsource: TASS\n---\n" + BODY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"---\ntitle: {HOSTILE}\nsource: \"=cmd|' /C calc'!A0\"\n---\n" + BODY,
                                    encoding="utf-8")
    result = import_paths(fresh_project, [tmp_path])
    assert len(result.imported) == 1 and len(result.publications) == 1
    pub = result.publications[0].publication
    assert (pub.title, pub.source) == (HOSTILE, "=cmd|' /C calc'!A0")
    assert sp.publication(fresh_project, pub.id) == pub
    listed = cli(fresh_project.path, "publications", "--format", "csv")
    assert listed.returncode == 0, listed.stderr
    assert f"{HOSTILE}," in listed.stdout and "'=cmd|' /C calc'!A0" in listed.stdout  # formula escaped in CSV


def test_same_text_twice_in_one_batch_and_across_batches(tmp_path: Path, fresh_project: Project,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from newscoder.core import importers

    for name, outlet in (("1.txt", "AFP"), ("2.txt", "AP"), ("3.txt", "AFP"), ("4.txt", "Reuters")):
        (tmp_path / name).write_text(f"---\ntitle: Wire\nsource: {outlet}\n---\n" + BODY, encoding="utf-8")
    monkeypatch.setattr(importers, "BATCH_SIZE", 2)
    result = import_paths(fresh_project, [tmp_path])
    assert len(result.imported) == 1
    assert [(p.path.name, p.number) for p in result.publications] == [("2.txt", 2), ("4.txt", 3)]
    assert [p.name for p, _ in result.duplicates] == ["3.txt"]
    [pubs] = sp.document_outlets(fresh_project).values()
    assert [p.source for p in pubs] == ["AFP", "AP", "Reuters"]
    assert publications.outlets_label(pubs) == "≡ 3 outlets"


def test_publication_ids_are_stable_and_derived_from_text_and_metadata(tmp_path: Path) -> None:
    ids = []
    for n in (1, 2):
        tass, ria = wire(tmp_path / f"w{n}")
        with Project.create(tmp_path / f"p{n}.newscoder") as p:
            import_paths(p, [ria])
            import_paths(p, [tass])  # other order: the first publication is RIA's here
            ids.append(sorted(x.id for x in sp.extra_publications(p)))
    assert ids[0] == ids[1] and len(ids[0]) == 1


def test_edit_publication_is_one_undoable_edit(tmp_path: Path, fresh_project: Project) -> None:
    wire(tmp_path / "wire")
    import_paths(fresh_project, [tmp_path / "wire"])
    [doc] = fresh_project.documents()
    second = sp.publications_of(fresh_project, doc.id)[1]
    edit = publications.update_publication(fresh_project, second.id, source="RIA", published="2024-10-25")
    changes = edits.apply(fresh_project, edit)
    assert changes.documents == frozenset({doc.id})
    now = sp.publication(fresh_project, second.id)
    assert now is not None and (now.source, now.published, now.id) == ("RIA", "2024-10-25", second.id)
    edits.apply(fresh_project, edit.inverse())
    assert sp.publication(fresh_project, second.id) == second
    # the first publication is the document's own metadata
    edits.apply(fresh_project, publications.update_publication(fresh_project, doc.id, source="TASS wire"))
    info = fresh_project.document_info(doc.id)
    assert info is not None and info.source == "TASS wire"
    with pytest.raises(EditError, match="another publication"):
        publications.update_publication(fresh_project, second.id, title=info.title, source=info.source,
                                        published=info.published, url=info.url, author=info.author)
    with pytest.raises(EditError, match="needs a title"):
        publications.update_publication(fresh_project, second.id, title="  ")


def test_a_publication_refers_to_a_stored_document(fresh_project: Project) -> None:
    import sqlite3

    row = publications.new_row("no-such-document", {"title": "x"})
    with pytest.raises(sqlite3.IntegrityError):
        sp.insert_publications(fresh_project, [row])
    assert sp.extra_publications(fresh_project) == []


# -- merge: by content hash plus metadata -------------------------------------------------------
def _story(folder: Path, name: str, outlet: str, date: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / f"{outlet.strip('=')}-{len(list(folder.iterdir()))}.txt"
    path.write_text(f"---\ntitle: {name}\nsource: {outlet}\npublished: {date}\n---\n" + BODY, encoding="utf-8")
    return path


def test_merge_adds_the_publications_we_lack_and_keeps_the_same_one_once(tmp_path: Path) -> None:
    a, b = tmp_path / "a.newscoder", tmp_path / "b.newscoder"
    tass = _story(tmp_path / "in", "Troops gather", "TASS", "2024-10-23")
    afp = _story(tmp_path / "in", "Troops mass", "AFP", "2024-10-23")
    ria = _story(tmp_path / "in", "Border build-up", "RIA", "2024-10-24")
    assert cli(a, "import", "articles", str(tass), str(afp)).returncode == 0
    assert cli(b, "import", "articles", str(ria)).returncode == 0  # B's first publication is RIA's
    assert cli(b, "import", "articles", str(afp)).returncode == 0  # the AFP one: in both projects
    dry = cli(a, "merge", "--dry-run", str(b))
    assert dry.returncode == 0, dry.stderr
    with Project.open(a) as p:
        assert len(sp.extra_publications(p)) == 1  # the dry run wrote nothing
    done = cli(a, "merge", str(b))
    assert done.returncode == 0, done.stderr
    assert "  + publication: Border build-up (RIA, 2024-10-24)" in done.stdout.splitlines()
    assert "Troops mass (AFP" not in done.stdout
    with Project.open(a) as p, Project.open(b) as q:
        [doc] = p.documents()
        mine = sp.publications_of(p, doc.id)
        assert [(x.title, x.source, x.published) for x in mine] == [
            ("Troops gather", "TASS", "2024-10-23"), ("Troops mass", "AFP", "2024-10-23"),
            ("Border build-up", "RIA", "2024-10-24")]
        theirs = {x.source: x.id for x in sp.publications_of(q, doc.id)}
        assert mine[1].id == theirs["AFP"]  # the same publication has the same id in both projects
    again = cli(a, "merge", str(b))
    assert again.returncode == 0 and "+ publication" not in again.stdout
    with Project.open(a) as p:
        assert len(sp.extra_publications(p)) == 2


def test_coder_copy_carries_publications_and_may_not_add_any(tmp_path: Path) -> None:
    lead = tmp_path / "lead.newscoder"
    assert cli(lead, "import", "articles", str(_story(tmp_path / "in", "T", "TASS", "2024-10-23")),
               str(_story(tmp_path / "in", "R", "RIA", "2024-10-24"))).returncode == 0
    copy = tmp_path / "ana.newscoder"
    made = cli(lead, "export", "copy", "--coder", "Ana", "-o", str(copy))
    assert made.returncode == 0, made.stderr
    with Project.open(copy) as c:
        [doc] = c.documents()
        assert [x.source for x in sp.publications_of(c, doc.id)] == ["TASS", "RIA"]
        edits.apply(c, publications.add_publication(c, doc.id, title="A", source="AP"))
    back = cli(lead, "merge", str(copy))
    assert back.returncode == 0, back.stderr
    assert "skipped: publication A (AP): a coder copy may not add publications" in back.stdout
    with Project.open(lead) as p:
        assert [x.source for x in sp.publications_of(p, doc.id)] == ["TASS", "RIA"]


# -- exports: round trips checked against the stored values --------------------------------------
def _shared_project(tmp_path: Path) -> tuple[Path, str]:
    project = tmp_path / "p.newscoder"
    tass = _story(tmp_path / "in", "Troops gather", "TASS", "2024-10-23")
    ria = _story(tmp_path / "in", HOSTILE, '"=RIA"', "2024-10-24")
    other = tmp_path / "in" / "other.txt"
    other.write_text("---\ntitle: Other\nsource: AP\n---\nA text run once.", encoding="utf-8")
    assert cli(project, "import", "articles", str(tass), str(ria), str(other)).returncode == 0
    with Project.open(project) as p:
        doc = next(d.id for d in p.documents() if d.source == "TASS")
        coder = p.ensure_coder("Ana")
        code = p.codes()[0]
        edits.apply(p, edits.add_segment(p, doc, code.id, coder.id, 6, 12))
    return project, doc


def test_segments_csv_with_variables_names_every_outlet(tmp_path: Path) -> None:
    import csv
    import io

    from newscoder.core.exchange.publications_out import parse_publications

    project, doc = _shared_project(tmp_path)
    out = cli(project, "export", "segments", "--variables", "--raw")
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    [row] = rows
    assert (row["document_title"], row["source"]) == ("Troops gather", "TASS")  # the first publication
    assert row["outlets"] == "TASS; =RIA"
    with Project.open(project) as p:
        stored = sp.publications_of(p, doc)
    assert parse_publications(row["publications"]) == [
        {"id": x.id, "title": x.title, "source": x.source, "author": x.author, "published": x.published,
         "url": x.url} for x in stored]
    escaped = cli(project, "export", "segments", "--variables")
    [row] = list(csv.DictReader(io.StringIO(escaped.stdout)))
    assert row["outlets"] == "TASS; =RIA"  # starts with T: not a formula
    plain = cli(project, "export", "segments")
    assert "outlets" not in plain.stdout.splitlines()[0]  # the plain export's columns never change


def test_qdpx_round_trip_keeps_every_publication(tmp_path: Path) -> None:
    project, doc = _shared_project(tmp_path)
    qdpx = tmp_path / "out.qdpx"
    made = cli(project, "export", "qdpx", "-o", str(qdpx))
    assert made.returncode == 0, made.stderr
    back = tmp_path / "back.newscoder"
    read = cli(back, "import", "qdpx", str(qdpx))
    assert read.returncode == 0, read.stderr
    with Project.open(project) as p, Project.open(back) as q:
        want = {d: [x.fields() for x in pubs] for d, pubs in sp.document_outlets(p).items()}
        got = {q.document_info(d).content_sha256: [x.fields() for x in pubs]  # type: ignore[union-attr]
               for d, pubs in sp.document_outlets(q).items()}
        assert sorted(got.values()) == sorted(want.values())
        assert got[p.document_info(doc).content_sha256] == [  # type: ignore[union-attr]
            ("Troops gather", "TASS", "", "2024-10-23", ""), (HOSTILE, "=RIA", "", "2024-10-24", "")]
        assert all("Publications" not in (q.document_info(d).metadata or {})  # type: ignore[union-attr]
                   for d in sp.document_outlets(q))
    again = cli(back, "import", "qdpx", str(qdpx))  # the same file again: the same publications, no more
    assert again.returncode == 0, again.stderr
    with Project.open(back) as q:
        assert len(sp.extra_publications(q)) == 1


# -- the comparison: counted for each outlet that ran the text ----------------------------------
def test_a_wire_story_run_by_two_outlets_counts_for_both(tmp_path: Path) -> None:
    from newscoder.core.compare import matrix
    from newscoder.core.compare.model import load_input

    project, doc = _shared_project(tmp_path)  # TASS and "=RIA" ran one text; AP ran another
    with Project.open(project) as p:
        inp = load_input(p)
        assert inp.outlets == ("=RIA", "AP", "TASS")
        v = matrix.outlet_code_matrix(inp)
        tass, ria, ap = (v.outlets.index(o) for o in ("TASS", "=RIA", "AP"))
        assert v.documents.tolist()[tass] == 1 and v.documents.tolist()[ria] == 1 and v.documents.tolist()[ap] == 1
        assert int(v.count[tass].sum()) == 1 and int(v.count[ria].sum()) == 1 and int(v.count[ap].sum()) == 0
        assert int(v.words[tass]) == int(v.words[ria]) == len(BODY.split())
        # each outlet's copy is the same article: the span behind RIA's cell opens the shared text
        [i] = matrix.cell_segments(inp, v, ria, 0)
        assert inp.docs[inp.seg_doc[i]].id == doc and inp.docs[inp.seg_doc[i]].title == HOSTILE
        # grouped by the date, each date that ran it; by a value both share (the URL, empty), once
        assert [d.outlet for d in load_input(p, by="published").docs if d.id == doc] == ["2024-10-23", "2024-10-24"]
        assert len(load_input(p, by="url").docs) == 2
        from newscoder.core.compare.export import build

        line = build(p).methods.line()
        assert "Documents: 2 (3 counted: a text run by several outlets counts for each) in 3 groups" in line
        assert "Segments: 1." in line  # coded once
    out = cli(project, "compare", "--format", "json")
    assert out.returncode == 0, out.stderr
    assert '"=RIA"' in out.stdout and '"TASS"' in out.stdout


def test_filters_and_search_find_a_text_by_any_outlet_that_ran_it(tmp_path: Path) -> None:
    from newscoder.core.search import filters

    project, doc = _shared_project(tmp_path)
    with Project.open(project) as p:
        assert filters.matching_ids(p, ["source==RIA"]) == {doc}  # RIA's run only: its own value
        assert filters.matching_ids(p, ["source=TASS"]) == {doc}
        assert filters.matching_ids(p, ["published=2024-10-24"]) == {doc}
        other = {d.id for d in p.documents()} - {doc}
        assert filters.matching_ids(p, ["source!==RIA"]) == other  # no publication of it is RIA's
    found = cli(project, "search", "troops", "--where", "source==RIA", "--format", "json")
    assert found.returncode == 0, found.stderr
    assert doc in found.stdout


def test_info_counts_publications(tmp_path: Path) -> None:
    project, doc = _shared_project(tmp_path)
    out = cli(project, "info")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert "publications: 3 (1 of the texts run more than once; 'newscoder publications' lists them)" in lines
    assert any(line.startswith(f"  {doc}  Troops gather [TASS]") and line.endswith(", 2 publications)")
               for line in lines)


def test_a_project_from_before_publications_is_migrated_with_a_backup(tmp_path: Path) -> None:
    import sqlite3

    from newscoder.core.schema import SCHEMA_VERSION

    path = tmp_path / "old.newscoder"
    with Project.create(path) as p:
        p.add_document(BODY, "Troops gather", source="TASS")
    conn = sqlite3.connect(path)  # the file as the previous version wrote it: no publications table
    conn.execute("DROP TABLE publications")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.commit()
    conn.close()
    with Project.open(path) as p:
        assert p.migration_backup is not None and p.migration_backup.exists()
        [doc] = p.documents()
        assert [(x.title, x.source, x.first) for x in sp.publications_of(p, doc.id)] == [
            ("Troops gather", "TASS", True)]
    tass = _story(tmp_path / "in", "Troops mass", "RIA", "2024-10-24")
    out = cli(path, "import", "articles", str(tass))
    assert out.returncode == 0 and out.stdout.splitlines()[-1].startswith("imported 0, added as publications 1")


def test_hostile_publications_variable_in_a_qdpx(tmp_path: Path) -> None:
    """Garbage, a non-list, an over-long title and markup in a QDPX 'Publications' variable."""
    import zipfile

    project, doc = _shared_project(tmp_path)
    qdpx = tmp_path / "out.qdpx"
    assert cli(project, "export", "qdpx", "-o", str(qdpx)).returncode == 0
    with zipfile.ZipFile(qdpx) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    qde = files["project.qde"].decode("utf-8")
    with Project.open(project) as p:
        from newscoder.core.exchange.publications_out import refi_values

        _, cell = refi_values(p)[doc]
    from xml.sax.saxutils import escape

    long_title = "x" * 5000
    hostile = json.dumps([{"title": "<b>Bold</b>\n<img src=/dev/zero>", "source": "AP"},
                          {"title": long_title, "source": "X"}, {"title": "", "source": "no title"}, "junk"])
    for value, expected in ((hostile, None), ("not json", []), ('{"a": 1}', [])):
        changed = qde.replace(escape(cell), escape(value))
        assert changed != qde
        bad = tmp_path / f"bad{len(value)}.qdpx"
        with zipfile.ZipFile(bad, "w") as zf:
            for name, data in files.items():
                zf.writestr(name, changed.encode("utf-8") if name == "project.qde" else data)
        back = tmp_path / f"back{len(value)}.newscoder"
        got = cli(back, "import", "qdpx", str(bad))
        assert got.returncode == 0 and "Traceback" not in got.stderr, got.stderr
        with Project.open(back) as q:
            pubs = [(x.title, x.source) for x in sp.extra_publications(q)]
        if expected is not None:
            assert pubs == expected
        else:  # the list is not all objects: refused whole, as unreadable
            assert pubs == []
    one = json.dumps([{"title": "<b>Bold</b>\n<img src=/dev/zero>", "source": "AP"}, {"title": long_title}])
    changed = qde.replace(escape(cell), escape(one))
    bad = tmp_path / "one.qdpx"
    with zipfile.ZipFile(bad, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, changed.encode("utf-8") if name == "project.qde" else data)
    back = tmp_path / "one.newscoder"
    assert cli(back, "import", "qdpx", str(bad)).returncode == 0
    with Project.open(back) as q:
        pubs = [(x.title, x.source) for x in sp.extra_publications(q)]
    assert pubs == [("<b>Bold</b> <img src=/dev/zero>", "AP"), ("x" * 999 + "…", "")]


def test_reliability_per_outlet_counts_a_shared_text_for_each_outlet(tmp_path: Path) -> None:
    """α_u of TASS and of RIA, whose only article is the one shared text, equal α_u on that text alone."""
    from newscoder.core.compare.model import load_input
    from newscoder.core.compare.reliability import reliability_strip
    from tests.fixtures import add_segment

    def code(p: Project, doc_id: str) -> None:
        add_segment(p, doc_id, "estimate", "Ann", 6, 12)
        add_segment(p, doc_id, "estimate", "Ben", 0, 12)
        add_segment(p, doc_id, "claim", "Ann", 13, 40)
        add_segment(p, doc_id, "claim", "Ben", 20, 40)

    shared = tmp_path / "shared.newscoder"
    with Project.create(shared) as p:
        doc = p.add_document(BODY, "Troops gather", source="TASS")[0].id
        other = p.add_document("Another text, coded by nobody here at all.", "Other", source="AP")[0].id
        edits.apply(p, publications.add_publication(p, doc, title="Border build-up", source="RIA"))
        code(p, doc)
        add_segment(p, other, "claim", "Ann", 0, 7)
        add_segment(p, other, "claim", "Ben", 0, 12)
        view = reliability_strip(p, load_input(p))
    alone = tmp_path / "alone.newscoder"
    with Project.create(alone) as q:
        code(q, q.add_document(BODY, "Troops gather", source="TASS")[0].id)
        [reference] = reliability_strip(q, load_input(q)).rows
    rows = {r.outlet: r for r in view.rows}
    assert reference.alpha_u is not None
    assert rows["TASS"].documents == rows["RIA"].documents == 1 and rows["AP"].documents == 1
    assert rows["TASS"].alpha_u == pytest.approx(reference.alpha_u, abs=1e-12)
    assert rows["RIA"].alpha_u == pytest.approx(reference.alpha_u, abs=1e-12)
    assert rows["AP"].alpha_u is not None and rows["AP"].alpha_u != pytest.approx(reference.alpha_u)


def test_another_outlets_title_names_the_text_in_csv_imports(tmp_path: Path) -> None:
    project, doc = _shared_project(tmp_path)
    segments = tmp_path / "segs.csv"
    segments.write_text(f"document_title,coder,code,start,end\n\"{HOSTILE}\",Ben,claim,0,5\n", encoding="utf-8")
    got = cli(project, "import", "segments", str(segments))
    assert got.returncode == 0, got.stderr
    documents = tmp_path / "docs.csv"
    documents.write_text(f"title,desk\n\"{HOSTILE}\",world\n", encoding="utf-8")
    got = cli(project, "documents", "import", str(documents))
    assert got.returncode == 0, got.stderr
    with Project.open(project) as p:
        ben = p.coder_by_name("Ben")
        assert ben is not None and [(s.document_id, s.start, s.end) for s in p.segments(coder_id=ben.id)] == [
            (doc, 0, 5)]
        info = p.document_info(doc)
        assert info is not None and info.metadata.get("desk") == "world"


def test_estimates_by_outlet_count_a_shared_text_for_each_outlet(tmp_path: Path) -> None:
    from newscoder.core import attribute_edits
    from newscoder.core.compare import estimates
    from newscoder.core.compare.model import load_input
    from tests.fixtures import add_segment

    project, doc = _shared_project(tmp_path)  # TASS and "=RIA" ran the text
    with Project.open(project) as p:
        start = BODY.index("10,000 troops")
        seg = add_segment(p, doc, "estimate", "Ann", start, start + len("10,000 troops"))
        edits.apply(p, attribute_edits.set_segment_attributes(
            p, seg, {"value": 10000, "hedge": "approximately", "counted": "troops"}))
        view = estimates.estimates_by_outlet(load_input(p))
    [row] = view.rows
    assert row.counted == "troops"
    assert row.counts == {"TASS": 1, "=RIA": 1}  # one segment, counted for each outlet that ran the text

"""Issue 11, items 5, 6, 11 and the merge size limit: a coder copy changes only its coder's work,
a small file never becomes a huge project, a merge source is read without writing beside it, and a
merge is backed up first. Real files, the real CLI in a subprocess."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newscoder.core.edits import add_segment, apply, delete_segment, set_segment_memo
from newscoder.core.store import Project
from tests.core.safety_fixtures import cli, make_project, rows, siblings

LATER = "2031-01-01T00:00:00Z"


@pytest.fixture
def lead(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    path = tmp_path / "lead.newscoder"
    return path, make_project(path)


def export_copy(lead: Path, coder: str) -> Path:
    out = lead.with_name(f"{coder.lower()}.newscoder")
    result = cli("export", "copy", "-p", lead, "--coder", coder, "-o", out)
    assert result.returncode == 0, result.stderr
    return out


def work_in_copy(copy: Path) -> None:
    """What a coder does in the app: add one segment, change and delete their own."""
    with Project.open(copy) as p:
        ana = p.coder_by_name("Ana")
        assert ana is not None
        doc = p.documents()[2]
        apply(p, add_segment(p, doc.id, p.codes()[0].id, ana.id, 0, 6, memo="new"))
        own = p.segments(coder_id=ana.id)
        apply(p, set_segment_memo(p, own[0].id, "changed"))
        apply(p, delete_segment(p, own[1].id))


def ben_segments(lead: Path, ben: str) -> list[tuple]:
    return [r for r in rows(lead, "segments") if r[3] == ben]


def edit(copy: Path, *sql: tuple[str, tuple]) -> None:
    conn = sqlite3.connect(copy)
    try:
        for statement, params in sql:
            conn.execute(statement, params)
        conn.commit()
    finally:
        conn.close()


def test_an_honest_copy_merges(lead: tuple[Path, dict[str, str]]) -> None:
    path, ids = lead
    copy = export_copy(path, "Ana")
    work_in_copy(copy)
    before_ben = ben_segments(path, ids["Ben"])
    result = cli("merge", "-p", path, copy)
    assert result.returncode == 0, result.stderr
    assert "Ana: segments 1 added, " in result.stdout and ", 1 deleted" in result.stdout
    assert ben_segments(path, ids["Ben"]) == before_ben


def _ben_row(path: Path, ben: str) -> tuple:
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return conn.execute('SELECT id, document_id, code_id, start, "end" FROM segments WHERE coder_id = ? '
                            "ORDER BY id LIMIT 1", (ben,)).fetchone()
    finally:
        conn.close()


HOSTILE = ["reuse-id", "delete-other", "take-over", "other-status", "other-coder-segment"]


@pytest.mark.parametrize("how", HOSTILE)
def test_a_copy_touching_another_coders_work_is_refused_whole(lead: tuple[Path, dict[str, str]], how: str) -> None:
    path, ids = lead
    copy = export_copy(path, "Ana")
    work_in_copy(copy)  # honest work too: it must not land either
    seg_id, doc, code, start, end = _ben_row(path, ids["Ben"])
    ana, ben = ids["Ana"], ids["Ben"]
    insert = ('INSERT INTO segments (id, document_id, code_id, coder_id, start, "end", quote, memo, created_at, '
              "updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?)")
    add_ben = ("INSERT INTO coders (id, name, name_key, created_at) VALUES (?, 'Ben', 'ben', ?)", (ben, LATER))
    if how == "reuse-id":  # Ana's new segment elsewhere, under Ben's segment id
        edit(copy, (insert, (seg_id, doc, code, ana, 0, 3, "mine", LATER, LATER, None)))
    elif how == "delete-other":  # a tombstone for Ben's segment
        edit(copy, add_ben, (insert, (seg_id, doc, code, ben, start, end, "", LATER, LATER, LATER)))
    elif how == "take-over":  # Ben's segment, now Ana's
        edit(copy, (insert, (seg_id, doc, code, ana, start, end, "", LATER, LATER, None)))
    elif how == "other-status":
        edit(copy, add_ben, ("INSERT INTO document_status (document_id, coder_id, status, updated_at) "
                             "VALUES (?, ?, 'in_progress', ?)", (doc, ben, LATER)))
    else:  # a brand-new segment booked to Ben
        edit(copy, add_ben, (insert, ("0000000a-0000-4000-8000-00000000000a", doc, code, ben, 0, 4, "", LATER,
                                      LATER, None)))
    before = {t: rows(path, t) for t in ("segments", "document_status", "coders", "codes", "documents")}
    result = cli("merge", "-p", path, copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "refused" in result.stderr and "nothing was merged" in result.stderr
    expected_id = {"other-status": doc, "other-coder-segment": "0000000a-0000-4000-8000-00000000000a"}.get(how, seg_id)
    assert expected_id in result.stderr, result.stderr  # reported by id
    assert {t: rows(path, t) for t in before} == before  # whole merge refused: nothing written


def test_a_full_project_keeps_todays_rules(lead: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """Not a copy (a plain file copy of the project): it may change any coder's work, newer wins."""
    path, ids = lead
    other = tmp_path / "other.newscoder"
    shutil.copyfile(path, other)
    seg_id = _ben_row(path, ids["Ben"])[0]
    edit(other, ("UPDATE segments SET memo = 'edited by the lead', updated_at = ? WHERE id = ?", (LATER, seg_id)))
    result = cli("merge", "-p", path, other)
    assert result.returncode == 0, result.stderr
    assert [r[7] for r in rows(path, "segments") if r[0] == seg_id] == ["edited by the lead"]


def blow_up(copy: Path, lead: Path, ids: dict[str, str], count: int) -> None:
    """Replace the copy's segments table by a view that yields ``count`` segments (the 115 KB case)."""
    seg_id, doc, code, _s, _e = _ben_row(lead, ids["Ben"])
    conn = sqlite3.connect(copy)
    try:
        conn.execute("DROP TABLE segments")
        conn.execute(
            "CREATE VIEW segments AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "SELECT printf('%08x-0000-4000-8000-%012x', i, i) AS id, ? AS document_id, ? AS code_id, ? AS coder_id, "
            "0 AS start, 5 AS \"end\", '' AS quote, '' AS memo, ? AS created_at, ? AS updated_at, NULL AS deleted_at "
            "FROM n".replace("?", "{}").format(count, f"'{doc}'", f"'{code}'", f"'{ids['Ana']}'", f"'{LATER}'",
                                               f"'{LATER}'"))
        conn.commit()
        conn.execute("VACUUM")
    finally:
        conn.close()


def test_a_small_file_never_becomes_a_huge_project(lead: tuple[Path, dict[str, str]]) -> None:
    path, ids = lead
    copy = export_copy(path, "Ana")
    blow_up(copy, path, ids, 20_000)
    size = copy.stat().st_size
    before = rows(path, "segments")
    result = cli("merge", "-p", path, copy)
    assert result.returncode == 1, f"{size} bytes merged: {result.stdout[-300:]}"
    assert "Traceback" not in result.stderr and "refused" in result.stderr, result.stderr
    assert rows(path, "segments") == before
    # each row also carries an (empty) attributes column (issue 15); the suggestion tables add 5 pages (issue 19)
    assert size < 160_000


def test_merge_source_leaves_no_wal_or_shm(lead: tuple[Path, dict[str, str]]) -> None:
    path, _ids = lead
    copy = export_copy(path, "Ana")
    work_in_copy(copy)  # the app switches it to WAL mode
    folder = siblings(copy.parent)
    for extra in ((), ("--dry-run",)):
        result = cli("merge", "-p", path, copy, *extra)
        assert result.returncode == 0, result.stderr
        assert [n for n in siblings(copy.parent) if n.startswith("ana.")] == ["ana.newscoder"]
    others = {n for n in siblings(copy.parent) if not n.startswith("lead.")}
    assert others == {n for n in folder if not n.startswith("lead.")}
    result = cli("backup", "list", "-p", copy)  # reads the copy's id
    assert result.returncode == 0, result.stderr
    assert [n for n in siblings(copy.parent) if n.startswith("ana.")] == ["ana.newscoder"]


@pytest.mark.skipif(not shutil.which("unshare"), reason="needs unshare for a read-only mount")
def test_merge_source_on_a_read_only_medium(lead: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    path, _ids = lead
    copy = export_copy(path, "Ana")
    work_in_copy(copy)
    medium = tmp_path / "stick"
    medium.mkdir()
    argv = " ".join(f"'{a}'" for a in [sys.executable, "-m", "newscoder", "merge", "-p", str(path),
                                        str(medium / copy.name)])
    script = (f"mount -t tmpfs tmpfs {medium} && cp {copy} {medium}/ && mount -o remount,ro {medium} && "
              f"{argv}; rc=$?; echo '--listing--'; ls -A {medium}; exit $rc")
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("unshare -rm is not permitted here")
    result = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, timeout=120,
                            env=dict(os.environ))
    assert result.returncode == 0, result.stderr
    out, _, listing = result.stdout.partition("--listing--\n")
    assert "Ana: segments 1 added, " in out and ", 1 deleted" in out
    assert listing.split() == ["ana.newscoder"]


def test_merge_takes_a_backup_first(lead: tuple[Path, dict[str, str]], newscoder_home: Path) -> None:
    path, _ids = lead
    copy = export_copy(path, "Ana")
    work_in_copy(copy)
    before = rows(path, "segments")
    result = cli("merge", "-p", path, copy)
    assert result.returncode == 0, result.stderr
    backups = sorted((newscoder_home).rglob("lead-*.newscoder"))
    assert backups, "no backup before the merge"
    assert rows(backups[-1], "segments") == before  # the state before the merge
    assert rows(path, "segments") != before


@pytest.mark.skipif(not shutil.which("unshare"), reason="needs unshare for a read-only mount")
def test_read_commands_on_a_read_only_medium(lead: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """info, exports, agreement and backup read a project on a read-only medium and write nothing beside it."""
    path, _ids = lead
    medium, out = tmp_path / "stick", tmp_path / "out"
    medium.mkdir()
    out.mkdir()
    project = medium / path.name
    py = f"'{sys.executable}' -m newscoder"
    commands = [f"{py} info -p {project}", f"{py} export segments -p {project} -o {out}/s.csv",
                f"{py} export qdpx -p {project} -o {out}/p.qdpx", f"{py} agreement -p {project}",
                f"{py} export copy -p {project} --coder Ana -o {out}/ana.newscoder", f"{py} backup create -p {project}",
                f"{py} merge --dry-run -p {project} {out}/ana.newscoder"]
    script = (f"mount -t tmpfs tmpfs {medium} && cp {path} {medium}/ && mount -o remount,ro {medium} && "
              + " && ".join(commands) + f"; rc=$?; echo '--listing--'; ls -A {medium}; exit $rc")
    if subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode:
        pytest.skip("unshare -rm is not permitted here")
    result = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, timeout=300,
                            env=dict(os.environ))
    assert result.returncode == 0, result.stderr
    assert "documents: 3" in result.stdout and "Dry run" in result.stdout
    assert result.stdout.partition("--listing--\n")[2].split() == [path.name]
    assert sorted(p.name for p in out.iterdir()) == ["ana.newscoder", "p.qdpx", "s.csv"]

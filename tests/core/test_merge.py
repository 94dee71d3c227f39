"""Merging coder copies: `newscoder merge`."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import pytest

from newscoder.cli import main
from newscoder.core import edits
from newscoder.core.codebook import add_code, update_code
from newscoder.core.edits import add_segment, apply, change_segment_code, delete_segment, set_segment_memo, set_status
from newscoder.core.errors import NewerSchemaError, NotAProjectError, ProjectOpenError, UserError
from newscoder.core.exchange.copy import export_copy
from newscoder.core.exchange.merge import merge_files
from newscoder.core.records import Status
from newscoder.core.schema import TABLES
from newscoder.core.store import Project

CLOCK_MODULES = (
    "newscoder.core.edits",
    "newscoder.core.store",
    "newscoder.core.codebook",
    "newscoder.core.exchange.copy",
    "newscoder.core.exchange.merge_steps",
)


class Clock:
    """A clock that moves one second per reading, so 'newer' is well defined."""

    def __init__(self) -> None:
        self.t = dt.datetime(2024, 11, 1, 9, 0, 0, tzinfo=dt.UTC)

    def __call__(self) -> str:
        self.t += dt.timedelta(seconds=1)
        return self.t.strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock()
    for mod in CLOCK_MODULES:
        monkeypatch.setattr(f"{mod}.now_utc", c)
    return c


@pytest.fixture
def lead(tmp_path: Path, clock: Clock) -> Project:
    project = Project.create(tmp_path / "lead.newscoder")
    for i in range(4):
        project.add_document(f"Article {i}. Up to 8,000 troops moved, officials said on day {i}.\nEnd.", f"Art {i}")
    yield project
    project.close()


def dump(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in TABLES}
    finally:
        conn.close()


def make_copy(lead: Project, tmp_path: Path, coder: str) -> Project:
    out = tmp_path / f"{coder}.newscoder"
    export_copy(lead, out, coder)
    return Project.open(out)


def code_some(copy: Project, n: int = 3) -> list[str]:
    coder = copy.coder_by_name(copy.meta("intended_coder") or "")
    assert coder is not None
    ids = []
    codes = copy.codes()
    for i, doc in enumerate(copy.documents()[:n]):
        edit = add_segment(copy, doc.id, codes[i % len(codes)].id, coder.id, i, i + 10, memo=f"memo {i}")
        apply(copy, edit)
        ids.append(edit.changes[0].after["id"])  # type: ignore[index]
    return ids


def test_merge_brings_coders_segments_and_statuses(lead: Project, tmp_path: Path) -> None:
    ana = make_copy(lead, tmp_path, "Ana")
    ids = code_some(ana)
    ana_id = ana.coder_by_name("Ana").id  # type: ignore[union-attr]
    apply(ana, set_status(ana, ana.documents()[0].id, ana_id, Status.DONE))
    ana.close()
    [report] = merge_files(lead, [tmp_path / "Ana.newscoder"])
    assert report.coders_added == ["Ana"]
    assert report.by_coder["Ana"].added == 3
    assert report.by_coder["Ana"].statuses_added == 3
    assert sorted(s.id for s in lead.segments()) == sorted(ids)
    assert lead.status(lead.documents()[0].id, ana_id) == Status.DONE
    assert [s.memo for s in lead.segments()] == sorted(f"memo {i}" for i in range(3)) or len(lead.segments()) == 3
    assert report.documents_matched == 4 and report.documents_added == []


def test_merge_twice_changes_nothing(lead: Project, tmp_path: Path) -> None:
    ana = make_copy(lead, tmp_path, "Ana")
    code_some(ana)
    ana.close()
    merge_files(lead, [tmp_path / "Ana.newscoder"])
    before = dump(lead.path)
    [again] = merge_files(lead, [tmp_path / "Ana.newscoder"])
    assert dump(lead.path) == before
    assert not again.changed
    assert again.by_coder["Ana"].unchanged == 3
    assert "nothing to change" in "\n".join(again.lines())


def test_dry_run_changes_nothing(lead: Project, tmp_path: Path) -> None:
    ana = make_copy(lead, tmp_path, "Ana")
    code_some(ana)
    ana.close()
    lead.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before_bytes = Path(lead.path).read_bytes()
    before = dump(lead.path)
    other_bytes = (tmp_path / "Ana.newscoder").read_bytes()
    [report] = merge_files(lead, [tmp_path / "Ana.newscoder"], dry_run=True)
    assert report.dry_run and report.by_coder["Ana"].added == 3
    assert dump(lead.path) == before
    assert Path(lead.path).read_bytes() == before_bytes
    assert (tmp_path / "Ana.newscoder").read_bytes() == other_bytes
    assert "Would merge" in report.lines()[0]


def test_other_file_is_not_modified(lead: Project, tmp_path: Path) -> None:
    ana = make_copy(lead, tmp_path, "Ana")
    code_some(ana)
    ana.close()
    path = tmp_path / "Ana.newscoder"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    merge_files(lead, [path])
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_deletions_travel(lead: Project, tmp_path: Path) -> None:
    ana = make_copy(lead, tmp_path, "Ana")
    ids = code_some(ana)
    merge_files(lead, [ana.path])
    apply(ana, delete_segment(ana, ids[0]))
    [report] = merge_files(lead, [ana.path])
    ana.close()
    assert report.by_coder["Ana"].deleted == 1
    assert ids[0] not in {s.id for s in lead.segments()}
    assert lead.segment(ids[0]).deleted_at is not None  # type: ignore[union-attr]
    assert not report.conflicts


def test_edit_in_copy_updates_lead(lead: Project, tmp_path: Path) -> None:
    ana = make_copy(lead, tmp_path, "Ana")
    ids = code_some(ana)
    merge_files(lead, [ana.path])
    apply(ana, set_segment_memo(ana, ids[1], "revised"))
    [report] = merge_files(lead, [ana.path])
    ana.close()
    assert report.by_coder["Ana"].updated == 1 and not report.conflicts
    assert lead.segment(ids[1]).memo == "revised"  # type: ignore[union-attr]


@pytest.mark.parametrize("lead_edits_last", [True, False])
def test_conflict_newer_wins_and_is_reported(lead: Project, tmp_path: Path, lead_edits_last: bool) -> None:
    ana = make_copy(lead, tmp_path, "Ana")
    ids = code_some(ana)
    merge_files(lead, [ana.path])
    if lead_edits_last:
        apply(ana, set_segment_memo(ana, ids[0], "theirs"))
        apply(lead, set_segment_memo(lead, ids[0], "ours"))
    else:
        apply(lead, set_segment_memo(lead, ids[0], "ours"))
        apply(ana, set_segment_memo(ana, ids[0], "theirs"))
    [report] = merge_files(lead, [ana.path])
    ana.close()
    expected = "ours" if lead_edits_last else "theirs"
    assert lead.segment(ids[0]).memo == expected  # type: ignore[union-attr]
    assert report.by_coder["Ana"].conflicts == 1
    assert len(report.conflicts) == 1 and f"kept {expected}" in report.conflicts[0]


def test_lead_only_edit_is_kept(lead: Project, tmp_path: Path) -> None:
    ana = make_copy(lead, tmp_path, "Ana")
    ids = code_some(ana)
    merge_files(lead, [ana.path])
    other = lead.codes()[-1].id
    apply(lead, change_segment_code(lead, ids[0], other))
    [report] = merge_files(lead, [ana.path])
    ana.close()
    assert lead.segment(ids[0]).code_id == other  # type: ignore[union-attr]
    assert report.by_coder["Ana"].kept_ours == 1 and not report.conflicts


def test_status_conflict_newer_wins(lead: Project, tmp_path: Path) -> None:
    ana = make_copy(lead, tmp_path, "Ana")
    code_some(ana, 1)
    merge_files(lead, [ana.path])
    doc = lead.documents()[0].id
    coder = lead.coder_by_name("Ana").id  # type: ignore[union-attr]
    apply(lead, set_status(lead, doc, coder, Status.NOT_STARTED))
    apply(ana, set_status(ana, doc, coder, Status.DONE))
    [report] = merge_files(lead, [ana.path])
    ana.close()
    assert lead.status(doc, coder) == Status.DONE
    assert report.by_coder["Ana"].statuses_updated == 1 and any("status of" in c for c in report.conflicts)


def test_codes_and_articles_it_has_that_we_lack(lead: Project, tmp_path: Path) -> None:
    ana = make_copy(lead, tmp_path, "Ana")
    doc, _ = ana.add_document("A brand new article only Ana has.", "New one")
    edit = add_code(ana, "rumour", "hearsay", "#123456")
    apply(ana, edit)
    code_id = edit.changes[-1].after["id"]  # type: ignore[index]
    coder = ana.coder_by_name("Ana").id  # type: ignore[union-attr]
    apply(ana, add_segment(ana, doc.id, code_id, coder, 2, 7))
    ana.close()
    [report] = merge_files(lead, [tmp_path / "Ana.newscoder"])
    assert report.documents_added == ["New one"] and report.codes_added == ["rumour"]
    assert lead.code(code_id).name == "rumour"  # type: ignore[union-attr]
    assert lead.document_by_sha(doc.content_sha256) is not None


def test_name_matches_and_renames_are_reported(lead: Project, tmp_path: Path) -> None:
    ana = make_copy(lead, tmp_path, "Ana")
    claim = ana.code_by_name("claim")
    apply(ana, update_code(ana, claim.id, name="assertion"))  # type: ignore[union-attr]
    apply(ana, add_code(ana, "Rumour", color="#123456"))
    ana.close()
    apply(lead, add_code(lead, "rumour", color="#654321"))
    [report] = merge_files(lead, [tmp_path / "Ana.newscoder"])
    text = "\n".join(report.lines())
    assert "'assertion' is called 'claim' here; our name stays" in text
    assert "'Rumour' matched by name; the UUIDs differ" in text
    assert lead.code_by_name("claim") is not None and lead.code_by_name("assertion") is None


def test_coder_matched_by_name_with_other_uuid(lead: Project, tmp_path: Path) -> None:
    ana = make_copy(lead, tmp_path, "Ana")
    code_some(ana, 1)
    ana.close()
    mine = lead.ensure_coder("ANA")
    [report] = merge_files(lead, [tmp_path / "Ana.newscoder"])
    assert any("matched by name; the UUIDs differ" in n for n in report.notes)
    assert {s.coder_id for s in lead.segments()} == {mine.id}


def test_all_or_nothing_across_files(lead: Project, tmp_path: Path) -> None:
    ana = make_copy(lead, tmp_path, "Ana")
    code_some(ana)
    ana.close()
    bad = tmp_path / "bad.newscoder"
    bad.write_bytes(b"not a project at all")
    before = dump(lead.path)
    with pytest.raises(UserError):
        merge_files(lead, [tmp_path / "Ana.newscoder", bad])
    assert dump(lead.path) == before


@pytest.mark.parametrize("kind", ["garbage", "foreign", "newer", "empty", "self"])
def test_refuses_what_project_open_refuses(lead: Project, tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"{kind}.newscoder"
    if kind == "garbage":
        path.write_bytes(b"hello" * 100)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "foreign":
        sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    elif kind == "newer":
        Project.create(path).close()
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA user_version = 99")
        conn.close()
    else:
        path = Path(lead.path)
    error = {"foreign": NotAProjectError, "newer": NewerSchemaError}.get(kind, UserError)
    with pytest.raises(error):
        merge_files(lead, [path])
    assert issubclass(ProjectOpenError, UserError)


def test_older_schema_is_read_without_migrating_the_file(lead: Project, tmp_path: Path) -> None:
    from newscoder.core import projectfile

    old = tmp_path / "old.newscoder"
    projectfile.create_file(old, "old", version=1)
    digest = hashlib.sha256(old.read_bytes()).hexdigest()
    [report] = merge_files(lead, [old])
    assert not report.changed
    assert hashlib.sha256(old.read_bytes()).hexdigest() == digest


def test_cli_merge_and_dry_run(lead: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ana = make_copy(lead, tmp_path, "Ana")
    code_some(ana)
    ana.close()
    before = dump(lead.path)
    other = str(tmp_path / "Ana.newscoder")
    assert main(["merge", "-p", str(lead.path), other, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Would merge" in out and "Ana: segments 3 added" in out and "nothing was changed" in out
    assert dump(lead.path) == before
    assert main(["merge", "-p", str(lead.path), other]) == 0
    assert "Ana: segments 3 added" in capsys.readouterr().out
    assert main(["merge", "-p", str(tmp_path / "missing.newscoder"), other]) == 1
    assert "no project at" in capsys.readouterr().err
    assert edits is not None

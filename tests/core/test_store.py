"""The store on real files: queries, tombstones, constraints SQLite enforces, pragmas."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newscoder.core import edits, projectfile
from newscoder.core.errors import EditError
from newscoder.core.records import Status
from newscoder.core.schema import APPLICATION_ID, SCHEMA_VERSION
from newscoder.core.store import Project, content_hash, document_id_for, name_key
from newscoder.core.timeutil import is_timestamp

TEXT = "Officials said 8,000 troops crossed.\nThe ministry denied it."


@pytest.fixture
def project(fresh_project: Project) -> Project:
    fresh_project.add_document(TEXT, "Troops", source="Wire", author="A. Reporter")
    fresh_project.add_document("Second article text.", "another one")
    fresh_project.ensure_coder("Ana")
    return fresh_project


def _doc(project: Project, title: str) -> str:
    return project.documents_by_title(title)[0].id


def _add(project: Project, start: int, end: int, code: str = "claim", coder: str = "Ana") -> str:
    edit = edits.add_segment(
        project, _doc(project, "Troops"), project.code_by_name(code).id, project.coder_by_name(coder).id, start, end
    )
    edits.apply(project, edit)
    return edit.changes[0].after["id"]


def test_documents_ordered_by_title_case_insensitively(project: Project) -> None:
    assert [d.title for d in project.documents()] == ["another one", "Troops"]


def test_document_ids_derive_from_content(project: Project) -> None:
    doc = project.document(_doc(project, "Troops"))
    assert doc is not None
    assert doc.content_sha256 == content_hash(TEXT)
    assert doc.id == document_id_for(doc.content_sha256)
    assert doc.text == TEXT and doc.length == len(TEXT)
    assert project.document_text(doc.id) == TEXT
    assert project.document_by_sha(content_hash(TEXT)).id == doc.id
    assert doc.author == "A. Reporter"


def test_duplicate_text_is_not_stored_twice(project: Project) -> None:
    info, created = project.add_document(TEXT, "Other title")
    assert not created and info.title == "Troops"
    assert len(project.documents()) == 2


def test_text_with_carriage_returns_is_refused(project: Project) -> None:
    with pytest.raises(ValueError):
        project.add_document("a\r\nb", "crlf")


def test_missing_document_text_raises_keyerror(project: Project) -> None:
    with pytest.raises(KeyError):
        project.document_text("nope")
    assert project.document("nope") is None and project.document_info("nope") is None


def test_codes_and_coders(project: Project) -> None:
    assert [c.name for c in project.codes()] == ["claim", "denial", "estimate", "condemnation"]
    assert [c.shortcut for c in project.codes()] == ["1", "2", "3", "4"]
    assert project.code_by_name("  CLAIM ").name == "claim"
    ana = project.coder_by_name("ana")
    assert ana is not None and project.coder(ana.id) == ana
    assert project.ensure_coder("  ANA ") == ana
    assert [c.name for c in project.coders()] == ["Ana"]
    with pytest.raises(EditError):
        project.ensure_coder("   ")


@pytest.mark.parametrize(("raw", "key"), [("Claim", "claim"), ("  a   b ", "a b"), ("ÉTAT", "état")])
def test_name_key(raw: str, key: str) -> None:
    assert name_key(raw) == key


def test_segments_filters_and_tombstones(project: Project) -> None:
    first = _add(project, 0, 9)
    second = _add(project, 10, 15, code="denial")
    ana = project.coder_by_name("Ana").id
    assert [s.id for s in project.segments()] == [first, second]
    assert [s.id for s in project.segments(code_id=project.code_by_name("denial").id)] == [second]
    assert project.segment(first).quote == TEXT[0:9]
    edits.apply(project, edits.delete_segment(project, first))
    assert [s.id for s in project.segments()] == [second]
    assert [s.id for s in project.segments(coder_id=ana)] == [second]
    assert {s.id for s in project.segments(include_deleted=True)} == {first, second}
    assert project.segment(first).deleted_at is not None
    assert project.segment_counts(ana) == {_doc(project, "Troops"): 1}


def test_status_queries(project: Project) -> None:
    ana = project.coder_by_name("Ana").id
    doc = _doc(project, "Troops")
    assert project.status(doc, ana) is Status.NOT_STARTED
    _add(project, 0, 5)
    assert project.status(doc, ana) is Status.IN_PROGRESS
    edits.apply(project, edits.set_status(project, doc, ana, Status.DONE))
    assert project.statuses(ana) == {doc: Status.DONE}


@pytest.mark.parametrize(("start", "end"), [(5, 5), (6, 5), (-1, 3)])
def test_sqlite_itself_enforces_start_before_end(project: Project, start: int, end: int) -> None:
    good = _add(project, 0, 5)
    with pytest.raises(sqlite3.IntegrityError):
        project.conn.execute('UPDATE segments SET start = ?, "end" = ? WHERE id = ?', (start, end, good))


def test_foreign_keys_are_enforced(project: Project) -> None:
    seg = _add(project, 0, 5)
    with pytest.raises(sqlite3.IntegrityError):
        project.conn.execute("UPDATE segments SET code_id = 'no-such-code' WHERE id = ?", (seg,))


def test_connection_pragmas(project: Project) -> None:
    def pragma(name: str) -> object:
        return project.conn.execute(f"PRAGMA {name}").fetchone()[0]

    assert pragma("journal_mode") == "wal"
    assert pragma("foreign_keys") == 1
    assert pragma("busy_timeout") == projectfile.BUSY_TIMEOUT_MS >= 5000
    assert pragma("synchronous") == 2  # FULL
    assert pragma("application_id") == APPLICATION_ID
    assert pragma("user_version") == SCHEMA_VERSION


def test_header_carries_application_id_and_version(project: Project) -> None:
    assert projectfile.inspect_file(project.path) == (APPLICATION_ID, SCHEMA_VERSION)


def test_timestamps_use_the_one_format(project: Project) -> None:
    seg = _add(project, 0, 5)
    edits.apply(project, edits.set_segment_memo(project, seg, "memo"))
    edits.apply(project, edits.delete_segment(project, seg))
    stamps = [project.meta("created_at")]
    for table, cols in [
        ("documents", ["imported_at"]),
        ("codes", ["created_at", "updated_at"]),
        ("coders", ["created_at"]),
        ("segments", ["created_at", "updated_at", "deleted_at"]),
        ("document_status", ["updated_at"]),
    ]:
        for row in project.conn.execute(f"SELECT {', '.join(cols)} FROM {table}"):
            stamps.extend(row)
    assert len(stamps) > 10
    assert all(isinstance(s, str) and is_timestamp(s) for s in stamps), stamps


def test_meta_roundtrip_and_uuid(project: Project, project_path: Path) -> None:
    project.set_meta("k", "v1")
    project.set_meta("k", "v2")
    assert project.meta("k") == "v2" and project.meta("missing", "d") == "d"
    assert len(project.uuid) == 36 and project.name == project_path.stem


def test_atomic_rolls_back_everything_on_error(project: Project) -> None:
    before = len(project.documents())
    with pytest.raises(RuntimeError), project.atomic():
        project.add_document("one more", "t1")
        with project.atomic():
            project.add_document("and another", "t2")
        raise RuntimeError("boom")
    assert len(project.documents()) == before
    assert not project.conn.in_transaction


def test_data_is_on_disk_for_a_second_connection(project: Project) -> None:
    seg = _add(project, 0, 5)
    with Project.open(project.path) as other:
        assert other.segment(seg) is not None

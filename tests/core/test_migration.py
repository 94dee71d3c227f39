"""Older project files are migrated to the current schema, with a backup written first."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from newscoder.core import edits, projectfile
from newscoder.core.records import Status
from newscoder.core.migrations import MIGRATIONS
from newscoder.core.schema import APPLICATION_ID, SCHEMA_VERSION
from newscoder.core.store import Project


def _make_v1(path: Path) -> None:
    """A version-1 project with a document, a code, a coder and a segment."""
    projectfile.create_file(path, "old study", version=1)
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        INSERT INTO documents (id, content_sha256, title, text, length, imported_at)
            VALUES ('d1', 'sha1', 'Old article', 'Some old text.', 14, '2023-01-02T03:04:05Z');
        INSERT INTO codes (id, name, name_key, shortcut, created_at, updated_at)
            VALUES ('c1', 'claim', 'claim', '1', '2023-01-02T03:04:05Z', '2023-01-02T03:04:05Z');
        INSERT INTO coders (id, name, name_key, created_at) VALUES ('k1', 'Ana', 'ana', '2023-01-02T03:04:05Z');
        INSERT INTO segments (id, document_id, code_id, coder_id, start, "end", quote, created_at, updated_at)
            VALUES ('s1', 'd1', 'c1', 'k1', 0, 4, 'Some', '2023-01-02T03:04:05Z', '2023-01-02T03:04:05Z');
        """
    )
    conn.commit()
    conn.close()


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_v1_file_is_what_we_think(tmp_path: Path) -> None:
    path = tmp_path / "old.newscoder"
    _make_v1(path)
    assert projectfile.inspect_file(path) == (APPLICATION_ID, 1)
    conn = sqlite3.connect(path)
    assert "document_status" not in _tables(conn)
    conn.close()


def test_old_file_is_migrated_after_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.newscoder"
    _make_v1(path)
    original = hashlib.sha256(path.read_bytes()).hexdigest()
    with Project.open(path) as project:
        assert project.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert project.segment("s1").quote == "Some"
        assert project.status("d1", "k1") is Status.NOT_STARTED
        edits.apply(project, edits.set_status(project, "d1", "k1", Status.DONE))
        assert project.status("d1", "k1") is Status.DONE
        backup = project.migration_backup
    assert backup is not None and backup.exists()
    assert hashlib.sha256(backup.read_bytes()).hexdigest() == original or backup.stat().st_size > 0
    assert projectfile.inspect_file(backup) == (APPLICATION_ID, 1)
    conn = sqlite3.connect(backup)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT quote FROM segments WHERE id = 's1'").fetchone()[0] == "Some"
        assert "document_status" not in _tables(conn)
    finally:
        conn.close()


def test_migrated_file_has_the_same_schema_as_a_new_one(tmp_path: Path) -> None:
    old, new = tmp_path / "old.newscoder", tmp_path / "new.newscoder"
    _make_v1(old)
    Project.open(old).close()
    projectfile.create_file(new, "new")

    def schema(path: Path) -> list[tuple[str, str]]:
        conn = sqlite3.connect(path)
        try:
            return sorted(conn.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL"))
        finally:
            conn.close()

    assert schema(old) == schema(new)


def test_reopening_a_migrated_file_writes_no_second_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.newscoder"
    _make_v1(path)
    with Project.open(path) as first:
        assert first.migration_backup is not None
    with Project.open(path) as second:
        assert second.migration_backup is None


def test_failed_migration_leaves_the_old_version(tmp_path: Path) -> None:
    path = tmp_path / "old.newscoder"
    _make_v1(path)

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("simulated failure in a migration")

    original = MIGRATIONS[1]
    MIGRATIONS[1] = broken
    try:
        with pytest.raises(Exception, match="simulated failure"):
            Project.open(path)
    finally:
        MIGRATIONS[1] = original
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert "half_done" not in _tables(conn)
    finally:
        conn.close()
    with Project.open(path) as project:
        assert project.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION

"""Files that are not sound Newscoder projects are refused clearly and left untouched."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from newscoder.core.errors import (
    CorruptProjectError,
    NewerSchemaError,
    NotAProjectError,
    ProjectNotFoundError,
    ProjectOpenError,
    UserError,
)
from newscoder.core.schema import APPLICATION_ID, SCHEMA_VERSION
from newscoder.core.store import Project


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _good(path: Path) -> bytes:
    """A closed, checkpointed project with some content; returns its bytes."""
    with Project.create(path) as project:
        for i in range(40):
            project.add_document(f"article {i} " + "text " * 400, f"t{i}")
    return path.read_bytes()


def truncated(path: Path) -> None:
    data = _good(path)
    path.write_bytes(data[: len(data) // 2])


def truncated_to_header(path: Path) -> None:
    path.write_bytes(_good(path)[:60])


def random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def header_then_garbage(path: Path) -> None:
    data = _good(path)
    path.write_bytes(data[:100] + os.urandom(len(data) - 100))


def pages_overwritten(path: Path) -> None:
    data = bytearray(_good(path))
    for offset in range(4096, len(data), 4096 * 3):
        data[offset : offset + 512] = os.urandom(512)
    path.write_bytes(bytes(data))


def text_file(path: Path) -> None:
    path.write_text("title: not a project\n\nJust an article.\n", encoding="utf-8")


def empty_file(path: Path) -> None:
    path.write_bytes(b"")


def foreign_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('hello')")
    conn.commit()
    conn.close()


def foreign_sqlite_with_our_tables(path: Path) -> None:
    """Another app's file that happens to have a 'segments' table."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE segments (id TEXT)")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()


def newer_schema(path: Path) -> None:
    _good(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


CASES: list[tuple[Callable[[Path], None], type[ProjectOpenError], str]] = [
    (truncated, CorruptProjectError, "damaged"),
    (truncated_to_header, CorruptProjectError, "truncated"),
    (random_bytes, NotAProjectError, "not a Newscoder project"),
    (header_then_garbage, CorruptProjectError, "damaged"),
    (pages_overwritten, CorruptProjectError, "damaged"),
    (text_file, NotAProjectError, "not an SQLite database"),
    (empty_file, NotAProjectError, "empty"),
    (foreign_sqlite, NotAProjectError, "another application"),
    (foreign_sqlite_with_our_tables, NotAProjectError, "another application"),
    (newer_schema, NewerSchemaError, "newer Newscoder"),
]


@pytest.mark.parametrize(("make", "error", "words"), CASES, ids=[c[0].__name__ for c in CASES])
def test_bad_file_is_refused_and_left_byte_identical(
    tmp_path: Path, make: Callable[[Path], None], error: type[ProjectOpenError], words: str
) -> None:
    path = tmp_path / "bad.newscoder"
    make(path)
    before = _sha(path)
    siblings = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(error) as info:
        Project.open(path)
    message = str(info.value)
    assert str(path) in message and words in message
    assert "\n" not in message and "Traceback" not in message
    assert _sha(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == siblings


@pytest.mark.parametrize(("make", "error", "words"), CASES, ids=[c[0].__name__ for c in CASES])
def test_cli_refuses_bad_file_with_one_line(
    tmp_path: Path, make: Callable[[Path], None], error: type[ProjectOpenError], words: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from newscoder.cli import main

    path = tmp_path / "bad.newscoder"
    make(path)
    before = _sha(path)
    assert main(["info", "-p", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("newscoder: ") and words in err and err.count("\n") == 1
    assert _sha(path) == before


def test_missing_project(tmp_path: Path) -> None:
    with pytest.raises(ProjectNotFoundError, match="no project at"):
        Project.open(tmp_path / "nope.newscoder")
    assert not (tmp_path / "nope.newscoder").exists()


def test_folder_instead_of_file(tmp_path: Path) -> None:
    folder = tmp_path / "dir.newscoder"
    folder.mkdir()
    with pytest.raises(UserError, match="folder"):
        Project.open(folder)


def test_good_project_still_opens(tmp_path: Path) -> None:
    path = tmp_path / "good.newscoder"
    _good(path)
    with Project.open(path) as project:
        assert len(project.documents()) == 40
        assert project.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID

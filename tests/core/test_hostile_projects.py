"""Hostile project files (tests/data/hostile/projects) are refused on open, merge and restore.

Each file differs from what our migrations build in one way (schema or data).
On 944c888 every one of them opened (or merged, or was restored) without a word;
now each is refused with one clear line and left byte-identical.

Regenerate the files: ``.venv/bin/python -m tests.core.test_hostile_projects``.
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from newscoder.core import backup
from newscoder.core.errors import ProjectOpenError, UserError
from newscoder.core.exchange.merge import merge_files
from newscoder.core.store import Project
from tests.conftest import REPO

FOLDER = REPO / "tests" / "data" / "hostile" / "projects"
T = "2024-01-02T03:04:05Z"

Mutation = Callable[[sqlite3.Connection], None]


def _rebuild(table: str, old: str, new: str) -> Mutation:
    """Rewrite one table's CREATE statement (as another program could)."""

    def run(conn: sqlite3.Connection) -> None:
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
        assert old in sql, (table, old)
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", (sql.replace(old, new, 1), table))
        conn.execute("PRAGMA writable_schema = OFF")

    return run


def _sql(*statements: str) -> Mutation:
    def run(conn: sqlite3.Connection) -> None:
        for statement in statements:
            conn.execute(statement)

    return run


def _then(*steps: Mutation) -> tuple[Mutation, ...]:
    """Steps run in separate connections (so a rewritten schema is read afresh)."""
    return steps


def _chain(depth: int) -> Mutation:
    def run(conn: sqlite3.Connection) -> None:
        rows = [(f"k{i}", f"n{i}", f"n{i}", f"k{i - 1}" if i else None, T, T) for i in range(depth)]
        conn.executemany(
            "INSERT INTO codes (id, name, name_key, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)", rows
        )

    return run


#: file name -> (how it is made, words its refusal must contain)
EXPECTED: dict[str, tuple[Mutation | tuple[Mutation, ...], str]] = {
    "extra_trigger.newscoder": (
        _sql("CREATE TRIGGER wipe AFTER INSERT ON segments BEGIN DELETE FROM segments; END"),
        "an extra trigger 'wipe'",
    ),
    "changed_index.newscoder": (
        _sql("DROP INDEX segments_code", "CREATE INDEX segments_code ON segments(coder_id)"),
        "index 'segments_code'",
    ),
    "extra_table.newscoder": (_sql("CREATE TABLE notes (x)"), "an extra table 'notes'"),
    "view_for_table.newscoder": (
        _sql("DROP TABLE document_status", "CREATE VIEW document_status AS SELECT 1"),
        "view 'document_status' stands where a table",
    ),
    "wrong_column_type.newscoder": (
        _rebuild("documents", "title TEXT NOT NULL", "title BLOB NOT NULL"),
        "column 'title' is BLOB, not TEXT",
    ),
    "nullable_timestamp.newscoder": (
        _rebuild("segments", "created_at TEXT NOT NULL", "created_at TEXT"),
        "column 'created_at' allows NULL",
    ),
    "dropped_check.newscoder": (
        _rebuild("segments", 'CHECK (0 <= start AND start < "end")', "CHECK (1)"),
        "table 'segments' is defined differently",
    ),
    "blob_title.newscoder": (_sql("UPDATE documents SET title = X'00FF00FF'"), "title holds a value of the wrong type"),
    "real_offset.newscoder": (_sql("UPDATE segments SET start = 1.5"), "start holds a value of the wrong type"),
    "bad_timestamp.newscoder": (
        _sql("UPDATE segments SET updated_at = 'yesterday'"),
        "updated_at holds a value of the wrong type or not a timestamp",
    ),
    # the schema text is ours again, but a NULL was slipped into a NOT NULL column meanwhile
    "null_timestamp.newscoder": (
        _then(
            _rebuild("segments", "updated_at TEXT NOT NULL", "updated_at TEXT"),
            _sql("UPDATE segments SET updated_at = NULL"),
            _rebuild("segments", "updated_at TEXT", "updated_at TEXT NOT NULL"),
        ),
        "updated_at holds a value of the wrong type or not a timestamp",
    ),
    "segment_past_the_end.newscoder": (_sql('UPDATE segments SET "end" = 10000'), "ends after its article's end"),
    "dangling_code.newscoder": (
        _sql("PRAGMA foreign_keys = OFF", "UPDATE segments SET code_id = 'gone'"),
        "refers to a missing code",
    ),
    "cyclic_codes.newscoder": (
        _sql(
            "INSERT INTO codes (id, name, name_key, parent_id, created_at, updated_at) "
            f"VALUES ('a', 'a', 'a', 'b', '{T}', '{T}')",
            "INSERT INTO codes (id, name, name_key, parent_id, created_at, updated_at) "
            f"VALUES ('b', 'b', 'b', 'a', '{T}', '{T}')",
        ),
        "2 codes sit in a parent cycle",
    ),
    "deep_code_chain.newscoder": (_chain(1000), "deeper than 200 levels"),
    "long_title.newscoder": (
        _sql("UPDATE documents SET title = printf('%.*c', 100000, 'x')"),
        "title is longer than 1,000 characters",
    ),
    "long_code_name.newscoder": (
        _sql("UPDATE codes SET name = printf('%.*c', 5000, 'c') WHERE name_key = 'claim'"),
        "name is longer than 200 characters",
    ),
}


def build(path: Path, mutate: Mutation | tuple[Mutation, ...]) -> None:
    """A small sound project (one article, code, coder, segment), then one mutation."""
    with Project.create(path, "hostile") as project:
        coder = project.ensure_coder("ana")
        doc, _ = project.add_document("North Korean troops were seen near the border.", "Troops")
        code = project.code_by_name("claim")
        assert code is not None
        project.conn.execute(
            'INSERT INTO segments (id, document_id, code_id, coder_id, start, "end", quote, memo, '
            "created_at, updated_at) "
            "VALUES ('s1', ?, ?, ?, 0, 5, 'North', '', ?, ?)",
            (doc.id, code.id, coder.id, T, T),
        )
        project.conn.execute("PRAGMA journal_mode = DELETE")
    for step in mutate if isinstance(mutate, tuple) else (mutate,):
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            conn.execute("PRAGMA foreign_keys = OFF")
            conn.execute("BEGIN")
            step(conn)
            conn.execute("COMMIT")
        finally:
            conn.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("VACUUM")
    conn.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def hostile(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    name = request.param
    path = tmp_path / name
    path.write_bytes((FOLDER / name).read_bytes())
    return path


def test_every_case_is_stored() -> None:
    assert {p.name for p in FOLDER.iterdir()} == set(EXPECTED)


@pytest.mark.parametrize("hostile", sorted(EXPECTED), indirect=True)
def test_open_refuses_and_leaves_the_file_alone(hostile: Path) -> None:
    before = _sha(hostile)
    # the window opens with check=False: refused all the same, but for the one check that
    # costs a lookup per row (a segment past its article's end), left to the full check
    for check in (True, False) if hostile.name != "segment_past_the_end.newscoder" else (True,):
        with pytest.raises(ProjectOpenError, match="refused: this file is not as Newscoder writes it") as info:
            Project.open(hostile, check=check)
        assert EXPECTED[hostile.name][1] in str(info.value)
        assert str(hostile) in str(info.value) and "\n" not in str(info.value)
    assert _sha(hostile) == before
    assert sorted(p.name for p in hostile.parent.iterdir()) == [hostile.name]


@pytest.mark.parametrize("hostile", sorted(EXPECTED), indirect=True)
def test_merge_refuses_and_changes_nothing(hostile: Path, tmp_path: Path) -> None:
    with Project.create(tmp_path / "main.newscoder") as project:
        dump = list(project.conn.iterdump())
        with pytest.raises(UserError, match=EXPECTED[hostile.name][1].replace("(", r"\(").replace(")", r"\)")):
            merge_files(project, [hostile])
        assert list(project.conn.iterdump()) == dump


@pytest.mark.parametrize("hostile", sorted(EXPECTED), indirect=True)
def test_restore_refuses_and_changes_nothing(hostile: Path, tmp_path: Path) -> None:
    target = tmp_path / "main.newscoder"
    Project.create(target).close()
    before = _sha(target)
    with pytest.raises(UserError, match="not as Newscoder writes it"):
        backup.restore_backup(target, hostile)
    assert _sha(target) == before


def test_cli_open_prints_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from newscoder.cli import main

    path = tmp_path / "p.newscoder"
    path.write_bytes((FOLDER / "extra_trigger.newscoder").read_bytes())
    assert main(["info", "-p", str(path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "an extra trigger 'wipe'" in err[0]


def test_a_sound_project_passes(tmp_path: Path) -> None:
    path = tmp_path / "ok.newscoder"
    build(path, lambda conn: None)
    with Project.open(path) as project:
        assert project.segment("s1") is not None


def test_thousands_deep_chain_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "deep.newscoder"
    build(path, _chain(20_000))
    start = time.perf_counter()
    with pytest.raises(ProjectOpenError, match="deeper than 200 levels"):
        Project.open(path)
    assert time.perf_counter() - start < 5


def regenerate() -> None:
    import tempfile

    FOLDER.mkdir(parents=True, exist_ok=True)
    for old in FOLDER.iterdir():
        old.unlink()
    with tempfile.TemporaryDirectory() as home:
        import os

        os.environ["NEWSCODER_HOME"] = home
        for name, (mutate, _) in sorted(EXPECTED.items()):
            build(FOLDER / name, mutate)
            print(name, (FOLDER / name).stat().st_size, file=sys.stderr)


if __name__ == "__main__":
    regenerate()

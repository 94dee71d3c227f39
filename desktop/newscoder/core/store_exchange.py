"""Named queries for merge, QDPX import/export, segments CSV and copies (store layer).

:mod:`newscoder.core.exchange` runs no SQL of its own: it reads and writes the
project through these functions and :class:`~newscoder.core.store.Project`.
Segments are written by :meth:`Project.upsert_segments` only (user edits aside).
Rows are written as given (timestamps kept), in the caller's transaction.
"""

from __future__ import annotations

import sqlite3

from newscoder.core.store import Project


# -- merge: coders, codes, statuses ---------------------------------------------
def insert_coder(project: Project, coder_id: str, name: str, key: str, created_at: str) -> None:
    """Add a coder row as it is (merge keeps the other project's UUID and time)."""
    project.conn.execute(
        "INSERT INTO coders (id, name, name_key, created_at) VALUES (?, ?, ?, ?)",
        (coder_id, name, key, created_at),
    )


def code_deleted(project: Project, code_id: str) -> bool:
    """Whether this code exists here as a deleted code."""
    row = project.conn.execute("SELECT deleted_at FROM codes WHERE id = ?", (code_id,)).fetchone()
    return bool(row and row[0])


def last_code_position(project: Project) -> int:
    """The highest code position (deleted codes included), ``-1`` with no codes."""
    return int(project.conn.execute("SELECT coalesce(max(position), -1) FROM codes").fetchone()[0])


def insert_code(project: Project, code_id: str, name: str, key: str, description: str, color: str,
                shortcut: str | None, parent_id: str | None, position: int, archived: bool, created_at: str,
                updated_at: str) -> None:
    """Add a code row as it is (merge keeps the other project's UUID and times)."""
    project.conn.execute(
        "INSERT INTO codes (id, name, name_key, description, color, shortcut, parent_id, position, archived, "
        "created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
        (code_id, name, key, description, color, shortcut, parent_id, position, int(archived), created_at,
         updated_at),
    )


def set_code_shortcut(project: Project, code_id: str, shortcut: str) -> None:
    """Give a code a shortcut key (QDPX import hands out free keys to new codes)."""
    project.conn.execute("UPDATE codes SET shortcut = ? WHERE id = ?", (shortcut, code_id))


def status_row(project: Project, document_id: str, coder_id: str) -> tuple[str, str] | None:
    """``(status, updated_at)`` of one coder on one article, or ``None`` when never set."""
    row = project.conn.execute(
        "SELECT status, updated_at FROM document_status WHERE document_id = ? AND coder_id = ?",
        (document_id, coder_id),
    ).fetchone()
    return (row[0], row[1]) if row else None


def insert_status(project: Project, document_id: str, coder_id: str, status: str, updated_at: str) -> None:
    project.conn.execute(
        "INSERT INTO document_status (document_id, coder_id, status, updated_at) VALUES (?, ?, ?, ?)",
        (document_id, coder_id, status, updated_at),
    )


def update_status(project: Project, document_id: str, coder_id: str, status: str, updated_at: str) -> None:
    project.conn.execute(
        "UPDATE document_status SET status = ?, updated_at = ? WHERE document_id = ? AND coder_id = ?",
        (status, updated_at, document_id, coder_id),
    )


def scratch_copy(project: Project) -> Project:
    """An in-memory copy of the project (dry runs): the file is only read."""
    mem = sqlite3.connect(":memory:", isolation_level=None)
    project.conn.backup(mem)
    mem.execute("PRAGMA foreign_keys = ON")
    return Project(project.path, mem)

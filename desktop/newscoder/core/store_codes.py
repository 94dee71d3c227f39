"""Named queries about codes for the codebook's edits, merge and QDPX import (store layer)."""

from __future__ import annotations

from newscoder.core.store import Project


def last_code_position(project: Project) -> int:
    """The highest code position (deleted codes included), ``-1`` with no codes."""
    return int(project.conn.execute("SELECT coalesce(max(position), -1) FROM codes").fetchone()[0])


def live_segment_count(project: Project, code_id: str) -> int:
    """How many live segments (any coder) have this code."""
    row = project.conn.execute(
        "SELECT count(*) FROM segments WHERE code_id = ? AND deleted_at IS NULL", (code_id,)
    ).fetchone()
    return int(row[0])

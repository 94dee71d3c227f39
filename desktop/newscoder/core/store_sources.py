"""Named queries for the project's sources (store layer): :mod:`newscoder.core.sources` runs no SQL of its own."""

from __future__ import annotations

from typing import Any

from newscoder.core.store import Project

#: a source row: ``(id, name, kind, affiliation, merged_into)``
SOURCE_COLUMNS = "id, name, kind, affiliation, merged_into"


def live_source_rows(project: Project) -> list[tuple[Any, ...]]:
    """The live sources' rows, by name key then id."""
    return project.conn.execute(
        f"SELECT {SOURCE_COLUMNS} FROM sources WHERE deleted_at IS NULL ORDER BY name_key, id").fetchall()


def source_row(project: Project, source_id: str) -> tuple[Any, ...] | None:
    """One source's row by id (a merged-away or deleted one too)."""
    row: tuple[Any, ...] | None = project.conn.execute(
        f"SELECT {SOURCE_COLUMNS} FROM sources WHERE id = ?", (source_id,)).fetchone()
    return row


def live_source_row_by_key(project: Project, key: str) -> tuple[Any, ...] | None:
    """The live source's row with this name key, if any."""
    row: tuple[Any, ...] | None = project.conn.execute(
        f"SELECT {SOURCE_COLUMNS} FROM sources WHERE name_key = ? AND deleted_at IS NULL", (key,)).fetchone()
    return row


def segment_attributes_mentioning(project: Project, text: str) -> list[tuple[str, str]]:
    """``(id, attributes)`` of every segment (deleted ones too) whose attribute JSON contains ``text``."""
    return project.conn.execute(
        "SELECT id, attributes FROM segments WHERE instr(attributes, ?) > 0", (text,)).fetchall()


def live_segment_attribute_texts(project: Project) -> list[str]:
    """The attribute JSON of every live segment that has attribute values."""
    return [r[0] for r in project.conn.execute(
        "SELECT attributes FROM segments WHERE deleted_at IS NULL AND attributes != '{}'")]

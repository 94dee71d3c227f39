"""User changes as small, named, invertible edits.

An :class:`Edit` is a list of row changes (before → after). Builders such as
:func:`add_segment` read the store, check the request and return an edit;
:func:`apply` writes it in one transaction; ``edit.inverse()`` undoes it.
The UI wraps each edit in a ``QUndoCommand``; the CLI and tests call
:func:`apply` directly.

Before writing, :func:`apply` checks that each row is still as the edit
expects (ignoring ``updated_at``), so an undo never clobbers a change made
meanwhile by another process; it raises :class:`EditError` instead.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from newscoder.core.changes import Changes
from newscoder.core.errors import EditError
from newscoder.core.records import Status
from newscoder.core.store import Project, name_key
from newscoder.core.timeutil import now_utc

_PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "segments": ("id",),
    "codes": ("id",),
    "coders": ("id",),
    "documents": ("id",),
    "document_status": ("document_id", "coder_id"),
    "variables": ("id",),
    "gold_segments": ("id",),
    "sources": ("id",),
    "suggestion_rejections": ("id",),
    "segment_provenance": ("segment_id",),
}
_STAMPED = {"segments", "codes", "document_status", "gold_segments", "sources"}


@dataclass(frozen=True)
class RowChange:
    """One row's change. ``before is None``: insert; ``after is None``: delete."""

    table: str
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None

    def inverse(self) -> RowChange:
        return RowChange(self.table, self.after, self.before)

    def key(self) -> dict[str, Any]:
        row = self.after if self.after is not None else self.before
        assert row is not None
        return {k: row[k] for k in _PRIMARY_KEYS[self.table]}


@dataclass(frozen=True)
class Edit:
    """A named user change; ``label`` is shown in the undo history."""

    label: str
    changes: tuple[RowChange, ...] = field(default_factory=tuple)

    def inverse(self) -> Edit:
        return Edit(self.label, tuple(c.inverse() for c in reversed(self.changes)))

    def touched(self, table: str) -> list[dict[str, Any]]:
        """The keys of the rows of ``table`` this edit changes."""
        return [c.key() for c in self.changes if c.table == table]


def _q(column: str) -> str:
    return f'"{column}"'


#: Columns never read into an edit: an article's text never changes and may be large.
_NOT_READ: dict[str, frozenset[str]] = {"documents": frozenset({"text"})}


def _columns(project: Project, table: str) -> tuple[str, ...]:
    """The columns of ``table`` an edit reads (all but those in :data:`_NOT_READ`)."""
    skip = _NOT_READ.get(table, frozenset())
    return tuple(r[1] for r in project.conn.execute(f"PRAGMA table_info({table})") if r[1] not in skip)


def _current(
    project: Project, change: RowChange, columns: tuple[str, ...] | None = None
) -> dict[str, Any] | None:
    """The row ``change`` is about as it is now: the given columns (default: all but large ones)."""
    key = change.key()
    where = " AND ".join(f"{_q(k)} = ?" for k in key)
    cols = columns if columns is not None else _columns(project, change.table)
    row = project.conn.execute(
        f"SELECT {', '.join(_q(c) for c in cols)} FROM {change.table} WHERE {where}", list(key.values())
    ).fetchone()
    if row is None:
        return None
    return dict(zip(cols, row, strict=True))


def _matches(current: Mapping[str, Any] | None, expected: Mapping[str, Any] | None) -> bool:
    if current is None or expected is None:
        return current is None and expected is None
    return all(current.get(k) == v for k, v in expected.items() if k != "updated_at")


def _write(project: Project, change: RowChange, now: str) -> None:
    key = change.key()
    where = " AND ".join(f"{_q(k)} = ?" for k in key)
    if change.after is None:
        project.conn.execute(f"DELETE FROM {change.table} WHERE {where}", list(key.values()))
        return
    row = dict(change.after)
    if change.before is None:
        cols = ", ".join(_q(c) for c in row)
        marks = ", ".join("?" for _ in row)
        project.conn.execute(f"INSERT INTO {change.table} ({cols}) VALUES ({marks})", list(row.values()))
        return
    if change.table in _STAMPED:
        row["updated_at"] = now
    sets = ", ".join(f"{_q(c)} = ?" for c in row if c not in key)
    values = [v for c, v in row.items() if c not in key]
    project.conn.execute(f"UPDATE {change.table} SET {sets} WHERE {where}", values + list(key.values()))


#: The rows a live row of a table needs: (its column, the table it names). A code that
#: was deleted (a tombstone) does not count: nothing live may point at it.
_DEPENDS_ON: dict[str, tuple[tuple[str, str], ...]] = {
    "segments": (("document_id", "documents"), ("code_id", "codes"), ("coder_id", "coders")),
    "document_status": (("document_id", "documents"), ("coder_id", "coders")),
    "codes": (("parent_id", "codes"),),
}
_TOMBSTONED = frozenset({"codes", "segments"})
_WHAT = {"documents": "article", "codes": "code", "coders": "coder"}


def _missing_dependency(project: Project, change: RowChange) -> str | None:
    """What a live row written by ``change`` needs and no longer finds (as a phrase), or ``None``.

    Read inside the edit's transaction, after its earlier changes: an undo that
    brings a code back together with its segments passes.
    """
    row = change.after
    if row is None or (change.table in _TOMBSTONED and row.get("deleted_at") is not None):
        return None
    current = row if change.before is None else {**(_current(project, change) or {}), **row}
    for column, table in _DEPENDS_ON.get(change.table, ()):
        value = current.get(column)
        if value is None:
            continue
        tombstone = ", deleted_at" if table in _TOMBSTONED else ""
        found = project.conn.execute(f"SELECT id{tombstone} FROM {table} WHERE id = ?", (value,)).fetchone()
        if found is None or (tombstone and found[1] is not None):
            return f"its {'parent code' if column == 'parent_id' else _WHAT[table]} was deleted"
    return None


def _as_written(change: RowChange, now: str) -> Mapping[str, Any] | None:
    """The row after ``change`` as :func:`_write` stores it (an update is stamped ``now``)."""
    if change.after is None or change.before is None or change.table not in _STAMPED:
        return change.after
    return {**change.after, "updated_at": now}


def apply(project: Project, edit: Edit) -> Changes:
    """Write ``edit`` in one transaction, or nothing if the store has moved on.

    Each row must still be as the edit expects, and every row a written row
    depends on (a segment's code, article and coder; a status's article and
    coder; a code's parent) must still be there: an undo never brings back a
    segment whose code another program deleted meanwhile.

    Returns what changed (the rows as written), so nobody re-reads what was just written.
    """
    now = now_utc()
    with project.atomic():
        for change in edit.changes:
            # the stale-row check reads only the columns the edit expects (an insert: only the key)
            expected = tuple(change.before) if change.before is not None else tuple(change.key())
            if not _matches(_current(project, change, expected), change.before):
                raise EditError(f"cannot {edit.label.lower()}: the project was changed meanwhile")
            missing = _missing_dependency(project, change)
            if missing is not None:
                raise EditError(f"cannot {edit.label.lower()}: {missing} meanwhile (by another program)")
            _write(project, change, now)
    return Changes.from_rows((c.table, c.before, _as_written(c, now)) for c in edit.changes)


# -- reading rows -------------------------------------------------------------
def _row(project: Project, table: str, **key: Any) -> dict[str, Any]:
    change = RowChange(table, dict(key), None)
    row = _current(project, change)
    if row is None:
        raise EditError(f"no such {table[:-1].replace('_', ' ')}: {', '.join(map(str, key.values()))}")
    return row


def _update(project: Project, table: str, key: Mapping[str, Any], **values: Any) -> RowChange:
    before = _row(project, table, **key)
    after = dict(before)
    after.update(values)
    return RowChange(table, before, after)


# -- segments -----------------------------------------------------------------
def _status_change(project: Project, document_id: str, coder_id: str, status: Status) -> RowChange | None:
    current = _current(project, RowChange("document_status", {"document_id": document_id, "coder_id": coder_id}, None))
    if current is not None and current["status"] == status.value:
        return None
    after = {"document_id": document_id, "coder_id": coder_id, "status": status.value, "updated_at": now_utc()}
    return RowChange("document_status", current, after)


def _new_coder(project: Project, coder_id: str, coder_name: str) -> list[RowChange]:
    """Register the coder with this edit if the project does not know them yet (see :func:`add_segment`)."""
    if project.coder(coder_id) is not None:
        return []
    clean = " ".join(coder_name.split())
    if not clean:
        raise EditError(f"no such coder: {coder_id}")
    if project.coder_by_name(clean) is not None:
        raise EditError(f"another coder is already called {clean}")
    row = {"id": coder_id, "name": clean, "name_key": name_key(clean), "created_at": now_utc()}
    return [RowChange("coders", None, row)]


def add_segment(
    project: Project,
    document_id: str,
    code_id: str,
    coder_id: str,
    start: int,
    end: int,
    memo: str = "",
    segment_id: str | None = None,
    *,
    attributes: str = "{}",
    coder_name: str = "",
) -> Edit:
    """Code ``[start, end)`` of a document. Marks a not-started document in progress.

    A coder is registered lazily, by their first edit: if ``coder_id`` is not in
    the project yet and ``coder_name`` is given, the edit also adds that coder
    (undone with it). Merely opening a project, or a copy made for someone
    else, adds no coder.
    """
    # the quote and the length only: never the whole (possibly long) text per key press
    found = project.conn.execute(
        "SELECT length, substr(text, ?, ?) FROM documents WHERE id = ?",
        (max(start, 0) + 1, max(end - start, 0), document_id),
    ).fetchone()
    if found is None:
        raise KeyError(document_id)
    length, quote = int(found[0]), str(found[1])
    if not 0 <= start < end <= length:
        raise EditError(f"cannot code [{start}, {end}): the article has {length} characters")
    if project.code(code_id) is None:
        raise EditError(f"no such code: {code_id}")
    changes = _new_coder(project, coder_id, coder_name)
    now = now_utc()
    row = {
        "id": segment_id or str(uuid.uuid4()),
        "document_id": document_id,
        "code_id": code_id,
        "coder_id": coder_id,
        "start": start,
        "end": end,
        "quote": quote,
        "memo": memo,
        "created_at": now,
        "updated_at": now,
        "deleted_at": None,
        "attributes": attributes,
    }
    changes.append(RowChange("segments", None, row))
    if project.status(document_id, coder_id) == Status.NOT_STARTED:
        status = _status_change(project, document_id, coder_id, Status.IN_PROGRESS)
        if status is not None:
            changes.append(status)
    return Edit("Add segment", tuple(changes))


def delete_segment(project: Project, segment_id: str) -> Edit:
    """Delete a segment, keeping a tombstone for merges."""
    return Edit("Delete segment", (_update(project, "segments", {"id": segment_id}, deleted_at=now_utc()),))


def change_segment_code(project: Project, segment_id: str, code_id: str) -> Edit:
    if project.code(code_id) is None:
        raise EditError(f"no such code: {code_id}")
    return Edit("Change code", (_update(project, "segments", {"id": segment_id}, code_id=code_id),))


def move_segment_boundary(
    project: Project, segment_id: str, *, start: int | None = None, end: int | None = None
) -> Edit:
    """Move a segment's start and/or end (its quote follows); the span stays inside the article."""
    before = _row(project, "segments", id=segment_id)
    new_start = before["start"] if start is None else start
    new_end = before["end"] if end is None else end
    found = project.document_length_and_quote(before["document_id"], new_start, new_end)
    if found is None:
        raise KeyError(before["document_id"])
    length, quote = found
    if not 0 <= new_start < new_end <= length:
        raise EditError(f"cannot move the segment to [{new_start}, {new_end}): the article has {length} characters")
    return Edit("Move segment boundary",
                (_update(project, "segments", {"id": segment_id}, start=new_start, end=new_end, quote=quote),))


def set_segment_memo(project: Project, segment_id: str, memo: str) -> Edit:
    return Edit("Edit memo", (_update(project, "segments", {"id": segment_id}, memo=memo),))


def set_status(project: Project, document_id: str, coder_id: str, status: Status, *, coder_name: str = "") -> Edit:
    """An article's status for one coder; registers the coder like :func:`add_segment`."""
    change = _status_change(project, document_id, coder_id, Status(status))
    if change is None:
        return Edit("Set status", ())
    return Edit("Set status", (*_new_coder(project, coder_id, coder_name), change))


# -- documents ----------------------------------------------------------------
DOCUMENT_FIELDS = ("title", "source", "author", "published", "url")


def update_document(project: Project, document_id: str, **fields: str) -> Edit:
    """Edit an article's metadata. The text itself never changes."""
    unknown = set(fields) - set(DOCUMENT_FIELDS)
    if unknown:
        raise EditError(f"cannot edit {', '.join(sorted(unknown))} of an article")
    if "title" in fields and not fields["title"].strip():
        raise EditError("an article needs a title")
    return Edit("Edit article properties", (_update(project, "documents", {"id": document_id}, **fields),))

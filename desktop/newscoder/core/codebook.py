"""The codebook: the default codes, and edits to codes.

The default codebook is data (``resources/codebook/default.json``), not code.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from newscoder.core import store_codes
from newscoder.core.edits import Edit, RowChange, _row, _update
from newscoder.core.errors import EditError
from newscoder.core.store import Project, name_key
from newscoder.core.timeutil import now_utc

COLOR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")
SHORTCUTS = tuple("123456789")

#: Okabe–Ito palette (colour-blind safe), then a few more distinct colours.
PALETTE = (
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000",
    "#882255", "#44AA99", "#999933", "#AA4499",
)


def install_default_codebook(project: Project) -> None:
    """Add the default codes to a project (inside the caller's transaction)."""
    project.install_default_codebook()


def _check_name(project: Project, name: str, code_id: str | None = None) -> str:
    clean = " ".join(name.split())
    if not clean:
        raise EditError("a code needs a name")
    other = project.code_by_name(clean)
    if other is not None and other.id != code_id:
        raise EditError(f"a code named {other.name!r} already exists")
    return clean


def _check_color(color: str) -> str:
    if not COLOR_RE.match(color):
        raise EditError(f"not a colour: {color!r} (expected #RRGGBB)")
    return color.upper()


def _shortcut_changes(project: Project, code_id: str, shortcut: str | None) -> list[RowChange]:
    """Free ``shortcut`` from whichever code holds it (it moves to ``code_id``)."""
    if shortcut is None:
        return []
    if shortcut not in SHORTCUTS:
        raise EditError(f"a code's shortcut must be one of 1-9, not {shortcut!r}")
    return [
        _update(project, "codes", {"id": c.id}, shortcut=None)
        for c in project.codes()
        if c.shortcut == shortcut and c.id != code_id
    ]


def next_free_shortcut(project: Project) -> str | None:
    used = {c.shortcut for c in project.codes(include_archived=False)}
    return next((s for s in SHORTCUTS if s not in used), None)


def next_color(project: Project) -> str:
    used = {c.color.upper() for c in project.codes()}
    return next((c for c in PALETTE if c not in used), PALETTE[len(used) % len(PALETTE)])


def add_code(
    project: Project,
    name: str,
    description: str = "",
    color: str | None = None,
    shortcut: str | None = None,
    parent_id: str | None = None,
    code_id: str | None = None,
) -> Edit:
    """Add a code at the end of the codebook."""
    clean = _check_name(project, name)
    if parent_id is not None and project.code(parent_id) is None:
        raise EditError(f"no such parent code: {parent_id}")
    new_id = code_id or str(uuid.uuid4())
    now = now_utc()
    last = store_codes.last_code_position(project)
    row = {
        "id": new_id,
        "name": clean,
        "name_key": name_key(clean),
        "description": description,
        "color": _check_color(color or next_color(project)),
        "shortcut": None,
        "parent_id": parent_id,
        "position": int(last) + 1,
        "archived": 0,
        "created_at": now,
        "updated_at": now,
        "deleted_at": None,
    }
    changes = _shortcut_changes(project, new_id, shortcut)
    row["shortcut"] = shortcut
    return Edit("Add code", (*changes, RowChange("codes", None, row)))


def update_code(project: Project, code_id: str, **fields: Any) -> Edit:
    """Rename, recolour, re-key, redefine or re-parent a code."""
    allowed = {"name", "description", "color", "shortcut", "parent_id"}
    unknown = set(fields) - allowed
    if unknown:
        raise EditError(f"cannot change {', '.join(sorted(unknown))} of a code")
    values: dict[str, Any] = {}
    changes: list[RowChange] = []
    if "name" in fields:
        values["name"] = _check_name(project, fields["name"], code_id)
        values["name_key"] = name_key(values["name"])
    if "description" in fields:
        values["description"] = str(fields["description"])
    if "color" in fields:
        values["color"] = _check_color(fields["color"])
    if "shortcut" in fields:
        changes.extend(_shortcut_changes(project, code_id, fields["shortcut"]))
        values["shortcut"] = fields["shortcut"]
    if "parent_id" in fields:
        parent = fields["parent_id"]
        ancestor = parent
        while ancestor is not None:
            if ancestor == code_id:
                raise EditError("a code cannot be placed under itself")
            found = project.code(ancestor)
            if found is None:
                raise EditError(f"no such parent code: {ancestor}")
            ancestor = found.parent_id
        values["parent_id"] = parent
    label = "Rename code" if set(fields) == {"name"} else "Edit code"
    return Edit(label, (*changes, _update(project, "codes", {"id": code_id}, **values)))


def move_code(project: Project, code_id: str, new_index: int) -> Edit:
    """Move a code to ``new_index`` in the codebook's order."""
    order = [c.id for c in project.codes()]
    if code_id not in order:
        raise EditError(f"no such code: {code_id}")
    order.remove(code_id)
    order.insert(max(0, min(new_index, len(order))), code_id)
    changes = []
    for position, cid in enumerate(order):
        if _row(project, "codes", id=cid)["position"] != position:
            changes.append(_update(project, "codes", {"id": cid}, position=position))
    return Edit("Reorder codes", tuple(changes))


def archive_code(project: Project, code_id: str, archived: bool = True) -> Edit:
    """Hide a code from coding; its segments are kept. Archiving frees its shortcut."""
    values: dict[str, Any] = {"archived": int(archived)}
    if archived:
        values["shortcut"] = None
    return Edit("Archive code" if archived else "Restore code", (_update(project, "codes", {"id": code_id}, **values),))


def live_segment_count(project: Project, code_id: str) -> int:
    """How many live segments have this code (asked before deleting it)."""
    return store_codes.live_segment_count(project, code_id)


def delete_code(project: Project, code_id: str) -> Edit:
    """Delete a code and (as tombstones) its segments. Ask first if it has any."""
    now = now_utc()
    children = [c.name for c in project.codes() if c.parent_id == code_id]
    if children:
        raise EditError(f"cannot delete a code that has sub-codes ({', '.join(children)}); move them first")
    changes = [
        _update(project, "segments", {"id": s.id}, deleted_at=now)
        for s in project.segments(code_id=code_id)
    ]
    changes.append(_update(project, "codes", {"id": code_id}, deleted_at=now, shortcut=None))
    return Edit("Delete code", tuple(changes))

"""Edits of attributes: a code's definitions, a segment's values (each one named, invertible edit)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from newscoder.core import attributes as attrs
from newscoder.core import sources
from newscoder.core.edits import Edit, RowChange, _row, _update
from newscoder.core.errors import EditError
from newscoder.core.store import Project


def definitions_of(project: Project, code_id: str) -> list[attrs.AttributeDef]:
    """A code's attribute definitions (a damaged cell reads as none)."""
    try:
        return attrs.parse_definitions(project.code_attribute_json().get(code_id, "[]"))
    except attrs.AttributeValueError:
        return []


def all_definitions(project: Project) -> dict[str, list[attrs.AttributeDef]]:
    out = {}
    for code_id, text in project.code_attribute_json().items():
        try:
            out[code_id] = attrs.parse_definitions(text)
        except attrs.AttributeValueError:
            out[code_id] = []
    return out


def set_code_attributes(project: Project, code_id: str,
                        defs: Sequence[attrs.AttributeDef] | Sequence[Mapping[str, Any]]) -> Edit:
    """Define a code's attributes (the whole list, in order). Values already on segments stay stored."""
    try:
        checked = [d if isinstance(d, attrs.AttributeDef) else attrs.definition_from_json(d) for d in defs]
        text = attrs.definitions_json(checked)
        attrs.parse_definitions(text)  # names unique
    except attrs.AttributeValueError as exc:
        raise EditError(str(exc)) from exc
    return Edit("Edit code attributes", (_update(project, "codes", {"id": code_id}, attributes=text),))


def checked_values(project: Project, code_id: str, values: Mapping[str, Any],
                   new_sources: Collection[str] = ()) -> str:
    """``values`` checked against the code's definitions and the source list, as stored JSON."""
    defs = definitions_of(project, code_id)
    try:
        clean = attrs.clean_values(defs, values)
    except attrs.AttributeValueError as exc:
        raise EditError(str(exc)) from exc
    for d in defs:
        if d.type == "source" and d.name in clean and clean[d.name] not in new_sources:
            found = sources.resolve(project, clean[d.name])
            if found is None:
                raise EditError(f"{d.name}: no such source: {clean[d.name][:40]}")
            clean[d.name] = found.id
    return attrs.canonical(clean)


def set_segment_attributes(project: Project, segment_id: str, values: Mapping[str, Any],
                           new_sources: Collection[str] = ()) -> Edit:
    """Give a segment these attribute values (the whole set; empty values are cleared).

    ``new_sources`` are ids of sources added by the same user action (an edit placed before this one).
    """
    before = _row(project, "segments", id=segment_id)
    if before["deleted_at"] is not None:
        raise EditError("that segment no longer exists")
    text = checked_values(project, before["code_id"], values, new_sources)
    if text == before["attributes"]:
        return Edit("Edit attributes", ())
    return Edit("Edit attributes", (_update(project, "segments", {"id": segment_id}, attributes=text),))


def set_attributes_adding_sources(project: Project, segment_id: str, values: Mapping[str, Any],
                                  new_names: Collection[str]) -> Edit:
    """One edit: add these sources (kind "other"), then give the segment ``values``.

    A value equal to one of ``new_names`` is replaced by the new source's id.
    """
    added: list[RowChange] = []
    ids: dict[str, str] = {}
    for name in dict.fromkeys(new_names):
        found = sources.source_by_name(project, name)
        if found is not None:
            ids[name] = found.id
            continue
        edit = sources.add_source(project, name)
        added.extend(edit.changes)
        ids[name] = str(edit.changes[0].after["id"])  # type: ignore[index]
    code_id = _row(project, "segments", id=segment_id)["code_id"]
    source_attrs = {d.name for d in definitions_of(project, code_id) if d.type == "source"}
    resolved = {k: (ids.get(v, v) if k in source_attrs and isinstance(v, str) else v) for k, v in values.items()}
    body = set_segment_attributes(project, segment_id, resolved, new_sources=set(ids.values()))
    return Edit("Edit attributes", (*added, *body.changes))

"""Named queries for document variables by name: the article list's sort, groups and filters, and merge's
value writes (the store layer).

One variable's value for every article is read with one query: a built-in is a column of
``documents``; any other name is a key of each article's ``metadata`` JSON object (read with
``json_each``, so a key with quotes or dots needs no escaping).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from newscoder.core.store import Project
from newscoder.core.variables_order import Kind

#: built-in variables (columns of ``documents``) and how they are typed
BUILTIN_KINDS = {"title": Kind("text"), "source": Kind("text"), "author": Kind("text"),
                 "published": Kind("date"), "url": Kind("text")}


def variable_values(project: Project, name: str) -> dict[str, str]:
    """``{document_id: value}`` of one variable ('' or absent when an article lacks it)."""
    if name in BUILTIN_KINDS:  # a column name from the fixed list above, never user text
        return {r[0]: r[1] or "" for r in project.conn.execute(f"SELECT id, {name} FROM documents")}
    out: dict[str, str] = {}
    for doc_id, value, kind in project.conn.execute(
            "SELECT d.id, j.value, j.type FROM documents AS d, json_each(CASE WHEN json_valid(d.metadata) "
            "AND json_type(d.metadata) = 'object' THEN d.metadata ELSE '{}' END) AS j WHERE j.key = ?", (name,)):
        if value is None:
            continue
        if kind in ("true", "false"):
            value = kind
        out[doc_id] = value if isinstance(value, str) else json.dumps(value)
    return out


def variable_kind(project: Project, name: str) -> Kind:
    """How a variable's values are typed: built-ins as fixed, a defined variable by its definition, others text."""
    if name in BUILTIN_KINDS:
        return BUILTIN_KINDS[name]
    folded = name.casefold()
    for r in project.conn.execute("SELECT name, type, choices FROM variables"):
        if r[0].casefold() == folded:
            try:
                choices = tuple(str(c) for c in json.loads(r[2] or "[]"))
            except ValueError:
                choices = ()
            return Kind(r[1], choices if r[1] == "choice" else ())
    return Kind("text")


def write_document_variables(project: Project, document_id: str, columns: Mapping[str, str],
                             metadata: Mapping[str, Any] | None) -> None:
    """Set an article's built-in variables (``columns``, names from :data:`BUILTIN_KINDS`) and, if given, replace
    its metadata object (a merge's values; the caller holds the transaction and checked the values)."""
    bad = [name for name in columns if name not in BUILTIN_KINDS]
    if bad:
        raise ValueError(f"not built-in variables: {bad}")
    sets = [f"{name} = ?" for name in columns]
    args: list[Any] = list(columns.values())
    if metadata is not None:
        sets.append("metadata = ?")
        args.append(json.dumps(dict(metadata), ensure_ascii=False, sort_keys=True))
    if sets:
        with project.atomic():
            project.conn.execute(f"UPDATE documents SET {', '.join(sets)} WHERE id = ?", (*args, document_id))

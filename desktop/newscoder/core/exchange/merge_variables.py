"""Variable definitions in a merge (issue 14, item 3): the ``variables`` table travels with the values.

* A definition we lack (by case-insensitive name, as :func:`store.name_key`) is added with its type and choices.
* A definition whose type differs from ours keeps ours; the merge report says so.
* A choice variable of the same type keeps our list; a differing list is noted.
* A coder copy of this project may not add or change definitions (it may change only its coder's work):
  its new definitions are left out and reported as skipped; the values its articles carry still merge.
* A bad definition (no name, a built-in's name, an unknown type, a choice without choices) is skipped.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from newscoder.core import corpus
from newscoder.core.errors import EditError
from newscoder.core.exchange.bundle import Bundle
from newscoder.core.exchange.merge_copy import copy_coder
from newscoder.core.store import Project, name_key
from newscoder.core.variables import BUILTIN, TYPES, check_name

if TYPE_CHECKING:
    from newscoder.core.exchange.merge import MergeReport


def _choices(text: str) -> list[str] | None:
    """A definition's choices (cleaned, unique), or ``None`` when the JSON is not a list of strings."""
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return None
    if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
        return None
    return list(dict.fromkeys(" ".join(c.split()) for c in value if c.strip()))


def merge_variables(project: Project, bundle: Bundle, report: MergeReport) -> None:
    """Bring in the variable definitions ``project`` lacks; report type clashes (ours stay)."""
    if not bundle.variables:
        return
    ours = {name_key(d.name): d for d in corpus.variable_defs(project)}
    is_copy = copy_coder(project, bundle) is not None
    new: list[tuple[str, str, list[str]]] = []
    for raw_name, kind, raw_choices in bundle.variables:
        try:
            name = check_name(raw_name or "")
        except EditError as exc:
            report.skipped.append(f"variable {raw_name!r}: {exc}")
            continue
        choices = _choices(raw_choices)
        if name.casefold() in BUILTIN or kind not in TYPES or choices is None or (kind == "choice") != bool(choices):
            report.skipped.append(f"variable {name!r}: not a valid definition ({kind})")
            continue
        mine = ours.get(name_key(name))
        if mine is None:
            if is_copy:
                report.skipped.append(f"variable {name!r}: a coder copy may not add variable definitions")
                continue
            new.append((name, kind, choices))
            ours[name_key(name)] = corpus.VariableDef("", name, kind, tuple(choices), 0)
            report.variables_added.append(f"{name} ({kind})")
        elif mine.type != kind:
            report.conflicts.append(f"variable {name!r} is {kind} there and {mine.type} here; ours stays")
        elif kind == "choice" and list(mine.choices) != choices:
            report.notes.append(f"variable {name!r}: its choices differ; ours stay")
    if new:
        corpus.add_variable_defs(project, new)

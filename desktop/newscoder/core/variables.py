"""Document variables: built-in (title, source, author, published, url) and typed project variables.

A project variable is ``text``, ``number``, ``date`` (``YYYY``, ``YYYY-MM`` or
``YYYY-MM-DD``) or ``choice`` (one of a list). Values are stored as strings in each
article's ``metadata`` object (where front matter and QDPX variables already land), so a
front-matter key *is* a variable: one without a definition reads as text. Setting values
is one named, invertible edit; an empty value removes the variable from the article.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from newscoder.core.exchange.segments_csv_read import unescape_formula
from newscoder.core import corpus
from newscoder.core.edits import Edit, RowChange
from newscoder.core.errors import EditError
from newscoder.core.store import Project, name_key
from newscoder.core.timeutil import now_utc

TYPES = ("text", "number", "date", "choice")
BUILTIN = corpus.BUILTIN_VARIABLES
MAX_NAME = 64
MAX_VALUE = 10_000
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def check_name(name: str) -> str:
    """A variable name, cleaned, or a one-line :class:`EditError`."""
    clean = " ".join(name.split())
    if not clean:
        raise EditError("a variable needs a name")
    if len(clean) > MAX_NAME:
        raise EditError(f"a variable name is at most {MAX_NAME} characters")
    if any(ch in clean for ch in "=:\"\\") or any(ord(ch) < 32 for ch in clean):
        raise EditError(f"a variable name may not hold = : \" \\ or control characters: {clean!r}")
    return clean


def types_by_name(project: Project) -> dict[str, corpus.VariableDef]:
    """Defined variables by their case-folded name."""
    return {d.name.casefold(): d for d in corpus.variable_defs(project)}


def normalise(defn: corpus.VariableDef | None, name: str, value: str) -> str:
    """The value as stored for this variable (typed check), or a one-line :class:`EditError`."""
    value = value.strip()
    if len(value) > MAX_VALUE:
        raise EditError(f"{name}: a value is at most {MAX_VALUE} characters")
    if any(ord(ch) < 32 and ch not in "\t" for ch in value):
        raise EditError(f"{name}: a value may not hold line breaks or control characters")
    if not value or defn is None or defn.type == "text":
        return value
    if defn.type == "number":
        if not _NUMBER.fullmatch(value.replace(",", "")) or value.count(",") and not re.fullmatch(
                r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?", value):
            raise EditError(f"{name}: {value!r} is not a number")
        return value.replace(",", "")
    if defn.type == "date":
        m = _DATE.fullmatch(value)
        try:
            if m is None:
                raise ValueError
            date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
        except ValueError:
            raise EditError(f"{name}: {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") from None
        return value
    for choice in defn.choices:
        if choice.casefold() == value.casefold():
            return choice
    raise EditError(f"{name}: {value!r} is not one of {', '.join(defn.choices)}")


def define(project: Project, name: str, type_: str, choices: tuple[str, ...] = ()) -> Edit:
    """Define a project variable (one edit)."""
    name = check_name(name)
    if name.casefold() in BUILTIN:
        raise EditError(f"{name} is a built-in variable")
    if type_ not in TYPES:
        raise EditError(f"a variable's type is one of {', '.join(TYPES)}, not {type_!r}")
    clean = tuple(dict.fromkeys(" ".join(c.split()) for c in choices if c.strip()))
    if type_ == "choice" and not clean:
        raise EditError("a choice variable needs its list of choices")
    if type_ != "choice" and clean:
        raise EditError("only a choice variable takes choices")
    if name.casefold() in types_by_name(project):
        raise EditError(f"a variable named {name!r} exists already")
    row = {"id": str(uuid.uuid4()), "name": name, "name_key": name_key(name), "type": type_,
           "choices": json.dumps(list(clean), ensure_ascii=False), "position": corpus.next_variable_position(project),
           "created_at": now_utc()}
    return Edit("Define variable", (RowChange("variables", None, row),))


def set_values(project: Project, values: Mapping[str, Mapping[str, str]], label: str = "Set variables") -> Edit:
    """One edit setting ``values[document_id][name] = value`` (typed; empty removes).

    Built-in names write the article's columns (a title may not be empty); other names
    its metadata. Names compare case-insensitively with the known ones.
    """
    defs = types_by_name(project)
    known = {n.casefold(): n for n in corpus.metadata_keys(project)}
    known.update({d.name.casefold(): d.name for d in defs.values()})
    changes: list[RowChange] = []
    for doc_id, assignments in values.items():
        raw = corpus.document_raw(project, doc_id)
        if raw is None:
            raise EditError(f"no such article: {doc_id}")
        before: dict[str, object] = {"id": doc_id}
        after: dict[str, object] = {"id": doc_id}
        meta = corpus.parse_metadata(raw["metadata"])
        meta_changed = False
        for given, value in assignments.items():
            name = check_name(given)
            builtin = name.casefold() if name.casefold() in BUILTIN else None
            if builtin is not None:
                clean = normalise(None, builtin, value)
                if builtin == "title" and not clean:
                    raise EditError(f"{doc_id}: an article needs a title")
                if raw[builtin] != clean:
                    before[builtin], after[builtin] = raw[builtin], clean
                continue
            name = known.get(name.casefold(), name)
            clean = normalise(defs.get(name.casefold()), name, value)
            if clean and meta.get(name) != clean:
                meta[name], meta_changed = clean, True
            elif not clean and name in meta:
                del meta[name]
                meta_changed = True
        if meta_changed:
            before["metadata"] = raw["metadata"]
            after["metadata"] = json.dumps(meta, ensure_ascii=False, sort_keys=True)
        if len(after) > 1:
            changes.append(RowChange("documents", before, after))
    return Edit(label, tuple(changes))


def value_of(row: corpus.DocRow, name: str) -> str:
    """One variable's value in an article row ('' if unset)."""
    if name in BUILTIN:
        return str(getattr(row, name))
    value = row.metadata.get(name, "")
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


# -- documents CSV -------------------------------------------------------------------------------
MAX_CSV_BYTES = 50_000_000


def resolve_document(project: Project, ref: str) -> str:
    """An article id from a full id or a unique prefix of one (at least 4 characters)."""
    ref = ref.strip()
    if len(ref) >= 4:
        found = corpus.ids_with_prefix(project, ref)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise EditError(f"{ref!r} is the start of more than one article id")
    raise EditError(f"no article with id {ref!r}")


def read_documents_csv(project: Project, path: Path) -> Edit:
    """One edit setting the variables of a documents CSV, or a :class:`EditError` listing every bad row.

    The CSV has ``document_id`` (full or a unique prefix) or ``title`` (unique), then one
    column per variable; an empty cell removes that variable (``title`` is never emptied).
    """
    from newscoder.core.inputs import read_small_csv

    rows = read_small_csv(path, MAX_CSV_BYTES, EditError)
    if not rows:
        raise EditError(f"{path}: the file is empty")
    header = [h.strip() for h in rows[0]]
    keys = [h.casefold() for h in header]
    if "document_id" in keys:
        id_col, by = keys.index("document_id"), "id"
    elif "title" in keys:
        id_col, by = keys.index("title"), "title"
    else:
        raise EditError(f"{path}: the header needs a document_id or a title column")
    if len(set(keys)) != len(keys):
        raise EditError(f"{path}: a column name appears twice in the header")
    names = [(i, h) for i, h in enumerate(header) if i != id_col]
    problems: list[str] = []
    for _i, h in names:
        try:
            check_name(h)
        except EditError as exc:
            problems.append(f"header: {exc}")
    values: dict[str, dict[str, str]] = {}
    seen: set[str] = set()
    defs = types_by_name(project)
    for number, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            problems.append(f"row {number}: {len(row)} fields, the header has {len(header)}")
            continue
        ref = row[id_col].strip()
        try:
            if by == "id":
                doc_id = resolve_document(project, ref)
            else:
                found = corpus.ids_by_title(project, ref)
                if len(found) != 1:
                    raise EditError(f"{'no article' if not found else 'more than one article'} titled {ref!r}")
                doc_id = found[0]
            if doc_id in seen:
                raise EditError("this article appears in an earlier row too")
            seen.add(doc_id)
            assigned = {}
            for i, h in names:
                cell = unescape_formula(row[i])
                normalise(None if h.casefold() in BUILTIN else defs.get(h.casefold()), h, cell)
                if h.casefold() == "title" and not cell.strip():
                    raise EditError("an article needs a title")
                assigned[h] = cell
            values[doc_id] = assigned
        except EditError as exc:
            problems.append(f"row {number}: {exc}")
    if problems:
        shown = problems[:30] + ([f"... and {len(problems) - 30} more"] if len(problems) > 30 else [])
        raise EditError(f"{path}: nothing imported, {len(problems)} bad row(s): " + "; ".join(shown))
    return set_values(project, values, label="Import variables")

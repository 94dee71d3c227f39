"""Dictionaries: a CSV of ``code,pattern[,kind]`` rows, many searches run at once.

``kind`` is ``words`` (the default: the search language — words, phrases, prefixes,
AND/OR/NOT, NEAR, ``#noun``), ``phrase`` (the pattern is one exact phrase), ``number``
(the pattern is a noun: ``troops`` means ``#troops``) or ``regex``. A first row
``code,pattern[,kind]`` is a header. The file is read whole and checked whole: every bad
row is reported, and nothing runs if one is bad.
"""

from __future__ import annotations

from pathlib import Path

from newscoder.core.errors import UserError
from newscoder.core.inputs import read_small_csv
from newscoder.core.search import engine
from newscoder.core.search import query as q
from newscoder.core.search.autocode import Search
from newscoder.core.store import Project

KINDS = ("words", "phrase", "number", "regex")
MAX_BYTES = 5_000_000
MAX_ROWS = 10_000


class DictionaryError(UserError):
    """A dictionary file that cannot be used; the message lists every bad row."""


def _search_for(code_id: str, pattern: str, kind: str) -> Search:
    if kind == "regex":
        engine.compile_regex(pattern)
        return Search(code_id, pattern, regex=True)
    if kind == "phrase":
        text = '"' + pattern.replace('"', " ") + '"'
    elif kind == "number":
        text = "#" + pattern.strip().lstrip("#")
    else:
        text = pattern
    q.parse(text)
    return Search(code_id, text)


def read_dictionary(project: Project, path: Path) -> list[Search]:
    """The searches of a dictionary file, grouped by code in file order."""
    rows = read_small_csv(path, MAX_BYTES, DictionaryError)
    if rows and [c.strip().lower() for c in rows[0][:2]] == ["code", "pattern"]:
        rows = rows[1:]
        first = 2
    else:
        first = 1
    if len(rows) > MAX_ROWS:
        raise DictionaryError(f"{path}: more than {MAX_ROWS} rows")
    problems: list[str] = []
    searches: list[Search] = []
    for number, row in enumerate(rows, start=first):
        if not any(c.strip() for c in row):
            continue
        if len(row) < 2 or len(row) > 3:
            problems.append(f"row {number}: expected code,pattern[,kind], got {len(row)} fields")
            continue
        name, pattern = row[0].strip(), row[1].strip()
        kind = (row[2].strip().lower() if len(row) == 3 else "") or "words"
        if kind not in KINDS:
            problems.append(f"row {number}: kind {kind!r} is not one of {', '.join(KINDS)}")
            continue
        code = project.code_by_name(name) if name else None
        if code is None:
            problems.append(f"row {number}: no code named {name!r}")
            continue
        if not pattern:
            problems.append(f"row {number}: the pattern is empty")
            continue
        try:
            searches.append(_search_for(code.id, pattern, kind))
        except UserError as exc:
            problems.append(f"row {number}: {exc}")
    if problems:
        shown = problems[:20] + ([f"... and {len(problems) - 20} more"] if len(problems) > 20 else [])
        raise DictionaryError(f"{path}: {len(problems)} bad row(s): " + "; ".join(shown))
    if not searches:
        raise DictionaryError(f"{path}: no code,pattern rows")
    order: dict[str, int] = {}
    for s in searches:
        order.setdefault(s.code_id, len(order))
    return sorted(searches, key=lambda s: order[s.code_id])

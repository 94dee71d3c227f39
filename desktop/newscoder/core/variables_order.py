"""Typed order, grouping and comparison of document-variable values (pure; no store, no Qt).

A variable's values are strings (see :mod:`newscoder.core.variables`); this module reads them
by the variable's type:

* ``number``: numerically (``1,200`` is 1200); a value that is not a number sorts after the numbers;
* ``date``: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` by date (a year before its months, a month before its days);
  a value that is not such a date sorts after the dates;
* ``choice``: in the definition's order of choices (an unknown value after them, by text);
* ``text`` (and every variable without a definition): case-insensitively.

An empty value always comes last, in either direction. Groups are the distinct values
(a text case-insensitively; a date by year, month or day), ordered the same way, the empty
group last. :func:`arrange` turns an order, a filter and the groups into the list the
article list shows: a header per group (its count, collapsed or not) and the articles.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any, TypeVar

_DATE = re.compile(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?\s*")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
#: date granularities a date variable groups by
GRANULARITIES = ("year", "month", "day")
K = TypeVar("K", bound=Hashable)  # an article id, or a row number of the list


@dataclass(frozen=True)
class Kind:
    """How a variable's values are read: its type and (for a choice) its choices in order."""

    type: str = "text"
    choices: tuple[str, ...] = ()


def number(value: str) -> float | None:
    """A number value (thousands commas allowed), or ``None``."""
    text = value.strip().replace(",", "")
    if not _NUMBER.fullmatch(text):
        return None
    try:
        return float(text)
    except ValueError:  # pragma: no cover - the pattern admits only floats
        return None


def date_parts(value: str) -> tuple[int, int, int] | None:
    """``(year, month, day)`` of a date value, 0 for a part not given; ``None`` if it is not a date.

    A time after the date (``2024-10-05T12:00``) is ignored; a month or day out of range is not a date.
    """
    m = _DATE.fullmatch(value)
    if m is None:
        return None
    year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)
    if m[2] is not None and not 1 <= month <= 12:
        return None
    if m[3] is not None and not 1 <= day <= calendar.monthrange(year or 1, month)[1]:
        return None
    return year, month, day


def sort_key(kind: Kind, value: str) -> tuple[Any, ...]:
    """The key of a non-empty value: typed values first (by type), then unreadable ones (by text)."""
    text = value.strip()
    folded = text.casefold()
    if kind.type == "number":
        n = number(text)
        return (0, n, "") if n is not None else (1, 0.0, folded)
    if kind.type == "date":
        d = date_parts(text)
        return (0, d, "") if d is not None else (1, (0, 0, 0), folded)
    if kind.type == "choice":
        for i, choice in enumerate(kind.choices):
            if choice.casefold() == folded:
                return (0, i, "")
        return (1, len(kind.choices), folded)
    return (0, folded, text)


def order(ids: Sequence[K], values: Mapping[K, str], kind: Kind, *, descending: bool = False) -> list[K]:
    """``ids`` ordered by their values (stable: ties keep the given order); empty values last either way."""
    filled = [i for i in ids if values.get(i, "").strip()]
    empty = [i for i in ids if not values.get(i, "").strip()]
    keys = {i: sort_key(kind, values[i]) for i in filled}
    filled.sort(key=keys.__getitem__, reverse=descending)  # reverse=True keeps ties in their given order
    return filled + empty


def group_value(kind: Kind, value: str, granularity: str = "day") -> str:
    """The group a value falls in: a date cut to its year or month, a choice or number as written in full,
    a text case-folded ('' for an empty value)."""
    text = value.strip()
    if not text:
        return ""
    if kind.type == "date":
        d = date_parts(text)
        if d is None:
            return text
        if granularity == "year" or d[1] == 0:
            return f"{d[0]:04d}"
        if granularity == "month" or d[2] == 0:
            return f"{d[0]:04d}-{d[1]:02d}"
        return f"{d[0]:04d}-{d[1]:02d}-{d[2]:02d}"
    if kind.type == "number":
        n = number(text)
        return text if n is None else (str(int(n)) if n.is_integer() else repr(n))
    if kind.type == "choice":
        for choice in kind.choices:
            if choice.casefold() == text.casefold():
                return choice
        return text
    return text.casefold()


@dataclass(frozen=True)
class Header:
    """A group's header row: its key ('' for articles without a value), its label, how many articles it holds."""

    key: str
    label: str
    count: int
    collapsed: bool


Entry = Header | str  # a header, or an article id


def groups_of(ids: Iterable[K], values: Mapping[K, str], kind: Kind, granularity: str = "day"
              ) -> dict[K, tuple[str, str]]:
    """Each id's group ``(key, label)``. A text group's label is its most frequent spelling (a tie: the first in
    code-point order, so "AFP" before "afp"), whatever the list's order."""
    keys: dict[K, str] = {}
    spellings: dict[str, dict[str, int]] = {}
    for i in ids:
        raw = values.get(i, "")
        key = keys[i] = group_value(kind, raw, granularity)
        if kind.type == "text":
            seen = spellings.setdefault(key, {})
            seen[raw.strip()] = seen.get(raw.strip(), 0) + 1
    labels = {key: min(seen, key=lambda s, seen=seen: (-seen[s], s)) for key, seen in spellings.items()}  # type: ignore[misc]
    return {i: (key, labels.get(key, key)) for i, key in keys.items()}


def arrange(ids: Sequence[K], keep: AbstractSet[K] | None, groups: Mapping[K, tuple[str, str]] | None,
            kind: Kind, collapsed: AbstractSet[str] = frozenset(), *, descending: bool = False) -> list[Header | K]:
    """The rows to show: ``ids`` (already sorted; article ids or row numbers) that pass ``keep`` (``None``: all),
    grouped under headers.

    Without ``groups`` the rows are the kept ids. With them, each group is a header then its
    articles in the given order; groups come in the value's typed order (``descending``: reversed),
    the empty group last; a collapsed group shows its header only. Counts are of kept articles.
    """
    kept = list(ids) if keep is None else [i for i in ids if i in keep]
    if groups is None:
        return list[Header | K](kept)
    members: dict[str, list[K]] = {}
    labels: dict[str, str] = {}
    for i in kept:
        key, label = groups.get(i, ("", ""))
        members.setdefault(key, []).append(i)
        labels.setdefault(key, label)
    keys = [k for k in members if k]
    keys.sort(key=lambda k: sort_key(kind, k if kind.type != "text" else labels[k]), reverse=descending)
    if "" in members:
        keys.append("")
    out: list[Header | K] = []
    for key in keys:
        shut = key in collapsed
        out.append(Header(key, labels[key], len(members[key]), shut))
        if not shut:
            out.extend(members[key])
    return out


def compare(kind: Kind, value: str, op: str, bound: str) -> bool:
    """``value OP bound`` by type (``op`` one of ``<``, ``<=``, ``>``, ``>=``); see :func:`comparer`."""
    return comparer(kind, op, bound)(value)


def comparer(kind: Kind, op: str, bound: str) -> Callable[[str], bool]:
    """A test ``value OP bound`` by type (``op`` one of ``<``, ``<=``, ``>``, ``>=``); an empty value never passes.

    A partial date bound is a period: ``>=2024-10`` is from 1 October, ``<=2024-10`` up to 31 October,
    ``>2024-10`` from November, ``<2024-10`` before October; a partial date value is its first day.
    A value that cannot be read as the variable's type compares as text. A bound that cannot be read
    as a date, a number or one of the choices is a :class:`ValueError` saying so.
    """
    if op not in ("<", "<=", ">", ">="):
        raise ValueError(f"{op!r} is not a comparison")
    if kind.type == "date" and date_parts(bound) is None:
        raise ValueError(f"{bound!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    if kind.type == "number" and number(bound) is None:
        raise ValueError(f"{bound!r} is not a number")
    if kind.type == "choice" and sort_key(kind, bound)[0] != 0:
        raise ValueError(f"{bound!r} is not one of {', '.join(kind.choices)}")
    as_text = bound.strip().casefold()

    def text(value: str) -> bool:
        return _cmp(value.strip().casefold(), as_text, op)

    if kind.type == "date" and (b := date_parts(bound)) is not None:
        edge = (b[0], b[1] or 1, b[2] or 1) if op in ("<", ">=") else (b[0], b[1] or 12, b[2] or 31)

        def by_date(value: str) -> bool:
            if not value.strip():
                return False
            v = date_parts(value)
            return _cmp((v[0], v[1] or 1, v[2] or 1), edge, op) if v is not None else text(value)
        return by_date
    if kind.type == "number" and (nb := number(bound)) is not None:
        def by_number(value: str) -> bool:
            if not value.strip():
                return False
            nv = number(value)
            return _cmp(nv, nb, op) if nv is not None else text(value)
        return by_number
    if kind.type == "choice" and (kb := sort_key(kind, bound))[0] == 0:
        def by_choice(value: str) -> bool:
            if not value.strip():
                return False
            kv = sort_key(kind, value)
            return _cmp(kv[1], kb[1], op) if kv[0] == 0 else text(value)
        return by_choice
    return lambda value: bool(value.strip()) and text(value)


def _cmp(a: Any, b: Any, op: str) -> bool:
    if op == "<":
        return bool(a < b)
    if op == "<=":
        return bool(a <= b)
    if op == ">":
        return bool(a > b)
    if op == ">=":
        return bool(a >= b)
    raise ValueError(op)

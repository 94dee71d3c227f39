"""Document filters: ``NAME=VALUE``, ``NAME!=VALUE`` and ``NAME<VALUE`` (``<=``, ``>``, ``>=``) on variables,
status and codes.

* a variable (built-in ``title``, ``source``, ``author``, ``published``, ``url``, or a
  project variable): equal, ignoring case; ``*`` in the value is a wildcard
  (``published=2024-10*``); an empty value matches an article without it;
* ``status=done`` (any coder; ``not_started``: no coder has started it) or
  ``status:CODER=done`` for one coder;
* ``code=NAME``: the article has a segment with that code (``code:CODER=NAME``: by one
  coder); ``code!=NAME``: it has none;
* ``NAME>=VALUE``, ``NAME>VALUE``, ``NAME<=VALUE``, ``NAME<VALUE`` compare by the variable's type
  (:func:`newscoder.core.variables_order.compare`: numbers numerically, dates by date with a
  partial date as a period, choices in their defined order, text case-insensitively); an
  article without the variable never passes a comparison;
* ``outlet`` is another name for ``source``, ``date`` for ``published`` (unless the project defines a
  variable so named).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from newscoder.core import corpus
from newscoder.core.errors import UserError
from newscoder.core.records import Status
from newscoder.core.store import Project
from newscoder.core.store_variables_list import variable_kind, variable_values
from newscoder.core.variables_order import Kind, comparer

#: the first operator in a filter: ``!=``, ``<=``, ``>=``, ``=``, ``<``, ``>``
_OPERATOR = re.compile(r"!=|<=|>=|=|<|>")
COMPARISONS = ("<", "<=", ">", ">=")


class FilterError(UserError):
    """A filter that names nothing known or cannot be read."""


@dataclass(frozen=True)
class Filter:
    name: str
    value: str
    negate: bool = False
    qualifier: str | None = None  # the coder of status:CODER / code:CODER
    op: str = "="  # "=" (negate: "!="), or a comparison: "<", "<=", ">", ">="

    def __str__(self) -> str:
        name = self.name + (f":{self.qualifier}" if self.qualifier else "")
        return f"{name}{'!=' if self.negate else self.op}{self.value}"


def is_filter(text: str) -> bool:
    """Whether a piece of filter text is ``NAME OP VALUE`` (else it is plain words)."""
    found = _OPERATOR.search(text)
    return found is not None and bool(text[:found.start()].strip())


def parse_filter(text: str) -> Filter:
    """``NAME=VALUE`` / ``NAME!=VALUE`` / ``NAME<VALUE`` … (``NAME:CODER`` for status and code)."""
    found = _OPERATOR.search(text)
    if found is None:
        raise FilterError(f"a filter is NAME=VALUE (or !=, <, <=, >, >=), not {text!r}")
    name, op, value = text[:found.start()], found.group(), text[found.end():]
    negate = op == "!="
    op = "=" if negate else op
    name = name.strip()
    qualifier = None
    if ":" in name and name.split(":", 1)[0].strip().lower() in ("status", "code"):
        name, qualifier = (part.strip() for part in name.split(":", 1))
    if not name:
        raise FilterError(f"a filter needs a name: {text!r}")
    if op in COMPARISONS and (qualifier or name.lower() in ("status", "code")):
        raise FilterError(f"{name} takes = or != only: {text!r}")
    if op in COMPARISONS and not value.strip():
        raise FilterError(f"a comparison needs a value: {text!r}")
    return Filter(name, value.strip(), negate, qualifier or None, op)


def variable_names(project: Project, rows: list[corpus.DocRow] | None = None) -> list[str]:
    """Every variable name: built-ins, defined variables, then other metadata keys (of ``rows``, if given)."""
    names = list(corpus.BUILTIN_VARIABLES)
    for d in corpus.variable_defs(project):
        if d.name not in names:
            names.append(d.name)
    keys = sorted({k for r in rows for k in r.metadata}) if rows is not None else corpus.metadata_keys(project)
    for key in keys:
        if key not in names:
            names.append(key)
    return names


def _coder_id(project: Project, name: str | None) -> str | None:
    if name is None:
        return None
    coder = project.coder_by_name(name)
    if coder is None:
        raise FilterError(f"no coder named {name!r}")
    return coder.id


def invert(values: Mapping[str, str]) -> dict[str, list[str]]:
    """``{value (stripped): [document ids]}`` of one variable's non-empty values."""
    out: dict[str, list[str]] = {}
    for doc_id, value in values.items():
        text = value.strip()
        if text:
            out.setdefault(text, []).append(doc_id)
    return out


def variable_index(project: Project, name: str, values: Mapping[str, str] | None = None) -> dict[str, list[str]]:
    """``{value: [document ids]}`` of one variable: ``values`` (a caller's), else read with one query.
    An article may be listed under several values."""
    return invert(values if values is not None else variable_values(project, name))


def _test(f: Filter, kind: Kind | None) -> Callable[[str], bool]:
    """The test a value must pass: equal (``*`` a wildcard, ignoring case) or a typed comparison. ``!=`` is
    tested as ``=`` and negated for the whole article by :func:`matching_ids` (no value of it equals)."""
    if kind is not None:
        try:
            return comparer(kind, f.op, f.value)
        except ValueError as exc:
            raise FilterError(f"{f}: {exc}") from None
    wanted = f.value.casefold()
    if "*" in wanted:
        return lambda text: fnmatch.fnmatchcase(text.casefold(), wanted)
    return lambda text: text.casefold() == wanted


def matching_ids(project: Project, filters: Iterable[Filter | str],
                 rows: list[corpus.DocRow] | None = None, known: list[str] | None = None, *,
                 index: Callable[[str], Mapping[str, list[str]]] | None = None,
                 everyone: list[str] | None = None) -> set[str] | None:
    """The ids of articles passing every filter (``None``: no filters, every article).

    ``rows`` (every article's variables, as :func:`corpus.document_rows` reads them) and
    ``known`` (:func:`variable_names`) may be given by a caller that keeps them; without ``rows``
    each variable filter reads that one variable with one query, or takes ``index(name)`` (:func:`invert`
    of its values, kept by a caller such as the article list); ``everyone`` is every article id (read
    when not given). Each distinct value is tested once, so a filter costs its distinct values and hits.
    """
    parsed = [f if isinstance(f, Filter) else parse_filter(f) for f in filters]
    if not parsed:
        return None
    result: set[str] | None = None
    names: dict[str, str] | None = None
    if known is not None:
        names = {n.casefold(): n for n in known}
    for f in parsed:
        key = f.name.lower()
        if key == "status":
            try:
                status = Status(f.value.lower().replace(" ", "_").replace("-", "_"))
            except ValueError:
                raise FilterError(f"status is not_started, in_progress or done, not {f.value!r}") from None
            ids = corpus.ids_with_status(project, status.value, _coder_id(project, f.qualifier))
            if f.negate:
                ids = set(corpus.all_ids(project)) - ids
        elif key == "code":
            code = project.code_by_name(f.value)
            if code is None:
                raise FilterError(f"no code named {f.value!r}")
            ids = corpus.ids_with_code(project, code.id, _coder_id(project, f.qualifier))
            if f.negate:
                ids = set(corpus.all_ids(project)) - ids
        else:
            if names is None:
                names = {n.casefold(): n for n in variable_names(project, rows)}
            name = names.get(f.name.casefold())
            if name is None and f.name.casefold() in ("outlet", "date"):
                name = "source" if f.name.casefold() == "outlet" else "published"
            if name is None:
                raise FilterError(f"no variable named {f.name!r} (known: {', '.join(names.values())})")
            test = _test(f, variable_kind(project, name) if f.op != "=" else None)
            by_value: Mapping[str, list[str]]
            if rows is not None:
                builtin = name in corpus.BUILTIN_VARIABLES
                pool: list[str] = [r.id for r in rows if result is None or r.id in result]
                by_value = variable_index(project, name, {
                    r.id: str(v) for r in rows if (result is None or r.id in result)
                    and (v := getattr(r, name) if builtin else r.metadata.get(name, "")) is not None})
            else:  # one query for this variable (or the caller's kept index)
                by_value = index(name) if index is not None else variable_index(project, name)
                if everyone is None:
                    everyone = corpus.all_ids(project)
                pool = everyone if result is None else list(result)
            ids = set()
            for text, doc_ids in by_value.items():  # each distinct value is tested once (outlets, dates repeat)
                if test(text):
                    ids.update(doc_ids)
            if test(""):  # an article without the variable passes too ("NAME=")
                have: set[str] = set()
                for doc_ids in by_value.values():
                    have.update(doc_ids)
                ids.update(i for i in pool if i not in have)
            if f.negate:  # "!=": no value of the article equals
                ids = set(pool) - ids
            if result is not None:
                ids &= result
        result = ids if result is None else result & ids
    return result

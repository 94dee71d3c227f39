"""Variable values in a merge, for the articles both projects hold (issue 14).

A new article arrives with all its variables (``merge.documents``). For an article both
projects hold (the same text), each of the other project's variables (built-ins: title,
source, author, published, url; and every metadata key, matched to ours case-insensitively)
is compared with ours:

* a value we lack (empty or absent) is added (typed: checked and normalised by our definition);
* the same value (after that normalisation) changes nothing;
* a different value keeps ours and is reported as a conflict naming the article, the variable
  and both values; it is never overwritten;
* a value that does not fit our definition (``ten`` for a number) is skipped and reported.

A coder copy of this project may change only its coder's segments and statuses
(:mod:`~newscoder.core.exchange.merge_copy`): the values it would add are skipped and reported;
its differing values are reported as conflicts, like any other project's (ours stay).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from newscoder.core import corpus
from newscoder.core.errors import EditError
from newscoder.core.exchange.bundle import Bundle
from newscoder.core.exchange.merge_copy import copy_coder
from newscoder.core.store import Project, content_hash
from newscoder.core.store_variables_list import BUILTIN_KINDS, write_document_variables
from newscoder.core.variables import normalise, types_by_name

if TYPE_CHECKING:
    from newscoder.core.exchange.merge_report import MergeReport

#: the longest value quoted in a report line
SHOWN = 80


def _text(value: Any) -> str:
    """A metadata value as text (front matter may hold numbers or lists)."""
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _quote(value: str) -> str:
    return repr(value if len(value) <= SHOWN else value[:SHOWN] + "…")


def merge_values(project: Project, bundle: Bundle, report: MergeReport) -> None:
    """Bring the other project's variable values into the articles both hold; report conflicts (ours stay)."""
    is_copy = copy_coder(project, bundle) is not None
    defs = types_by_name(project)
    for doc in bundle.documents:
        local = project.document_by_sha(content_hash(doc.text.replace("\r\n", "\n").replace("\r", "\n")))
        if local is None:
            continue
        row = corpus.document_row(project, local.id)
        if row is None:  # pragma: no cover - found by hash a moment ago, in the same transaction
            continue
        label = f"article {row.title!r} ({row.id[:8]})"
        columns: dict[str, str] = {}
        meta = dict(row.metadata)
        ours_by_key = {k.casefold(): k for k in meta}
        changed_meta = False
        theirs: list[tuple[str, str, bool]] = [(n, str(getattr(doc, n) or "").strip(), True) for n in BUILTIN_KINDS]
        theirs += [(str(k), _text(v), False) for k, v in doc.metadata.items()]
        for given, value, builtin in theirs:
            if not value:
                continue  # a merge never removes a value
            name = given if builtin else ours_by_key.get(given.casefold()) or next(
                (d.name for k, d in defs.items() if k == given.casefold()), given)
            defn = None if builtin else defs.get(name.casefold())
            try:
                value = normalise(defn, name, value) if defn is not None else value
            except EditError as exc:
                report.skipped.append(f"{label}: {exc}; not merged")
                continue
            ours = str(getattr(row, name) or "").strip() if builtin else _text(meta.get(name))
            try:
                ours_norm = normalise(defn, name, ours) if defn is not None and ours else ours
            except EditError:
                ours_norm = ours
            if ours_norm == value:
                continue
            if ours:
                report.conflicts.append(f"{label}: variable {name!r} is {_quote(value)} there and {_quote(ours)} "
                                        "here; ours stays")
            elif is_copy:
                report.skipped.append(f"{label}: variable {name!r} = {_quote(value)}: a coder copy may not set "
                                      "article variables")
            else:
                if builtin:
                    columns[name] = value
                else:
                    meta[name] = value if defn is not None or isinstance(doc.metadata.get(given), str) \
                        else doc.metadata.get(given)
                    changed_meta = True
                report.values_added.append(f"{row.title}: {name} = {value}")
        if columns or changed_meta:
            write_document_variables(project, row.id, columns, meta if changed_meta else None)

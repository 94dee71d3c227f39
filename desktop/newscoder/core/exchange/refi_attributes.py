"""Attributes in REFI-QDA files (.qdc and .qdpx), in a documented machine-readable form.

REFI-QDA has no typed attributes, and its schema allows no foreign elements where they
would go, so Newscoder writes them as the last line of a ``Description`` a foreign tool shows
as text (the file stays valid against the REFI-QDA XSDs):

* a code's definitions, in the code's ``<Description>``::

      <the code's definition>

      [newscoder:attributes] [{"name":"value","type":"integer","required":true,...}, ...]

* a segment's values, in its selection's ``<Description>`` (after the memo, if any); a source
  value is written with its name, kind and affiliation so that another project can find or
  create it::

      [newscoder:values] {"hedge":"as many as","source":{"id":"…","name":"Antony Blinken",
       "kind":"person","affiliation":"United States"},"value":8000}

* an accepted suggestion's provenance (issue 19), as the very last line of its selection's
  ``<Description>`` (after the values)::

      [newscoder:suggested] {"created_at":"…","model_sha256":"64b4…","score":0.85,"suggester":"neighbours/1"}

The marker starts the line; the JSON is canonical and on one line. Reading splits the line
off (the memo or definition is given back as it was) and checks it; a line that does not
parse is reported as dropped and the text before it is kept.
"""

from __future__ import annotations

import json
from typing import Any

from newscoder.core import attributes as attrs

DEFINITIONS_MARK = "[newscoder:attributes] "
VALUES_MARK = "[newscoder:values] "
PROVENANCE_MARK = "[newscoder:suggested] "
_PROVENANCE_KEYS = ("suggester", "model_sha256", "score", "created_at")


def _append(text: str, line: str) -> str:
    return f"{text}\n\n{line}" if text else line


def _split(text: str, mark: str) -> tuple[str, str | None]:
    head, sep, last = text.rpartition("\n")
    candidate = last if sep else text
    if not candidate.startswith(mark):
        return text, None
    before = head if sep else ""
    return before[:-1] if before.endswith("\n") else before, candidate[len(mark):]


def with_definitions(description: str, definitions_json: str) -> str:
    """A code's description with its attribute definitions appended (none: unchanged)."""
    if not definitions_json or definitions_json == "[]":
        return description
    return _append(description, DEFINITIONS_MARK + definitions_json)


def split_definitions(text: str) -> tuple[str, str, str | None]:
    """``(description, definitions JSON, problem)`` from a code's ``Description``."""
    description, raw = _split(text, DEFINITIONS_MARK)
    if raw is None:
        return text, "[]", None
    try:
        return description, attrs.definitions_json(attrs.parse_definitions(raw)), None
    except attrs.AttributeValueError as exc:
        return description, "[]", f"attribute definitions that do not parse ({exc})"


def with_values(memo: str, values_json: str, sources: dict[str, tuple[str, str, str]]) -> str:
    """A selection's description: the memo, then the values (sources by id, name, kind, affiliation)."""
    values = attrs.parse_values(values_json)
    if not values:
        return memo
    out: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, str) and value in sources and not key.endswith(attrs.SPAN_SUFFIX):
            name, kind, affiliation = sources[value]
            out[key] = {"id": value, "name": name, "kind": kind, "affiliation": affiliation}
        else:
            out[key] = value
    return _append(memo, VALUES_MARK + attrs.canonical(out))


def split_values(text: str) -> tuple[str, dict[str, Any], list[dict[str, str]], str | None]:
    """``(memo, values with source ids, sources found, problem)`` from a selection's ``Description``."""
    memo, raw = _split(text, VALUES_MARK)
    if raw is None:
        return text, {}, [], None
    try:
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("not an object")
    except ValueError as exc:
        return memo, {}, [], f"attribute values that do not parse ({exc})"
    values: dict[str, Any] = {}
    sources: list[dict[str, str]] = []
    for key, value in data.items():
        if isinstance(value, dict):
            if not all(isinstance(value.get(k), str) for k in ("id", "name")):
                return memo, {}, [], f"a source value without id and name ({key})"
            sources.append({k: str(value.get(k, "")) for k in ("id", "name", "kind", "affiliation")})
            values[key] = value["id"]
        else:
            values[key] = value
    return memo, values, sources, None


def with_provenance(description: str, provenance: dict[str, Any] | None) -> str:
    """A selection's description with an accepted suggestion's provenance as its last line (none: unchanged)."""
    if not provenance:
        return description
    return _append(description, PROVENANCE_MARK + attrs.canonical({k: provenance[k] for k in _PROVENANCE_KEYS}))


def split_provenance(text: str) -> tuple[str, dict[str, Any] | None, str | None]:
    """``(the rest of the description, provenance or None, problem)`` from a selection's ``Description``."""
    rest, raw = _split(text, PROVENANCE_MARK)
    if raw is None:
        return text, None, None
    try:
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("not an object")
    except ValueError as exc:
        return rest, None, f"a suggestion record that does not parse ({exc})"
    score = data.get("score")
    ok = (all(isinstance(data.get(k), str) for k in ("suggester", "model_sha256", "created_at"))
          and isinstance(score, (int, float)) and not isinstance(score, bool) and 0 <= score <= 1
          and data["suggester"].strip())
    if not ok:
        return rest, None, "a suggestion record without suggester, model hash, score (0 to 1) and time"
    return rest, {k: data[k] for k in _PROVENANCE_KEYS}, None

"""Typed attributes: definitions on codes, values on segments (pure; no SQL, no Qt).

A code's ``attributes`` column holds a JSON list of definitions::

    [{"name": "value", "type": "integer", "required": true, "default": null, "help": "..."},
     {"name": "hedge", "type": "choice", "choices": ["exact", ...], ...}]

A segment's ``attributes`` column holds a JSON object of values, keyed by attribute name.
Value shapes by type: ``integer`` → int; ``number`` → int or float; ``integer range`` →
``[low, high]`` (ints, low ≤ high); ``choice`` → one of the choices; ``text`` → str;
``date`` → ``YYYY-MM-DD``; ``source`` → the id of a project source. A source value may be
linked to the words in the article that name it: key ``"<name>@span"`` → ``[start, end]``
(code points). Absent keys are empty values. Both columns are written as canonical JSON
(sorted keys, no spaces), so equal values are equal text (merge compares them as text).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

TYPES: tuple[str, ...] = ("integer", "number", "integer range", "choice", "text", "date", "source")
SPAN_SUFFIX = "@span"
MAX_NAME = 60
MAX_TEXT = 2000
MAX_CHOICES = 100
_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_ -]*$")
_INT_RE = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+$|^[+-]?\d{1,18}$")
_RANGE_RE = re.compile(r"^\s*([+-]?[\d,]+)\s*(?:-|–|to|\.\.)\s*([+-]?[\d,]+)\s*$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: the JSON limit SQLite and spreadsheets agree on
_MAX_INT = 2**53


class AttributeValueError(ValueError):
    """A definition or a value that does not fit (the message names the attribute)."""


@dataclass(frozen=True)
class AttributeDef:
    name: str
    type: str
    required: bool = False
    default: Any = None
    help: str = ""
    choices: tuple[str, ...] = field(default_factory=tuple)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type, "required": self.required,
                               "default": self.default, "help": self.help}
        if self.type == "choice":
            out["choices"] = list(self.choices)
        return out


def canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


# -- definitions --------------------------------------------------------------------
def definition_from_json(raw: Mapping[str, Any]) -> AttributeDef:
    """One definition from its JSON form, checked."""
    if not isinstance(raw, Mapping):
        raise AttributeValueError("an attribute definition must be an object")
    name = " ".join(str(raw.get("name", "")).split())
    if not name or len(name) > MAX_NAME or not _NAME_RE.match(name):
        raise AttributeValueError(f"attribute name {name[:60]!r}: use letters, digits, _ - or spaces (≤ {MAX_NAME})")
    kind = str(raw.get("type", ""))
    if kind not in TYPES:
        raise AttributeValueError(f"attribute {name!r}: unknown type {kind[:30]!r} (one of: {', '.join(TYPES)})")
    choices: tuple[str, ...] = ()
    if kind == "choice":
        given = raw.get("choices")
        if not isinstance(given, list) or not given or len(given) > MAX_CHOICES:
            raise AttributeValueError(f"attribute {name!r}: a choice needs a list of 1 to {MAX_CHOICES} choices")
        choices = tuple(" ".join(str(c).split()) for c in given)
        if any(not c for c in choices) or len(set(choices)) != len(choices):
            raise AttributeValueError(f"attribute {name!r}: choices must be distinct and not empty")
    help_text = str(raw.get("help", "") or "")[:MAX_TEXT]
    defn = AttributeDef(name, kind, bool(raw.get("required", False)), None, help_text, choices)
    default = raw.get("default")
    if default is not None and default != "":
        if kind == "source":
            raise AttributeValueError(f"attribute {name!r}: a source attribute has no default")
        try:
            default = check_value(defn, default)
        except AttributeValueError as exc:
            raise AttributeValueError(f"attribute {name!r}: default: {exc}") from exc
        defn = AttributeDef(name, kind, defn.required, default, help_text, choices)
    return defn


def parse_definitions(text: str | None) -> list[AttributeDef]:
    """The definitions stored in a code's ``attributes`` column (checked; names unique)."""
    try:
        raw = json.loads(text or "[]")
    except ValueError as exc:
        raise AttributeValueError(f"attribute definitions are not JSON ({exc})") from exc
    if not isinstance(raw, list):
        raise AttributeValueError("attribute definitions must be a list")
    defs = [definition_from_json(r) for r in raw]
    seen: set[str] = set()
    for d in defs:
        if d.name.casefold() in seen:
            raise AttributeValueError(f"attribute {d.name!r} is defined twice")
        seen.add(d.name.casefold())
    return defs


def definitions_json(defs: list[AttributeDef]) -> str:
    return canonical([d.as_json() for d in defs])


# -- values -------------------------------------------------------------------------
def _int(value: Any, name: str) -> int:
    if isinstance(value, bool):
        raise AttributeValueError(f"{name}: not an integer: {value!r}")
    if isinstance(value, int):
        out = value
    elif isinstance(value, float) and value.is_integer():
        out = int(value)
    elif isinstance(value, str) and _INT_RE.match(value.strip()):
        out = int(value.strip().replace(",", ""))
    else:
        raise AttributeValueError(f"{name}: not an integer: {str(value)[:30]!r}")
    if abs(out) > _MAX_INT:
        raise AttributeValueError(f"{name}: {out} is too large")
    return out


def check_value(defn: AttributeDef, value: Any) -> Any:
    """``value`` in its stored shape for ``defn`` (text is parsed), or :class:`AttributeValueError`."""
    n = defn.name
    if value is None:
        return None
    if defn.type == "integer":
        return _int(value, n)
    if defn.type == "number":
        if isinstance(value, bool):
            raise AttributeValueError(f"{n}: not a number: {value!r}")
        if isinstance(value, int):
            return _int(value, n)
        try:
            num = float(str(value).replace(",", "")) if isinstance(value, str) else float(value)
        except (TypeError, ValueError) as exc:
            raise AttributeValueError(f"{n}: not a number: {str(value)[:30]!r}") from exc
        if not math.isfinite(num):
            raise AttributeValueError(f"{n}: not a finite number")
        return int(num) if num.is_integer() and abs(num) <= _MAX_INT else num
    if defn.type == "integer range":
        if isinstance(value, str):
            m = _RANGE_RE.match(value)
            if not m:
                raise AttributeValueError(f"{n}: not a range like 10000-12000: {value[:30]!r}")
            value = [m.group(1), m.group(2)]
        if not isinstance(value, (list, tuple)) or len(value) != 2:
            raise AttributeValueError(f"{n}: a range is two integers")
        low, high = _int(value[0], n), _int(value[1], n)
        if low > high:
            raise AttributeValueError(f"{n}: the low end {low} is above the high end {high}")
        return [low, high]
    if defn.type == "choice":
        text = " ".join(str(value).split())
        for choice in defn.choices:
            if choice.casefold() == text.casefold():
                return choice
        raise AttributeValueError(f"{n}: {text[:30]!r} is not one of: {', '.join(defn.choices)}")
    if defn.type == "text":
        if not isinstance(value, str):
            raise AttributeValueError(f"{n}: not text")
        if len(value) > MAX_TEXT:
            raise AttributeValueError(f"{n}: longer than {MAX_TEXT} characters")
        return value
    if defn.type == "date":
        text = str(value).strip()
        try:
            if not _DATE_RE.match(text):
                raise ValueError(text)
            dt.date.fromisoformat(text)
        except ValueError as exc:
            raise AttributeValueError(f"{n}: not a date like 2024-10-31: {text[:30]!r}") from exc
        return text
    if defn.type == "source":
        if not isinstance(value, str) or not value.strip():
            raise AttributeValueError(f"{n}: not a source id")
        return value.strip()
    raise AttributeValueError(f"{n}: unknown type {defn.type}")


def is_empty(value: Any) -> bool:
    return value is None or value == ""


def parse_values(text: str | None) -> dict[str, Any]:
    """A segment's stored values (a damaged cell reads as no values)."""
    try:
        got = json.loads(text or "{}")
    except ValueError:
        return {}
    return got if isinstance(got, dict) else {}


def clean_values(defs: list[AttributeDef], values: Mapping[str, Any]) -> dict[str, Any]:
    """Check every value against its definition; empty values are dropped; unknown names refused."""
    by_name = {d.name: d for d in defs}
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key.endswith(SPAN_SUFFIX):
            base = by_name.get(key[: -len(SPAN_SUFFIX)])
            if base is None or base.type != "source":
                raise AttributeValueError(f"{key}: only a source attribute links to a span")
            if value is None:
                continue
            if (not isinstance(value, (list, tuple)) or len(value) != 2
                    or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
                    or not 0 <= value[0] < value[1]):
                raise AttributeValueError(f"{key}: a span is [start, end] with 0 ≤ start < end")
            out[key] = [value[0], value[1]]
            continue
        defn = by_name.get(key)
        if defn is None:
            raise AttributeValueError(f"the code has no attribute {key[:60]!r}")
        checked = check_value(defn, value)
        if not is_empty(checked):
            out[key] = checked
    for key in list(out):
        if key.endswith(SPAN_SUFFIX) and key[: -len(SPAN_SUFFIX)] not in out:
            del out[key]  # a span without its source means nothing
    return out


def defaults(defs: list[AttributeDef]) -> dict[str, Any]:
    return {d.name: d.default for d in defs if not is_empty(d.default)}


def missing_required(defs: list[AttributeDef], values: Mapping[str, Any]) -> list[str]:
    """The required attributes without a value (the segment is *incomplete*, not wrong)."""
    return [d.name for d in defs if d.required and is_empty(values.get(d.name))]


def format_value(defn: AttributeDef, value: Any, source_name: Callable[[str], str] | None = None) -> str:
    """A value as one line of text (what the CSV cell and the inline editor show)."""
    if is_empty(value):
        return ""
    if defn.type == "integer range" and isinstance(value, list):
        return f"{value[0]}-{value[1]}"
    if defn.type == "source":
        return source_name(value) if source_name else str(value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def format_span(span: Any) -> str:
    return f"{span[0]}:{span[1]}" if isinstance(span, list) and len(span) == 2 else ""


def parse_span(text: str) -> list[int] | None:
    text = text.strip()
    if not text:
        return None
    m = re.match(r"^(\d{1,12}):(\d{1,12})$", text)
    if not m or int(m.group(1)) >= int(m.group(2)):
        raise AttributeValueError(f"not a span like 120:134: {text[:30]!r}")
    return [int(m.group(1)), int(m.group(2))]

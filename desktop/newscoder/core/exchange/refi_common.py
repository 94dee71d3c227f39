"""Shared pieces of the REFI-QDA readers and writers: namespaces, GUIDs, dates, reports."""

from __future__ import annotations

import datetime as _dt
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from newscoder import __version__
from newscoder.core.timeutil import format_utc

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = f"Newscoder {__version__}"

#: Namespace for GUIDs we derive (codings, notes, variables) so they are stable across exports.
GUID_NAMESPACE = uuid.UUID("3c0e5b8e-8f7a-4f55-9d1e-5d2a4c6b7e90")

_GUID_RE = re.compile(r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$")
_COLOR_RE = re.compile(r"^#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(value: str) -> str:
    """Drop the characters XML 1.0 cannot hold (control characters, lone surrogates)."""
    return _XML_ILLEGAL.sub("", value)


def derived_guid(*parts: str) -> str:
    """A stable GUID for something we have no UUID of our own for."""
    return str(uuid.uuid5(GUID_NAMESPACE, "\x1f".join(parts)))


def canonical_guid(value: str | None) -> str | None:
    """Lowercase, no braces; ``None`` if ``value`` is not a GUID."""
    if value is None:
        return None
    match = _GUID_RE.match(value.strip())
    return match.group(1).lower() if match else None


def our_guid(value: str) -> str:
    """Our ids are UUIDs already; write them in the one canonical form."""
    return canonical_guid(value) or derived_guid("id", value)


def color_or_none(value: str | None) -> str | None:
    """``#RRGGBB`` (upper case) from a REFI colour, or ``None``."""
    if not value:
        return None
    match = _COLOR_RE.match(value.strip())
    if not match:
        return None
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits.upper()


def parse_datetime(value: str | None) -> str | None:
    """An ``xsd:dateTime`` as our ``YYYY-MM-DDTHH:MM:SSZ`` (UTC, whole seconds), or ``None``."""
    if not value:
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = _dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_dt.UTC)
    try:
        return format_utc(moment.replace(microsecond=0))
    except (ValueError, OverflowError):
        return None


def local(tag: object) -> str:
    """The local name of an element tag (namespaces ignored, for leniency)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def children(elem: Element, name: str) -> list[Element]:
    return [c for c in elem if local(c.tag) == name]


def child(elem: Element, name: str) -> Element | None:
    return next((c for c in elem if local(c.tag) == name), None)


def child_text(elem: Element, name: str) -> str:
    found = child(elem, name)
    return (found.text or "") if found is not None else ""


def parse_int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


@dataclass
class Dropped:
    """What an import left out (REFI-QDA §7: tell the user, in detail)."""

    items: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, message: str) -> None:
        self.items.append(message)

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] += n

    def lines(self) -> list[str]:
        out = [f"{n} × {what}" for what, n in sorted(self.counts.items())]
        return out + list(self.items)

    def __bool__(self) -> bool:
        return bool(self.items or self.counts)

"""Plain-text articles (.txt, .md): strict UTF-8 and optional front matter."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from newscoder.core.importers.base import (
    MAX_TEXT_BYTES,
    Article,
    ArticleError,
    check_text,
    normalise_newlines,
    read_bytes,
)

#: Front-matter keys that become document fields; all others go into metadata.
FIELDS = ("title", "source", "author", "published", "url")
_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_CLOSE = re.compile(r"^---[ \t]*$", re.MULTILINE)


def looks_utf16(data: bytes) -> bool:
    """BOM-less UTF-16: NULs sit almost all at even (BE) or odd (LE) offsets."""
    sample = data[:4096]
    if len(sample) < 2:
        return False
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    return max(even, odd) >= half * 0.3 and min(even, odd) <= half * 0.02


def decode_text(path: Path, data: bytes) -> str:
    """Strict UTF-8 (a BOM is dropped); UTF-16/32 and binary data are refused."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise ArticleError(path, "UTF-32 text is not supported; save as UTF-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ArticleError(path, "UTF-16 text is not supported; save as UTF-8")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    if b"\x00" in data:
        if looks_utf16(data):
            raise ArticleError(path, "UTF-16 text is not supported; save as UTF-8")
        raise ArticleError(path, "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        raise ArticleError(
            path, f"not valid UTF-8 (byte 0x{bad:02x} at offset {exc.start}); save the file as UTF-8"
        ) from None


def split_front_matter(path: Path, text: str) -> tuple[dict[str, str], str]:
    """``(fields, body)``; ``text`` has ``\\n`` newlines. No front matter: ``({}, text)``.

    Front matter is the ``key: value`` lines between a first line ``---`` and the
    next ``---`` line; the body starts right after that closing line's newline.
    """
    first_end = text.find("\n")
    if first_end < 0 or text[:first_end].rstrip(" \t") != "---":
        return {}, text
    closing = _CLOSE.search(text, first_end + 1)
    if closing is None:
        return {}, text  # a lone '---' line: a rule, not front matter
    lines = text[first_end + 1:closing.start()].split("\n")[:-1] if closing.start() > first_end + 1 else []
    fields: dict[str, str] = {}
    for number, line in enumerate(lines, start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        key = key.strip()
        if not sep or not _KEY.match(key):
            raise ArticleError(path, f"front matter line {number} is not 'key: value': {line.strip()[:60]!r}")
        key = key.lower()
        if key in fields:
            raise ArticleError(path, f"front matter key '{key}' appears twice")
        fields[key] = _unquote(value.strip())
    end = closing.end()
    return fields, text[end + 1:] if end < len(text) else ""


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def article_from_fields(path: Path, fields: dict[str, str], body: str) -> Article:
    known = {k: fields.get(k, "") for k in FIELDS}
    metadata = {k: v for k, v in fields.items() if k not in FIELDS}
    return Article(
        text=body,
        title=known["title"] or path.stem,
        source=known["source"],
        author=known["author"],
        published=known["published"],
        url=known["url"],
        metadata=metadata,
    )


def read_text_article(path: Path) -> Article:
    data = read_bytes(path, MAX_TEXT_BYTES)
    text = normalise_newlines(decode_text(path, data))
    fields, body = split_front_matter(path, text)
    check_text(path, body)
    return article_from_fields(path, fields, body)

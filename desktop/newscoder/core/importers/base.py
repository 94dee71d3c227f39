"""Shared pieces of the article importers: the record, the error, text checks."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newscoder.core.errors import InputError

#: Largest article text accepted, in UTF-8 bytes (and largest .txt/.md file).
MAX_TEXT_BYTES = 20 * 1024 * 1024
#: Largest .html/.docx/.pdf file read at all (their text is checked against MAX_TEXT_BYTES).
MAX_FILE_BYTES = 100 * 1024 * 1024

_NEWLINES = re.compile(r"\r\n?")


@dataclass
class Article:
    """One article read from a file, before it is stored."""

    text: str
    title: str
    source: str = ""
    author: str = ""
    published: str = ""
    url: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)


class ArticleError(InputError):
    """A file that cannot be imported as an article; ``reason`` says why."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``; nothing else changes."""
    return _NEWLINES.sub("\n", text) if "\r" in text else text


def mb(n: int) -> str:
    """A size for people: ``"3 KB"``, ``"20.0 MB"``."""
    if n < 1024 * 1024:
        return f"{max(1, round(n / 1024))} KB"
    return f"{n / (1024 * 1024):.1f} MB"


def check_size(path: Path, size: int, limit: int) -> None:
    if size > limit:
        raise ArticleError(path, f"too large ({mb(size)}; the limit is {mb(limit)})")


def check_text(path: Path, text: str) -> None:
    """Refuse text with nothing in it, or more than MAX_TEXT_BYTES of it."""
    if not text or text.isspace():
        raise ArticleError(path, "no article text (nothing but whitespace)")
    if len(text) > MAX_TEXT_BYTES // 4 and len(text.encode("utf-8")) > MAX_TEXT_BYTES:
        raise ArticleError(
            path, f"too large ({mb(len(text.encode('utf-8')))} of text; the limit is {mb(MAX_TEXT_BYTES)})"
        )


def clean_line(value: str) -> str:
    """Collapse whitespace in a one-line field such as a title."""
    return " ".join(value.split())


def file_size(path: Path) -> int:
    """The size of a regular file; anything else (missing, a folder, a pipe) is refused."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ArticleError(path, "no such file") from None
    except PermissionError:
        raise ArticleError(path, "cannot read the file (permission denied)") from None
    except OSError as exc:
        raise ArticleError(path, f"cannot read the file ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise ArticleError(path, "is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise ArticleError(path, "not a regular file (a pipe, socket or device)")
    return info.st_size


def read_bytes(path: Path, limit: int) -> bytes:
    """The file's bytes, refusing unreadable, empty or over-large files."""
    check_size(path, file_size(path), limit)
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except PermissionError:
        raise ArticleError(path, "cannot read the file (permission denied)") from None
    except OSError as exc:
        raise ArticleError(path, f"cannot read the file ({exc.strerror or exc})") from None
    check_size(path, len(data), limit)
    if not data:
        raise ArticleError(path, "empty file (0 bytes)")
    return data

"""Input files are regular files: FIFOs, devices, sockets and folders are refused at once.

Every input (``-p``, a merge source, an import, a backup to restore) is
``stat``-ed before it is opened, and opened with ``O_NONBLOCK`` so that even a
FIFO swapped in between the two cannot block the open; the opened descriptor
is checked again with ``fstat``. Without this, ``-p some.fifo`` hung forever and
``/dev/zero`` as a CSV was read until memory ran out.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from newscoder.core.errors import InputError


def kind_of(mode: int) -> str | None:
    """A name for what is not a regular file ("a folder", "a FIFO (named pipe)", …), or ``None``."""
    if stat.S_ISREG(mode):
        return None
    return _kind(mode)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def shown(path: Path | str) -> str:
    """A path for messages: bytes that are not UTF-8 in a file name become ``\\xNN``."""
    text = os.fspath(path)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def not_regular_reason(path: Path | str) -> str | None:
    """Why ``path`` is not an existing regular file (following symlinks), or ``None``."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return "no such file"
    except PermissionError:
        return "permission denied"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if stat.S_ISREG(info.st_mode):
        return None
    return f"is {_kind(info.st_mode)}, not a regular file; refused"


def require_regular_file(path: Path | str, error: type[Exception] = InputError) -> None:
    """Raise ``error`` naming ``path`` unless it is an existing regular file."""
    reason = not_regular_reason(path)
    if reason is not None:
        raise error(f"{shown(path)}: {reason}")


def open_regular(path: Path | str, error: type[Exception] = InputError) -> BinaryIO:
    """Open a regular file for reading, refusing anything else without blocking."""
    require_regular_file(path, error)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise error(f"{shown(path)}: cannot be read ({exc.strerror or exc})") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise error(f"{shown(path)}: is {_kind(info.st_mode)}, not a regular file; refused")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def read_regular(path: Path | str, limit: int, error: type[Exception] = InputError) -> bytes:
    """All of a regular file's bytes, refusing files larger than ``limit``."""
    with open_regular(path, error) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise error(f"{shown(path)}: refused: the file is larger than {limit:,} bytes")
    return data


def read_small_csv(path: Path, max_bytes: int, error: type[Exception]) -> list[list[str]]:
    """The rows of a small UTF-8 CSV file a user names (a dictionary, a documents table).

    Refused with ``error`` naming the file: not a regular file, larger than ``max_bytes`` (read no
    further), not UTF-8 (with the byte), not CSV. A BOM is dropped."""
    import csv
    import io

    if not path.is_file():
        raise error(f"{path}: not a regular file")
    data = path.read_bytes()[: max_bytes + 1]
    if len(data) > max_bytes:
        raise error(f"{path}: larger than {max_bytes // 1_000_000} MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not UTF-8 text (byte {exc.start})") from None
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise error(f"{path}: not a CSV file ({exc})") from None

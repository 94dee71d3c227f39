"""Safe handling of foreign archives and XML, and atomic writes of our own files.

* XML is parsed with :mod:`defusedxml`: no entity expansion (billion laughs),
  no external entities or DTD fetching (XXE).
* Zip members with absolute paths, drive letters or ``..`` are refused, as are
  archives with too many members or too much decompressed data. The sizes are
  checked while reading, not trusted from the zip directory.
* Every refusal is an :class:`InputError` naming the file.
"""

from __future__ import annotations

import contextlib
import os
import uuid
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import IO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as _defused_fromstring

from newscoder.core.errors import InputError
from newscoder.core.exchange import output

#: Limits for foreign archives (generous for news articles, small for bombs).
MAX_ENTRIES = 20_000
MAX_ENTRY_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
_CHUNK = 1 << 16


def parse_xml(data: bytes, where: str) -> Element:
    """Parse XML safely; any problem becomes a clear :class:`InputError`."""
    try:
        return _defused_fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise InputError(
            f"{where}: refused: the XML declares entities or external references ({exc.__class__.__name__})"
        ) from exc
    except ParseError as exc:
        raise InputError(f"{where}: not well-formed XML ({exc})") from exc
    except (ValueError, UnicodeError, LookupError) as exc:
        raise InputError(f"{where}: cannot be read as XML ({exc})") from exc


def check_member_name(name: str, where: str) -> str:
    """Refuse absolute paths, drive letters and ``..``; return a normalised posix path."""
    clean = name.replace("\\", "/")
    if clean.startswith("/") or (len(clean) > 1 and clean[1] == ":") or "\x00" in clean:
        raise InputError(f"{where}: refused: the archive holds an entry with an absolute path ({name!r})")
    parts = PurePosixPath(clean).parts
    if any(p == ".." for p in parts):
        raise InputError(f"{where}: refused: the archive holds an entry that points outside it ({name!r})")
    return "/".join(p for p in parts if p not in ("", "."))


class SafeZip:
    """A read-only view of a foreign zip archive with checked names and sizes."""

    def __init__(self, path: Path, *, max_entries: int | None = None, max_entry_bytes: int | None = None,
                 max_total_bytes: int | None = None, max_ratio: int | None = None) -> None:
        max_entries = MAX_ENTRIES if max_entries is None else max_entries
        max_entry_bytes = MAX_ENTRY_BYTES if max_entry_bytes is None else max_entry_bytes
        max_total_bytes = MAX_TOTAL_BYTES if max_total_bytes is None else max_total_bytes
        self.path = path
        self.where = str(path)
        self.max_entry_bytes = max_entry_bytes
        self.max_total_bytes = max_total_bytes
        #: a member unpacking to more than 1 MB may be at most this many times its packed size
        self.max_ratio = max_ratio
        self._read_total = 0
        from newscoder.core.inputs import require_regular_file

        require_regular_file(path)
        try:
            self._zip = zipfile.ZipFile(path)
        except FileNotFoundError as exc:
            raise InputError(f"{path}: no such file") from exc
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise InputError(f"{path}: not a QDPX file (not a readable zip archive: {exc})") from exc
        infos = self._zip.infolist()
        if len(infos) > max_entries:
            self._zip.close()
            raise InputError(f"{path}: refused: the archive holds {len(infos)} entries (at most {max_entries})")
        self.members: dict[str, zipfile.ZipInfo] = {}
        declared = 0
        try:
            for info in infos:
                name = check_member_name(info.filename, self.where)
                if info.is_dir() or not name:
                    continue
                if info.file_size > max_entry_bytes:
                    raise InputError(
                        f"{path}: refused: the entry {name!r} unpacks to {info.file_size} bytes "
                        f"(at most {max_entry_bytes})"
                    )
                declared += info.file_size
                self.members[name.casefold()] = info
            if declared > max_total_bytes:
                raise InputError(
                    f"{path}: refused: the archive unpacks to {declared} bytes (at most {max_total_bytes})"
                )
        except BaseException:
            self._zip.close()
            raise

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def find(self, name: str) -> str | None:
        """The stored member name matching ``name`` case-insensitively, if any."""
        info = self.members.get(name.casefold())
        return info.filename if info else None

    def names(self) -> list[str]:
        return [i.filename for i in self.members.values()]

    def read(self, name: str) -> bytes:
        """Read a member, counting the bytes actually unpacked against the caps."""
        info = self.members.get(check_member_name(name, self.where).casefold())
        if info is None:
            raise KeyError(name)
        chunks: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as fh:
                while True:
                    chunk = fh.read(_CHUNK)
                    if not chunk:
                        break
                    size += len(chunk)
                    self._read_total += len(chunk)
                    if self.max_ratio and size > (1 << 20) and size > self.max_ratio * max(info.compress_size, 1):
                        raise InputError(
                            f"{self.where}: refused: the entry {name!r} unpacks to more than {self.max_ratio} times "
                            f"its packed size of {info.compress_size:,} bytes (a zip bomb?)"
                        )
                    if size > self.max_entry_bytes:
                        raise InputError(
                            f"{self.where}: refused: the entry {name!r} unpacks to more than "
                            f"{self.max_entry_bytes} bytes"
                        )
                    if self._read_total > self.max_total_bytes:
                        raise InputError(
                            f"{self.where}: refused: the archive unpacks to more than {self.max_total_bytes} bytes"
                        )
                    chunks.append(chunk)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise InputError(f"{self.where}: the entry {name!r} is damaged ({exc})") from exc
        except RuntimeError as exc:  # encrypted members
            raise InputError(f"{self.where}: the entry {name!r} cannot be read ({exc})") from exc
        return b"".join(chunks)


# -- writing our own files atomically ------------------------------------------------
def temp_sibling(target: Path, suffix: str = ".partial") -> Path:
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}{suffix}")


def atomic_output(
    target: Path, *, overwrite: bool = True, protect: Iterable[str | Path] = ()
) -> contextlib.AbstractContextManager[IO[bytes]]:
    """Write ``target`` through a temporary sibling, renamed into place at the end.

    The rules (inputs, non-regular files, umask, fsync) are :mod:`output`'s.
    With ``overwrite=False`` an existing target is refused and never replaced.
    """
    return output.atomic_output(target, protect=protect, overwrite=overwrite)


def publish(tmp: Path, target: Path, *, overwrite: bool) -> None:
    """Move a finished temporary file into place (never clobbering if told not to)."""
    if overwrite:
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)
    except FileExistsError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"{target}: a file already exists there; choose another name") from exc
    except OSError:
        if target.exists():
            tmp.unlink(missing_ok=True)
            raise InputError(f"{target}: a file already exists there; choose another name") from None
        os.replace(tmp, target)
        return
    tmp.unlink(missing_ok=True)

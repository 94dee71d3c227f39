"""Writing agreement outputs safely: never over an input, a device, a FIFO or a folder.

Files are written through a temporary sibling and renamed into place, so a
failed write leaves nothing half-written. (s11-exchange is writing a shared
output helper in ``core/exchange``; until it lands these outputs use this one.)
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

from newscoder.core.errors import UserError


def check_output(path: Path, inputs: Sequence[Path] = ()) -> None:
    """Refuse an output path that is a folder, not a regular file, or one of the inputs."""
    path = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise UserError(f"cannot write {path}: it is a folder; give a file name")
    if not stat.S_ISREG(info.st_mode):
        raise UserError(f"cannot write {path}: it is not a regular file (a device or a pipe); give a file name")
    for source in inputs:
        try:
            same = os.path.samefile(path, source)
        except OSError:
            same = False
        if same:
            raise UserError(f"cannot write {path}: it is an input ({source}); choose another name")


def write_bytes(path: Path, data: bytes, inputs: Sequence[Path] = ()) -> None:
    """Write ``data`` to ``path`` atomically (temporary sibling, fsync, rename)."""
    path = Path(path)
    check_output(path, inputs)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=folder)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # like an ordinary new file, not mkstemp's 0600
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        check_output(path, inputs)  # still not an input/device after writing
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str, inputs: Sequence[Path] = ()) -> None:
    write_bytes(path, text.encode("utf-8"), inputs)


def check_folder(folder: Path, inputs: Sequence[Path] = ()) -> None:
    """A bundle folder: an existing folder, or a path where one can be made (not a file)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise UserError(f"cannot write into {folder}: it is not a folder")
    for source in inputs:
        if folder.exists() and Path(source).exists() and os.path.samefile(folder, source):
            raise UserError(f"cannot write into {folder}: it is an input")

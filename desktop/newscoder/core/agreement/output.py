"""Writing agreement outputs safely: never over an input, a device, a FIFO or a folder.

Files are written through a temporary sibling and renamed into place, so a
failed write leaves nothing half-written. Files go through the shared output
helper, :mod:`newscoder.core.exchange.output`, like every other export.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from newscoder.core.errors import UserError
from newscoder.core.exchange import output


def check_output(path: Path, inputs: Sequence[Path] = ()) -> None:
    """Refuse an output path that is a folder, not a regular file, or one of the inputs (or their -wal/-shm)."""
    output.check_target(path, protect=inputs)


def write_bytes(path: Path, data: bytes, inputs: Sequence[Path] = ()) -> None:
    """Write ``data`` to ``path`` with the shared output helper (temporary sibling, fsync, rename, umask)."""
    output.write_bytes(path, data, protect=inputs)


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

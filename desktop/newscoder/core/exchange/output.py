"""The one way every export writes a file: checked target, temp beside it, fsync, rename.

Rules (issue 11, items 3 and 11):

* An output path never names an input: the project file, its ``-wal``,
  ``-shm`` or ``-journal``, or any other input the caller names. This is
  checked with ``stat`` (same device and inode, or the same resolved name),
  never by opening the file, so an open project keeps its SQLite locks.
* Only regular files are written. A folder, device, FIFO or socket at the
  target is refused with a one-line message and left alone. A symlink is
  written through: the file it points to is replaced, the link stays.
* The new file's mode follows the umask (it is created with mode 0666 & ~umask,
  like any file a program makes), for every export.
* The data goes to a temporary file beside the target, is flushed and
  fsync'ed, then renamed over the target (and the folder fsync'ed). A failure
  (a full disk, an I/O error, an exception) removes the temporary file and
  leaves the target as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from newscoder.core.errors import UserError
from newscoder.core.inputs import kind_of

#: Files that belong to an SQLite database besides the database file itself.
SIDECARS: tuple[str, ...] = ("-wal", "-shm", "-journal")
PROJECT_SUFFIX = ".newscoder"


class OutputError(UserError):
    """An export target that cannot or must not be written."""


def project_files(project_path: str | Path) -> list[Path]:
    """The project file and the SQLite files beside it."""
    path = Path(project_path)
    return [path] + [path.with_name(path.name + s) for s in SIDECARS]


def _same(a: Path, a_stat: os.stat_result | None, b: Path) -> bool:
    """True if ``a`` and ``b`` are one file (by inode) or one name (resolved)."""
    try:
        if os.path.realpath(a) == os.path.realpath(b):
            return True
    except OSError:
        pass
    if a_stat is None:
        return False
    try:
        b_stat = os.stat(b)
    except OSError:
        return False
    return (a_stat.st_dev, a_stat.st_ino) == (b_stat.st_dev, b_stat.st_ino)


def check_target(target: str | Path, *, protect: Iterable[str | Path] = (), overwrite: bool = True) -> Path:
    """Check an export target; return the real path to write (a symlink's target).

    ``protect`` lists inputs (project files are expanded to their sidecars).
    Raises :class:`OutputError` with a one-line message; nothing is written.
    """
    if str(target).endswith(("/", os.sep)):  # Path() would drop the slash: "out/" means a folder
        raise OutputError(f"cannot write {target}: it names a folder; give a file name")
    target = Path(target)
    if str(target) in ("", "."):
        raise OutputError("no output file given")
    real = Path(os.path.realpath(target))
    try:
        st: os.stat_result | None = os.stat(real)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc
    if st is not None:
        kind = kind_of(st.st_mode)
        if kind is not None:
            what = "is a folder; give a file name" if kind == "a folder" else f"is {kind}, not a regular file; refused"
            raise OutputError(f"cannot write {target}: it {what}")
    guarded = [f for item in protect for f in project_files(item)]
    for item in guarded:
        if _same(real, st, item):
            raise OutputError(f"cannot write {target}: it is an input ({item}); choose another output file")
    if st is not None and not overwrite:
        raise OutputError(f"{target}: a file already exists there; choose another name")
    name = real.name
    if st is not None and (name.endswith(PROJECT_SUFFIX) or name.endswith(tuple(PROJECT_SUFFIX + s for s in SIDECARS))):
        raise OutputError(f"cannot write {target}: it is a Newscoder project file; choose another output file")
    folder = real.parent
    if not folder.is_dir():
        raise OutputError(f"cannot write {target}: the folder {folder} does not exist")
    return real


def current_umask() -> int:
    """The process umask (read from /proc where possible: setting it to read it races with threads)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def set_umask_mode(path: Path) -> None:
    """Give a file made by another library (SQLite makes 0644) the mode a new file gets: 0666 & ~umask."""
    os.chmod(path, 0o666 & ~current_umask())


def temp_beside(real: Path, suffix: str = ".partial") -> Path:
    return real.with_name(f".{real.name}.{uuid.uuid4().hex[:8]}{suffix}")


def write_error(target: str | Path, exc: OSError) -> OutputError:
    """A one-line message for a failed write (full disk, quota, permission, I/O)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return OutputError(f"cannot write {target}: the disk is full; nothing was written")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return OutputError(f"cannot write {target}: permission denied (read-only file, folder or disk)")
    return OutputError(f"cannot write {target}: {exc.strerror or exc}; nothing was written")


def fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def publish(tmp: Path, real: Path, target: str | Path, *, overwrite: bool) -> None:
    """Move a finished temp file into place; with ``overwrite=False`` never clobber."""
    if overwrite:
        # a folder or FIFO may have appeared since the check: never replace it
        with contextlib.suppress(FileNotFoundError):
            kind = kind_of(os.lstat(real).st_mode)
            if kind is not None:
                raise OutputError(f"cannot write {target}: it is {kind}, not a regular file; refused")
        os.replace(tmp, real)
    else:
        try:
            os.link(tmp, real)
        except FileExistsError as exc:
            raise OutputError(f"{target}: a file already exists there; choose another name") from exc
        except OSError:  # no hard links on this filesystem
            if os.path.lexists(real):
                raise OutputError(f"{target}: a file already exists there; choose another name") from None
            os.replace(tmp, real)
        else:
            os.unlink(tmp)
    fsync_folder(real.parent)


@contextlib.contextmanager
def atomic_output(
    target: str | Path, *, protect: Iterable[str | Path] = (), overwrite: bool = True
) -> Iterator[IO[bytes]]:
    """A binary file that appears at ``target`` only when the block succeeds.

    See the module docstring for the rules. Errors are :class:`OutputError`
    (a :class:`UserError`) with one line naming the target.
    """
    real = check_target(target, protect=protect, overwrite=overwrite)
    tmp = temp_beside(real)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as exc:
        raise write_error(target, exc) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        publish(tmp, real, target, overwrite=overwrite)
    except OSError as exc:
        _remove(tmp)
        raise write_error(target, exc) from exc
    except BaseException:
        _remove(tmp)
        raise


def write_bytes(target: str | Path, data: bytes, *, protect: Iterable[str | Path] = ()) -> None:
    """Write ``data`` to ``target`` by the rules above."""
    with atomic_output(target, protect=protect) as fh:
        fh.write(data)


def _remove(path: Path) -> None:
    for p in [path] + [path.with_name(path.name + s) for s in SIDECARS]:
        with contextlib.suppress(OSError):
            p.unlink()


def remove_with_sidecars(path: Path) -> None:
    """Remove a temporary database and any journal files SQLite left beside it."""
    _remove(path)

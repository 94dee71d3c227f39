"""Is this project open, here or in another program? Answered without opening the project file.

SQLite's own locks cannot answer it: they are POSIX locks, and reading them
means opening the project file, which (POSIX) drops every lock this process
holds on it. So Newscoder keeps two small lock files beside the project and
locks them with ``flock`` (BSD locks: tied to one open file description, never
dropped by another ``open()``/``close()`` and they conflict within one process
too):

* ``<name>-lock`` ("in use"): every program that has the project open for
  writing holds a *shared* lock on it for as long as it is open (one per
  process, counted). ``backup restore`` takes it *exclusively*, so it refuses
  while the project is open anywhere, and nobody opens the project while a
  restore replaces it.
* ``<name>-window``: a window that edits the project holds it *exclusively*
  (and writes its process id and host into it);
  a second window (another process) finds it taken and offers read-only or
  cancel. Short command-line runs do not take it: they share the file with a
  window, as SQLite allows.

The files are removed by the last program to close the project. The protocol
survives that race: after locking, a holder checks that the path still names
the file it locked, and tries again if not; a lock found taken is retried for
a moment, in case its holder was just closing.

Also kept here: which projects this process has open (:func:`open_here`), so
that nothing reads the header of a file an SQLite connection of this process
holds. Qt-free; where ``flock`` is missing (Windows, whose SQLite locks are not
POSIX locks) every check answers "not in use".
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newscoder.core.errors import UserError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: SQLite's locks there are not POSIX locks
    fcntl = None  # type: ignore[assignment]

#: How long a lock that is taken is retried (its holder may be just closing).
RETRY_SECONDS = 0.3


class ProjectInUseError(UserError):
    """The project is open in another program (or being restored)."""


def in_use_lock_path(project_path: Path) -> Path:
    project_path = Path(project_path)
    return project_path.with_name(f"{project_path.name}-lock")


def window_lock_path(project_path: Path) -> Path:
    project_path = Path(project_path)
    return project_path.with_name(f"{project_path.name}-window")


def _key(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)  # stat() never opens the file
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


# -- one flock on one lock file ------------------------------------------------------
class _Flock:
    """An ``flock`` on a lock file, robust against the file being removed by its last user."""

    def __init__(self, path: Path, fd: int | None) -> None:
        self.path = path
        self.fd: int | None = fd

    @classmethod
    def take(cls, path: Path, exclusive: bool, *, create: bool = True,
             retry: float = RETRY_SECONDS) -> _Flock | None:
        """The lock, or ``None`` if another holder has it (after retrying for ``retry`` seconds).

        Where no lock can be taken (no ``flock``, a read-only folder, no lock file and
        ``create`` is false) the answer is a lock that holds nothing (``fd is None``).
        """
        if fcntl is None:
            return cls(path, None)
        mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
        deadline = time.monotonic() + retry
        cloexec = getattr(os, "O_CLOEXEC", 0)
        while True:
            try:
                fd = os.open(path, os.O_RDWR | (os.O_CREAT if create else 0) | cloexec, 0o666)
            except FileNotFoundError:
                return cls(path, None)
            except PermissionError:
                try:
                    fd = os.open(path, os.O_RDONLY | cloexec)
                except OSError:
                    return cls(path, None)
            except OSError:
                return cls(path, None)
            try:
                fcntl.flock(fd, mode)
            except BlockingIOError:
                same = _same_file(fd, path)
                os.close(fd)
                if same and time.monotonic() >= deadline:
                    return None
                time.sleep(0.01)
                continue
            except OSError:  # a filesystem without flock: no answer, no lock
                os.close(fd)
                return cls(path, None)
            if _same_file(fd, path):
                return cls(path, fd)
            os.close(fd)  # removed or replaced by its last holder meanwhile: lock the new one

    def write_note(self, text: str) -> None:
        if self.fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self.fd, 0)
            os.pwrite(self.fd, text.encode("utf-8"), 0)

    def release(self, *, remove: bool = True) -> None:
        """Unlock; remove the file if nobody else holds it."""
        fd, self.fd = self.fd, None
        if fd is None:
            return
        try:
            if remove and fcntl is not None:
                with contextlib.suppress(OSError):
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # only if we are the last
                    if _same_file(fd, self.path):
                        os.unlink(self.path)
        finally:
            os.close(fd)


def _same_file(fd: int, path: Path) -> bool:
    try:
        a, b = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino) and a.st_nlink > 0


def _free(path: Path) -> bool:
    """True if nobody holds ``path`` (a missing lock file is free; it is never created here)."""
    lock = _Flock.take(path, exclusive=True, create=False)
    if lock is None:
        return False
    lock.release()
    return True


# -- what this process has open ------------------------------------------------------
@dataclass
class _Entry:
    path: Path
    count: int
    lock: _Flock
    window: _Flock | None = None


_HERE: dict[tuple[int, int], _Entry] = {}
#: Files this process holds exclusively (:func:`exclusive`): its own opens need no shared lock.
_REPLACING: set[tuple[int, int]] = set()
_GUARD = threading.Lock()


def open_here(project_path: Path) -> bool:
    """True if this process has the project open (then nothing may read its file)."""
    key = _key(Path(project_path))
    with _GUARD:
        return key is not None and key in _HERE


@dataclass
class Hold:
    """One open :class:`~newscoder.core.store.Project`'s share of the "in use" lock."""

    key: tuple[int, int] | None
    released: bool = False


def hold(project_path: Path, *, read_only: bool = False) -> Hold:
    """Mark the project in use by this process until :func:`release` (counted per process).

    Raises :class:`ProjectInUseError` while a restore replaces the file.
    ``read_only`` never creates the lock file (nothing is written beside the project).
    """
    project_path = Path(project_path)
    key = _key(project_path)
    if key is None:
        return Hold(None)
    with _GUARD:
        entry = _HERE.get(key)
        if entry is not None:
            entry.count += 1
            return Hold(key)
        if key in _REPLACING or (read_only and not in_use_lock_path(project_path).exists()):
            _HERE[key] = _Entry(project_path, 1, _Flock(in_use_lock_path(project_path), None))
            return Hold(key)
        lock_file = in_use_lock_path(project_path)
        lock = _Flock.take(lock_file, exclusive=False, create=not read_only)
        if lock is None:
            raise ProjectInUseError(f"{project_path}: a backup is being restored over this project; "
                                    "try again when it is done")
        _HERE[key] = _Entry(project_path, 1, lock)
        return Hold(key)


def release(held: Hold) -> None:
    if held.released or held.key is None:
        return
    held.released = True
    with _GUARD:
        entry = _HERE.get(held.key)
        if entry is None:
            return
        entry.count -= 1
        if entry.count <= 0:
            del _HERE[held.key]
            if entry.window is not None:
                entry.window.release()
            entry.lock.release()


# -- a window's claim on a project -----------------------------------------------------
def _note() -> str:
    return f"pid={os.getpid()} host={socket.gethostname()}\n"


def claim_for_window(project_path: Path) -> bool:
    """Claim the project (open in this process) for this process's window.

    The claim lasts until this process has closed every connection to the
    project. False if a window of another program has it.
    """
    project_path = Path(project_path)
    key = _key(project_path)
    with _GUARD:
        entry = _HERE.get(key) if key is not None else None
        if entry is None:
            raise ValueError(f"{project_path} is not open in this process")
        if entry.window is not None:
            return True
        lock = _Flock.take(window_lock_path(project_path), exclusive=True)
        if lock is None:
            return False
        lock.write_note(_note())
        entry.window = lock
        return True


def open_in_other_window(project_path: Path) -> bool:
    """True if a window of another program edits the project. Never opens the project file."""
    project_path = Path(project_path)
    key = _key(project_path)
    with _GUARD:
        entry = _HERE.get(key) if key is not None else None
        if entry is not None and entry.window is not None:
            return False  # the window holding it is ours
    return not _free(window_lock_path(project_path))


def window_note(project_path: Path) -> str:
    """What the window holding the project wrote in its lock file ("pid=… host=…"), or ""."""
    try:
        with open(window_lock_path(Path(project_path)), encoding="utf-8", errors="replace") as fh:
            return fh.read(200).strip()
    except OSError:
        return ""


def in_use_anywhere(project_path: Path) -> bool:
    """True if the project is open here or in any other program (window or command)."""
    project_path = Path(project_path)
    if open_here(project_path):
        return True
    return not (_free(in_use_lock_path(project_path)) and _free(window_lock_path(project_path)))


def _in_use_error(project_path: Path, action: str) -> ProjectInUseError:
    return ProjectInUseError(
        f"{project_path}: the project is open (in a Newscoder window or a running command); "
        f"close it everywhere before you {action}"
    )


def refuse_if_in_use(project_path: Path, action: str) -> None:
    """Raise a clear :class:`ProjectInUseError` if the project is open anywhere."""
    if in_use_anywhere(project_path):
        raise _in_use_error(project_path, action)


@contextlib.contextmanager
def exclusive(project_path: Path, action: str) -> Iterator[None]:
    """Hold the project against every other user while ``action`` replaces it.

    Raises :class:`ProjectInUseError` if it is open anywhere; meanwhile nobody can open it.
    """
    project_path = Path(project_path)
    if open_here(project_path) or open_in_other_window(project_path):
        raise _in_use_error(project_path, action)
    lock = _Flock.take(in_use_lock_path(project_path), exclusive=True)
    if lock is None:
        raise _in_use_error(project_path, action)
    key = _key(project_path)
    try:
        if open_in_other_window(project_path):  # a window that opened just before we locked
            raise _in_use_error(project_path, action)
        if key is not None:
            with _GUARD:
                _REPLACING.add(key)
        yield
    finally:
        with _GUARD:
            _REPLACING.discard(key)
        lock.release()

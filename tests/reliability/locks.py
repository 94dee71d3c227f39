"""Which POSIX locks a process holds on a project (its file, -wal and -shm), read from /proc/locks.

No strace: Linux lists every lock in /proc/locks with the holder's pid and the
file's device and inode. Used by the issue-11 lock tests.
"""

from __future__ import annotations

import os
from pathlib import Path

AVAILABLE = Path("/proc/locks").exists()


def posix_locks(pid: int, path: Path) -> set[tuple[str, str, str]]:
    """The POSIX locks ``pid`` holds on the project, its -wal and -shm: (file, start, end)."""
    names = {}
    for suffix in ("", "-wal", "-shm"):
        try:
            st = os.stat(f"{path}{suffix}")
        except FileNotFoundError:
            continue
        names[(os.major(st.st_dev), os.minor(st.st_dev), st.st_ino)] = suffix or "db"
    held = set()
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if len(fields) > 1 and fields[1] == "->":
            fields = fields[:1] + fields[2:]
        if len(fields) < 8 or fields[1] != "POSIX" or int(fields[4]) != pid:
            continue
        major, minor, inode = fields[5].split(":")
        key = (int(major, 16), int(minor, 16), int(inode))
        if key in names:
            held.add((names[key], fields[6], fields[7]))
    return held


def holds_project_locks(path: Path, pid: int | None = None) -> bool:
    """True if the process holds SQLite's locks on both the project file and its -shm."""
    return {name for name, _s, _e in posix_locks(pid or os.getpid(), path)} == {"db", "-shm"}

"""Per-machine settings kept as JSON under ``NEWSCODER_HOME`` (or the user config dir).

Qt-free so the CLI and the GUI share them: the last project, recent projects,
the coder's name, and opaque UI state the GUI stores (geometry, splitters).

Several windows (processes) share the file: every write re-reads it and
changes only its own keys under an ``flock`` on ``settings.json.lock``
(:func:`modify`, :func:`update`), then replaces it atomically through a
uniquely named temporary file.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from newscoder.core import paths

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

MAX_RECENT = 10


def settings_path() -> Path:
    return paths.config_dir() / "settings.json"


def load() -> dict[str, Any]:
    path = settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    """Hold ``settings.json.lock`` (``flock``) so a read-change-write of two windows never interleaves."""
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _write(data: dict[str, Any]) -> None:
    """Write atomically under a unique temporary name (a torn write never loses the old file)."""
    path = settings_path()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def modify(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """Re-read the settings, let ``change`` edit them in place, write them: all under the lock.

    Two windows (processes) changing settings at once never lose each other's keys.
    """
    with _locked():
        data = load()
        change(data)
        _write(data)
        return data


def update(values: dict[str, Any]) -> None:
    """Set these keys, keeping every other key as it is on disk now."""
    modify(lambda data: data.update(values))


def save(data: dict[str, Any]) -> None:
    """Merge ``data``'s keys into the settings on disk (keys it lacks are kept). Prefer :func:`update`."""
    update(data)


def get(key: str, default: Any = None) -> Any:
    return load().get(key, default)


def put(key: str, value: Any) -> None:
    update({key: value})


def note_project_opened(path: Path) -> None:
    """Remember ``path`` as the last project and at the top of the recent list."""
    resolved = str(Path(path).resolve())

    def change(data: dict[str, Any]) -> None:
        recent = [p for p in data.get("recent_projects", []) if p != resolved]
        data["recent_projects"] = [resolved, *recent][:MAX_RECENT]
        data["last_project"] = resolved

    modify(change)


def recent_projects() -> list[Path]:
    return [Path(p) for p in get("recent_projects", [])]


def last_project() -> Path | None:
    value = get("last_project")
    return Path(value) if value else None

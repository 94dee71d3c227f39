"""Helpers shared by the CLI subcommands: opening projects, output, progress."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO

from newscoder.core.defaults import open_default_project
from newscoder.core.errors import ProjectNotFoundError
from newscoder.core.exchange import readonly
from newscoder.core.store import Project


def project_arg(args: argparse.Namespace) -> Path | None:
    value = getattr(args, "project", None)
    return Path(value) if value else None


def open_for_read(args: argparse.Namespace, *, writing: bool = False) -> Project:
    """Open ``-p`` (which must exist) or the default project.

    A project that cannot be written (read-only file, folder or medium) is
    opened read-only for commands that only read it: nothing is written to or
    beside it. ``writing=True`` (merge) keeps the usual refusal.
    """
    path = project_arg(args)
    if path is None:
        return open_default_project()
    if not path.exists():
        raise ProjectNotFoundError(f"no project at {path}")
    if not writing and path.is_file() and not readonly.can_write_beside(path):
        return readonly.open_project_readonly(path)
    return Project.open(path)


def open_for_write(args: argparse.Namespace) -> Project:
    """Open ``-p`` (created, empty but for the codebook, if missing) or the default project.

    Warns (stderr) about a network drive and takes a rolling backup first if
    the project changed since its last one.
    """
    path = project_arg(args)
    project = open_default_project() if path is None else Project.open(path, create=True)
    prepare_for_write(project)
    return project


def prepare_for_write(project: Project) -> None:
    """The checks a writing command makes after opening: network-drive warning, backup."""
    from newscoder.core import backup
    from newscoder.core.errors import UserError

    warning = project.filesystem_warning()
    if warning:
        err(f"newscoder: warning: {warning}")
    try:
        backup.maybe_backup_on_open(project)
    except UserError as exc:
        err(f"newscoder: warning: no backup was made ({exc})")


def err(message: str) -> None:
    print(message, file=sys.stderr)


class Progress:
    """A one-line progress bar on stderr, shown only when stderr is a terminal."""

    def __init__(self, label: str, total: int, stream: IO[str] | None = None) -> None:
        self.label = label
        self.total = max(total, 0)
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() and total > 1
        self._last = -1

    def update(self, done: int, detail: str = "") -> None:
        if not self.enabled or self.total == 0:
            return
        percent = int(done * 100 / self.total)
        if percent == self._last and done != self.total:
            return
        self._last = percent
        width = 30
        filled = int(width * done / self.total)
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {done}/{self.total} {detail[:30]:<30}")
        self.stream.flush()

    def callback(self) -> Callable[[int, int, str], None]:
        def cb(done: int, total: int, detail: str = "") -> None:
            self.total = total
            self.update(done, detail)

        return cb

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 80 + "\r")
            self.stream.flush()

"""``newscoder import articles``: files and folders of articles into a project."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newscoder.commands._common import Progress, err, open_for_write
from newscoder.core.importers import import_paths
from newscoder.core.inputs import shown


class _LazyProgress:
    """A :class:`Progress` made on the first callback, once the file count is known."""

    def __init__(self) -> None:
        self.bar: Progress | None = None

    def __call__(self, done: int, total: int, name: str) -> None:
        if self.bar is None:
            self.bar = Progress("importing", total)
        self.bar.update(done, name)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def import_articles(args: argparse.Namespace) -> int:
    """Import; print duplicates and a summary on stdout, failures on stderr. Exit 1 if any failed."""
    paths = [Path(p) for p in args.paths]
    progress = _LazyProgress()
    with open_for_write(args) as project:
        try:
            result = import_paths(project, paths, progress=progress)
        finally:
            progress.close()
    for added in result.publications:  # the same text run by another outlet: kept, not dropped
        print(added.message(shown(added.path)))
    for path, info in result.duplicates:
        print(result.duplicate_message(path, info, shown(path)))
    sys.stdout.flush()
    for path, reason in result.failed:
        err(f"{shown(path)}: {reason}")
    print(result.summary())
    return 1 if result.failed else 0

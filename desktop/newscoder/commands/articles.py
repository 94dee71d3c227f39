"""``newscoder import articles``: files and folders of articles into a project."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newscoder.commands._common import Progress, err, open_for_write
from newscoder.core.importers import import_paths


def import_articles(args: argparse.Namespace) -> int:
    """Import; print duplicates and a summary on stdout, failures on stderr. Exit 1 if any failed."""
    paths = [Path(p) for p in args.paths]
    with open_for_write(args) as project:
        progress = Progress("importing", 0)
        try:
            result = import_paths(project, paths, progress=progress.callback())
        finally:
            progress.close()
    for path, info in result.duplicates:
        print(f"skipped {path}: duplicate of '{info.title}' ({info.id})")
    for path, reason in result.failed:
        err(f"{path}: {reason}")
    print(result.summary())
    sys.stdout.flush()
    return 1 if result.failed else 0

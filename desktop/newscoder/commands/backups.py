"""``newscoder backup list|create|restore``."""

from __future__ import annotations

import argparse
from pathlib import Path

from newscoder.commands._common import open_for_read, project_arg
from newscoder.core import backup, paths
from newscoder.core.errors import UserError


def _project_path(args: argparse.Namespace) -> Path:
    return project_arg(args) or paths.default_project_path()


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


def list_backups(args: argparse.Namespace) -> int:
    path = _project_path(args)
    found = backup.list_backups(path)
    if not found:
        print(f"no backups of {path} yet")
        return 0
    width = len(str(len(found)))
    for number, info in enumerate(found, start=1):
        source = f"from {info.source}  " if info.source else ""
        print(f"{number:>{width}}  {info.created_at}  {_size(info.size):>9}  {source}{info.path}")
    return 0


def create_backup(args: argparse.Namespace) -> int:
    with open_for_read(args) as project:
        target = backup.create_backup(project)
    print(target)
    return 0


def _resolve_backup(project: Path, choice: str) -> Path:
    if choice.isdigit() and not Path(choice).exists():
        found = backup.list_backups(project)
        number = int(choice)
        if not 1 <= number <= len(found):
            if not found:
                raise UserError(f"no backups of {project} yet")
            raise UserError(f"no backup number {number}; 'newscoder backup list' shows 1-{len(found)}")
        return found[number - 1].path
    path = Path(choice).expanduser()
    if not path.exists():
        raise UserError(f"no backup at {path}")
    return path


def restore_backup(args: argparse.Namespace) -> int:
    project = _project_path(args)
    source = _resolve_backup(project, args.backup)
    before = backup.restore_backup(project, source)
    print(f"restored {project} from {source}")
    if before is not None:
        print(f"the state before the restore was saved as {before}")
    return 0

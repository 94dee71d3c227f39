"""Merging another project's work (a coder copy, or a REFI-QDA import) into this one.

Matching rules:

* documents by content hash (never by name or position);
* codes and coders by UUID, then by case-insensitive name (a name match whose
  UUIDs differ is reported; a UUID match with another name keeps our name and
  is reported);
* segments by id, statuses by (document, coder).

A *coder copy* of this project (``export copy``; its meta names this project
and the coder) may add, change or delete only its coder's segments and
statuses. A copy that brings another coder, another coder's segment or status,
or a segment id that is another coder's here is refused whole, each problem
reported by id. A full project (not a copy of this one) merges by the rules
below.

A segment or status that differs on both sides is settled by ``updated_at``:
the newer wins; on a tie a deletion wins, otherwise ours stays. A difference is
reported as a *conflict* when both sides changed it since the last merge of
that project (or since the copy was made); otherwise it is a plain update (or
"kept ours" when only we changed it). Tombstones travel, so a deletion in a copy
deletes here. Rows are written as they are in the other project (timestamps
kept), so merging the same file twice changes nothing.

The steps live in :mod:`.merge_steps` (``_Merger``), the report in :mod:`.merge_report`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

from newscoder.core import store_exchange as sx
from newscoder.core.errors import CorruptProjectError
from newscoder.core.exchange.bundle import Bundle, read_project_file
from newscoder.core.exchange.merge_report import CoderTally, MergeReport
from newscoder.core.exchange.merge_steps import _Merger
from newscoder.core.store import Project

__all__ = ["CoderTally", "MergeReport", "merge_bundle", "merge_files"]


def merge_bundle(project: Project, bundle: Bundle, *, dry_run: bool = False) -> MergeReport:
    """Merge ``bundle`` into ``project`` in one transaction (all or nothing)."""
    report = MergeReport(source=bundle.label, dry_run=dry_run)
    with project.atomic():
        _Merger(project, bundle, report).run()
    return report


def _scratch_copy(project: Project) -> Project:
    """An in-memory copy of the project, for dry runs: the file is only read."""
    return sx.scratch_copy(project)


def _backup_first(project: Project) -> None:
    """A merge writes many rows at once: back the project up first (if it changed), or refuse."""
    from newscoder.core import backup
    from newscoder.core.errors import UserError

    try:
        backup.maybe_backup_on_open(project)
    except UserError as exc:
        raise UserError(f"no backup of {project.path} could be made, so nothing was merged ({exc})") from exc


def merge_files(
    project: Project,
    others: Sequence[Path],
    *,
    dry_run: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[MergeReport]:
    """Merge other project files into ``project``: all in one transaction, or nothing.

    Every file is read (read-only, checked like ``Project.open``) before anything
    is written; then the project is backed up (if it changed since its last
    backup). With ``dry_run`` the merge runs on an in-memory copy.
    """
    bundles = []
    for i, path in enumerate(others):
        path = Path(path)
        if path.resolve() == Path(project.path).resolve():
            from newscoder.core.errors import UserError

            raise UserError(f"{path}: cannot merge a project into itself")
        if progress:
            progress(i, len(others), path.name)
        bundles.append(read_project_file(path))
    if not dry_run:
        _backup_first(project)
    target = _scratch_copy(project) if dry_run else project
    reports: list[MergeReport] = []
    try:
        with target.atomic():
            for bundle in bundles:
                reports.append(merge_bundle(target, bundle, dry_run=dry_run))
    except sqlite3.IntegrityError as exc:
        raise CorruptProjectError(
            f"cannot merge: the other project's data is inconsistent ({exc}); nothing was changed"
        ) from exc
    finally:
        if dry_run:
            target.close()
    if progress:
        progress(len(others), len(others), "")
    return reports

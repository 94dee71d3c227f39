"""``newscoder export copy`` and ``newscoder merge``."""

from __future__ import annotations

import argparse
from pathlib import Path

from newscoder.commands._common import Progress, err, open_for_read
from newscoder.core.exchange.copy import export_copy as _export_copy
from newscoder.core.exchange.merge import merge_files


def export_copy(args: argparse.Namespace) -> int:
    with open_for_read(args) as project:
        report = _export_copy(
            project,
            Path(args.output),
            args.coder,
            document_ids=list(args.document or []),
            sample=args.sample,
            seed=args.seed,
        )
    print("\n".join(report.lines()))
    return 0


def merge(args: argparse.Namespace) -> int:
    """Merge (core backs the project up first unless ``--dry-run``)."""
    with open_for_read(args, writing=not args.dry_run) as project:
        warning = project.filesystem_warning()
        if warning and not args.dry_run:
            err(f"newscoder: warning: {warning}")
        progress = Progress("Reading", len(args.others))
        try:
            reports = merge_files(
                project, [Path(p) for p in args.others], dry_run=args.dry_run, progress=progress.callback()
            )
        finally:
            progress.close()
    for report in reports:
        print("\n".join(report.lines()))
    if args.dry_run:
        print("Dry run: nothing was changed.")
    return 0

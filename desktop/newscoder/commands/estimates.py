"""``newscoder export estimates``: the estimate ledger as CSV."""

from __future__ import annotations

import argparse
import sys

from pathlib import Path

from newscoder.commands._common import err, open_for_read
from newscoder.core.errors import UserError
from newscoder.core.exchange.ledger import write_ledger
from newscoder.core.exchange.segments_csv_export import atomic_output


def check_output(output: str | Path, project_path: Path) -> Path:
    """Refuse an output that is the project, a folder, a device or a FIFO (an existing regular file is replaced)."""
    path = Path(output)
    if path.exists() or path.is_symlink():
        if path.resolve() == Path(project_path).resolve():
            raise UserError(f"{path}: is the project file; choose another output")
        if not path.is_file():
            raise UserError(f"{path}: is not a regular file (a folder, device or FIFO); choose another output")
    return path


def export_estimates(args: argparse.Namespace) -> int:
    """One row per estimate, sorted by what is counted, then the value (stdout unless ``-o``)."""
    coders = list(getattr(args, "coder", None) or [])
    excel = bool(getattr(args, "excel", False))
    with open_for_read(args) as project:
        if args.output:
            check_output(args.output, project.path)
            with atomic_output(args.output) as fh:
                count = write_ledger(project, fh, coders, excel=excel)
            err(f"wrote {count} estimates to {args.output}")
        else:
            write_ledger(project, sys.stdout.buffer, coders, excel=excel)
            sys.stdout.buffer.flush()
    return 0

"""``newscoder compare``: the outlet comparison as a table, CSV, JSON or one HTML file (read-only)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newscoder.commands._common import err, open_for_read
from newscoder.core.compare import export, render
from newscoder.core.errors import UserError


def compare(args: argparse.Namespace) -> int:
    if args.format == "html" and not args.output and sys.stdout.isatty():
        raise UserError("--format html writes a file: give -o FILE.html (or pipe the output)")
    project = open_for_read(args)
    try:
        if args.output:
            rep = export.write_report(project, Path(args.output), args.format, by=args.by, coders=args.coder)
            err(f"newscoder: wrote {args.output} ({rep.methods.documents} documents, "
                f"{len(rep.inp.outlets)} groups by {rep.inp.by})")
            return 0
        rep = export.build(project, args.by, args.coder)
        sys.stdout.buffer.write(render.render(rep, args.format))
        sys.stdout.flush()
        return 0
    finally:
        project.close()

"""``newscoder agreement``: inter-coder agreement (read-only)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newscoder.commands._common import err, open_for_read
from newscoder.core.agreement import compute_report, load_study
from newscoder.core.agreement.render import excluded_lines, render_csv, render_json, render_table
from newscoder.core.exchange.output import check_target, write_bytes


def agreement(args: argparse.Namespace) -> int:
    project = open_for_read(args)
    if args.output:
        try:
            check_target(args.output, protect=[project.path])  # refused before any work or output
        except BaseException:
            project.close()
            raise
    try:
        study = load_study(
            project,
            coders=args.coder,
            codes=args.code,
            documents=args.document,
            ignore_whitespace=args.ignore_whitespace,
        )
    finally:
        project.close()
    report = compute_report(study, by_document=args.by == "document")
    if args.format == "csv":
        text = render_csv(report)
        for line in excluded_lines(report):
            err(line)
    elif args.format == "json":
        text = render_json(report)
    else:
        text = render_table(report)
    if args.output:
        # the shared output helper: never over the project, only regular files, atomic
        write_bytes(Path(args.output), text.encode("utf-8"), protect=[project.path])
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    return 0

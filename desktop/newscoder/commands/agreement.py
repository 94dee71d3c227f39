"""``newscoder agreement``: inter-coder agreement (read-only)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newscoder.commands._common import err, open_for_read
from newscoder.core.agreement import compute_report, load_study
from newscoder.core.agreement.render import excluded_lines, render_csv, render_json, render_table
from newscoder.core.errors import UserError


def agreement(args: argparse.Namespace) -> int:
    if getattr(args, "against_gold", False):
        from newscoder.commands.gold import agreement_against_gold

        return agreement_against_gold(args)
    project = open_for_read(args)
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
        path = Path(args.output)
        try:
            with path.open("w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        except OSError as exc:
            raise UserError(f"cannot write {path}: {exc.strerror or exc}") from exc
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    return 0

"""``newscoder export segments`` and ``newscoder import segments``."""

from __future__ import annotations

import argparse
import sys

from newscoder.commands._common import err, open_for_read, open_for_write
from newscoder.core.exchange import segments_csv as core

MAX_NOTES = 50


def export_segments(args: argparse.Namespace) -> int:
    """Write the project's live segments as CSV to stdout or ``-o`` (atomically)."""
    options = {
        "coders": list(getattr(args, "coder", None) or []),
        "codes": list(getattr(args, "code", None) or []),
        "raw": bool(getattr(args, "raw", False)),
        "excel": bool(getattr(args, "excel", False)),
    }
    if getattr(args, "attributes", False) and getattr(args, "variables", False):
        from newscoder.core.errors import UserError

        raise UserError("--attributes does not go with --variables yet")
    if getattr(args, "gold", False):
        return _export_gold(args, options)
    with open_for_read(args) as project:
        if getattr(args, "attributes", False):
            from newscoder.core.exchange.segments_csv_attributes import export_segments_with_attributes

            if args.output:
                from newscoder.commands.estimates import check_output

                check_output(args.output, project.path)
                with core.atomic_output(args.output) as fh:
                    count = export_segments_with_attributes(project, fh, **options)  # type: ignore[arg-type]
                err(f"wrote {count} segments to {args.output}")
            else:
                export_segments_with_attributes(project, sys.stdout.buffer, **options)  # type: ignore[arg-type]
                sys.stdout.buffer.flush()
            return 0
        if getattr(args, "variables", False):
            from newscoder.core.exchange.segments_variables import export_segments_with_variables

            if args.output:
                with core.atomic_output(args.output) as fh:
                    count = export_segments_with_variables(project, fh, **options)  # type: ignore[arg-type]
                err(f"wrote {count} segments to {args.output}")
            else:
                export_segments_with_variables(project, sys.stdout.buffer, **options)  # type: ignore[arg-type]
                sys.stdout.buffer.flush()
            return 0
        if args.output:
            count = core.export_segments_to_path(project, args.output, **options)
            err(f"wrote {count} segments to {args.output}")
        else:
            out = sys.stdout.buffer
            core.export_segments(project, out, **options)  # type: ignore[arg-type]
            out.flush()
    return 0


def _export_gold(args: argparse.Namespace, options: dict[str, object]) -> int:
    """``export segments --gold``: the gold layer's segments, with decision, adjudicator, reason, sources."""
    from newscoder.core.errors import UserError
    from newscoder.core.gold.export import export_gold, export_gold_to_path

    if options.pop("coders"):
        raise UserError("--coder does not go with --gold: the gold layer is one coding, not a coder's")
    if getattr(args, "variables", False):
        raise UserError("--variables does not go with --gold yet")
    options["attributes"] = bool(getattr(args, "attributes", False))
    with open_for_read(args) as project:
        if args.output:
            count = export_gold_to_path(project, args.output, **options)
            err(f"wrote {count} gold segments to {args.output}")
        else:
            out = sys.stdout.buffer
            export_gold(project, out, **options)  # type: ignore[arg-type]
            out.flush()
    return 0


def import_segments(args: argparse.Namespace) -> int:
    """Check a segments CSV and import it in one transaction, or refuse it whole."""
    with open_for_write(args) as project:
        summary = core.import_segments(project, args.file, create_codes=bool(getattr(args, "create_codes", False)))
    for note in summary.notes[:MAX_NOTES]:
        print(note)
    if len(summary.notes) > MAX_NOTES:
        print(f"... and {len(summary.notes) - MAX_NOTES} more")
    print(summary.message())
    return 0

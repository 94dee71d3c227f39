"""``newscoder gold auto`` and ``newscoder gold status``: the gold layer from the command line."""

from __future__ import annotations

import argparse

from newscoder.commands._common import open_for_read, open_for_write
from newscoder.core.gold.auto import auto_accept, gold_status
from newscoder.core.gold.units import resolve_coders


def _coder_names(value: str | None) -> list[str]:
    return [n.strip() for n in (value or "").split(",") if n.strip()]


def gold_auto(args: argparse.Namespace) -> int:
    """Copy every unit all the given coders agree on into gold; print ``accepted N, disagreements M``."""
    opener = open_for_read if args.dry_run else open_for_write
    with opener(args) as project:
        coders = resolve_coders(project, _coder_names(args.coders))
        result = auto_accept(project, [c for c, _ in coders], args.adjudicator, dry_run=args.dry_run)
    print(result.message())
    return 0


def gold_status_command(args: argparse.Namespace) -> int:
    """Decided and remaining units, in total and per article (worst first); by default of every coder
    who coded something."""
    with open_for_read(args) as project:
        counts = project.live_segment_counts("coder_id")
        names = _coder_names(args.coders) or [c.name for c in project.coders() if counts.get(c.id)]
        coders = resolve_coders(project, names)
        status = gold_status(project, [c for c, _ in coders], [n for _, n in coders])
    for line in status.lines():
        print(line)
    return 0


def agreement_against_gold(args: argparse.Namespace) -> int:
    """``agreement --against-gold``: each coder against the gold layer, per code, every figure and F1."""
    import json
    import sys
    from pathlib import Path

    from newscoder.core.agreement.render import csv_header, csv_rows, render_table, to_json_data
    from newscoder.core.errors import UserError
    from newscoder.core.gold.against import against_gold
    from newscoder.core.gold.export import check_output

    for option in ("bootstrap", "methods", "per_coder", "disagreements", "done_only", "document"):
        if getattr(args, option, None):
            raise UserError(f"--{option.replace('_', '-')} does not go with --against-gold yet")
    with open_for_read(args) as project:
        if args.output:
            check_output(Path(args.output), project)
        reports = against_gold(project, coders=args.coder, codes=args.code, ignore_whitespace=args.ignore_whitespace,
                               by_document=args.by == "document")
        if getattr(args, "with_suggester", False):  # issue 19: the suggester against gold too
            from newscoder.commands.suggest import suggester_options
            from newscoder.core.suggest.agreement import suggester_against_gold

            learn_from, min_score = suggester_options(args)
            reports.append(suggester_against_gold(project, codes=args.code, ignore_whitespace=args.ignore_whitespace,
                                                  by_document=args.by == "document", learn_from=learn_from,
                                                  min_score=min_score))
    if args.format == "csv":
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(csv_header(reports[0]))
        for report in reports:
            writer.writerows(csv_rows(report))
        text = buffer.getvalue()
    elif args.format == "json":
        text = json.dumps({"against_gold": [to_json_data(r) for r in reports]}, indent=2, ensure_ascii=False) + "\n"
    else:
        text = "\n".join(render_table(r) for r in reports)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8", newline="")
        except OSError as exc:
            raise UserError(f"cannot write {args.output}: {exc.strerror or exc}") from exc
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    return 0

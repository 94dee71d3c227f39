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
    """Decided and remaining units, in total and per article (worst first)."""
    with open_for_read(args) as project:
        names = _coder_names(args.coders) or [c.name for c in project.coders()]
        coders = resolve_coders(project, names)
        status = gold_status(project, [c for c, _ in coders], [n for _, n in coders])
    for line in status.lines():
        print(line)
    return 0

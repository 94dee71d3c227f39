"""``newscoder autocode``: code every hit of a query or a dictionary, as one batch."""

from __future__ import annotations

import argparse
from pathlib import Path

from newscoder.commands._common import open_for_read, prepare_for_write
from newscoder.core import edits
from newscoder.core.errors import UserError
from newscoder.core.search.autocode import Search, batch_edit, propose, segments_made
from newscoder.core.search.dictionary import read_dictionary


def autocode(args: argparse.Namespace) -> int:
    """Code the hits; print per code and end with ``coded N, already coded M``."""
    if bool(args.query) == bool(args.dictionary):
        raise UserError("give either a QUERY (with --code) or --dictionary FILE.csv")
    if args.query and not args.code:
        raise UserError("autocode QUERY needs --code NAME")
    if args.dictionary and (args.code or args.regex):
        raise UserError("--dictionary takes its codes and kinds from the file (no --code or --regex)")
    with open_for_read(args) as project:
        coder = project.coder_by_name(args.coder)
        if coder is None:
            raise UserError(f"no coder named {args.coder!r}")
        if args.dictionary:
            searches = read_dictionary(project, Path(args.dictionary))
        else:
            code = project.code_by_name(args.code)
            if code is None:
                raise UserError(f"no code named {args.code!r}")
            searches = [Search(code.id, args.query, regex=args.regex)]
        plan = propose(project, searches, coder.id, extent=args.extent, where=args.where)
        names = {c.id: c.name for c in project.codes()}
        for code_id in dict.fromkeys(s.code_id for s in searches):
            print(f"{names.get(code_id, code_id)}: {plan.per_code.get(code_id, 0)} new")
        if args.dry_run:
            for p in plan.proposals:
                print(f"  would code {names.get(p.code_id)} {p.document_id} [{p.start}, {p.end}) "
                      f"{p.hit.text[:60]!r}")
            print(f"dry run: would code {len(plan.proposals)}, already coded {plan.already}")
            return 0
        made = 0
        if plan.proposals:
            prepare_for_write(project)
            edit = batch_edit(project, plan.proposals, coder.id)
            edits.apply(project, edit)
            made = segments_made(edit)
        print(f"coded {made}, already coded {plan.already}")
    return 0

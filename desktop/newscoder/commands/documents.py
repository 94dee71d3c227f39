"""``newscoder documents``: articles with their variables; ``set``, ``define`` and ``import`` them."""

from __future__ import annotations

import argparse
from pathlib import Path

from newscoder.core.exchange.segments_csv_export import escape_formula
from newscoder.commands._common import open_for_read, prepare_for_write
from newscoder.commands.output import write_rows
from newscoder.core import corpus, edits, variables
from newscoder.core.errors import UserError
from newscoder.core.search import filters


def list_documents(args: argparse.Namespace) -> int:
    """One row per article: id, then every variable (built-in first)."""
    with open_for_read(args) as project:
        names = filters.variable_names(project)
        among = filters.matching_ids(project, args.where)
        rows = [r for r in corpus.document_rows(project) if among is None or r.id in among]
    header = ["document_id", *names]
    cells = [[r.id, *(variables.value_of(r, n) for n in names)] for r in rows]
    if args.format == "csv":
        cells = [[c[0], *(escape_formula(v) for v in c[1:])] for c in cells]
    elif args.format == "table":
        cells = [[c[0][:8], *c[1:]] for c in cells]
    write_rows(header, cells, args.format, widths={"document_id": 8, "title": 40, "url": 30})
    return 0


def set_variables(args: argparse.Namespace) -> int:
    """``documents set ID NAME=VALUE...``: one edit; an empty VALUE removes the variable."""
    assignments: dict[str, str] = {}
    for item in args.assignments:
        if "=" not in item:
            raise UserError(f"expected NAME=VALUE, not {item!r}")
        name, value = item.split("=", 1)
        assignments[name.strip()] = value
    with open_for_read(args) as project:
        doc_id = variables.resolve_document(project, args.document)
        edit = variables.set_values(project, {doc_id: assignments})
        if edit.changes:
            prepare_for_write(project)
            edits.apply(project, edit)
        print(f"{doc_id}: {'set ' + ', '.join(assignments) if edit.changes else 'nothing changed'}")
    return 0


def define_variable(args: argparse.Namespace) -> int:
    """``documents define NAME TYPE [CHOICE...]``."""
    with open_for_read(args) as project:
        edit = variables.define(project, args.name, args.type, tuple(args.choices))
        prepare_for_write(project)
        edits.apply(project, edit)
    print(f"defined {args.name} ({args.type}{': ' + ', '.join(args.choices) if args.choices else ''})")
    return 0


def import_documents(args: argparse.Namespace) -> int:
    """``documents import FILE.csv``: all rows or none."""
    with open_for_read(args) as project:
        edit = variables.read_documents_csv(project, Path(args.file))
        if edit.changes:
            prepare_for_write(project)
            edits.apply(project, edit)
    print(f"updated {len(edit.changes)} article(s)")
    return 0

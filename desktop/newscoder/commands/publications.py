"""``newscoder publications``: every publication (outlet's run) of every article, one row each."""

from __future__ import annotations

import argparse

from newscoder.commands._common import open_for_read
from newscoder.commands.output import write_rows
from newscoder.core.exchange.segments_csv_export import escape_formula
from newscoder.core.store_publications import document_outlets

HEADER = ["publication_id", "document_id", "title", "source", "published", "author", "url", "publications"]


def list_publications(args: argparse.Namespace) -> int:
    """One row per publication, grouped by document (first publication first); ``--shared``: only texts
    that more than one publication shares. ``publications`` is how many share the row's text."""
    with open_for_read(args) as project:
        outlets = document_outlets(project)
    rows: list[list[str | int]] = []
    for pubs in sorted(outlets.values(), key=lambda ps: (ps[0].title.casefold(), ps[0].title, ps[0].id)):
        if args.shared and len(pubs) < 2:
            continue
        for p in pubs:
            rows.append([p.id, p.document_id, p.title, p.source, p.published, p.author, p.url, len(pubs)])
    if args.format == "csv":
        rows = [[r[0], r[1], *(escape_formula(str(v)) for v in r[2:7]), r[7]] for r in rows]
    elif args.format == "table":
        rows = [[str(r[0])[:8], str(r[1])[:8], *r[2:]] for r in rows]
    write_rows(HEADER, rows, args.format,
               widths={"publication_id": 8, "document_id": 8, "title": 40, "source": 24, "url": 30})
    return 0

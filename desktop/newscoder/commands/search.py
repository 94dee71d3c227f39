"""``newscoder search``: keyword-in-context hits of a query over the corpus."""

from __future__ import annotations

import argparse
import sys

from newscoder.commands._common import err, open_for_read
from newscoder.commands.output import write_rows
from newscoder.core.search import engine

HEADER = ("document_id", "title", "source", "start", "end", "text", "left", "right")


def search(args: argparse.Namespace) -> int:
    """Print one row per hit; a summary line on stderr for the table format."""
    if args.limit is not None and args.limit < 0:
        err("newscoder: --limit must be 0 or more")
        return 2
    with open_for_read(args) as project:
        result = engine.search(project, args.query, regex=args.regex, where=args.where, limit=args.limit)
    rows = [(h.document_id, h.title, h.source, h.start, h.end, h.text, h.left, h.right) for h in result.hits]
    if args.format == "table":
        rows = [(r[0][:8], *r[1:]) for r in rows]
    write_rows(HEADER, rows, args.format,
               widths={"document_id": 8, "title": 30, "source": 12, "text": 40, "left": 30, "right": 30})
    sys.stdout.flush()
    more = " (stopped at --limit)" if result.truncated else ""
    err(f"{len(result.hits)} hits in {result.documents} articles{more}")
    return 0


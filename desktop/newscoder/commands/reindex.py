"""``newscoder reindex``: rebuild the full-text search index (a progress bar on a terminal)."""

from __future__ import annotations

import argparse

from newscoder.commands._common import Progress, open_for_read, prepare_for_write
from newscoder.core import corpus


def reindex(args: argparse.Namespace) -> int:
    with open_for_read(args) as project:
        prepare_for_write(project)
        bar = Progress("indexing", 0)
        try:
            n = corpus.rebuild_index(project, bar.callback())
        finally:
            bar.close()
    print(f"indexed {n} articles")
    return 0

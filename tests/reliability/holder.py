"""Keep a project open in another process until stdin closes.

    python holder.py PROJECT [--window] [--read-only]

Opens PROJECT (``Project.open``, or read-only), with ``--window`` also claims
it as a window would (core/inuse.py), prints ``ready`` and waits for stdin to
close; then closes the project and exits. Used by tests/core/test_inuse.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newscoder.core.store import Project


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("project")
    parser.add_argument("--window", action="store_true")
    parser.add_argument("--read-only", action="store_true")
    args = parser.parse_args()
    path = Path(args.project)
    if args.read_only:
        from newscoder.core.readonly import open_read_only

        project = open_read_only(path)
    else:
        project = Project.open(path)
    claimed = None
    if args.window:
        from newscoder.core import inuse

        claimed = inuse.claim_for_window(path)
    print("ready", "claimed" if claimed else "", flush=True)
    sys.stdin.read()
    project.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

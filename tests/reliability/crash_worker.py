"""A worker that codes segments one by one through the core edit API.

    python crash_worker.py PROJECT [--count N] [--coder NAME] [--seed S] [--memo-every K]
                           [--stop-file PATH] [--ack-before-save]

Prints each segment's id (flushed) only AFTER ``apply()`` has returned, so a
parent that kills this process knows exactly which saves were acknowledged.
With no ``--count`` it runs until killed. Used by tests/core/test_crash.py and
tests/core/test_concurrency.py.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from newscoder.core import edits
from newscoder.core.store import Project


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("project")
    parser.add_argument("--count", type=int, default=0, help="stop after N segments (0: never)")
    parser.add_argument("--coder", default="ana")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--memo-every", type=int, default=0, help="also edit a memo every K segments")
    parser.add_argument("--stop-file", default=None, help="stop cleanly once this file exists")
    parser.add_argument(
        "--ack-before-save",
        action="store_true",
        help="deliberately WRONG: print the id before saving (lets the tests prove they can fail)",
    )
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    project = Project.open(args.project)
    coder = project.ensure_coder(args.coder)
    docs = [(d.id, d.length) for d in project.documents()]
    codes = [c.id for c in project.codes(include_archived=False)]
    print(f"# ready {coder.id}", flush=True)
    done = 0
    stop = Path(args.stop_file) if args.stop_file else None
    while args.count == 0 or done < args.count:
        if stop is not None and stop.exists():
            break
        doc_id, length = rng.choice(docs)
        start = rng.randrange(0, length - 1)
        end = rng.randrange(start + 1, min(length, start + 80) + 1)
        edit = edits.add_segment(project, doc_id, rng.choice(codes), coder.id, start, end)
        segment_id = edit.changes[0].after["id"]  # type: ignore[index]
        if not args.ack_before_save:
            edits.apply(project, edit)
        sys.stdout.write(segment_id + "\n")
        sys.stdout.flush()
        if args.ack_before_save:
            edits.apply(project, edit)
        done += 1
        if args.memo_every and done % args.memo_every == 0:
            edits.apply(project, edits.set_segment_memo(project, segment_id, f"memo {done}"))
    project.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

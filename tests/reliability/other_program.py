"""A second program that opens a project, saves segments and closes it (like one CLI command).

    python other_program.py PROJECT --count N [--coder NAME] [--memo TEXT]

Opens PROJECT with ``Project.open``, codes ``--count`` segments on its first
article through ``edits.apply`` (one transaction each), prints each id once
saved, and closes the project: the close is when SQLite checkpoints and, if it
believes it is the last user, deletes ``-wal`` and ``-shm``. Used by
tests/ui/test_file_dialog_locks.py and the settings/undo tests of issue 11.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newscoder.core import codebook, edits
from newscoder.core.store import Project


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("project")
    parser.add_argument("--count", type=int, default=3)
    parser.add_argument("--coder", default="bob")
    parser.add_argument("--delete-code", default="", help="delete the code of this name instead of coding")
    args = parser.parse_args(argv)
    project = Project.open(Path(args.project))
    try:
        if args.delete_code:
            code = project.code_by_name(args.delete_code)
            assert code is not None, args.delete_code
            edits.apply(project, codebook.delete_code(project, code.id))
            print(code.id, flush=True)
            return 0
        coder = project.ensure_coder(args.coder)
        doc = project.documents()[0]
        code = project.codes()[0]
        for i in range(args.count):
            start = (i * 7) % max(doc.length - 5, 1)
            edit = edits.add_segment(project, doc.id, code.id, coder.id, start, start + 4)
            edits.apply(project, edit)
            print(edit.changes[0].after["id"], flush=True)  # type: ignore[index]
    finally:
        project.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Write settings as fast as possible from one process (for the two-process settings test).

    python settings_worker.py NAME COUNT

Each round sets the key ``NAME-i`` and notes the project ``/projects/NAME-(i % 3).newscoder``
as opened (the recent list), through the public settings API. Prints ``done``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from newscoder.core import settings


def main() -> int:
    name, count = sys.argv[1], int(sys.argv[2])
    for i in range(count):
        settings.put(f"{name}-{i}", i)
        settings.note_project_opened(Path(f"/projects/{name}-{i % 3}.newscoder"))
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""One program opening a project at once with others (tests/core/test_concurrent_migration.py).

Usage: migrate_worker.py PROJECT GO_FILE. Waits until GO_FILE exists (so that
all workers start together), opens the project, and prints one line:
``ok <schema version> <documents>`` or ``error <message>``.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "desktop"))

from newscoder.core.errors import UserError  # noqa: E402
from newscoder.core.store import Project  # noqa: E402


def main() -> int:
    project_path, go = Path(sys.argv[1]), Path(sys.argv[2])
    deadline = time.monotonic() + 60
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.005)
    try:
        with Project.open(project_path) as project:
            version = project.conn.execute("PRAGMA user_version").fetchone()[0]
            docs = project.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            project.conn.execute("SELECT count(*) FROM document_status").fetchone()
    except UserError as exc:
        print(f"error {exc}")
        return 1
    except Exception as exc:  # noqa: BLE001 - reported to the test as one line
        print(f"error {type(exc).__name__}: {exc}")
        return 1
    print(f"ok {version} {docs} {os.getpid()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

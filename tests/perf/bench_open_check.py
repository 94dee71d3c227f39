"""Opening a project checks its schema and data (core/schemacheck.py): what does it cost?

Project: 10,000 articles of ~3,000 characters, 2 coders x 10 segments each per
article (200,000 segments, ~148 MB). Figures, each a median in one run:
``median_s`` the check as the window's fast open runs it (``deep=False``),
``full_check_median_s`` the check as the CLI, merge and restore run it (adds a
segment-end lookup per row), ``open_check_false_median_s`` a whole
``Project.open(check=False)``, and as a reference SQLite's ``PRAGMA
quick_check`` (which the window runs after the first paint). Target: the
window's check <= 0.25 s.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from tests.perf.common import make_synthetic_project_isolated, median_time, result

TARGET_S = 0.25


def run(small: bool) -> dict[str, Any]:
    from newscoder.core import schemacheck
    from newscoder.core.store import Project

    n_docs = 1_000 if small else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.newscoder"
        counts = make_synthetic_project_isolated(path, n_docs=n_docs, segs_per_coder=10)
        with Project.open(path) as project:
            conn, version = project.conn, int(project.conn.execute("PRAGMA user_version").fetchone()[0])
            check = median_time(lambda: schemacheck.verify(conn, path, version, deep=False), repeat=5, warmup=1)
            full = median_time(lambda: schemacheck.verify(conn, path, version), repeat=5, warmup=1)
            quick = median_time(lambda: conn.execute("PRAGMA quick_check").fetchall(), repeat=3, warmup=1)
        whole = median_time(lambda: Project.open(path, check=False).close(), repeat=5, warmup=1)
        return result(
            "open check", documents=counts["documents"], segments=counts["segments"],
            file_mb=round(path.stat().st_size / 1e6, 1), median_s=check, target_s=TARGET_S,
            full_check_median_s=full, open_check_false_median_s=whole, quick_check_reference_s=quick,
        )


if __name__ == "__main__":
    import json

    print(json.dumps(run(small=False)))

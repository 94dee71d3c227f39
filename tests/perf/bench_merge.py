"""Merge benchmark: coders' copies holding 20,000 segments (2,000 articles, 2 coders) merged back.

``median_s``: ``merge_files`` (read and check the other file, back up, match the articles,
coders and codes, segments through the one bulk writer ``Project.upsert_segments``, statuses;
one transaction), median of 5 after one warm-up (``cpu_median_s``: its CPU time, median of 5
more), each into a fresh project that holds the same articles, coders and codes but no segments
(the everyday case: a coder's copy comes back).
``empty_median_s``: the same copy merged into an empty project (articles added too).
``writer_median_s``: ``Project.upsert_segments`` alone writing the same 20,000 rows into a
project that holds the articles (``writer_cpu_s``: CPU). Reference, timed in the same run: the
same segments written with one plain ``executemany`` INSERT (``reference_s`` =
``writer_reference_s``; ``writer_reference_cpu_s``), the floor of any writer, and with
sqlite-utils' ``upsert_all`` (``upsert_all_reference_s``, ``upsert_all_reference_cpu_s``), the
writer before; ``vs_ref`` is median_s / reference_s.

Run: ``.venv/bin/python -m tests.perf.run_all --only merge`` (``--small``: 2,000 segments).
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import statistics
import time
from collections.abc import Callable

from tests.perf.common import make_synthetic_project_isolated, median_time, result

SEGMENT_INSERT = ('INSERT INTO segments (id, document_id, code_id, coder_id, start, "end", quote, memo, created_at, '
                  "updated_at, deleted_at, attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def _cpu_median(fn: Callable[[], object], repeat: int = 5) -> float:
    """The median CPU seconds of ``repeat`` calls (a loaded machine inflates the wall clock much more)."""
    out = []
    for _ in range(repeat):
        started = time.process_time()
        fn()
        out.append(time.process_time() - started)
    return statistics.median(out)


def _fresh(template: Path, path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    shutil.copy(template, path)
    return path


def run(small: bool) -> dict[str, Any]:
    from newscoder.core.exchange.merge import merge_files
    from newscoder.core.store import SEGMENT_FIELDS, Project

    n_docs = 200 if small else 2_000
    with tempfile.TemporaryDirectory(prefix="bench-merge-") as tmp:
        base = Path(tmp)
        src = base / "copy.newscoder"
        counts = make_synthetic_project_isolated(src, n_docs=n_docs, coders=2, segs_per_coder=5)
        empty = base / "empty.newscoder"
        Project.create(empty).close()
        # the same rows, read once: documents, coders, codes (the targets of the segments), segments
        with sqlite3.connect(src) as conn:
            docs = conn.execute("SELECT * FROM documents").fetchall()
            doc_cols = [d[0] for d in conn.execute("SELECT * FROM documents LIMIT 0").description]
            coders = conn.execute("SELECT * FROM coders").fetchall()
            coder_cols = [d[0] for d in conn.execute("SELECT * FROM coders LIMIT 0").description]
            codes = conn.execute("SELECT * FROM codes").fetchall()
            code_cols = [d[0] for d in conn.execute("SELECT * FROM codes LIMIT 0").description]
            segs = conn.execute(f"SELECT {', '.join(chr(34) + f + chr(34) for f in SEGMENT_FIELDS)} "
                                "FROM segments").fetchall()
        seg_dicts = [dict(zip(SEGMENT_FIELDS, r, strict=True)) for r in segs]
        n = [0]

        def target() -> Path:
            n[0] += 1
            return _fresh(empty, base / f"t{n[0]}.newscoder")

        def insert(project: Project, table: str, cols: list[str], rows: list[tuple[Any, ...]]) -> None:
            project.conn.executemany(
                f"INSERT OR REPLACE INTO {table} ({', '.join(chr(34) + c + chr(34) for c in cols)}) "
                f"VALUES ({', '.join('?' for _ in cols)})", rows)

        def with_articles() -> Project:
            """A fresh project holding the copy's articles, coders and codes (no segments yet)."""
            project = Project.open(target(), check=False)
            with project.atomic():
                project.conn.execute("DELETE FROM codes")
                insert(project, "codes", code_cols, codes)
                insert(project, "coders", coder_cols, coders)
                insert(project, "documents", doc_cols, docs)
            return project

        merged: list[Path] = []

        def merge_once() -> None:
            project = with_articles()
            merged.append(project.path)
            try:
                merge_files(project, [src])
            finally:
                project.close()

        def merge_into_empty() -> None:
            with Project.open(target(), check=False) as project:
                merge_files(project, [src])


        def timed_writer(write: Any) -> tuple[float, float]:
            """(wall, CPU) seconds of ``write`` into a project holding the articles: medians of 5."""
            wall, cpu = [], []
            for _ in range(5):
                project = with_articles()
                try:
                    started, cpu_started = time.perf_counter(), time.process_time()
                    write(project)
                    wall.append(time.perf_counter() - started)
                    cpu.append(time.process_time() - cpu_started)
                finally:
                    project.close()
            return statistics.median(wall), statistics.median(cpu)

        def plain_segments(project: Project) -> None:
            with project.atomic():
                project.conn.executemany(SEGMENT_INSERT, segs)

        merge_s = median_time(merge_once, repeat=5, warmup=1)
        merge_cpu_s = _cpu_median(merge_once)
        empty_s = median_time(merge_into_empty, repeat=3)
        writer_s, writer_cpu_s = timed_writer(lambda p: p.upsert_segments(seg_dicts))
        writer_ref_s, writer_ref_cpu_s = timed_writer(plain_segments)

        def upsert_all(project: Project) -> None:  # the writer before: sqlite-utils, in one transaction
            with project.atomic():
                project.db.table("segments").upsert_all([dict(r) for r in seg_dicts], pk="id", alter=False)

        upsert_all_s, upsert_all_cpu_s = timed_writer(upsert_all)
        with sqlite3.connect(merged[-1]) as conn:  # the last merged copy holds every segment
            merged_segments = conn.execute("SELECT count(*) FROM segments WHERE deleted_at IS NULL").fetchone()[0]
    return result(
        "merge", documents=counts["documents"], segments=counts["segments"], merged_segments=merged_segments,
        median_s=merge_s, cpu_median_s=merge_cpu_s, reference_s=writer_ref_s, vs_ref=round(merge_s / writer_ref_s, 2),
        empty_median_s=empty_s, writer_median_s=writer_s, writer_cpu_s=writer_cpu_s,
        writer_reference_s=writer_ref_s, writer_reference_cpu_s=writer_ref_cpu_s,
        upsert_all_reference_s=upsert_all_s, upsert_all_reference_cpu_s=upsert_all_cpu_s,
        note="a 20k-segment coder copy merged back; reference: one plain INSERT of its segments",
    )


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run(small="--small" in sys.argv)))

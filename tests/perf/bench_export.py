"""Benchmark W4: export 1,000,000 segments to CSV.

Target: at least 0.5x the speed of the ``sqlite3`` shell's own CSV output of
the same rows (``sqlite3 -csv FILE "SELECT ..."``, same joins and order). The
ratio is skipped (``null``) when the shell is not installed.

Run: ``.venv/bin/python tests/perf/bench_export.py [--small]`` (or ``./dev.sh bench``).
"""

from __future__ import annotations

import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from newscoder.core.exchange.segments_csv_export import export_segments_to_path, select_rows_sql
from newscoder.core.store import Project

SEED = 20240501
FULL_SEGMENTS = 1_000_000
SMALL_SEGMENTS = 20_000
DOC_LENGTH = 3_000
SEGMENTS_PER_DOC = 200
TARGET_RATIO = 0.5
WORDS = (
    "the minister said troops border =estimate +claim -denial @source 8,000 \"quoted\" "
    "condemned reports 😀 Ukraine Russia Korea officials sources according tab\tinside"
).split(" ")
MEMOS = ["", "", "", "check this", 'said "about", roughly', "line one\nline two", "=SUM(A1)", "-2 maybe"]


def _text(rng: random.Random, length: int) -> str:
    words: list[str] = []
    size = 0
    while size < length:
        word = rng.choice(WORDS)
        words.append(word)
        size += len(word) + 1
        if rng.random() < 0.02:
            words.append("\n")
    return " ".join(words)[:length]


def build(path: Path, segments: int) -> None:
    """A synthetic project: documents, 5 coders, the default codebook, ``segments`` segments."""
    rng = random.Random(SEED)
    project = Project.create(path)
    try:
        coders = [project.ensure_coder(name).id for name in ("ann", "bob", "=carol", "dan, jr.", "eve 😀")]
        codes = [c.id for c in project.codes()]
        docs: list[tuple[str, str]] = []
        for i in range(max(1, segments // SEGMENTS_PER_DOC)):
            text = f"Article {i}. " + _text(rng, DOC_LENGTH)
            info, _ = project.add_document(text, f"{'=' if i % 7 == 0 else ''}Article {i:06d}, \"wire\"", source="AFP")
            docs.append((info.id, text))
        stamp = "2024-05-01T12:00:00Z"

        def rows() -> Iterator[tuple[object, ...]]:
            for _ in range(segments):
                doc_id, text = rng.choice(docs)
                start = rng.randrange(0, len(text) - 60)
                end = start + rng.randint(1, 60)
                yield (
                    str(uuid.UUID(int=rng.getrandbits(128), version=4)), doc_id, rng.choice(codes),
                    rng.choice(coders), start, end, text[start:end], rng.choice(MEMOS), stamp, stamp,
                )

        with project.atomic():
            project.conn.executemany(
                'INSERT INTO segments (id, document_id, code_id, coder_id, start, "end", quote, memo, '
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows(),
            )
        project.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        project.close()


def _time_ours(path: Path, out: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one export to a file."""
    with Project.open(path, check=False) as project:
        started, cpu = time.perf_counter(), time.process_time()
        export_segments_to_path(project, out)
        return time.perf_counter() - started, time.process_time() - cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _time_shell(sqlite3: str, path: Path, out: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of ``sqlite3 -csv`` writing the same rows to a file."""
    sql, params = select_rows_sql()
    assert not params
    started, cpu = time.perf_counter(), _children_cpu()
    with out.open("wb") as fh:
        subprocess.run([sqlite3, "-csv", str(path), sql], stdout=fh, check=True)
    return time.perf_counter() - started, _children_cpu() - cpu


def run(small: bool) -> dict:
    segments = SMALL_SEGMENTS if small else FULL_SEGMENTS
    repeats = 5
    sqlite3 = shutil.which("sqlite3")
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        base = Path(tmp)
        db = base / "bench.newscoder"
        started = time.perf_counter()
        build(db, segments)
        build_seconds = time.perf_counter() - started
        ours = [_time_ours(db, base / "ours.csv") for _ in range(repeats)]
        size = (base / "ours.csv").stat().st_size
        lines = (base / "ours.csv").read_bytes().count(b"\r\n")
        shell = [_time_shell(sqlite3, db, base / "shell.csv") for _ in range(repeats)] if sqlite3 else []
    ours_median = statistics.median(t[0] for t in ours)
    ours_cpu = statistics.median(t[1] for t in ours)
    shell_median = statistics.median(t[0] for t in shell) if shell else None
    shell_cpu = statistics.median(t[1] for t in shell) if shell else None
    ratio = (shell_median / ours_median) if shell_median else None
    cpu_ratio = (shell_cpu / ours_cpu) if shell_cpu and ours_cpu else None
    return {
        "benchmark": "export_segments_csv",
        "workload": f"{segments} segments, {max(1, segments // SEGMENTS_PER_DOC)} documents, 5 coders, 4 codes",
        "segments": segments,
        "repeats": repeats,
        "build_seconds": round(build_seconds, 3),
        "median_s": round(ours_median, 4),
        "seconds_all": [round(t[0], 4) for t in ours],
        "cpu_seconds_median": round(ours_cpu, 4),
        "rows_per_second": round(segments / ours_median),
        "output_bytes": size,
        "output_lines": lines,
        "sqlite3_shell_seconds_median": round(shell_median, 4) if shell_median else None,
        "sqlite3_shell": sqlite3 or "not installed (ratio skipped)",
        "sqlite3_shell_cpu_seconds_median": round(shell_cpu, 4) if shell_cpu else None,
        "ratio_vs_sqlite3_shell": round(ratio, 3) if ratio else None,
        "cpu_ratio_vs_sqlite3_shell": round(cpu_ratio, 3) if cpu_ratio else None,
        "target_ratio": TARGET_RATIO,
        "meets_target": (ratio >= TARGET_RATIO) if ratio else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


if __name__ == "__main__":
    print(json.dumps(run("--small" in sys.argv[1:]), indent=2))

"""W-import: ``import articles`` of 10,000 .txt articles of ~3,000 characters.

Target: the import (``import_paths`` into a fresh project) takes at most 10 s.
Also reports one end-to-end ``newscoder import articles`` run in a subprocess
(``cli_s``, with its own peak memory) and a second import of the same folder,
which finds only duplicates (``reimport_s``).

Run: ``.venv/bin/python -m tests.perf.run_all --only import [--small]``
or ``.venv/bin/python tests/perf/bench_import.py [--small]``.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.perf.common import REPO, _sentence, result, run_child, synthetic_text  # noqa: E402

from newscoder.core.importers import import_paths  # noqa: E402
from newscoder.core.store import Project  # noqa: E402

SEED = 20241031
FULL_ARTICLES = 10_000
SMALL_ARTICLES = 200
CHARS = 3_000
TARGET_S = 10.0
REPEAT_FULL = 3
REPEAT_SMALL = 3


def write_articles(folder: Path, count: int, seed: int = SEED) -> int:
    """``count`` .txt articles (some with front matter, CRLF or a BOM) in subfolders; total bytes."""
    rng = random.Random(seed)
    sentences = [_sentence(rng) for _ in range(400)]
    total = 0
    for i in range(count):
        sub = folder / f"batch{i // 1000:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        body = f"Article {i}.\n\n" + synthetic_text(rng, CHARS, sentences) + "\n"
        if i % 3 == 0:
            body = f"---\ntitle: Article {i}\nsource: Wire {i % 5}\ndesk: world\n---\n" + body
        data = body.encode("utf-8")
        if i % 10 == 1:
            data = data.replace(b"\n", b"\r\n")
        if i % 17 == 2:
            data = b"\xef\xbb\xbf" + data
        (sub / f"article{i:05d}.txt").write_bytes(data)
        total += len(data)
    return total


def _import_once(folder: Path, where: Path, n: int) -> tuple[float, float]:
    path = where / f"run{n}.newscoder"
    project = Project.create(path)
    try:
        start = time.perf_counter()
        res = import_paths(project, [folder])
        first = time.perf_counter() - start
        assert not res.failed and not res.duplicates, (res.failed[:3], len(res.duplicates))
        start = time.perf_counter()
        again = import_paths(project, [folder])
        second = time.perf_counter() - start
        assert not again.imported and len(again.duplicates) == len(res.imported)
        return first, second
    finally:
        project.close()


def run(small: bool) -> dict[str, Any]:
    count = SMALL_ARTICLES if small else FULL_ARTICLES
    repeat = REPEAT_SMALL if small else REPEAT_FULL
    with tempfile.TemporaryDirectory(prefix="bench_import_") as tmp:
        where = Path(tmp)
        folder = where / "articles"
        total_bytes = write_articles(folder, count)
        runs = [_import_once(folder, where, n) for n in range(repeat)]
        firsts = [r[0] for r in runs]
        seconds = [r[1] for r in runs]
        env = dict(os.environ, NEWSCODER_HOME=str(where / "home"))
        exe = REPO / ".venv" / "bin" / "newscoder"
        cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "newscoder.cli"]
        child = run_child([*cmd, "import", "articles", "-p", str(where / "cli.newscoder"), str(folder)],
                          env=env, timeout=300)
        expected = f"imported {count}, duplicates 0, failed 0"
        cli_ok = child.returncode == 0 and child.stdout.strip().endswith(expected)
    return result(
        f"import {count} .txt articles (~{CHARS} chars)",
        median_s=statistics.median(firsts),
        target_s=TARGET_S,
        runs_s=[round(x, 3) for x in firsts],
        per_article_ms=statistics.median(firsts) * 1000 / count,
        reimport_s=statistics.median(seconds),
        cli_s=child.seconds,
        cli_ok=cli_ok,
        cli_peak_rss_mb=child.peak_rss_mb,
        articles=count,
        input_mb=total_bytes / (1024 * 1024),
    )


if __name__ == "__main__":
    print(json.dumps(run(small="--small" in sys.argv[1:])))

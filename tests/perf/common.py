"""Shared helpers for the benchmarks in ``tests/perf``.

A benchmark is a module ``tests/perf/bench_<name>.py`` with ``def run(small: bool) -> dict``;
``tests/perf/run_all.py`` runs each one in a fresh process (so peak memory is per workload)
and prints the returned dict as one JSON line. Build that dict with :func:`result`.

Everything random here comes from a ``random.Random(seed)``: the same arguments give the
very same project, byte for byte in its content (timestamps are fixed too).
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
DESKTOP = REPO / "desktop"
if str(DESKTOP) not in sys.path:  # a benchmark also runs from a checkout without `pip install -e .`
    sys.path.insert(0, str(DESKTOP))

#: Every synthetic row gets this timestamp, so projects are reproducible.
FIXED_TIME = "2024-01-01T00:00:00Z"


# -- timing ------------------------------------------------------------------------------------
def median_time(fn: Callable[[], object], repeat: int = 5, warmup: int = 0) -> float:
    """The median wall-clock seconds of ``repeat`` calls of ``fn`` (after ``warmup`` calls)."""
    return statistics.median(times(fn, repeat, warmup))


def times(fn: Callable[[], object], repeat: int = 5, warmup: int = 0) -> list[float]:
    """Wall-clock seconds of each of ``repeat`` calls of ``fn``."""
    if repeat < 1:
        raise ValueError("repeat must be at least 1")
    for _ in range(warmup):
        fn()
    out: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


# -- memory ------------------------------------------------------------------------------------
def _maxrss_mb(usage: resource.struct_rusage) -> float:
    # ru_maxrss is KiB on Linux, bytes on macOS.
    scale = 1 if sys.platform == "darwin" else 1024
    return usage.ru_maxrss * scale / (1024 * 1024)


def peak_rss_mb(children: bool = False) -> float:
    """Peak resident memory (MiB) of this process, or of its largest waited-for child."""
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return round(_maxrss_mb(resource.getrusage(who)), 1)


@dataclass(frozen=True)
class ChildRun:
    """One measured child process."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss_mb: float


def run_child(
    cmd: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    timeout: float = 120.0,
    cwd: str | Path | None = None,
) -> ChildRun:
    """Run ``cmd``; return its output, wall time and *its own* peak memory (``os.wait4``).

    Caveat (Linux): a child's ``ru_maxrss`` starts from its parent's peak at spawn time
    (exec carries the old memory's high-water mark over), so spawn measured children from a
    process that stayed small: build big inputs with :func:`make_synthetic_project_isolated`.

    Output goes to temp files (no pipes to drain), so the child can be reaped with ``wait4``,
    which reports that one child's resource usage. A child past ``timeout`` is killed.
    """
    import tempfile

    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdout=out, stderr=err, text=True, env=env, cwd=cwd)
        deadline = start + timeout
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                timed_out = True
                _, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.002)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stderr = err.read() + (f"\n[killed after {timeout} s]" if timed_out else "")
        return ChildRun(proc.returncode, out.read(), stderr, seconds, round(_maxrss_mb(usage), 1))


# -- results -----------------------------------------------------------------------------------
def result(workload: str, **figures: Any) -> dict[str, Any]:
    """One benchmark's JSON-able result: ``workload`` first, then the figures.

    Adds ``peak_rss_mb`` (this process) unless given; when ``median_s`` and ``target_s`` are
    both given, adds ``ratio`` (median / target: at most 1 meets the target) and ``ok``.
    """
    out: dict[str, Any] = {"workload": workload}
    out.update(figures)
    out.setdefault("peak_rss_mb", peak_rss_mb())
    median, target = out.get("median_s"), out.get("target_s")
    if isinstance(median, (int, float)) and isinstance(target, (int, float)) and target > 0:
        out.setdefault("ratio", round(median / target, 3))
        out.setdefault("ok", median <= target)
    for key, value in out.items():
        if isinstance(value, float):
            out[key] = round(value, 4)
    json.dumps(out)  # fail here, not in the runner, if something is not JSON-able
    return out


# -- synthetic projects ------------------------------------------------------------------------
_WORDS = (
    "the a of to in and said officials troops border army government ministry defence "
    "report reports according sources military forces soldiers region war ukraine russia "
    "north korean korea pyongyang moscow kyiv seoul washington president minister spokesman "
    "intelligence estimate estimated thousands about nearly more than as many as least "
    "deployed deployment front lines combat training units battalion brigade drone attack "
    "denied confirmed claimed condemned illegal dangerous statement briefing press agency "
    "on monday tuesday wednesday thursday friday week month year this last next within days "
    "could would may might likely expected believed appears will be were was had has have "
    "new further first second third several many some any all its their his her our "
    "analysts diplomats observers satellite images evidence shows showed suggests suggested "
    "talks sanctions aid weapons ammunition shells missiles supply supplies agreement treaty"
).split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 24))]
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), f"{rng.randint(2, 99) * 100:,}")
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def synthetic_text(rng: random.Random, chars: int, sentences: Sequence[str]) -> str:
    """About ``chars`` characters of paragraphs built from ``sentences``."""
    paragraphs: list[str] = []
    total = 0
    while total < chars:
        para = " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 5)))
        paragraphs.append(para)
        total += len(para) + 2
    return "\n\n".join(paragraphs)[: max(chars, 1)].rstrip() or "x"


def make_synthetic_project(
    path: str | Path,
    n_docs: int,
    chars: int = 3000,
    coders: int = 2,
    segs_per_coder: int = 5,
    seed: int = 1,
) -> dict[str, int]:
    """Write a project at ``path`` with ``n_docs`` articles and coded segments.

    Each article has about ``chars`` characters of news-like text; each of ``coders``
    coders ("coder1", "coder2", ...) has ``segs_per_coder`` segments *in every article*
    (random spans of 10-200 characters, random codes from the default codebook).
    All rows go in with ``executemany`` inside one transaction. Returns counts.
    """
    from newscoder.core.store import Project, content_hash, document_id_for, name_key

    path = Path(path)
    if path.exists():
        path.unlink()
    rng = random.Random(seed)
    sentences = [_sentence(rng) for _ in range(3000)]

    def new_id() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    project = Project.create(path)
    try:
        code_ids = [c.id for c in project.codes()]
        coder_rows = [(new_id(), f"coder{i + 1}", name_key(f"coder{i + 1}"), FIXED_TIME) for i in range(coders)]
        doc_rows: list[tuple[Any, ...]] = []
        seg_rows: list[tuple[Any, ...]] = []
        for n in range(n_docs):
            title = f"Article {n + 1:05d}: {' '.join(rng.choice(_WORDS) for _ in range(5))}"
            text = f"{title}\n\n{synthetic_text(rng, chars, sentences)}"
            sha = content_hash(text)
            doc_id = document_id_for(sha)
            meta = '{"synthetic": true}'
            doc_rows.append(
                (doc_id, sha, title, "Synthetic Wire", "", "2024-01-01", "", text, len(text), FIXED_TIME, meta)
            )
            for coder_id, *_ in coder_rows:
                for _ in range(segs_per_coder):
                    start = rng.randrange(0, max(len(text) - 10, 1))
                    end = min(len(text), start + rng.randint(10, 200))
                    seg_rows.append(
                        (new_id(), doc_id, rng.choice(code_ids), coder_id, start, end, text[start:end],
                         "", FIXED_TIME, FIXED_TIME)
                    )
        with project.atomic():
            conn = project.conn
            conn.executemany(
                "INSERT INTO coders (id, name, name_key, created_at) VALUES (?, ?, ?, ?)", coder_rows
            )
            conn.executemany(
                "INSERT INTO documents (id, content_sha256, title, source, author, published, url, "
                "text, length, imported_at, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                doc_rows,
            )
            conn.executemany(
                'INSERT INTO segments (id, document_id, code_id, coder_id, start, "end", quote, memo, '
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                seg_rows,
            )
        project.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        project.close()
    return {"documents": len(doc_rows), "coders": len(coder_rows), "segments": len(seg_rows)}


def make_synthetic_project_isolated(path: str | Path, **kwargs: Any) -> dict[str, int]:
    """:func:`make_synthetic_project` in a child process, so this process stays small.

    Use it before measuring children with :func:`run_child` (see its caveat on peak memory).
    """
    code = (
        "import json, sys\n"
        "from tests.perf.common import make_synthetic_project\n"
        "print(json.dumps(make_synthetic_project(sys.argv[1], **json.loads(sys.argv[2]))))\n"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), str(DESKTOP), env.get("PYTHONPATH")]))
    proc = subprocess.run(
        [sys.executable, "-c", code, str(path), json.dumps(kwargs)],
        capture_output=True, text=True, env=env, cwd=REPO, check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"make_synthetic_project failed: {proc.stderr.strip()[-2000:]}")
    counts: dict[str, int] = json.loads(proc.stdout.strip().splitlines()[-1])
    return counts

"""The benchmarks still run: ``tests/perf/run_all.py --small`` for each benchmark present.

Each benchmark runs in its own subprocess, as ``./dev.sh bench --small`` would run it, and
must print one JSON object per workload with the keys every result has. A benchmark whose
module is not written yet is skipped.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PERF = REPO / "tests" / "perf"
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

#: The benchmarks the project plans; each is skipped until its module exists.
PLANNED = ("start", "import", "export", "agreement", "ui")
#: Extra keys, per benchmark, beyond the ones every result has.
EXTRA_KEYS: dict[str, set[str]] = {
    "start": {"median_s", "target_s", "floor_median_s", "documents", "note"},
}
COMMON_KEYS = {"workload", "peak_rss_mb"}


def _is_timing(key: str) -> bool:
    return key.endswith("_s") or "second" in key or "median" in key


def _benchmarks() -> list[str]:
    present = sorted(p.stem[len("bench_"):] for p in PERF.glob("bench_*.py"))
    return sorted(set(PLANNED) | set(present))


def _run_all(*args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.perf.run_all", *args],
        cwd=REPO, capture_output=True, text=True, timeout=timeout,
    )


@pytest.mark.parametrize("name", _benchmarks())
def test_benchmark_runs_small(name: str) -> None:
    if not (PERF / f"bench_{name}.py").exists():
        pytest.skip(f"tests/perf/bench_{name}.py is not written yet")
    proc = _run_all("--small", "--only", name)
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    assert lines, f"no output; stderr: {proc.stderr[-2000:]}"
    for line in lines:
        item = json.loads(line)
        assert isinstance(item, dict)
        assert "error" not in item, item["error"]
        missing = (COMMON_KEYS | EXTRA_KEYS.get(name, set())) - item.keys()
        assert not missing, f"{name}: result lacks {sorted(missing)}: {item}"
        assert item["workload"], f"{name}: empty workload"
        assert any(_is_timing(k) for k in item), f"{name}: no timing figure (e.g. median_s): {item}"
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "workload" in proc.stderr  # the summary table


def test_unknown_benchmark_is_a_usage_error() -> None:
    proc = _run_all("--only", "no_such_benchmark")
    assert proc.returncode == 2
    assert "no such benchmark: no_such_benchmark" in proc.stderr


def test_list_names_the_benchmarks_present() -> None:
    proc = _run_all("--list")
    assert proc.returncode == 0
    present = sorted(p.stem[len("bench_"):] for p in PERF.glob("bench_*.py"))
    assert proc.stdout.split() == present


def test_summary_table_marks_failures() -> None:
    from tests.perf.run_all import summary

    text = summary([
        {"workload": "a", "median_s": 0.5, "target_s": 0.8, "ratio": 0.625, "ok": True, "peak_rss_mb": 80.0},
        {"workload": "b", "error": "exit 1: boom"},
    ])
    header, row_a, row_b = text.splitlines()
    assert header.split()[:3] == ["workload", "median_s", "target_s"]
    assert row_a.split()[:5] == ["a", "0.5", "0.8", "0.625", "yes"]
    assert "exit 1: boom" in row_b


@pytest.mark.parametrize("seed", [1, 7])
def test_synthetic_project_is_reproducible(tmp_path: Path, seed: int) -> None:
    from tests.perf.common import make_synthetic_project

    dumps = []
    for name in ("one", "two"):
        path = tmp_path / f"{name}.newscoder"
        counts = make_synthetic_project(path, n_docs=20, chars=500, coders=2, segs_per_coder=3, seed=seed)
        assert counts == {"documents": 20, "coders": 2, "segments": 120}
        with sqlite3.connect(path) as conn:
            docs = conn.execute("SELECT id, title, text, length FROM documents ORDER BY id").fetchall()
            segs = conn.execute(
                'SELECT s.id, s.document_id, s.start, s."end", s.quote, d.text '
                "FROM segments s JOIN documents d ON d.id = s.document_id ORDER BY s.id"
            ).fetchall()
        assert all(length == len(text) for _, _, text, length in docs)
        assert all(0 <= start < end <= len(text) and quote == text[start:end] for _, _, start, end, quote, text in segs)
        dumps.append((docs, [s[:5] for s in segs]))
    assert dumps[0] == dumps[1]

"""Run the benchmarks: ``python -m tests.perf.run_all [--small] [--only NAME ...]``.

(``./dev.sh bench [--small]`` runs this from the repository root.)

Each ``tests/perf/bench_<name>.py`` module's ``run(small)`` runs in a fresh Python process,
so peak memory is that workload's own. Every result is printed to stdout as one JSON
object per line; a summary table goes to stderr. A benchmark that fails prints
``{"workload": NAME, "error": ...}`` and makes the exit code 1.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

PERF = Path(__file__).resolve().parent
REPO = PERF.parents[1]

#: The child process: import the module as part of the tests.perf package, print its result.
CHILD = (
    "import importlib, json, sys\n"
    "mod = importlib.import_module('tests.perf.' + sys.argv[1])\n"
    "res = mod.run(small=sys.argv[2] == '1')\n"
    "items = res if isinstance(res, list) else [res]\n"
    "sys.stdout.write('\\n__RESULTS__\\n')\n"
    "for item in items: sys.stdout.write(json.dumps(item) + '\\n')\n"
)
MARK = "__RESULTS__"


def discover() -> list[str]:
    """The benchmark names (``bench_<name>.py`` -> ``name``), sorted."""
    return sorted(p.stem[len("bench_"):] for p in PERF.glob("bench_*.py"))


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    extra = [str(REPO), str(REPO / "desktop")]
    if env.get("PYTHONPATH"):
        extra.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(extra)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def run_one(name: str, small: bool, timeout: float) -> list[dict[str, Any]]:
    """Run one benchmark in its own process; return its result dicts (or an error dict)."""
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, f"bench_{name}", "1" if small else "0"],
            cwd=REPO, env=child_env(), capture_output=True, text=True, timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return [{"workload": name, "error": f"timed out after {timeout:.0f} s"}]
    elapsed = round(time.perf_counter() - start, 2)
    if proc.returncode != 0 or MARK not in proc.stdout:
        tail = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
        return [{"workload": name, "error": f"exit {proc.returncode}: {tail}", "elapsed_s": elapsed}]
    results: list[dict[str, Any]] = []
    for line in proc.stdout.split(MARK, 1)[1].splitlines():
        if line.strip():
            item = json.loads(line)
            if not isinstance(item, dict):
                return [{"workload": name, "error": f"run() returned {type(item).__name__}, not a dict"}]
            item.setdefault("workload", name)
            results.append(item)
    return results


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def summary(results: list[dict[str, Any]]) -> str:
    """A plain-text table: workload, median, target, ratio, ok, peak memory, note."""
    header = ("workload", "median_s", "target_s", "ratio", "ok", "peak_rss_mb", "note")
    rows = [header]
    for r in results:
        note = r.get("error") or r.get("note") or ""
        rows.append(
            (str(r.get("workload")), _cell(r.get("median_s")), _cell(r.get("target_s")),
             _cell(r.get("ratio")), _cell(r.get("ok")), _cell(r.get("peak_rss_mb")), str(note)[:60])
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="run_all", description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="small inputs: a quick check that each runs")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only these benchmarks (e.g. start import)")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds per benchmark (default 1800)")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and stop")
    args = parser.parse_args(argv)
    names = discover()
    if args.list:
        print("\n".join(names))
        return 0
    if args.only:
        unknown = sorted(set(args.only) - set(names))
        if unknown:
            parser.error(f"no such benchmark: {', '.join(unknown)} (have: {', '.join(names) or 'none'})")
        names = [n for n in names if n in args.only]
    all_results: list[dict[str, Any]] = []
    for name in names:
        for item in run_one(name, args.small, args.timeout):
            print(json.dumps(item), flush=True)
            all_results.append(item)
    print(summary(all_results), file=sys.stderr)
    return 1 if any("error" in r for r in all_results) else 0


if __name__ == "__main__":
    if str(REPO) not in sys.path:  # also works as `python tests/perf/run_all.py`
        sys.path.insert(0, str(REPO))
    raise SystemExit(main())

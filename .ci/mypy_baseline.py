"""Run mypy and hold every module to its recorded error count (``.ci/mypy-baseline.txt``).

``core/``, ``commands/`` and ``cli.py`` are not in the baseline, so any error there fails.
A module with fewer errors than recorded passes (and asks for ``--update`` to lock it in);
one with more fails. ``python .ci/mypy_baseline.py --update`` rewrites the file.
"""

from __future__ import annotations

import collections
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / ".ci" / "mypy-baseline.txt"
ERROR = re.compile(r"^(?P<path>[^:]+\.py):\d+: error:")
STRICT = ("desktop/newscoder/core/", "desktop/newscoder/commands/", "desktop/newscoder/cli.py")


def counts(output: str) -> dict[str, int]:
    found: collections.Counter[str] = collections.Counter()
    for line in output.splitlines():
        m = ERROR.match(line)
        if m:
            found[m["path"]] += 1
    return dict(found)


def read_baseline() -> dict[str, int]:
    if not BASELINE.exists():
        return {}
    out: dict[str, int] = {}
    for line in BASELINE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            n, path = line.split(maxsplit=1)
            out[path] = int(n)
    return out


def main(argv: list[str]) -> int:
    proc = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    if proc.returncode not in (0, 1) or "error: " in proc.stderr:
        sys.stderr.write(proc.stdout + proc.stderr)
        return 2
    now = counts(proc.stdout)
    if "--update" in argv:
        strict = sorted(p for p in now if p.startswith(STRICT))
        if strict:
            sys.stderr.write(proc.stdout)
            print(f"mypy: core, commands and cli must be clean: {', '.join(strict)}", file=sys.stderr)
            return 1
        lines = ["# mypy errors per module that may not grow (python .ci/mypy_baseline.py --update)"]
        lines += [f"{n} {p}" for p, n in sorted(now.items())]
        BASELINE.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"mypy baseline: {sum(now.values())} errors in {len(now)} modules")
        return 0
    base = read_baseline()
    grown = {p: n for p, n in now.items() if n > base.get(p, 0) or p.startswith(STRICT)}
    if grown:
        for line in proc.stdout.splitlines():
            m = ERROR.match(line)
            if m and m["path"] in grown:
                print(line)
        for p, n in sorted(grown.items()):
            print(f"mypy: {p} has {n} errors (baseline {base.get(p, 0)})", file=sys.stderr)
        return 1
    shrunk = sum(base.values()) - sum(now.values())
    print(f"mypy: {sum(now.values())} errors, none new (baseline {sum(base.values())})"
          + (f"; {shrunk} fixed, run with --update to lock that in" if shrunk > 0 else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Rows out as a table, CSV or JSON (search, autocode, documents)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from typing import Any

_FLAT = str.maketrans({"\n": " ", "\r": " ", "\t": " "})


def _flat(value: Any, width: int) -> str:
    text = str(value).translate(_FLAT)
    return text if len(text) <= width else text[: width - 1] + "…"


def write_rows(header: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str,
               widths: dict[str, int] | None = None) -> None:
    """Write ``rows`` to stdout: ``table`` (aligned, cells flattened and cut), ``csv`` or ``json``."""
    out = sys.stdout
    if fmt == "json":
        json.dump([dict(zip(header, r, strict=True)) for r in rows], out, ensure_ascii=False, indent=1)
        out.write("\n")
        return
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        return
    widths = widths or {}
    cells = [[_flat(v, widths.get(h, 40)) for h, v in zip(header, r, strict=True)] for r in rows]
    cols = [max([len(h)] + [len(c[i]) for c in cells]) for i, h in enumerate(header)]
    out.write("  ".join(h.ljust(w) for h, w in zip(header, cols, strict=True)).rstrip() + "\n")
    for c in cells:
        out.write("  ".join(v.ljust(w) for v, w in zip(c, cols, strict=True)).rstrip() + "\n")

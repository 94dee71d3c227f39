"""The report as bytes: an aligned text table, CSV (one section per table), JSON, or HTML (``html.py``)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from newscoder.core.compare.report import CompareReport

FORMATS = ("table", "csv", "json", "html")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def _safe(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading ``'`` (numbers stay numbers)."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA) else value


def as_text(report: CompareReport, width: int = 60) -> str:
    out = [report.methods.line(), ""]
    for name, header, rows in report.tables():
        out.append(f"== {name} ({len(rows)} rows)")
        cells = [[_cell(v).replace("\n", " ") for v in r] for r in rows]
        cells = [[c if len(c) <= width else c[:width - 1] + "…" for c in r] for r in cells]
        cols = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]
        out.append("  ".join(h.ljust(w) for h, w in zip(header, cols, strict=True)).rstrip())
        out.extend("  ".join(v.ljust(w) for v, w in zip(r, cols, strict=True)).rstrip() for r in cells)
        out.append("")
    return "\n".join(out)


def as_csv(report: CompareReport) -> str:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["# " + report.methods.line()])
    for name, header, rows in report.tables():
        writer.writerow([])
        writer.writerow(["table", *header])
        writer.writerows([name, *(_safe(v) for v in r)] for r in rows)
    return buf.getvalue()


def as_json(report: CompareReport) -> str:
    m = report.methods
    data = {
        "methods": {"line": m.line(), "coders": list(m.coders), "pooled": m.pooled, "documents": m.documents,
                    "outlets": m.outlets, "by": m.by, "segments": m.segments, "date": m.date, "version": m.version},
        "tables": {name: [dict(zip(header, r, strict=True)) for r in rows] for name, header, rows in report.tables()},
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def render(report: CompareReport, fmt: str) -> bytes:
    if fmt == "html":
        from newscoder.core.compare.html import as_html

        return as_html(report).encode("utf-8")
    text = {"table": as_text, "csv": as_csv, "json": as_json}[fmt](report)
    return text.encode("utf-8")

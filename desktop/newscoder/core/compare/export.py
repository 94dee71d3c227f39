"""Writing the comparison report to a file (CLI and window): never over the project, a device,
a FIFO or a folder; written through a temporary sibling and renamed into place."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from newscoder.core.agreement.output import write_bytes
from newscoder.core.compare import render, report
from newscoder.core.compare.model import load_input
from newscoder.core.errors import UserError
from newscoder.core.store import Project


def format_for(path: Path, fmt: str | None) -> str:
    """The format asked for, else the one the file name says (``.html``, ``.csv``, ``.json``; else table)."""
    if fmt:
        if fmt not in render.FORMATS:
            raise UserError(f"unknown format {fmt!r} (choose {', '.join(render.FORMATS)})")
        return fmt
    return {".html": "html", ".htm": "html", ".csv": "csv", ".json": "json"}.get(path.suffix.lower(), "table")


def build(project: Project, by: str = "source", coders: Sequence[str] = ()) -> report.CompareReport:
    return report.compute(project, load_input(project, by, coders))


def write_report(project: Project, path: Path, fmt: str | None = None, *, by: str = "source",
                 coders: Sequence[str] = (), built: report.CompareReport | None = None) -> report.CompareReport:
    """Compute (unless ``built`` is given) and write the report; returns it."""
    path = Path(path)
    fmt = format_for(path, fmt)
    rep = built if built is not None else build(project, by, coders)
    write_bytes(path, render.render(rep, fmt), [project.path])
    return rep

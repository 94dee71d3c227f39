"""``newscoder export|import codebook`` (.qdc) and ``newscoder export|import qdpx`` (.qdpx)."""

from __future__ import annotations

import argparse
from pathlib import Path

from newscoder.commands._common import open_for_read, open_for_write, project_arg
from newscoder.core.exchange.refi_codebook import export_codebook as _export_codebook
from newscoder.core.exchange.refi_codebook import import_codebook as _import_codebook
from newscoder.core.exchange.refi_project_export import export_qdpx as _export_qdpx
from newscoder.core.exchange.refi_project_import import import_qdpx as _import_qdpx
from newscoder.core.exchange.refi_project_import import import_qdpx_new


def export_codebook(args: argparse.Namespace) -> int:
    with open_for_read(args) as project:
        report = _export_codebook(project, Path(args.output))
    print("\n".join(report.lines()))
    return 0


def import_codebook(args: argparse.Namespace) -> int:
    with open_for_write(args) as project:
        report = _import_codebook(project, Path(args.file))
    print("\n".join(report.lines()))
    return 0


def export_qdpx(args: argparse.Namespace) -> int:
    with open_for_read(args) as project:
        report = _export_qdpx(project, Path(args.output))
    print("\n".join(report.lines()))
    return 0


def import_qdpx(args: argparse.Namespace) -> int:
    """Into a new project if ``-p`` does not exist yet, else into that project."""
    target = project_arg(args)
    if target is not None and not target.exists():
        report = import_qdpx_new(Path(args.file), target)
    else:
        with open_for_write(args) as project:
            report = _import_qdpx(project, Path(args.file))
    print("\n".join(report.lines()))
    return 0

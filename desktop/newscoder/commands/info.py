"""``newscoder info``: what a project holds. Read-only."""

from __future__ import annotations

import argparse

from newscoder.commands._common import open_for_read
from newscoder.core.store import Project
from newscoder.core.store_publications import shared_documents

#: Documents are listed one per line up to this many; beyond, only counted.
LIST_LIMIT = 50


def _live_segments_by(project: Project, column: str) -> dict[str, int]:
    """Live segment counts grouped by ``column`` (``coder_id`` or ``code_id``)."""
    return project.live_segment_counts(column)


def _one_line(value: str) -> str:
    return " ".join(value.split())


def describe(project: Project) -> str:
    """The ``info`` report as text."""
    lines = [f"project: {project.name} ({project.path})"]
    docs = project.documents()
    lines.append(f"documents: {len(docs)}")
    shared = shared_documents(project)  # issue 13: texts run by several outlets
    for doc in docs[:LIST_LIMIT]:
        source = f" [{_one_line(doc.source)}]" if doc.source else ""
        runs = f", {shared[doc.id]} publications" if doc.id in shared else ""
        lines.append(f"  {doc.id}  {_one_line(doc.title)}{source}  ({doc.length} characters{runs})")
    if len(docs) > LIST_LIMIT:
        lines.append(f"  ... and {len(docs) - LIST_LIMIT} more")
    if shared:
        lines.append(f"publications: {len(docs) + sum(n - 1 for n in shared.values())} "
                     f"({len(shared)} of the texts run more than once; 'newscoder publications' lists them)")
    coders = project.coders()
    counts = _live_segments_by(project, "coder_id")
    lines.append(f"coders: {len(coders)}")
    for coder in coders:
        lines.append(f"  {_one_line(coder.name)}: {counts.get(coder.id, 0)} segments")
    codes = project.codes()
    by_code = _live_segments_by(project, "code_id")
    lines.append(f"codes: {len(codes)}")
    for code in codes:
        key = f"[{code.shortcut}]" if code.shortcut else "[-]"
        archived = " (archived)" if code.archived else ""
        lines.append(f"  {key} {_one_line(code.name)}{archived}: {by_code.get(code.id, 0)} segments")
    total = sum(counts.values())
    lines.append(f"segments: {total}")
    return "\n".join(lines)


def info(args: argparse.Namespace) -> int:
    with open_for_read(args) as project:
        print(describe(project))
    return 0

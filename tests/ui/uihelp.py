"""Helpers shared by the UI tests (imported as a plain module)."""

from __future__ import annotations

from pathlib import Path

from newscoder.core import edits
from newscoder.core.store import Project

ARTICLES = {
    "Alpha report": "Troops moved north on Monday.\nOfficials denied the claim, saying nothing happened.",
    "Beta story": "As many as 8,000 soldiers were seen near the border.",
    "Gamma note": "A short third article about talks.",
}


def make_project(path: Path, articles: dict[str, str] | None = None, source: str = "Wire") -> Project:
    project = Project.create(path)
    for title, text in (articles if articles is not None else ARTICLES).items():
        project.add_document(text, title, source=source)
    return project


def add_segment(project: Project, doc_id: str, code_name: str, coder: str, start: int, end: int) -> str:
    code = project.code_by_name(code_name)
    assert code is not None
    edit = edits.add_segment(project, doc_id, code.id, project.ensure_coder(coder).id, start, end)
    edits.apply(project, edit)
    return str(edit.changes[0].after["id"])  # type: ignore[index]

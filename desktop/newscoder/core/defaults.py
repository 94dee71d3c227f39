"""The default project: created on first use and seeded with the sample articles."""

from __future__ import annotations

from pathlib import Path

from newscoder.core import paths
from newscoder.core.store import Project


def open_default_project() -> Project:
    """Open the default project, creating and seeding it on first use."""
    path = paths.default_project_path()
    if path.exists():
        return Project.open(path)
    return create_seeded_project(path)


def create_seeded_project(path: Path) -> Project:
    """A new project with the default codebook, the sample articles and two demo coders' work (labelled)."""
    from newscoder.core.demo import add_demo_coding
    from newscoder.core.importers import import_paths

    project = Project.create(path, name="Sample project")
    import_paths(project, [paths.sample_articles_dir()])
    add_demo_coding(project)
    return project

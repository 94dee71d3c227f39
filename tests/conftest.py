"""Shared test set-up: headless Qt, an isolated NEWSCODER_HOME, project fixtures."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

from newscoder.core.store import Project  # noqa: E402

#: ``NEWSCODER_FULL=1`` asks the reliability tests (crash kills, concurrency, fuzzers,
#: stateful undo) for their long counts; see docs/reliability.md.
FULL = os.environ.get("NEWSCODER_FULL", "") not in ("", "0")

# Fuzz tests that do not set max_examples themselves (the CSV, QDPX and offset
# fuzzers) take it from this profile: 100 examples each by default, 2,000 with
# NEWSCODER_FULL=1. No deadline: a loaded CI machine must not turn a slow example
# into a failure.
settings.register_profile("newscoder", deadline=None)
settings.register_profile("newscoder-full", deadline=None, max_examples=2000)
settings.load_profile("newscoder-full" if FULL else "newscoder")

REPO = Path(__file__).resolve().parents[1]
SAMPLE_ARTICLES = REPO / "sample_articles"
SHARED = REPO.parent / "shared"


@pytest.fixture(autouse=True)
def newscoder_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test writes its settings, default project and backups under a temp dir."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("NEWSCODER_HOME", str(home))
    return home


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    return tmp_path / "study.newscoder"


@pytest.fixture
def fresh_project(project_path: Path) -> Iterator[Project]:
    """A new project with the default codebook and no articles."""
    project = Project.create(project_path)
    yield project
    project.close()


@pytest.fixture
def sample_project(tmp_path: Path) -> Iterator[Project]:
    """A project with the default codebook and the five sample articles."""
    from newscoder.core.importers import import_paths

    project = Project.create(tmp_path / "sample.newscoder")
    import_paths(project, [SAMPLE_ARTICLES])
    yield project
    project.close()


@pytest.fixture
def sample_dir(tmp_path: Path) -> Path:
    """A writable copy of sample_articles/."""
    target = tmp_path / "articles"
    shutil.copytree(SAMPLE_ARTICLES, target)
    return target

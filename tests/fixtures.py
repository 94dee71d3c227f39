"""The test suite's one fixtures plugin (loaded by tests/conftest.py): projects, segments, paths.

Helpers (plain functions, importable as ``from tests.fixtures import make_project``) and
typed fixtures. Every project is a real SQLite file under the test's ``tmp_path``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newscoder.core import edits
from newscoder.core.store import Project

REPO = Path(__file__).resolve().parents[1]
SAMPLE_ARTICLES = REPO / "sample_articles"
#: files the tests read that are not the app's: REFI-QDA schemas, the sample articles' seed texts
DATA = REPO / "tests" / "data"

#: the default articles of :func:`make_project`: short, ASCII, three sources of one event
ARTICLES = {
    "Alpha report": "Troops moved north on Monday.\nOfficials denied the claim, saying nothing happened.",
    "Beta story": "As many as 8,000 soldiers were seen near the border.",
    "Gamma note": "A short third article about talks.",
}


def numbered_articles(n: int) -> dict[str, str]:
    """``n`` similar articles titled "Title 0", "Title 1", …"""
    return {f"Title {i}": f"Article {i} says troops moved. Officials denied it. Estimates vary widely.\nEnd {i}."
            for i in range(n)}


def make_project(path: Path, articles: dict[str, str] | int | None = None, *, source: str | None = "Wire",
                 coders: tuple[str, ...] = ()) -> Project:
    """A new project at ``path`` with the default codebook, these articles (a count: numbered ones) and coders.

    With numbered articles and ``source=None`` each article gets its own source ("Source 0", …).
    """
    project = Project.create(path)
    chosen = numbered_articles(articles) if isinstance(articles, int) else (ARTICLES if articles is None else articles)
    for i, (title, text) in enumerate(chosen.items()):
        project.add_document(text, title, source=source if source is not None else f"Source {i}")
    for name in coders:
        project.ensure_coder(name)
    return project


def add_segment(project: Project, doc_id: str, code_name: str, coder: str, start: int, end: int,
                memo: str = "") -> str:
    """Code ``[start, end)`` as ``coder`` (created if new) with the named code; the new segment's id."""
    code = project.code_by_name(code_name)
    assert code is not None, code_name
    edit = edits.add_segment(project, doc_id, code.id, project.ensure_coder(coder).id, start, end, memo=memo)
    changes = edits.apply(project, edit)
    (added,) = changes.added_segments
    return added


ProjectFactory = Callable[..., Project]


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


@pytest.fixture
def project_factory(tmp_path: Path) -> Iterator[ProjectFactory]:
    """``project_factory(articles=None, *, source=..., coders=())``: projects closed after the test."""
    made: list[Project] = []

    def factory(articles: dict[str, str] | int | None = None, **kw: object) -> Project:
        project = make_project(tmp_path / f"p{len(made)}.newscoder", articles, **kw)  # type: ignore[arg-type]
        made.append(project)
        return project

    yield factory
    for project in made:
        project.close()

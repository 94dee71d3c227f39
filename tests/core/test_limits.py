"""Limits on titles, names and memos hold on every path in (core/limits.py).

On 944c888 none was enforced: a 100,000-character title took 4 GB in the
window and 100 MB of it crashed the window at every start. Each path here
stored the over-long value; now each refuses it and writes nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newscoder.core import codebook, edits
from newscoder.core.errors import UserError
from newscoder.core.exchange.segments_csv_import import import_segments
from newscoder.core.store import Project

MAX_TITLE, MAX_NAME, MAX_MEMO = 1_000, 200, 100_000  # docs/reliability.md; core/limits.py
LONG_TITLE = "x" * (MAX_TITLE + 1)
LONG_NAME = "n" * (MAX_NAME + 1)
LONG_MEMO = "m" * (MAX_MEMO + 1)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = Project.create(tmp_path / "p.newscoder")
    p.add_document("Troops crossed the border.", "Troops")
    p.ensure_coder("ana")
    return p


def _dump(project: Project) -> list[str]:
    return list(project.conn.iterdump())


def _refused(project: Project, what: str, action) -> None:  # type: ignore[no-untyped-def]
    before = _dump(project)
    with pytest.raises(UserError, match=f"refused: {what} is longer than"):
        action()
    assert _dump(project) == before


def test_edit_title_and_properties(project: Project) -> None:
    doc = project.documents()[0].id
    _refused(
        project, "an article title", lambda: edits.apply(project, edits.update_document(project, doc, title=LONG_TITLE))
    )
    _refused(project, "an article source",
             lambda: edits.apply(project, edits.update_document(project, doc, source="s" * 1001)))
    edits.apply(project, edits.update_document(project, doc, title="t" * MAX_TITLE))  # the limit itself is fine
    assert project.documents()[0].title == "t" * MAX_TITLE


def test_edit_memo(project: Project) -> None:
    doc, coder = project.documents()[0].id, project.coders()[0].id
    code = project.code_by_name("claim").id  # type: ignore[union-attr]
    _refused(project, "a segment memo",
             lambda: edits.apply(project, edits.add_segment(project, doc, code, coder, 0, 6, memo=LONG_MEMO)))
    edits.apply(project, edits.add_segment(project, doc, code, coder, 0, 6))
    seg = project.segments()[0].id
    _refused(project, "a segment memo", lambda: edits.apply(project, edits.set_segment_memo(project, seg, LONG_MEMO)))


def test_code_and_coder_names(project: Project) -> None:
    _refused(project, "a code name", lambda: edits.apply(project, codebook.add_code(project, LONG_NAME)))
    code = project.code_by_name("claim").id  # type: ignore[union-attr]
    _refused(project, "a code name", lambda: edits.apply(project, codebook.update_code(project, code, name=LONG_NAME)))
    _refused(project, "a code description",
             lambda: edits.apply(project, codebook.update_code(project, code, description=LONG_MEMO)))
    _refused(project, "a coder name", lambda: project.ensure_coder(LONG_NAME))
    _refused(project, "the project name", lambda: project.set_meta("name", LONG_NAME))


def test_csv_import(project: Project, tmp_path: Path) -> None:
    csv = tmp_path / "s.csv"
    csv.write_text("document_title,coder,code,start,end,text,memo\n"
                   f"Troops,ana,claim,0,6,Troops,{LONG_MEMO}\n", encoding="utf-8")
    _refused(project, "a segment memo", lambda: import_segments(project, csv))


def test_article_import_clips_a_title_from_the_file(project: Project, tmp_path: Path) -> None:
    from newscoder.core.importers import import_paths

    path = tmp_path / "a.md"
    path.write_text(f"---\ntitle: {'T' * 100_000}\n---\nSome text.\n", encoding="utf-8")
    result = import_paths(project, [path])
    assert result.failed == [] and len(result.imported[0].title) == MAX_TITLE
    assert result.imported[0].title.endswith("…")


def test_raw_sql_on_a_project_connection_is_refused_too(project: Project) -> None:
    """Whatever code path writes (merge, copies, future code), the connection's guards refuse it."""
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError, match="an article title is longer than 1,000"):
        project.conn.execute("UPDATE documents SET title = ?", (LONG_TITLE,))

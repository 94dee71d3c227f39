"""The study: selection by name/id, who counts for a document, exclusions — on real projects."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_agreement_support import build_project, unit_texts

from newscoder.core import edits
from newscoder.core.agreement import compute_report, load_study
from newscoder.core.errors import UserError

TEXTS = ["alpha beta gamma", "delta epsilon", "zeta eta theta", "iota kappa"]


@pytest.fixture
def project(tmp_path: Path):
    segs = [
        ("ann", "claim", 0, 0, 5), ("ben", "claim", 0, 0, 5),
        ("ann", "denial", 1, 0, 5),  # doc 1: ben only marked it done
        ("ann", "denial", 2, 0, 4),  # doc 2: only ann
        ("cy", "denial", 0, 6, 10),
    ]
    project, ids = build_project(
        tmp_path / "p.newscoder", ["ann", "ben", "cy"], ["claim", "denial"], TEXTS, segs, done=[("ben", 1)]
    )
    yield project, ids
    project.close()


def test_counting_and_exclusions(project) -> None:
    project, ids = project
    study = load_study(project, coders=["ann", "ben"])
    assert [d.id for d in study.documents] == [ids[0], ids[1]]
    excluded = {e.document_id: e for e in study.excluded}
    assert set(excluded) == {ids[2], ids[3]}
    assert "only ann" in excluded[ids[2]].reason
    assert "no selected coder" in excluded[ids[3]].reason


def test_a_segment_of_an_unselected_code_still_counts(project) -> None:
    project, ids = project
    study = load_study(project, coders=["ann", "cy"], codes=["claim"])
    assert [d.id for d in study.documents] == [ids[0]]  # cy counts for doc 0 through a denial
    assert study.codes == ("claim",)


def test_a_deleted_segment_does_not_count(project) -> None:
    project, ids = project
    seg = next(s for s in project.segments(document_id=ids[0]) if project.coder(s.coder_id).name == "cy")
    edits.apply(project, edits.delete_segment(project, seg.id))
    study = load_study(project, coders=["ann", "cy"])
    assert ids[0] not in [d.id for d in study.documents]


def test_names_are_case_insensitive_and_coders_sorted(project) -> None:
    project, _ = project
    study = load_study(project, coders=["BEN", "Ann", "ann"], codes=["CLAIM"])
    assert study.coders == ("ann", "ben") and study.codes == ("claim",)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"coders": ["ann"]}, "at least two coders"),
        ({"coders": ["ann", "zed"]}, "no coder named 'zed'"),
        ({"codes": ["nope"]}, "no code named 'nope'"),
        ({"documents": ["not-an-id"]}, "no document with id 'not-an-id'"),
    ],
)
def test_selection_errors(project, kwargs, message) -> None:
    project, _ = project
    with pytest.raises(UserError, match=message):
        load_study(project, **kwargs)


def test_document_selection(project) -> None:
    project, ids = project
    study = load_study(project, documents=[ids[1]])
    assert [d.id for d in study.documents] == [ids[1]]


def test_one_coder_project_is_refused(tmp_path: Path) -> None:
    project, _ = build_project(tmp_path / "one.newscoder", ["solo"], ["c"], unit_texts(1), [("solo", "c", 0, 0, 1)])
    with project, pytest.raises(UserError, match="at least two coders"):
        load_study(project)


def test_report_header_counts(project) -> None:
    project, _ = project
    report = compute_report(load_study(project, coders=["ann", "ben"]))
    assert report.documents == 2
    assert report.units == len(TEXTS[0]) + len(TEXTS[1])

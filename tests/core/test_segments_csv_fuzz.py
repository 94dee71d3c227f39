"""Fuzzing the segments CSV importer: it either imports whole or refuses with InputError, nothing else."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscoder.core.errors import InputError
from newscoder.core.exchange.segments_csv import HEADER, import_segments_bytes
from newscoder.core.store import Project

TEXT = "The minister said 8,000 troops 😀.\nA second line."
# max_examples comes from the profile in tests/conftest.py (100; NEWSCODER_FULL=1: 2,000)
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def make(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = Project.create(tmp_path_factory.mktemp("fuzz") / "p.newscoder", codebook=False)
    project.add_document(TEXT, "Alpha")
    project.add_document("Beta text.", "Beta")
    return project


def state(project: Project) -> tuple[object, ...]:
    q = project.conn.execute
    return (
        q("SELECT * FROM segments ORDER BY id").fetchall(),
        q("SELECT * FROM coders ORDER BY id").fetchall(),
        q("SELECT * FROM codes ORDER BY id").fetchall(),
        q("SELECT * FROM document_status ORDER BY document_id, coder_id").fetchall(),
    )


def attempt(project: Project, data: bytes) -> None:
    before = state(project)
    try:
        summary = import_segments_bytes(project, data, "fuzz.csv")
    except InputError as exc:
        assert str(exc).startswith("fuzz.csv")
        assert state(project) == before, "a refused file must write nothing"
        return
    # accepted: every live segment is consistent with its document
    for seg in project.segments():
        assert project.document_text(seg.document_id)[seg.start : seg.end] == seg.quote
    assert summary.imported + summary.updated <= len(project.segments(include_deleted=True))


@FUZZ
@given(data=st.binary(max_size=400))
def test_random_bytes(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    with make(tmp_path_factory) as project:
        attempt(project, data)


@FUZZ
@given(data=st.binary(max_size=300))
def test_random_bytes_after_a_valid_header(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    with make(tmp_path_factory) as project:
        attempt(project, b"document_title,coder,code,start,end,text,memo\r\n" + data)


cells = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["Alpha", "Beta", "ann", "claim", "0", "3", "-1", "99", "The", "'=x", "", " 4 "]),
    st.integers(-3, 60).map(str),
)
columns = st.lists(st.sampled_from(list(HEADER) + ["bogus"]), min_size=1, max_size=9)


@FUZZ
@given(header=columns, rows=st.lists(st.lists(cells, min_size=0, max_size=10), max_size=6), crlf=st.booleans())
def test_random_rows(
    tmp_path_factory: pytest.TempPathFactory, header: list[str], rows: list[list[str]], crlf: bool
) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(header)
    writer.writerows(rows)
    with make(tmp_path_factory) as project:
        attempt(project, buffer.getvalue().encode("utf-8"))


@FUZZ
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["Alpha", "Beta"]),
            st.sampled_from(["ann", "bob", "=eve"]),
            st.sampled_from(["claim", "denial", "@new"]),
            st.integers(-1, 55),
            st.integers(-1, 55),
            st.text(max_size=5),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_plausible_rows(
    tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[str, str, str, int, int, str]]
) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["document_title", "coder", "code", "start", "end", "memo"])
    writer.writerows(rows)
    with make(tmp_path_factory) as project:
        attempt(project, buffer.getvalue().encode("utf-8"))
        # importing the same rows again never adds anything
        count = len(project.segments(include_deleted=True))
        attempt(project, buffer.getvalue().encode("utf-8"))
        assert len(project.segments(include_deleted=True)) == count

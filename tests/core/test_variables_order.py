"""The article list's typed order, groups and comparisons (pure), and the store query and filters on real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscoder.core import edits, store_variables_list, variables
from newscoder.core.search import filters
from newscoder.core.store import Project
from newscoder.core.variables_order import Header, Kind, arrange, compare, date_parts, group_value, groups_of, order

NUMBER, DATE, TEXT = Kind("number"), Kind("date"), Kind("text")
CHOICE = Kind("choice", ("left", "centre", "right"))


@pytest.mark.parametrize("kind, values, want", [
    (NUMBER, {"a": "10", "b": "9", "c": "1,200", "d": "", "e": "-2.5"}, ["e", "b", "a", "c", "d"]),
    (NUMBER, {"a": "ten", "b": "3", "c": ""}, ["b", "a", "c"]),  # a non-number after the numbers, empty last
    (DATE, {"a": "2024-10-05", "b": "2024", "c": "2023-12", "d": "", "e": "2024-10"}, ["c", "b", "e", "a", "d"]),
    (DATE, {"a": "2024-13-01", "b": "2024-02-30", "c": "2024-02-29"}, ["c", "b", "a"]),  # bad dates after, by text
    (CHOICE, {"a": "right", "b": "LEFT", "c": "centre", "d": "other", "e": ""}, ["b", "c", "a", "d", "e"]),
    (TEXT, {"a": "beta", "b": "Alpha", "c": "", "d": "ärger"}, ["b", "a", "d", "c"]),
])
def test_order_is_typed_with_empty_last(kind: Kind, values: dict[str, str], want: list[str]) -> None:
    assert order(sorted(values), values, kind) == want


def test_descending_keeps_empty_last_and_ties_stable() -> None:
    values = {"a": "2024-01-01", "b": "", "c": "2024-05-01", "d": "2024-01-01"}
    assert order(["a", "b", "c", "d"], values, DATE, descending=True) == ["c", "a", "d", "b"]
    assert order(["d", "b", "c", "a"], values, DATE) == ["d", "a", "c", "b"]  # ties keep the given (title) order


def test_date_parts_and_groups() -> None:
    assert date_parts("2024-10-05T12:00:00Z") == (2024, 10, 5)
    assert date_parts("2024") == (2024, 0, 0) and date_parts("2024-02-30") is None and date_parts("x") is None
    assert group_value(DATE, "2024-10-05", "month") == "2024-10" and group_value(DATE, "2024-10-05", "year") == "2024"
    assert group_value(DATE, "2024", "month") == "2024"  # a year alone stays a year
    assert group_value(NUMBER, "1,200") == "1200" and group_value(NUMBER, "2.50") == "2.5"
    assert group_value(CHOICE, "LEFT") == "left" and group_value(TEXT, " AFP ") == "afp"
    assert groups_of(["a", "b"], {"a": "AFP", "b": "afp"}, TEXT) == {"a": ("afp", "AFP"), "b": ("afp", "AFP")}


def test_arrange_groups_counts_collapsed_and_filtered() -> None:
    ids = ["t1", "t2", "t3", "t4", "t5"]
    values = {"t1": "Reuters", "t2": "AFP", "t3": "", "t4": "afp", "t5": "Reuters"}
    groups = groups_of(ids, values, TEXT)
    rows = arrange(ids, None, groups, TEXT)
    assert rows == [Header("afp", "AFP", 2, False), "t2", "t4", Header("reuters", "Reuters", 2, False), "t1", "t5",
                    Header("", "", 1, False), "t3"]
    rows = arrange(ids, {"t1", "t2", "t3"}, groups, TEXT, {"reuters"})
    assert rows == [Header("afp", "AFP", 1, False), "t2", Header("reuters", "Reuters", 1, True),
                    Header("", "", 1, False), "t3"]
    assert arrange(ids, {"t5", "t1"}, None, TEXT) == ["t1", "t5"]  # no groups: the kept ids in the given order
    assert arrange(ids, set(), groups, TEXT) == []
    dates = {"t1": "2024-10-01", "t2": "2023-01-02", "t3": "2024-10-30", "t4": "", "t5": "2024-02"}
    rows = arrange(ids, None, groups_of(ids, dates, DATE, "month"), DATE, descending=True)
    assert [r.key for r in rows if isinstance(r, Header)] == ["2024-10", "2024-02", "2023-01", ""]


@pytest.mark.parametrize("kind, value, op, bound, want", [
    (DATE, "2024-10-01", ">=", "2024-10", True), (DATE, "2024-09-30", ">=", "2024-10", False),
    (DATE, "2024-10-31", "<=", "2024-10", True), (DATE, "2024-11-01", "<=", "2024-10", False),
    (DATE, "2024-10-31", ">", "2024-10", False), (DATE, "2024-11-01", ">", "2024-10", True),
    (DATE, "2024-09-30", "<", "2024-10", True), (DATE, "2024-10-01", "<", "2024-10", False),
    (DATE, "2024", ">=", "2024", True), (DATE, "", ">=", "1900", False),
    (NUMBER, "1,200", ">", "999", True), (NUMBER, "9", "<", "10", True), (NUMBER, "10", "<=", "9.5", False),
    (CHOICE, "right", ">", "centre", True), (CHOICE, "left", ">=", "centre", False),
    (TEXT, "beta", ">", "Alpha", True), (TEXT, "", "<", "zzz", False),
])
def test_compare_by_type(kind: Kind, value: str, op: str, bound: str, want: bool) -> None:
    assert compare(kind, value, op, bound) is want


@pytest.fixture
def listed(tmp_path: Path) -> tuple[Project, dict[str, str]]:
    project = Project.create(tmp_path / "v.newscoder")
    ids = {}
    for title, source, published in (("Alpha", "AFP", "2024-10-03"), ("Beta", "Reuters", "2024-09-30"),
                                     ("Gamma", "afp", "2024-11"), ("Delta", "", "")):
        doc, _ = project.add_document(f"{title} text.", title, source=source, published=published)
        ids[title] = doc.id
    for name, kind, choices in (("troops", "number", ()), ("leaning", "choice", ("left", "centre", "right"))):
        edits.apply(project, variables.define(project, name, kind, choices))
    edits.apply(project, variables.set_values(project, {
        ids["Alpha"]: {"troops": "8,000", "leaning": "right"}, ids["Beta"]: {"troops": "950", "leaning": "left"},
        ids["Gamma"]: {"leaning": "centre"}}))
    return project, ids


def test_variable_values_read_columns_and_metadata(listed: tuple[Project, dict[str, str]]) -> None:
    project, ids = listed
    assert store_variables_list.variable_values(project, "source")[ids["Gamma"]] == "afp"
    assert store_variables_list.variable_values(project, "troops") == {ids["Alpha"]: "8000", ids["Beta"]: "950"}
    assert store_variables_list.variable_kind(project, "Troops") == NUMBER
    assert store_variables_list.variable_kind(project, "published") == DATE
    assert store_variables_list.variable_kind(project, "leaning") == CHOICE
    assert store_variables_list.variable_kind(project, "nothing") == TEXT
    # a metadata key with quotes, dots and brackets; a JSON number and a boolean read as text
    odd = 'a."b"[0]'
    with project.atomic():
        project.conn.execute("UPDATE documents SET metadata = ? WHERE id = ?",
                             (json.dumps({odd: "x", "n": 3, "flag": True}), ids["Delta"]))
    assert store_variables_list.variable_values(project, odd) == {ids["Delta"]: "x"}
    assert store_variables_list.variable_values(project, "n") == {ids["Delta"]: "3"}
    assert store_variables_list.variable_values(project, "flag") == {ids["Delta"]: "true"}


@pytest.mark.parametrize("text, titles", [
    ("published>=2024-10", {"Alpha", "Gamma"}),
    ("published<2024-10", {"Beta"}),
    ("published<=2024-10", {"Alpha", "Beta"}),
    ("troops>1000", {"Alpha"}),
    ("troops<=950", {"Beta"}),
    ("leaning>=centre", {"Alpha", "Gamma"}),
    ("outlet=afp", {"Alpha", "Gamma"}),
    ("source!=afp", {"Beta", "Delta"}),
    ("title>B", {"Beta", "Gamma", "Delta"}),
])
def test_filters_compare_by_type(listed: tuple[Project, dict[str, str]], text: str, titles: set[str]) -> None:
    project, ids = listed
    got = filters.matching_ids(project, [text])
    assert {t for t, i in ids.items() if i in (got or set())} == titles


@pytest.mark.parametrize("text, message", [
    ("status<done", "status takes = or != only"),
    ("code>=denial", "code takes = or != only"),
    ("troops>", "a comparison needs a value"),
    ("colour>=red", "no variable named 'colour'"),
    ("=x", "a filter needs a name"),
    ("just words", "a filter is NAME=VALUE"),
    ("published<x<", r"published<x<: 'x<' is not a date \(YYYY, YYYY-MM or YYYY-MM-DD\)"),
    ("troops>=many", "troops>=many: 'many' is not a number"),
    ("leaning>far", "leaning>far: 'far' is not one of left, centre, right"),
])
def test_bad_filters_say_what_is_wrong(listed: tuple[Project, dict[str, str]], text: str, message: str) -> None:
    with pytest.raises(filters.FilterError, match=message):
        filters.matching_ids(listed[0], [text])


def test_is_filter_tells_words_from_filters() -> None:
    assert filters.is_filter("outlet=AFP") and filters.is_filter("published >= 2024")
    assert not filters.is_filter("troops") and not filters.is_filter("=x") and not filters.is_filter("a b")
    assert filters.parse_filter("url=https://x.org/?a=b").value == "https://x.org/?a=b"
    assert str(filters.parse_filter("published >= 2024-10")) == "published>=2024-10"


def test_cli_documents_and_search_take_comparisons(listed: tuple[Project, dict[str, str]]) -> None:
    from tests.core.safety_fixtures import cli

    project, ids = listed
    path = project.path
    project.close()
    got = cli("documents", "-p", path, "--where", "published>=2024-10", "--where", "troops>1000", "--format", "csv")
    assert got.returncode == 0, got.stderr
    assert [line.split(",")[1] for line in got.stdout.splitlines()[1:]] == ["Alpha"]
    got = cli("search", "-p", path, "text", "--where", "date<2024-10", "--format", "csv")
    assert got.returncode == 0, got.stderr
    assert [line.split(",")[1] for line in got.stdout.splitlines()[1:]] == ["Beta"]
    bad = cli("documents", "-p", path, "--where", "published>=soon")
    assert bad.returncode != 0 and bad.stderr.strip() == (
        "newscoder: published>=soon: 'soon' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    assert "Traceback" not in bad.stderr

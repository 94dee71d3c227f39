"""The interval index the article view paints from."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscoder.ui.highlights import Mark, MarkIndex


def mark(i: int, a: int, b: int, mine: bool = True) -> Mark:
    return Mark(f"s{i}", a, b, "c", "#0072B2", "me", mine)


def brute_overlapping(marks: list[Mark], a: int, b: int) -> list[str]:
    b = max(b, a + 1)
    hits = [m for m in marks if m.start < b and m.end > a]
    hits.sort(key=lambda m: (m.start, m.end, m.segment_id))
    return [m.segment_id for m in hits]


def test_point_and_range_queries_match_brute_force() -> None:
    rng = random.Random(7)
    marks = []
    for i in range(400):
        a = rng.randrange(0, 20_000)
        marks.append(mark(i, a, a + rng.choice([1, 5, 40, 700, 3000])))
    index = MarkIndex(marks)
    for _ in range(200):
        a = rng.randrange(0, 24_000)
        b = a + rng.randrange(1, 2000)
        assert [m.segment_id for m in index.overlapping(a, b)] == brute_overlapping(marks, a, b)
        want_at = {m.segment_id for m in marks if m.start <= a < m.end}
        assert {m.segment_id for m in index.at(a)} == want_at


@pytest.mark.parametrize("span", [(0, 1), (511, 513), (5, 2560)])
def test_add_remove(span: tuple[int, int]) -> None:
    index = MarkIndex()
    index.add(mark(1, *span))
    assert [m.segment_id for m in index.at(span[0])] == ["s1"]
    assert index.at(span[1]) == []
    index.add(mark(1, span[1], span[1] + 3))  # moving a mark replaces it
    assert index.at(span[0]) == []
    assert len(index) == 1
    assert index.remove("s1") is not None
    assert index.remove("s1") is None
    assert len(index) == 0 and index.overlapping(0, 10**6) == [] and index.all() == []


def test_at_orders_shortest_first() -> None:
    index = MarkIndex([mark(1, 0, 100), mark(2, 10, 20), mark(3, 5, 50)])
    assert [m.segment_id for m in index.at(15)] == ["s2", "s3", "s1"]


def test_one_long_mark_does_not_hide_later_ones() -> None:
    """The running maximum of the ends: a long early mark keeps every later one reachable."""
    index = MarkIndex([mark(0, 0, 10_000)] + [mark(i, 10 * i, 10 * i + 3) for i in range(1, 500)])
    assert [m.segment_id for m in index.overlapping(2000, 2005)] == ["s0", "s200"]
    index.remove("s0")
    assert [m.segment_id for m in index.overlapping(2000, 2005)] == ["s200"]


_ops = st.lists(
    st.tuples(
        st.sampled_from(["add", "remove"]),
        st.integers(0, 30),  # segment number: small, so ids repeat (replace, remove existing)
        st.integers(0, 400),
        st.integers(1, 120),
    ),
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(initial=_ops, ops=_ops, queries=st.lists(st.tuples(st.integers(0, 560), st.integers(0, 90)), max_size=12))
def test_incremental_updates_equal_a_rebuild(initial, ops, queries) -> None:  # type: ignore[no-untyped-def]
    """Any sequence of add/remove leaves the index exactly as building it afresh from the survivors."""
    start = {f"s{n}": mark(n, a, a + length) for kind, n, a, length in initial if kind == "add"}
    index = MarkIndex(start.values())
    model = dict(start)
    for kind, n, a, length in ops:
        if kind == "add":
            m = mark(n, a, a + length, mine=n % 2 == 0)
            index.add(m)
            model[m.segment_id] = m
        else:
            assert (index.remove(f"s{n}") is not None) == (f"s{n}" in model)
            model.pop(f"s{n}", None)
    rebuilt = MarkIndex(model.values())
    assert index.all() == rebuilt.all()
    assert len(index) == len(model)
    for sid, m in model.items():
        assert index.get(sid) == m and sid in index
    for a, width in queries:
        want = brute_overlapping(list(model.values()), a, a + width)
        assert [m.segment_id for m in index.overlapping(a, a + width)] == want
        assert [m.segment_id for m in rebuilt.overlapping(a, a + width)] == want
        assert index.at(a) == rebuilt.at(a)

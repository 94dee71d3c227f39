"""The interval index the article view paints from."""

from __future__ import annotations

import random

import pytest

from newscoder.ui.highlights import BUCKET, Mark, MarkIndex


def mark(i: int, a: int, b: int, mine: bool = True) -> Mark:
    return Mark(f"s{i}", a, b, "c", "#0072B2", "me", mine)


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
        want = {m.segment_id for m in marks if m.start < b and m.end > a}
        assert {m.segment_id for m in index.overlapping(a, b)} == want
        want_at = {m.segment_id for m in marks if m.start <= a < m.end}
        assert {m.segment_id for m in index.at(a)} == want_at


@pytest.mark.parametrize("span", [(0, 1), (BUCKET - 1, BUCKET + 1), (5, 5 * BUCKET)])
def test_add_remove(span: tuple[int, int]) -> None:
    index = MarkIndex()
    index.add(mark(1, *span))
    assert [m.segment_id for m in index.at(span[0])] == ["s1"]
    assert index.at(span[1]) == []
    index.add(mark(1, span[1], span[1] + 3))  # moving a mark replaces it
    assert index.at(span[0]) == []
    assert index.remove("s1") is not None
    assert len(index) == 0 and not index._buckets


def test_at_orders_shortest_first() -> None:
    index = MarkIndex([mark(1, 0, 100), mark(2, 10, 20), mark(3, 5, 50)])
    assert [m.segment_id for m in index.at(15)] == ["s2", "s3", "s1"]

"""Which segments are drawn where: an interval index in UTF-16 positions.

The article view asks "which marks touch positions [a, b)?" for the visible
part of the document on every paint, and "which marks contain position p?"
on a click. Neither may loop over all the segments of the article.

Marks are kept sorted by ``(start, end, id)`` with parallel lists of their
starts, ends, and the running maximum of the ends. For a query ``[a, b)``
every candidate lies between the first mark whose running maximum end
exceeds ``a`` and the last mark starting before ``b`` (two binary searches);
only that slice is looked at. Adding or removing a mark is a list insertion
(a memmove) and a fix-up of the running maximum that stops as soon as it no
longer changes: no rebuild, no re-sort, no query. Qt-free, and no numpy (its
import would cost the start-up time).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate
from operator import attrgetter
from typing import NamedTuple


class Mark(NamedTuple):
    """A segment as drawn: UTF-16 span, colour, and whether it is editable."""

    segment_id: str
    start: int
    end: int
    code_id: str
    color: str
    coder_id: str
    mine: bool


_sort_key = attrgetter("start", "end", "segment_id")


class MarkIndex:
    """Marks sorted by position, for range and point queries."""

    __slots__ = ("_by_id", "_ends", "_marks", "_runmax", "_starts")

    def __init__(self, marks: Iterable[Mark] = ()) -> None:
        by_id: dict[str, Mark] = {}
        for mark in marks:  # a later mark with the same id replaces an earlier one
            by_id[mark.segment_id] = mark
        self._by_id = by_id
        self._marks: list[Mark] = sorted(by_id.values(), key=_sort_key)
        self._starts: list[int] = [m.start for m in self._marks]
        self._ends: list[int] = [m.end for m in self._marks]
        self._runmax: list[int] = list(accumulate(self._ends, max))

    def __len__(self) -> int:
        return len(self._marks)

    def __contains__(self, segment_id: object) -> bool:
        return segment_id in self._by_id

    def get(self, segment_id: str) -> Mark | None:
        return self._by_id.get(segment_id)

    def all(self) -> list[Mark]:
        """Every mark, ordered by start, end, id."""
        return list(self._marks)

    # -- incremental updates ------------------------------------------------------
    def _position(self, mark: Mark) -> int:
        """Where ``mark`` is (or would go) in the sorted order."""
        i = bisect_left(self._starts, mark.start)
        key = _sort_key(mark)
        marks = self._marks
        n = len(marks)
        while i < n and marks[i].start == mark.start and _sort_key(marks[i]) < key:
            i += 1
        return i

    def _fix_runmax(self, i: int) -> None:
        """Recompute the running maximum of the ends from position ``i`` until it stops changing."""
        runmax, ends = self._runmax, self._ends
        best = runmax[i - 1] if i > 0 else -1
        for j in range(i, len(ends)):
            value = ends[j] if ends[j] > best else best
            if j > i and runmax[j] == value:
                return
            runmax[j] = best = value

    def add(self, mark: Mark) -> None:
        """Insert ``mark`` (replacing a mark of the same id)."""
        self.remove(mark.segment_id)
        i = self._position(mark)
        self._marks.insert(i, mark)
        self._by_id[mark.segment_id] = mark
        self._starts.insert(i, mark.start)
        self._ends.insert(i, mark.end)
        self._runmax.insert(i, mark.end)
        self._fix_runmax(i)

    def remove(self, segment_id: str) -> Mark | None:
        mark = self._by_id.pop(segment_id, None)
        if mark is None:
            return None
        i = self._position(mark)
        while self._marks[i].segment_id != segment_id:  # defensive: equal keys
            i += 1
        del self._marks[i], self._starts[i], self._ends[i], self._runmax[i]
        if i < len(self._marks):
            self._fix_runmax(i)
        return mark

    # -- queries ------------------------------------------------------------------
    def overlapping(self, start: int, end: int) -> list[Mark]:
        """Marks intersecting ``[start, end)``, ordered by start then length."""
        end = max(end, start + 1)
        lo = bisect_right(self._runmax, start)
        hi = bisect_left(self._starts, end, lo)
        marks, ends = self._marks, self._ends
        return [marks[i] for i in range(lo, hi) if ends[i] > start]

    def at(self, pos: int) -> list[Mark]:
        """Marks containing position ``pos``, shortest first."""
        hits = self.overlapping(pos, pos + 1)
        hits.sort(key=lambda m: (m.end - m.start, m.start, m.segment_id))
        return hits

"""Which segments are drawn where: an interval index in UTF-16 positions.

The article view asks "which marks touch positions [a, b)?" for the visible
part of the document on every paint, and "which marks contain position p?"
on a click. Neither may loop over all the segments of the article in Python.

Marks are kept sorted by ``(start, end, id)`` with three parallel numpy
arrays: starts, ends, and the running maximum of the ends. For a query
``[a, b)`` every candidate lies between the first mark whose running maximum
end exceeds ``a`` and the last mark starting before ``b`` (two binary
searches); one vectorised comparison over that slice keeps the marks that
really overlap. Adding or removing a mark is an insertion into the sorted
arrays (a memmove) and a recomputation of the running maximum from that
point: no rebuild, no re-sort, no query. Qt-free.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import attrgetter
from typing import NamedTuple

import numpy as np


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
_EMPTY = np.zeros(0, dtype=np.int64)


class MarkIndex:
    """Marks sorted by position, for range and point queries."""

    __slots__ = ("_by_id", "_ends", "_marks", "_runmax", "_starts")

    def __init__(self, marks: Iterable[Mark] = ()) -> None:
        by_id: dict[str, Mark] = {}
        for mark in marks:  # a later mark with the same id replaces an earlier one
            by_id[mark.segment_id] = mark
        self._by_id = by_id
        self._marks: list[Mark] = sorted(by_id.values(), key=_sort_key)
        n = len(self._marks)
        self._starts = np.fromiter((m.start for m in self._marks), dtype=np.int64, count=n)
        self._ends = np.fromiter((m.end for m in self._marks), dtype=np.int64, count=n)
        self._runmax = np.maximum.accumulate(self._ends) if n else _EMPTY

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
        i = int(np.searchsorted(self._starts, mark.start, side="left"))
        key = _sort_key(mark)
        marks = self._marks
        n = len(marks)
        while i < n and marks[i].start == mark.start and _sort_key(marks[i]) < key:
            i += 1
        return i

    def _fix_runmax(self, i: int) -> None:
        """Recompute the running maximum of the ends from position ``i`` on."""
        n = len(self._marks)
        if n == 0:
            self._runmax = _EMPTY
            return
        runmax = self._runmax
        if len(runmax) != n:
            runmax = np.empty(n, dtype=np.int64)
            if i:
                runmax[:i] = self._runmax[:i]
            self._runmax = runmax
        if i >= n:
            return
        tail = self._ends[i:].copy()
        if i:
            tail[0] = max(int(tail[0]), int(runmax[i - 1]))
        np.maximum.accumulate(tail, out=runmax[i:])

    def add(self, mark: Mark) -> None:
        """Insert ``mark`` (replacing a mark of the same id)."""
        self.remove(mark.segment_id)
        i = self._position(mark)
        self._marks.insert(i, mark)
        self._by_id[mark.segment_id] = mark
        self._starts = np.insert(self._starts, i, mark.start)
        self._ends = np.insert(self._ends, i, mark.end)
        self._fix_runmax(i)

    def remove(self, segment_id: str) -> Mark | None:
        mark = self._by_id.pop(segment_id, None)
        if mark is None:
            return None
        i = self._position(mark)
        while self._marks[i].segment_id != segment_id:  # defensive: equal keys
            i += 1
        del self._marks[i]
        self._starts = np.delete(self._starts, i)
        self._ends = np.delete(self._ends, i)
        self._fix_runmax(i)
        return mark

    # -- queries ------------------------------------------------------------------
    def _slice(self, start: int, end: int) -> list[int]:
        end = max(end, start + 1)
        lo = int(np.searchsorted(self._runmax, start, side="right"))
        hi = int(np.searchsorted(self._starts, end, side="left"))
        if lo >= hi:
            return []
        hits = np.flatnonzero(self._ends[lo:hi] > start)
        return (hits + lo).tolist()

    def overlapping(self, start: int, end: int) -> list[Mark]:
        """Marks intersecting ``[start, end)``, ordered by start then length."""
        marks = self._marks
        return [marks[i] for i in self._slice(start, end)]

    def at(self, pos: int) -> list[Mark]:
        """Marks containing position ``pos``, shortest first."""
        hits = self.overlapping(pos, pos + 1)
        hits.sort(key=lambda m: (m.end - m.start, m.start, m.segment_id))
        return hits

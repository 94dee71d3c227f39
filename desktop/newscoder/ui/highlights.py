"""Which segments are drawn where: an interval index in UTF-16 positions.

The article view asks "which marks touch positions [a, b)?" for the visible
part of the document on every paint, and "which marks contain position p?"
on a click. Neither may loop over all the segments of the article, so marks
are kept in fixed-size buckets of positions: a mark is listed in every bucket
it spans. A query visits only the buckets of its range; adding or removing a
mark touches only its own buckets. Qt-free.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

BUCKET = 512


@dataclass(frozen=True, slots=True)
class Mark:
    """A segment as drawn: UTF-16 span, colour, and whether it is editable."""

    segment_id: str
    start: int
    end: int
    code_id: str
    color: str
    coder_id: str
    mine: bool


class MarkIndex:
    """Marks by bucket of positions, for range and point queries."""

    def __init__(self, marks: Iterable[Mark] = ()) -> None:
        self._marks: dict[str, Mark] = {}
        self._buckets: dict[int, set[str]] = {}
        buckets = self._buckets
        for mark in marks:  # bulk build: the same as add() without the per-mark bookkeeping
            sid = mark.segment_id
            if sid in self._marks:
                self.remove(sid)
            self._marks[sid] = mark
            for b in range(mark.start // BUCKET, max(mark.start, mark.end - 1) // BUCKET + 1):
                bucket = buckets.get(b)
                if bucket is None:
                    buckets[b] = {sid}
                else:
                    bucket.add(sid)

    def __len__(self) -> int:
        return len(self._marks)

    def __contains__(self, segment_id: object) -> bool:
        return segment_id in self._marks

    def get(self, segment_id: str) -> Mark | None:
        return self._marks.get(segment_id)

    def all(self) -> list[Mark]:
        return list(self._marks.values())

    @staticmethod
    def _span(start: int, end: int) -> range:
        return range(start // BUCKET, max(start, end - 1) // BUCKET + 1)

    def add(self, mark: Mark) -> None:
        self.remove(mark.segment_id)
        self._marks[mark.segment_id] = mark
        for b in self._span(mark.start, mark.end):
            self._buckets.setdefault(b, set()).add(mark.segment_id)

    def remove(self, segment_id: str) -> Mark | None:
        mark = self._marks.pop(segment_id, None)
        if mark is not None:
            for b in self._span(mark.start, mark.end):
                bucket = self._buckets.get(b)
                if bucket is not None:
                    bucket.discard(segment_id)
                    if not bucket:
                        del self._buckets[b]
        return mark

    def overlapping(self, start: int, end: int) -> list[Mark]:
        """Marks intersecting ``[start, end)``, ordered by start then length."""
        found: set[str] = set()
        for b in self._span(start, max(end, start + 1)):
            bucket = self._buckets.get(b)
            if bucket:
                found.update(bucket)
        marks = [self._marks[i] for i in found]
        hits = [m for m in marks if m.start < max(end, start + 1) and m.end > start]
        hits.sort(key=lambda m: (m.start, m.end - m.start, m.segment_id))
        return hits

    def at(self, pos: int) -> list[Mark]:
        """Marks containing position ``pos``, shortest first."""
        hits = [m for m in self.overlapping(pos, pos + 1) if m.start <= pos < m.end]
        hits.sort(key=lambda m: (m.end - m.start, m.start, m.segment_id))
        return hits

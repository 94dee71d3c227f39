"""Candidate spans: an article's sentences and their clauses (pure, code points, half-open).

Sentences come from the search package's splitter (:func:`newscoder.core.search.extent.sentences`).
A sentence splits into clauses at ``;``, ``:``, a dash, and at a comma before a conjunction,
a relative word or a speech verb ("…, he said"); a clause shorter than :data:`MIN_WORDS` words
is not a candidate of its own. Spans are trimmed of outer white space and closing punctuation.
"""

from __future__ import annotations

import bisect
import re

from newscoder.core.search.extent import sentences, trim_spans

MIN_WORDS = 4
#: a sentence longer than this (characters) is cut into pieces of at most this length
MAX_SENTENCE = 600

_CLAUSE_BREAK = re.compile(
    r"\s*[;:]\s+|\s+[—–]\s+|\s*—\s*|(?:,|(?<=,[”\"’]))\s+(?=(?:and|but|while|whereas|although|though|after|"
    r"before|because|saying|adding|according|citing|he|she|they|it)\b)",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?\u2026"
#: every clause break holds one of these characters (a sentence without any has no clauses)
_BREAK_CHARS = re.compile(r"[;:—–,]")


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while b > a and text[b - 1] in _TRAILING:
        b -= 1
    return a, b


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` (long ones cut at :data:`MAX_SENTENCE` characters, on a space)."""
    out: list[tuple[int, int]] = []
    for a, b in sentences(text):
        while b - a > MAX_SENTENCE:
            cut = text.rfind(" ", a + MAX_SENTENCE // 2, a + MAX_SENTENCE)
            cut = cut if cut > a else a + MAX_SENTENCE
            out.append((a, cut))
            a = cut
        out.append((a, b))
    return trim_spans(text, out)


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of the sentence ``[start, end)`` with at least :data:`MIN_WORDS` words (none if it has one)."""
    pieces: list[tuple[int, int]] = []
    a = start
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        pieces.append((a, m.start()))
        a = m.end()
    if not pieces:
        return []
    pieces.append((a, end))
    out = []
    for s, e in trim_spans(text, pieces):
        s, e = _strip(text, s, e)
        if len(text[s:e].split()) >= MIN_WORDS:
            out.append((s, e))
    return out


def candidate_spans(text: str, sentences: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Every sentence and clause of ``text`` (its ``sentences`` if already split), by start then end."""
    found: set[tuple[int, int]] = set()
    marks = [m.start() for m in _BREAK_CHARS.finditer(text)]  # one pass: the sentences that may have clauses
    for a, b in sentence_spans(text) if sentences is None else sentences:
        sa, sb = _strip(text, a, b)
        if sa < sb:
            found.add((sa, sb))
        k = bisect.bisect_left(marks, sa - 2)  # (a break may look back at ',”' just before the sentence)
        if k < len(marks) and marks[k] < sb:
            found.update(clauses(text, sa, sb))
    return sorted(found)


def enclosing(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """The shortest of ``spans`` holding ``[start, end)``."""
    best: tuple[int, int] | None = None
    for a, b in spans:
        if a <= start and end <= b and (best is None or b - a < best[1] - best[0]):
            best = (a, b)
    return best

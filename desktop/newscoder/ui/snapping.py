"""Snap a selection to word boundaries: a pure function, no Qt.

``snap_to_words(text, start, end)`` trims stray whitespace at both ends and
extends a partially selected word at either end to the whole word. Offsets
are indices into ``text`` (any unit, as long as the caller is consistent);
the result is half-open ``(start, end)`` with ``start <= end``. An all-space
selection collapses to ``(start, start)``.
"""

from __future__ import annotations

#: Characters that belong to a word besides letters, digits and marks.
_JOINERS = frozenset("'’-_\u200d\ufe0f")


def is_word_char(ch: str) -> bool:
    """Letters, digits, combining marks, apostrophes/hyphens inside words, emoji."""
    if ch.isalnum() or ch in _JOINERS:
        return True
    cp = ord(ch)
    # combining marks and emoji modifiers / astral symbols count as part of a word
    return 0x0300 <= cp <= 0x036F or 0x1F3FB <= cp <= 0x1F3FF or cp >= 0x1F000


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The selection ``[start, end)`` of ``text`` snapped to whole words."""
    n = len(text)
    start, end = max(0, min(start, end, n)), min(n, max(start, end, 0))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return start, start
    if is_word_char(text[start]):
        while start > 0 and is_word_char(text[start - 1]):
            start -= 1
    if is_word_char(text[end - 1]):
        while end < n and is_word_char(text[end]):
            end += 1
    # an apostrophe or hyphen at the very edge of a word is punctuation, not word
    while start < end and text[start] in "'’-" and not (start > 0 and is_word_char(text[start - 1])):
        start += 1
    return start, end

"""The ONE place where code points (the store) and UTF-16 positions (Qt) meet.

The store counts Unicode code points; ``QTextDocument`` counts UTF-16 code
units, so every character outside the Basic Multilingual Plane (emoji, some
CJK) takes two positions in Qt and one in the store. An :class:`OffsetMap` is
built once per document text. When the text is all BMP (the common case) both
conversions are the identity. Otherwise it keeps the sorted code-point indices
of the astral characters and converts with :func:`bisect`.

Stored text has ``\\n`` newlines only, and ``QPlainTextEdit`` maps each to one
block separator, so positions stay 1:1 apart from surrogate pairs. Never take
offsets from ``QTextCursor.selectedText()`` (it turns newlines into U+2029);
use ``QTextCursor.position()``/``anchor()`` and convert here.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right


class OffsetMap:
    """Convert between code-point offsets and UTF-16 positions for one text."""

    __slots__ = ("_astral_cp", "_astral_u16", "cp_length", "utf16_length")

    def __init__(self, text: str) -> None:
        self.cp_length = len(text)
        if text.isascii() or max(text) <= "\uffff":
            self._astral_cp: list[int] = []
        else:
            self._astral_cp = [i for i, ch in enumerate(text) if ch > "\uffff"]
        # UTF-16 position of each astral character's high surrogate
        self._astral_u16 = [cp + k for k, cp in enumerate(self._astral_cp)]
        self.utf16_length = self.cp_length + len(self._astral_cp)

    @property
    def is_identity(self) -> bool:
        return not self._astral_cp

    def to_utf16(self, cp: int) -> int:
        """The UTF-16 position of code-point offset ``cp``."""
        if not self._astral_cp:
            return cp
        return cp + bisect_left(self._astral_cp, cp)

    def to_cp(self, pos: int) -> int:
        """The code-point offset of UTF-16 position ``pos``.

        A position between the two halves of a surrogate pair (Qt never puts a
        cursor there, but a caller might) rounds down to the character's start.
        """
        if not self._astral_u16:
            return pos
        k = bisect_right(self._astral_u16, pos - 1)  # astral chars whose high half is < pos
        if k and self._astral_u16[k - 1] == pos - 1:
            return pos - k  # inside a pair: the character's own offset
        return pos - k

    def span_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        return self.to_utf16(start), self.to_utf16(end)

    def span_to_cp(self, start: int, end: int) -> tuple[int, int]:
        return self.to_cp(start), self.to_cp(end)

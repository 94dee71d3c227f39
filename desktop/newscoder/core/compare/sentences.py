"""A fast sentence splitter for the comparison (one regular expression per paragraph).

A sentence ends after ``.``, ``!``, ``?`` or ``…`` (and closing quotes or brackets) followed by
spaces and an upper-case letter, a digit or an opening quote; never after a single capital
initial, ``Mr``/``Mrs``/``Ms``/``Dr``/``St``/``Gen``/``Sen``/``Rep``, or ``U.S``-style
abbreviations; a paragraph (line) ends one too. It follows the search splitter's rules
(``core/search/extent.py``) for the common cases at a tenth of its cost, which a 10,000-article
comparison needs.
"""

from __future__ import annotations

import re

from newscoder.core.search.extent import trim_spans

_END = re.compile(r"[.!?…]+[\"'”’»)\]]*[ \t\u00a0]+(?=[\"'“‘«(\[]?[A-Z0-9])")
#: what may stand before a full stop that does not end a sentence
_ABBREVIATION = re.compile(r"(?:^|[^\w.])(?:[A-Z]|Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|(?:[A-Za-z]\.)+[A-Za-z])$")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` as ``(start, end)`` without outer white space (code points)."""
    out = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        s = pos
        for m in _END.finditer(text, pos, end):
            stop = m.start()
            if text[stop] == "." and _ABBREVIATION.search(text, max(pos, stop - 12), stop):
                continue
            out.append((s, m.end()))
            s = m.end()
        out.append((s, end))
        pos = end + 1
    return trim_spans(text, out)

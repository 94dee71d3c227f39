"""How far a hit reaches when it is coded: the match, its words, its sentence or its paragraph.

Sentences are found by a small rule-based splitter (no Qt, no ICU): a sentence ends after
``.``, ``!``, ``?`` or ``…`` (and any closing quotes or brackets) followed by white space
and then an upper-case letter, a digit, an opening quote or bracket, or the end of the
paragraph. A full stop does not end a sentence after an abbreviation (``Mr.``, ``Gen.``,
``U.S.``, ``e.g.``, a single initial such as ``J.``) or inside a number (``8.5``). A
paragraph is a run of text between newlines; a sentence never crosses one.
"""

from __future__ import annotations

import re
from enum import Enum

from newscoder.core import snapping


class Extent(str, Enum):
    MATCH = "match"
    WORD = "word"
    SENTENCE = "sentence"
    PARAGRAPH = "paragraph"


#: words after which a full stop does not end the sentence (compared lower-case, without the stop)
ABBREVIATIONS = snapping.TITLES | frozenset(
    "no nos vol pp p fig al cf ie eg viz vs approx ca est dept univ assn ave blvd rd hon rev messrs mme mlle "
    "a.m p.m u.s u.k u.n e.u".split()
)
_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)|[.!?…]+[\"'”’»)\]]*$")
_OPENERS = "\"'“‘«([¿¡"
_LAST_TOKEN = re.compile(r"[^\s\"'“‘«(\[]*$")
_INITIALISM = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")


def _ends_sentence(text: str, stop: int, after: int, para_end: int) -> bool:
    """Whether the terminator run ``text[stop:after]`` ends a sentence."""
    if text[stop] == ".":
        if after == stop + 1 or text[stop + 1] in "\"'”’»)]":
            word = _LAST_TOKEN.search(text[max(0, stop - 40):stop])
            token = word.group(0) if word else ""
            bare = token.lower().rstrip(".")
            if bare in ABBREVIATIONS or (len(bare) == 1 and bare.isalpha()):
                return False
            if _INITIALISM.fullmatch(bare):  # U.S, e.g
                return False
    nxt = after
    while nxt < para_end and text[nxt] in " \t\u00a0":
        nxt += 1
    if nxt >= para_end:
        return True
    ch = text[nxt]
    return ch.isupper() or ch.isdigit() or ch in _OPENERS or not ch.isalpha() and not ch.islower()


def paragraph_at(text: str, pos: int) -> tuple[int, int]:
    """The paragraph (line) around ``pos``, without its newline."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def trim_spans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans without outer white space; spans left empty are dropped."""
    trimmed = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            trimmed.append((a, b))
    return trimmed


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The sentences of ``text[start:end]`` (whole paragraphs) as spans without outer white space."""
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        p_start, p_end = paragraph_at(text, pos)
        s = p_start
        for m in _END.finditer(text, p_start, p_end):
            if _ends_sentence(text, m.start(), m.end(), p_end):
                out.append((s, m.end()))
                s = m.end()
        out.append((s, p_end))
        pos = p_end + 1
    return trim_spans(text, out)


def sentence_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence(s) holding ``[start, end)``: from the one with ``start`` to the one with ``end - 1``."""
    p_start, _ = paragraph_at(text, start)
    _, p_end = paragraph_at(text, max(start, end - 1))
    spans = sentences(text, p_start, p_end)
    a = next((s for s, e in spans if s <= start < e), start)
    b = next((e for s, e in spans if s < end <= e), end)
    return min(a, start), max(b, end)


def widen(text: str, start: int, end: int, extent: Extent | str) -> tuple[int, int]:
    """The span a hit ``[start, end)`` codes at this extent (never narrower than the hit)."""
    extent = Extent(extent)
    if extent is Extent.MATCH:
        return start, end
    if extent is Extent.WORD:
        a, b = snapping.snap_to_words(text, start, end)
        return (min(a, start), max(b, end)) if a < b else (start, end)
    if extent is Extent.SENTENCE:
        return sentence_at(text, start, end)
    a, _ = paragraph_at(text, start)
    _, b = paragraph_at(text, max(start, end - 1))
    return min(a, start), max(b, end)

"""Word boundaries for snapping a selection, with number and abbreviation rules (pure, no Qt).

Offsets are code-point indices into the stored text (half-open spans), as
everywhere in core. The rules follow Unicode's text segmentation (UAX #29),
simplified, with additions that news coding needs:

* **Grapheme clusters** are never split: combining marks, ZWJ sequences,
  variation selectors, emoji modifiers, tag sequences, flag pairs, Hangul
  syllable sequences and CR LF stay together (:func:`cluster_start`).
* **Words** are runs of letters, digits, marks and connectors (``_``). A run of
  ideographs or kana is one word (there are no spaces to split on).
* Inside a word, one **joiner** between two word characters keeps it whole:
  apostrophes (``don't``, ``Un's``), hyphens (``Yong-hyun``, ``1,500-strong``),
  a full stop between letters (``U.S``) or digits (``8.5``), a comma between
  digits (``10,000``) and an en dash between digits (``3,000–5,000``).
* **Digit groups** separated by one space, no-break space or thin space are one
  number when the right group has exactly three digits and the left one at
  most three (``12 000``, ``1 250 000``; ``1999 200`` stays two numbers).
* **Abbreviations** take their final full stop: initialisms whose parts are
  single letters (``U.S.``, ``e.g.``) and common titles (``Mr.``, ``Gen.``).
* Emoji are words of their own. A run longer than :data:`MAX_WORD` code points
  is not a word (the selection keeps its own edges there).

:func:`word_at` gives the word around one position (double-click);
:func:`snap_to_words` widens a selection to whole words (code keys).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

WORD, SPACE, EMOJI, OTHER = range(4)

APOSTROPHES = frozenset("'’ʼ")
HYPHENS = frozenset("-‐‑")
EN_DASHES = frozenset("–‒")
DIGIT_GROUP_SPACES = frozenset(" \u00a0\u2009\u202f")
#: abbreviations (compared case-insensitively) that keep their full stop
TITLES = frozenset(
    "mr mrs ms dr prof gen col lt sgt capt maj adm cmdr gov sen rep pres jr sr st mt ft inc ltd corp co bros "
    "dept est approx vs etc jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_ZWJ = "\u200d"
#: a longer run (hostile input, a base64 blob) is not snapped: the selection is kept as it is
MAX_WORD = 255


# -- grapheme clusters ------------------------------------------------------------------------------
@lru_cache(maxsize=4096)
def _category(ch: str) -> str:
    return unicodedata.category(ch)


_PREPEND = frozenset(
    [*range(0x0600, 0x0606), 0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2, 0x0D4E, 0x110BD, 0x110CD, 0x111C2, 0x111C3,
     0x1193F, 0x11941, 0x11A3A, *range(0x11A84, 0x11A8A), 0x11D46, 0x11F02]
)


def _is_extend(ch: str) -> bool:
    """Joins the preceding character's cluster (GB9, GB9a; generous: joining too much never splits a cluster)."""
    cp = ord(ch)
    return (
        _category(ch) in ("Mn", "Me", "Mc")
        or ch == _ZWJ
        or cp == 0x200C
        or 0xFF9E <= cp <= 0xFF9F
        or 0xFE00 <= cp <= 0xFE0F
        or 0xE0100 <= cp <= 0xE01EF
        or 0x1F3FB <= cp <= 0x1F3FF
        or 0xE0020 <= cp <= 0xE007F
    )


def _is_pictographic(ch: str) -> bool:
    cp = ord(ch)
    return 0x1F000 <= cp <= 0x1FAFF or 0x2600 <= cp <= 0x27BF or (_category(ch) == "So" and cp >= 0x2190)


def _is_regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def _hangul(ch: str) -> str:
    """The Hangul syllable type: L, V, T, LV, LVT or ''."""
    cp = ord(ch)
    if 0x1100 <= cp <= 0x115F or 0xA960 <= cp <= 0xA97C:
        return "L"
    if 0x1160 <= cp <= 0x11A7 or 0xD7B0 <= cp <= 0xD7C6:
        return "V"
    if 0x11A8 <= cp <= 0x11FF or 0xD7CB <= cp <= 0xD7FB:
        return "T"
    if 0xAC00 <= cp <= 0xD7A3:
        return "LV" if (cp - 0xAC00) % 28 == 0 else "LVT"
    return ""


def _is_control(ch: str) -> bool:
    return ch in "\r\n" or _category(ch) in ("Cc", "Zl", "Zp")


def is_cluster_break(text: str, i: int) -> bool:
    """Whether a grapheme cluster may end between ``text[i - 1]`` and ``text[i]``."""
    if i <= 0 or i >= len(text):
        return True
    a, b = text[i - 1], text[i]
    if a == "\r" and b == "\n":
        return False
    if _is_control(a) or _is_control(b):
        return True
    ha, hb = _hangul(a), _hangul(b)
    if hb and ha and (
        (ha == "L" and hb in ("L", "V", "LV", "LVT")) or (ha in ("LV", "V") and hb in ("V", "T"))
        or (ha in ("LVT", "T") and hb == "T")
    ):
        return False
    if _is_extend(b) or ord(a) in _PREPEND:
        return False
    if unicodedata.combining(a) == 9 and 0x0900 <= ord(b) <= 0x0DFF and _category(b) == "Lo":
        return False  # GB9c: an Indic conjunct (consonant, virama, consonant) stays one cluster
    if a == _ZWJ and _is_pictographic(b):
        return False
    if _is_regional(a) and _is_regional(b):
        run = 0
        while i - 1 - run >= 0 and _is_regional(text[i - 1 - run]):
            run += 1
        return run % 2 == 0
    return True


def cluster_start(text: str, i: int) -> int:
    """The start of the grapheme cluster holding ``text[i]`` (``i`` itself at a boundary)."""
    while 0 < i < len(text) and not is_cluster_break(text, i):
        i -= 1
    return i


def cluster_end(text: str, i: int) -> int:
    """The first cluster boundary at or after ``i``."""
    n = len(text)
    while 0 < i < n and not is_cluster_break(text, i):
        i += 1
    return min(max(i, 0), n)


# -- words --------------------------------------------------------------------------------------------
def char_class(ch: str) -> int:
    cat = _category(ch)
    if cat[0] in "LN" or cat[0] == "M" or cat == "Pc":
        return WORD
    if ch.isspace():
        return SPACE
    if _is_pictographic(ch):
        return EMOJI
    return OTHER


def _base(text: str, i: int) -> str:
    """The first character of the cluster holding ``text[i]``."""
    return text[cluster_start(text, i)]


def _digit_run_left(text: str, i: int) -> int:
    """How many digits end at ``i`` (at most 4 are counted)."""
    k = 0
    while k < 4 and i - 1 - k >= 0 and _category(text[i - 1 - k]) == "Nd":
        k += 1
    return k


def _joiner_joins(text: str, m: int) -> bool:
    """Whether the single joiner character ``text[m]`` joins the word characters on both sides."""
    n = len(text)
    if m <= 0 or m + 1 >= n or not is_cluster_break(text, m) or not is_cluster_break(text, m + 1):
        return False
    ch, left, right = text[m], _base(text, m - 1), text[m + 1]
    if char_class(left) != WORD or char_class(right) != WORD:
        return False
    digits = _category(left) == "Nd" and _category(right) == "Nd"
    if ch in APOSTROPHES or ch in HYPHENS:
        return True
    if ch == "." or ch == "·":
        return digits or (left.isalpha() and right.isalpha())
    if ch == ",":
        return digits
    if ch in EN_DASHES:
        return digits
    if ch in DIGIT_GROUP_SPACES and digits:
        right_run = 0
        while right_run < 4 and m + 1 + right_run < n and _category(text[m + 1 + right_run]) == "Nd":
            right_run += 1
        return right_run == 3 and 1 <= _digit_run_left(text, m) <= 3
    return False


def _is_joiner(ch: str) -> bool:
    return ch in APOSTROPHES or ch in HYPHENS or ch in EN_DASHES or ch in DIGIT_GROUP_SPACES or ch in ".·,"


def is_word_break(text: str, i: int) -> bool:
    """Whether a word may end between ``text[i - 1]`` and ``text[i]``."""
    if i <= 0 or i >= len(text):
        return True
    a, b = text[i - 1], text[i]
    if a.isascii() and b.isascii() and a.isalnum() and b.isalnum():
        return False  # fast path: plain ASCII letters and digits
    if not is_cluster_break(text, i):
        return False
    a = _base(text, i - 1)
    ca, cb = char_class(a), char_class(b)
    if ca == WORD and cb == WORD:
        return False
    if ca == WORD and _is_joiner(b):
        return not _joiner_joins(text, i)
    if cb == WORD and _is_joiner(text[i - 1]):
        return not _joiner_joins(text, i - 1)
    return True


def _run_at(text: str, p: int) -> tuple[int, int] | None:
    """The run between word breaks that holds position ``p``; ``None`` if longer than :data:`MAX_WORD`."""
    a = cluster_start(text, p)
    while a > 0 and not is_word_break(text, a):
        a = cluster_start(text, a - 1)
        if p - a > MAX_WORD:
            return None
    b = cluster_end(text, p + 1)
    while b < len(text) and not is_word_break(text, b):
        b = cluster_end(text, b + 1)
        if b - p > MAX_WORD:
            return None
    return (a, b) if b - a <= MAX_WORD else None


def _is_word(text: str, a: int, b: int) -> bool:
    """Whether a cluster of ``[a, b)`` starts with a letter, digit or emoji (a space + accent is no word)."""
    return any(char_class(text[k]) in (WORD, EMOJI) for k in range(a, b) if k == a or is_cluster_break(text, k))


def _takes_full_stop(word: str) -> bool:
    """``U.S`` (single letters between full stops) and titles such as ``Mr`` keep a following full stop."""
    parts = word.split(".")
    if len(parts) >= 2 and all(len(part) == 1 and part.isalpha() for part in parts):
        return True
    return len(parts) == 1 and word.lower() in TITLES


def word_at(text: str, p: int) -> tuple[int, int] | None:
    """The word holding position ``p`` as ``(start, end)``, or ``None`` at a space or punctuation."""
    n = len(text)
    if not 0 <= p < n:
        return None
    if text[p] == "." and p > 0 and is_cluster_break(text, p):
        run = _run_at(text, p - 1)
        if run is not None and run[1] == p and _is_word(text, *run) and _takes_full_stop(text[run[0]:p]):
            return run[0], p + 1
    run = _run_at(text, p)
    if run is None:
        return None
    a, b = run
    if not _is_word(text, a, b):
        return None
    if b < n and text[b] == "." and is_cluster_break(text, b + 1) and _takes_full_stop(text[a:b]):
        b += 1
    return a, b


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The selection ``[start, end)`` of ``text`` snapped to whole words.

    Whitespace at either end is dropped; a word cut at either end is made
    whole; a grapheme cluster is never split. The result contains the
    selection without its outer whitespace. An all-space selection collapses
    to ``(start, start)``.
    """
    n = len(text)
    start, end = max(0, min(start, end, n)), min(n, max(start, end, 0))
    start, end = cluster_start(text, start), cluster_end(text, end)
    while start < end and text[start].isspace():
        start = cluster_end(text, start + 1)
    while end > start and _base(text, end - 1).isspace():
        end = cluster_start(text, end - 1)
    if start >= end:
        return start, start
    first = word_at(text, start)
    if first is not None:
        start = min(start, first[0])
    last = word_at(text, cluster_start(text, end - 1))
    if last is not None:
        end = max(end, last[1])
    return start, end

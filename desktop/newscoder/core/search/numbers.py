"""Number patterns: ``#troops`` finds a number, with its hedge, followed by the noun.

The number may have thousands separators (``8,000``, ``8 000``, ``8.000``), decimals, a
scale word (``1.5 million``), a range (``3,000-5,000``, ``10,000 to 12,000``) or be
written out (``eight thousand``, ``tens of thousands of``). A hedge before it belongs to
the hit (``up to``, ``some``, ``at least``, ``an estimated``, …). Up to three words may
stand between the number and the noun (``8,000 North Korean troops``), but not another
number, a sentence break or a function word (``of``, ``the``, ``and``, …). The noun
matches singular and plural (``#troops`` finds ``troop`` and ``troops``).

Patterns run on folded text (lower case, diacritics removed; see :func:`query.fold`).
"""

from __future__ import annotations

import re
from functools import lru_cache

HEDGES = (
    "about", "around", "approximately", "roughly", "some", "nearly", "almost", "over", "under", "up to",
    "more than", "fewer than", "less than", "at least", "at most", "as many as", "as few as", "close to",
    "upwards of", "an estimated", "estimated", "an additional", "additional", "another", "only", "just",
    "perhaps", "possibly", "reportedly", "approx.", "approx", "c.", "ca.", "circa", "some of the", "nearly all",
)
_UNITS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
          "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety").split()
_SCALES = ("hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion", "billions",
           "dozen", "dozens", "tens", "k", "m", "bn")
#: words that may not stand between the number and the noun
_STOP = ("of the and or to in on at for with by from that which who were was are is have has had "
         "as than but not this those these its their his her").split()

_SP = r"[ \u00a0\u2009\u202f]+"
_DIGITS = r"\d{1,3}(?:[,.\u00a0\u2009\u202f ]\d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,]\d+)?"
_WORD = "(?:" + "|".join(sorted(_UNITS + list(_SCALES[:-3]), key=len, reverse=True)) + ")"
_WRITTEN = rf"(?:an?{_SP})?{_WORD}(?:(?:{_SP}|-|{_SP}and{_SP}|{_SP}of{_SP}){_WORD})*"
_SCALE = rf"(?:{_SP}|-)?(?:{'|'.join(_SCALES)})\b"
_ONE = rf"(?:(?:{_DIGITS})(?:{_SCALE})?|{_WRITTEN}(?:(?<=s){_SP}of)?)"  # "thousands of troops"
_NUMBER = rf"{_ONE}(?:\s*(?:-|–|{_SP}to{_SP}|{_SP}or{_SP}){_ONE})?"
_HEDGE = "(?:" + "|".join(re.escape(h).replace(r"\ ", _SP) for h in sorted(HEDGES, key=len, reverse=True)) + ")"
_BETWEEN = (r"(?:(?:" + _SP + r"|-)(?!(?:" + "|".join(_STOP) + r")\b)[^\W\d_][^\W_]*(?:['’-][^\W_]+)*){0,3}")


def stem(noun: str) -> str:
    """The noun without a plural ending (the index searches it as a prefix)."""
    if len(noun) > 4 and noun.endswith("ies"):
        return noun[:-3]
    if len(noun) > 3 and noun.endswith("es") and noun[-3] in "sxz":
        return noun[:-2]
    if len(noun) > 3 and noun.endswith("s") and not noun.endswith("ss"):
        return noun[:-1]
    return noun


@lru_cache(maxsize=64)
def pattern(noun: str) -> re.Pattern[str]:
    """The compiled pattern for a (folded) noun."""
    base = stem(noun)
    if noun.endswith("ies") and len(noun) > 4:
        forms = rf"{re.escape(base)}(?:y|ies)"
    else:
        forms = rf"{re.escape(base)}(?:s|es)?"
    return re.compile(
        rf"(?<![^\W_])(?:{_HEDGE}{_SP})?(?<![\d.,])(?:{_NUMBER}){_BETWEEN}(?:{_SP}|-){forms}(?![^\W_])"
    )


_MONTHS = ("january february march april may june july august september october november december "
           "jan feb mar apr jun jul aug sep sept oct nov dec").split()
#: a word before a bare four-digit number that makes it a year ("in 2024 troops", "October 2024 troops")
_YEAR_CUES = frozenset(_MONTHS + ("in since by until till from during of early late mid before after "
                                  "spring summer autumn fall winter year").split())
_YEAR = re.compile(r"(?:1[89]|20)\d\d(?![\d.,]\d)")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)[.-]?[ \u00a0\u2009\u202f]*(?:\d{1,2}(?:st|nd|rd|th)?,?[ \u00a0]+)?$")


def is_year(folded: str, start: int) -> bool:
    """Whether the bare number at ``start`` is a year by the word before it (a month, "in", "since", …)."""
    if not _YEAR.match(folded, start):
        return False
    before = _WORD_BEFORE.search(folded, max(0, start - 40), start)
    return before is not None and before.group(1) in _YEAR_CUES


def find(noun: str, folded: str) -> list[tuple[int, int]]:
    """Spans of ``folded`` text where a number is followed by ``noun`` (not a year: "since 2022 troops")."""
    return [m.span() for m in pattern(noun).finditer(folded) if not is_year(folded, m.start())]

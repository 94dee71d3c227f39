"""The number-and-hedge grammar: "as many as 8,000", "some ten thousand", "10,000 to 12,000 or so".

Pure functions, no project and no Qt. :func:`parse_estimate` reads the coded span (and,
for a hedge written before the span, a few words before it in the same sentence) and
returns the number, its bounds and its hedge as one of :data:`HEDGES`.

Numbers: digits with ``,`` or thin-space thousands separators and a decimal point
("8,000", "1.5"), a scale word after digits ("1.5 million", "10k"), and written numbers
("ten thousand", "half a million", "a dozen", "twelve hundred"). Ranges: "10,000 to
12,000", "between 10,000 and 12,000", "from 10,000 to 12,000", "10,000-12,000". Hedge
words before the number ("as many as", "some", "at least", …) and after it ("or so",
"or more", "or fewer", "+").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The hedge choices, as the estimate code's ``hedge`` attribute lists them.
HEDGES: tuple[str, ...] = (
    "exact", "approximately", "at least", "more than", "up to", "as many as", "fewer than", "range", "unspecified",
)

_SMALL = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_SUFFIX = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000}

#: Hedge phrases before the number (longest first when matched), lower case, single spaces.
_BEFORE: dict[str, str] = {
    "approximately": "approximately", "about": "approximately", "around": "approximately",
    "roughly": "approximately", "some": "approximately", "nearly": "approximately", "almost": "approximately",
    "close to": "approximately", "an estimated": "approximately", "estimated": "approximately",
    "circa": "approximately", "ca.": "approximately", "approx.": "approximately", "about some": "approximately",
    "at least": "at least", "no fewer than": "at least", "no less than": "at least", "a minimum of": "at least",
    "more than": "more than", "over": "more than", "upwards of": "more than", "in excess of": "more than",
    "above": "more than", "well over": "more than",
    "up to": "up to", "at most": "up to", "no more than": "up to", "a maximum of": "up to",
    "as many as": "as many as", "as high as": "as many as", "as much as": "as many as",
    "fewer than": "fewer than", "less than": "fewer than", "under": "fewer than", "below": "fewer than",
    "exactly": "exact", "precisely": "exact",
}
_AFTER: dict[str, str] = {
    "or so": "approximately", "or more": "at least", "or fewer": "up to", "or less": "up to",
    "plus": "at least", "+": "at least", "or thereabouts": "approximately",
}
_BEFORE_RE = re.compile(
    r"(?:^|(?<=[\s(\"“‘'—–-]))(" + "|".join(re.escape(k) for k in sorted(_BEFORE, key=len, reverse=True))
    + r")\s+(?:[$€£¥]\s*)?$", re.IGNORECASE)
_AFTER_RE = re.compile(
    r"^\s*(?:-?\s*)?(" + "|".join(re.escape(k) for k in sorted(_AFTER, key=len, reverse=True)) + r")(?![\w])",
    re.IGNORECASE)

_WORD = "|".join(sorted(list(_SMALL) + list(_SCALES) + ["half", "dozen", "and"], key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:[,\u202f\u2009 ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
#: one number: digits with an optional scale, or a run of number words
_NUMBER = (rf"(?:(?:{_DIGITS})(?:\s*(?:hundred|thousand|million|billion)\b|(?:k|mn|bn|m)\b)?"
           rf"|(?:\b(?:{_WORD})\b(?:[\s-]+(?:{_WORD})\b)*))")
_NUMBER_RE = re.compile(_NUMBER, re.IGNORECASE)
_RANGE_RE = re.compile(
    rf"(?:(?P<kw>between|from)\s+)?(?P<a>{_NUMBER})\s*(?P<sep>to|and|-|–|—)\s*(?P<b>{_NUMBER})", re.IGNORECASE)
#: "thousands of", "hundreds of", "dozens of": a quantity with no number
_VAGUE_RE = re.compile(r"\b(?:tens of |hundreds of )?(?:dozens|hundreds|thousands|millions)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?;:\n]\s")


@dataclass(frozen=True, slots=True)
class Estimate:
    """What the grammar read. Offsets of the number(s) relative to the parsed text."""

    value: int | None
    low: int | None
    high: int | None
    hedge: str
    hedge_text: str
    start: int
    end: int


def words_to_int(text: str) -> int | None:
    """A written number ("ten thousand", "half a million", "twelve hundred") as an int, else None."""
    words = [w for w in re.split(r"[\s-]+", text.lower().strip()) if w and w != "and"]
    if not words or all(w in ("a", "an") for w in words):
        return None
    total = current = 0
    seen = False
    half = False
    for w in words:
        if w == "half":
            half = True
            continue
        if w == "dozen":
            current = (current or 1) * 12
            seen = True
        elif w in _SMALL:
            current += _SMALL[w]
            seen = True
        elif w in _SCALES:
            scale = _SCALES[w]
            if half:
                current = current or 1
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
            seen = True
        else:
            return None
    if not seen:
        return None
    value = total + current
    return value // 2 if half else value


def number_value(text: str) -> int | None:
    """One number as written ("8,000", "1.5 million", "10k", "ten thousand") as an int, else None."""
    t = text.strip()
    m = re.match(rf"^({_DIGITS})\s*(hundred|thousand|million|billion|k|mn|bn|m)?$", t, re.IGNORECASE)
    if m:
        digits = re.sub(r"[,\u202f\u2009 ]", "", m.group(1))
        scale = m.group(2)
        mult = 1
        if scale:
            mult = _SCALES.get(scale.lower()) or _SUFFIX[scale.lower()]
        try:
            return round(float(digits) * mult) if "." in digits else int(digits) * mult
        except ValueError:
            return None
    return words_to_int(t)


def _is_number_word_run(text: str) -> bool:
    return not any(ch.isdigit() for ch in text)


def _find_number(text: str) -> tuple[re.Match[str], int] | None:
    """The first number in ``text`` with its value (a lone "a"/"and" is not a number)."""
    for m in _NUMBER_RE.finditer(text):
        value = number_value(m.group(0))
        if value is not None:
            return m, value
        # "a" in "a dozen" is handled inside the run; a run like "a" alone is skipped
    return None


def _hedge_before(prefix: str) -> tuple[str, str] | None:
    m = _BEFORE_RE.search(prefix)
    if m is None:
        return None
    return _BEFORE[" ".join(m.group(1).lower().split())], m.group(1)


def _sentence_prefix(context: str) -> str:
    """The part of ``context`` after the last sentence end (hedges never cross a sentence)."""
    ends = [m.end() for m in _SENTENCE_END.finditer(context)]
    return context[ends[-1]:] if ends else context


def parse_estimate(text: str, before: str = "") -> Estimate | None:
    """Read the first number (or range) in ``text`` and its hedge.

    ``before`` is the text just before the span (only its last sentence is looked at):
    a hedge written there ("as many as" + a span "8,000 troops") counts too.
    """
    rng = _RANGE_RE.search(text)
    found = _find_number(text)
    if found is None:
        vague = _VAGUE_RE.search(text)
        if vague is None:
            return None
        return Estimate(None, None, None, "unspecified", vague.group(0), vague.start(), vague.end())
    m, value = found
    if rng is not None and rng.start("a") == m.start() and (rng.group("sep").lower() != "and" or rng.group("kw")):
        a, b = number_value(rng.group("a")), number_value(rng.group("b"))
        if a is not None and b is not None:
            # "ten to twelve thousand": the first number takes the second's scale
            if a < 1000 <= b and _is_number_word_run(rng.group("a")) and _is_number_word_run(rng.group("b")):
                first = words_to_int(rng.group("b").split()[0]) or 1
                a = a * (b // first)
            if a < b:
                start = rng.start("kw") if rng.group("kw") else rng.start("a")
                return Estimate(None, a, b, "range", text[start:rng.end("b")], rng.start("a"), rng.end("b"))
    hedge: tuple[str, str] | None = _hedge_before(text[: m.start()])
    if hedge is None and text[: m.start()].strip() in ("", "$", "€", "£", "¥"):
        hedge = _hedge_before(_sentence_prefix(before) + text[: m.start()])
    after = _AFTER_RE.match(text[m.end():])
    if hedge is None and after is not None:
        hedge = (_AFTER[after.group(1).lower()], after.group(1))
    kind, words = hedge if hedge is not None else ("exact", "")
    low = value if kind in ("at least", "more than") else None
    high = value if kind in ("up to", "as many as", "fewer than") else None
    return Estimate(value, low, high, kind, words, m.start(), m.end())


def hedge_words(kind: str) -> list[str]:
    """The phrases the grammar reads as ``kind`` (for help text)."""
    return sorted([k for k, v in _BEFORE.items() if v == kind] + [k for k, v in _AFTER.items() if v == kind])

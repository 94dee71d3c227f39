"""Word, number and abbreviation snapping (newscoder.core.snapping): every case from issue 13, and properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscoder.core.snapping import MAX_WORD, cluster_start, snap_to_words, word_at

# (text, the selected fragment (first occurrence), what the selection snaps to)
CASES = [
    # numbers stay whole
    ("More than 10,000 troops", "000", "10,000"),  # seen: a double-click on "10,000" coded "000"
    ("More than 10,000 troops", "10", "10,000"),
    ("More than 10,000 troops", ",", "10,000"),
    ("they lost 10,000.", "0,0", "10,000"),  # the sentence's full stop is not part of the number
    ("growth of 8.5 percent", "5", "8.5"),
    ("growth of 8.5 percent", "8", "8.5"),
    ("a 1,500-strong force", "strong", "1,500-strong"),
    ("a 1,500-strong force", "500", "1,500-strong"),
    ("some 12 000 soldiers", "000", "12 000"),  # a space between digit groups (French, Russian style)
    ("some 12 000 soldiers", "12", "12 000"),
    ("some 1 250 000 people", "250", "1 250 000"),
    ("some 12\u00a0000 soldiers", "000", "12\u00a0000"),  # no-break space
    ("some 12\u202f000 soldiers", "12", "12\u202f000"),  # narrow no-break space
    ("in 1999 200 people died", "200", "200"),  # a year is not a digit group
    ("on 12 May", "12", "12"),
    ("between 3,000–5,000 dead", "000–5", "3,000–5,000"),
    ("between 3,000–5,000 dead", "5,0", "3,000–5,000"),
    ("between 3,000–5,000 dead", "3", "3,000–5,000"),
    ("1, 2 and 3", "1", "1"),  # a comma and a space separate
    # abbreviations and names
    ("a drag inside U.S. intelligence", "S. intel", "U.S. intelligence"),  # seen: gave "S. intelligence"
    ("a drag inside U.S. intelligence", "S", "U.S."),
    ("a drag inside U.S. intelligence", "U", "U.S."),
    ("the U.S.", "S.", "U.S."),
    ("e.g. this", "g", "e.g."),
    ("said Mr. Smith", "M", "Mr."),
    ("The end. Next", "end", "end"),  # an ordinary word does not take the full stop
    ("Kim Jong Un's visit", "im Jong U", "Kim Jong Un's"),
    ("Kim Jong Un's visit", "Un", "Un's"),
    ("Kim Jong Un’s visit", "’s", "Un’s"),  # typographic apostrophe
    ("Yong-hyun said", "hyun", "Yong-hyun"),
    ("Yong-hyun said", "Yo", "Yong-hyun"),
    ("don't stop", "on", "don't"),
    ("a - b", "-", "-"),  # a free-standing hyphen is not joined to anything
    ("'quoted' word", "quot", "quoted"),
    # scripts and clusters
    ("cafe\u0301 noir", "caf", "cafe\u0301"),
    ("北朝鮮の兵士", "朝", "北朝鮮の兵士"),
    ("I 👍🏽 it", "👍", "👍🏽"),
    ("flag 🇫🇷 here", "🇫", "🇫🇷"),
    ("한국어 text", "국", "한국어"),
]


@pytest.mark.parametrize(("text", "fragment", "expected"), CASES)
def test_snapping_case(text: str, fragment: str, expected: str) -> None:
    start = text.index(fragment)
    a, b = snap_to_words(text, start, start + len(fragment))
    assert text[a:b] == expected


@pytest.mark.parametrize(
    ("text", "at", "expected"),
    [
        ("More than 10,000 troops", "000", "10,000"),  # double-click on the digits after the comma
        ("inside U.S. intelligence", "S", "U.S."),
        ("inside U.S. intelligence", ". intel", "U.S."),  # on the final full stop
        ("Kim Jong Un's visit", "s visit", "Un's"),
        ("some 12 000 soldiers", " 000", "12 000"),  # on the space inside the number
    ],
)
def test_word_at(text: str, at: str, expected: str) -> None:
    a, b = word_at(text, text.index(at)) or (0, 0)
    assert text[a:b] == expected


def test_word_at_spaces_and_punctuation_is_none() -> None:
    text = "said: no, 10 -- ok"
    assert word_at(text, text.index(":")) is None
    assert word_at(text, text.index(" no")) is None
    assert word_at(text, text.index("--")) is None
    assert word_at(text, len(text)) is None


def test_a_huge_run_is_not_snapped() -> None:
    text = "a " + "x" * (MAX_WORD + 1) + " b"
    assert snap_to_words(text, 10, 12) == (10, 12)
    assert word_at(text, 10) is None
    assert snap_to_words(text, 0, 1) == (0, 1)


# -- properties ------------------------------------------------------------------------------------
#: characters that exercise every rule: joiners, digit-group spaces, marks, ZWJ, flags, Hangul jamo, CRLF
TRICKY = list("aZé1 0.,'-–’_:\u00a0\u2009\r\n") + [
    "\u0301", "👍", "🏽", "\u200d", "🇫", "🇷", "가", "\u1100", "\u1161", "\u11a8", "北", "क", "\u094d", "\u0600",
]
texts = st.one_of(st.text(alphabet=st.sampled_from(TRICKY), max_size=40), st.text(max_size=40))


def _core_of_selection(text: str, start: int, end: int) -> list[int]:
    """The selected positions that are not (part of) whitespace: the snapped span must keep all of them."""
    lo, hi = max(0, min(start, end)), min(len(text), max(start, end))
    return [k for k in range(lo, hi) if not text[cluster_start(text, k)].isspace()]


@settings(max_examples=400)
@given(texts, st.integers(-3, 45), st.integers(-3, 45))
def test_snapped_span_contains_the_selection_and_is_idempotent(text: str, start: int, end: int) -> None:
    a, b = snap_to_words(text, start, end)
    assert 0 <= a <= b <= len(text)
    assert all(a <= k < b for k in _core_of_selection(text, start, end))
    assert snap_to_words(text, a, b) == (a, b)
    if a < b:
        assert not text[a].isspace() and not text[cluster_start(text, b - 1)].isspace()
        # edges are cluster boundaries (never inside e + combining accent, an emoji sequence, a flag)
        assert cluster_start(text, a) == a and (b == len(text) or cluster_start(text, b) == b)


@settings(max_examples=300)
@given(texts, st.integers(0, 40))
def test_word_at_is_one_word_for_each_of_its_positions(text: str, p: int) -> None:
    found = word_at(text, p)
    if found is None:
        return
    a, b = found
    assert a <= p < b
    assert all(word_at(text, k) == found for k in range(a, b))
    assert snap_to_words(text, p, p + 1) == found

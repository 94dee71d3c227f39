"""Snapping a selection to word boundaries (pure function)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newscoder.ui.snapping import snap_to_words

TEXT = "Officials denied the claim, saying nothing happened."


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (0, 9, "Officials"),  # already whole
        (2, 7, "Officials"),  # inside one word
        (3, 13, "Officials denied"),  # partial at both ends
        (9, 18, "denied the"),  # leading space trimmed, partial end extended
        (10, 27, "denied the claim,"),  # punctuation kept when selected
        (9, 10, ""),  # only a space
        (26, 28, ","),  # comma and space
        (44, 52, "happened."),
        (0, len(TEXT), TEXT),
    ],
)
def test_snap(start: int, end: int, expected: str) -> None:
    a, b = snap_to_words(TEXT, start, end)
    assert TEXT[a:b] == expected


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("  hello  world  ", 0, 16, "hello  world"),
        ("don't stop", 1, 3, "don't"),
        ("café au lait", 1, 2, "café"),
        ("cafe\u0301 noir", 0, 4, "cafe\u0301"),  # combining accent stays with its letter
        ("I 👍🏽 it", 2, 3, "👍🏽"),
        ("北朝鮮の兵士", 1, 2, "北朝鮮の兵士"),  # no spaces in CJK: the run is one word
        ("line one\nline two", 5, 11, "one\nline"),
        ("well-known fact", 6, 8, "well-known"),
    ],
)
def test_snap_cases(text: str, start: int, end: int, expected: str) -> None:
    a, b = snap_to_words(text, start, end)
    assert text[a:b] == expected


def test_reversed_and_out_of_range_are_clamped() -> None:
    assert snap_to_words("abc def", 7, -3) == (0, 7)


@given(st.text(), st.integers(-5, 60), st.integers(-5, 60))
def test_snap_properties(text: str, start: int, end: int) -> None:
    a, b = snap_to_words(text, start, end)
    assert 0 <= a <= b <= len(text)
    if a < b:  # (a cluster such as Arabic number sign + space may end in a space: Unicode's Prepend rule)
        assert not text[a].isspace() and (not text[b - 1].isspace() or unicodedata.category(text[b - 2]) == "Cf")

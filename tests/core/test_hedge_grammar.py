# ruff: noqa: E501  (the table reads best one estimate per line)
"""The number-and-hedge grammar, table-driven: every estimate in the five sample articles, then the rest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newscoder.core.hedge import HEDGES, number_value, parse_estimate, words_to_int

ARTICLES = Path(__file__).resolve().parents[2] / "sample_articles"
A8000, AFP, KIM, US, VOA = (
    "8000-north-korean-troops-likely-to-enter-combat", "afp-8000-north-korean-troops-at-russias-border",
    "kim-jong-un-troops-about-to-hit-front-lines", "us-confirms-north-korean-soldiers-in-russia",
    "voa-north-korean-troops-near-ukraine-border",
)

# (article, the words as printed, the span a coder selects within them, value, low, high, hedge)
# The span leaves the hedge outside where one is printed: the grammar must read it from the text before.
SAMPLE_ESTIMATES = [
    (A8000, "Approximately 8,000 North Korean troops likely", "8,000 North Korean troops", 8000, None, None, "approximately"),
    (A8000, "\nApproximately 8,000 North Korean troops are", "8,000 North Korean troops", 8000, None, None, "approximately"),
    (A8000, "suggest around 10,000 North Korean soldiers", "10,000 North Korean soldiers", 10000, None, None, "approximately"),
    (A8000, "slightly higher at around 11,000", "11,000", 11000, None, None, "approximately"),
    (A8000, "could be as high as 12,000", "12,000", 12000, None, 12000, "as many as"),
    (A8000, "the additional 10,000 troops", "10,000 troops", 10000, None, None, "exact"),
    (A8000, "resulted in over 500,000 Russian casualties", "500,000 Russian casualties", 500000, 500000, None, "more than"),
    (A8000, "shipping 1,000 containers", "1,000 containers", 1000, None, None, "exact"),
    (A8000, "the more than $59 billion", "59 billion", 59_000_000_000, 59_000_000_000, None, "more than"),
    (AFP, "Up to 8,000 North Korean troops at", "8,000 North Korean troops", 8000, None, 8000, "up to"),
    (AFP, "Thursday that up to 8,000 North Korean troops", "8,000 North Korean troops", 8000, None, 8000, "up to"),
    (AFP, "stated that some 8,000 of the", "8,000", 8000, None, None, "approximately"),
    (AFP, "of the 10,000 North Korean troops believed", "10,000 North Korean troops", 10000, None, None, "exact"),
    (AFP, "“This 10,000 won’t", "10,000", 10000, None, None, "exact"),
    (AFP, "sent more than 1,000 missiles", "1,000 missiles", 1000, 1000, None, "more than"),
    (KIM, "title: 8,000 of the troops", "8,000 of the troops", 8000, None, None, "exact"),
    (KIM, "said that as many as 8,000 North Korean soldiers", "8,000 North Korean soldiers", 8000, None, 8000, "as many as"),
    (KIM, "at least 10,000 troops", "10,000 troops", 10000, 10000, None, "at least"),
    (US, "confirm at least 3,000 North Korean soldiers", "3,000 North Korean soldiers", 3000, 3000, None, "at least"),
    (US, "dispatched at least 3,000 soldiers", "3,000 soldiers", 3000, 3000, None, "at least"),
    (US, "a total of about 10,000 troops", "10,000 troops", 10000, None, None, "approximately"),
    (US, "estimate of 3,000 troops", "3,000 troops", 3000, None, None, "exact"),
    (US, "already sent 1,500 special forces personnel", "1,500 special forces personnel", 1500, None, None, "exact"),
    (US, "to send 10,000 soldiers", "10,000 soldiers", 10000, None, None, "exact"),
    (US, "indicated that over 600,000 Russian troops", "600,000 Russian troops", 600000, 600000, None, "more than"),
    (VOA, "there are some 10,000 North Korean soldiers", "10,000 North Korean soldiers", 10000, None, None, "approximately"),
    (VOA, "indicates that as many as 8,000 of those", "8,000", 8000, None, 8000, "as many as"),
    (VOA, "deployment of thousands of troops", "thousands of troops", None, None, None, "unspecified"),
    (VOA, "over half a million Russian troops", "half a million Russian troops", 500000, 500000, None, "more than"),
    (VOA, "an estimated 1,200 casualties daily", "1,200 casualties", 1200, None, None, "approximately"),
    (VOA, "running 1,200 casualties a day", "1,200 casualties", 1200, None, None, "exact"),
]


def _article(stem: str) -> str:
    return (ARTICLES / f"{stem}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(("stem", "printed", "span", "value", "low", "high", "hedge"), SAMPLE_ESTIMATES)
def test_every_sample_estimate(stem: str, printed: str, span: str, value, low, high, hedge) -> None:
    text = _article(stem)
    at = text.index(printed)
    start = at + printed.index(span)
    # the coder selects only the number and what is counted: the hedge is read from before the span
    got = parse_estimate(text[start:start + len(span)], text[:start])
    assert got is not None
    assert (got.value, got.low, got.high, got.hedge) == (value, low, high, hedge)
    # the coder selects the hedge too
    hedge_start = at + (len(printed) - len(printed.lstrip()))
    whole = parse_estimate(text[hedge_start:start + len(span)], text[:hedge_start])
    assert whole is not None and (whole.value, whole.low, whole.high, whole.hedge) == (value, low, high, hedge)


def test_the_table_holds_every_counted_number_in_the_samples() -> None:
    """Each number followed (within a few words) by troops/soldiers/forces/casualties/missiles is in the table."""
    listed = {(stem, m.group(0)) for stem, printed, *_ in SAMPLE_ESTIMATES for m in re.finditer(r"\d[\d,]*", printed)}
    counted = re.compile(r"(\d[\d,]*\d|\d)(?:\s+\S+){0,3}?\s+(?:troops|soldiers|forces|personnel|casualties|missiles|of the)\b")
    missing = []
    for stem in (A8000, AFP, KIM, US, VOA):
        for m in counted.finditer(_article(stem)):
            if (stem, m.group(1)) not in listed:
                missing.append((stem, m.group(0)))
    assert not missing
    assert all(row[-1] in HEDGES for row in SAMPLE_ESTIMATES)


@pytest.mark.parametrize(("text", "before", "expected"), [
    ("10,000 to 12,000 troops", "", (None, 10000, 12000, "range")),
    ("between 10,000 and 12,000", "", (None, 10000, 12000, "range")),
    ("from 8,000 to 10,000 soldiers", "", (None, 8000, 10000, "range")),
    ("10,000-12,000", "", (None, 10000, 12000, "range")),
    ("10,000–12,000", "", (None, 10000, 12000, "range")),
    ("ten to twelve thousand", "", (None, 10000, 12000, "range")),
    ("ten thousand troops", "", (10000, None, None, "exact")),
    ("ten thousand or so troops", "", (10000, None, None, "approximately")),
    ("8,000 or more", "", (8000, 8000, None, "at least")),
    ("8,000 or fewer", "", (8000, None, 8000, "up to")),
    ("8,000-plus", "", (8000, 8000, None, "at least")),
    ("roughly 1.5 million", "", (1_500_000, None, None, "approximately")),
    ("10k troops", "", (10000, None, None, "exact")),
    ("twelve hundred", "", (1200, None, None, "exact")),
    ("two hundred and fifty", "", (250, None, None, "exact")),
    ("a dozen", "", (12, None, None, "exact")),
    ("fewer than 500", "", (500, None, 500, "fewer than")),
    ("no more than 500", "", (500, None, 500, "up to")),
    ("8 000 soldiers", "", (8000, None, None, "exact")),
    ("8,000 and 10,000", "", (8000, None, None, "exact")),  # "and" makes a range only after "between"
    ("8,000 troops", "He said. As many as ", (8000, None, 8000, "as many as")),
    ("8,000 troops", "As many as 3. Then ", (8000, None, None, "exact")),  # a hedge never crosses a sentence
    ("8,000 troops", "handsome ", (8000, None, None, "exact")),  # "some" only as a whole word
])
def test_grammar(text: str, before: str, expected) -> None:
    got = parse_estimate(text, before)
    assert got is not None
    assert (got.value, got.low, got.high, got.hedge) == expected


@pytest.mark.parametrize("text", ["", "no number here", "a", "and", "the troops", "—", "\x00\ud800"])
def test_nothing_to_read(text: str) -> None:
    assert parse_estimate(text) is None


def test_offsets_are_code_points_of_the_number() -> None:
    got = parse_estimate("🇰🇵 up to 8,000 troops")
    assert got is not None
    assert "🇰🇵 up to 8,000 troops"[got.start:got.end] == "8,000"


def test_number_words() -> None:
    assert words_to_int("half a million") == 500_000
    assert words_to_int("one hundred thousand") == 100_000
    assert words_to_int("banana") is None
    assert number_value("1,500") == 1500
    assert number_value("59 billion") == 59_000_000_000

"""Code points (store) against UTF-16 positions (Qt), in ui/offsets.py only."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newscoder.ui.offsets import OffsetMap

SAMPLES = [
    "plain ascii",
    "😀 start",
    "end 😀",
    "caf\u00e9 composed",
    "cafe\u0301 combining",
    "thumbs 👍🏽 up",
    "北朝鮮の兵士がロシアに",
    "line one\nline 😀 two\n\nthree",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 astral letters",
    "",
]


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


@pytest.mark.parametrize("text", SAMPLES)
def test_every_offset_round_trips(text: str) -> None:
    m = OffsetMap(text)
    assert m.utf16_length == utf16_len(text)
    for cp in range(len(text) + 1):
        pos = m.to_utf16(cp)
        assert pos == utf16_len(text[:cp])
        assert m.to_cp(pos) == cp


def test_position_inside_a_surrogate_pair_rounds_down() -> None:
    m = OffsetMap("a😀b")
    assert [m.to_cp(p) for p in range(5)] == [0, 1, 1, 2, 3]


def test_identity_fast_path() -> None:
    m = OffsetMap("é and 北 are in the BMP")
    assert m.is_identity
    assert not OffsetMap("😀").is_identity


@pytest.mark.parametrize("text", SAMPLES)
def test_matches_qt_document_positions(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    """A QPlainTextEdit holding the text agrees with the map, character by character."""
    from PySide6.QtGui import QTextCursor
    from PySide6.QtWidgets import QPlainTextEdit

    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    edit.setPlainText(text)
    m = OffsetMap(text)
    assert edit.document().characterCount() - 1 == m.utf16_length
    for cp in range(len(text)):
        cur = QTextCursor(edit.document())
        cur.setPosition(m.to_utf16(cp))
        cur.setPosition(m.to_utf16(cp + 1), QTextCursor.MoveMode.KeepAnchor)
        got = cur.selectedText().replace("\u2029", "\n")
        assert got == text[cp]


@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=80))
def test_fuzz_round_trip(text: str) -> None:
    m = OffsetMap(text)
    for cp in range(len(text) + 1):
        pos = m.to_utf16(cp)
        assert pos == utf16_len(text[:cp])
        assert m.to_cp(pos) == cp
    assert m.to_utf16(len(text)) == m.utf16_length


@given(st.lists(st.sampled_from(["a", "é", "😀", "👍🏽", "\n", "北", "\U0010FFFF"]), max_size=60))
def test_fuzz_astral_heavy(chars: list[str]) -> None:
    text = "".join(chars)
    m = OffsetMap(text)
    assert [m.to_cp(m.to_utf16(i)) for i in range(len(text) + 1)] == list(range(len(text) + 1))

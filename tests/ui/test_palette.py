"""Code highlight colours stay readable on light and dark palettes (pure functions)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscoder.ui.palette import (
    LINE_CONTRAST, SELECTED_FILL_ALPHA, TEXT_CONTRAST, blend, contrast, is_dark, luminance, mark_color, readable,
)

DEFAULT_CODES = ["#0072B2", "#009E73", "#CC79A7", "#D55E00"]
PALETTES = [  # (base, text)
    ("#FFFFFF", "#000000"),
    ("#FFFFFF", "#23272E"),
    ("#F4F5F7", "#15191E"),
    ("#1E1E1E", "#FFFFFF"),
    ("#2B2B2B", "#E0E0E0"),
    ("#000000", "#FFFFFF"),
    ("#232629", "#FCFCFC"),  # Breeze dark
]
hex_colors = st.tuples(*[st.integers(0, 255)] * 3).map(lambda t: "#{:02X}{:02X}{:02X}".format(*t))


def test_contrast_known_values() -> None:
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert luminance("#FFFFFF") == pytest.approx(1.0)
    assert is_dark("#1E1E1E") and not is_dark("#F4F5F7")
    assert blend("#FFFFFF", "#000000", 0.5) == "#808080"


@pytest.mark.parametrize(("base", "text"), PALETTES)
@pytest.mark.parametrize("code", DEFAULT_CODES + ["#FFFF00", "#000080", "#FFFFFF", "#000000", "#777777"])
def test_mark_colour_readable(code: str, base: str, text: str) -> None:
    c = mark_color(code, base, text)
    assert contrast(text, blend(c, base, SELECTED_FILL_ALPHA)) >= TEXT_CONTRAST
    assert contrast(c, base) >= LINE_CONTRAST


@pytest.mark.parametrize(("base", "text"), PALETTES)
def test_default_codebook_colours_kept_when_already_readable(base: str, text: str) -> None:
    for code in DEFAULT_CODES:
        if readable(code, base, text):
            assert mark_color(code, base, text) == code


def test_dark_mode_lightens_a_dark_colour() -> None:
    c = mark_color("#000080", "#1E1E1E", "#FFFFFF")
    assert luminance(c) > luminance("#000080")
    light = mark_color("#FFFF00", "#FFFFFF", "#000000")
    assert luminance(light) < luminance("#FFFF00")  # a pale colour darkens on white


@settings(max_examples=100, deadline=None)
@given(code=hex_colors, palette=st.sampled_from(PALETTES))
def test_any_colour_made_readable(code: str, palette: tuple[str, str]) -> None:
    base, text = palette
    assert readable(mark_color(code, base, text), base, text)

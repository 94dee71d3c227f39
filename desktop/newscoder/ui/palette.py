"""Code colours readable on the current palette (light or dark).

A code's colour is drawn twice in the article: as a translucent fill behind
the text (at up to :data:`SELECTED_FILL_ALPHA`) and as an underline on the
base colour. :func:`mark_color` returns the code colour adjusted (mixed
towards white or black, as little as needed) so that

* the text stays readable on the fill: contrast ratio ≥ :data:`TEXT_CONTRAST` (WCAG AA, 4.5);
* the underline stands out from the page: contrast ratio ≥ :data:`LINE_CONTRAST` (3, WCAG non-text).

The colour functions are pure (``#RRGGBB`` strings in and out) and tested on
their own; :func:`widget_colors` reads the base and text colours from a widget.
Codes are never told apart by colour alone: names and keys are shown with them.
"""

from __future__ import annotations

from functools import lru_cache

TEXT_CONTRAST = 4.5
LINE_CONTRAST = 3.0
#: the strongest fill the article view draws (a selected segment: alpha 110 of 255)
SELECTED_FILL_ALPHA = 110 / 255

RGB = tuple[int, int, int]


def parse(color: str) -> RGB:
    text = color.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(ch * 2 for ch in text)
    if len(text) != 6:
        raise ValueError(f"not a #RRGGBB colour: {color!r}")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def hex_color(rgb: RGB) -> str:
    return "#{:02X}{:02X}{:02X}".format(*(max(0, min(255, round(c))) for c in rgb))


def _linear(channel: float) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(color: str) -> float:
    """WCAG relative luminance, 0 (black) … 1 (white)."""
    r, g, b = parse(color)
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours, 1 … 21."""
    la, lb = luminance(a), luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def mix(a: str, b: str, t: float) -> str:
    """``a`` moved a fraction ``t`` (0…1) of the way towards ``b``."""
    ra, rb = parse(a), parse(b)
    return hex_color(tuple(x + (y - x) * t for x, y in zip(ra, rb, strict=True)))  # type: ignore[arg-type]


def blend(color: str, base: str, alpha: float) -> str:
    """``color`` painted at opacity ``alpha`` over ``base`` (as QPainter does in sRGB)."""
    return mix(base, color, alpha)


def is_dark(base: str) -> bool:
    return luminance(base) < 0.18


def readable(color: str, base: str, text: str, alpha: float = SELECTED_FILL_ALPHA) -> bool:
    """Both rules of :func:`mark_color` hold for ``color`` as it is."""
    return contrast(text, blend(color, base, alpha)) >= TEXT_CONTRAST and contrast(color, base) >= LINE_CONTRAST


@lru_cache(maxsize=512)
def mark_color(code: str, base: str, text: str, alpha: float = SELECTED_FILL_ALPHA) -> str:
    """The code colour, changed as little as needed to be readable on ``base`` with ``text``.

    Tries mixing towards black and towards white in small steps and keeps the
    smallest change that satisfies both contrast rules. If the palette itself
    is too weak for both (text on base below 4.5), the text colour is mixed in
    as far as the base allows.
    """
    if readable(code, base, text, alpha):
        return hex_color(parse(code))
    targets = ("#000000", "#FFFFFF") if not is_dark(base) else ("#FFFFFF", "#000000")
    for step in range(1, 41):
        t = step / 40
        for target in targets:
            candidate = mix(code, target, t)
            if readable(candidate, base, text, alpha):
                return candidate
    # a mid tone between base and text is the best the palette allows
    best = max((mix(base, text, k / 20) for k in range(21)),
               key=lambda c: min(contrast(text, blend(c, base, alpha)) / TEXT_CONTRAST,
                                 contrast(c, base) / LINE_CONTRAST))
    return best


def widget_colors(widget: object) -> tuple[str, str]:
    """(base, text) colours of a widget's palette as ``#RRGGBB``."""
    from PySide6.QtGui import QPalette

    pal = widget.palette()  # type: ignore[attr-defined]
    return (pal.color(QPalette.ColorRole.Base).name().upper(), pal.color(QPalette.ColorRole.Text).name().upper())

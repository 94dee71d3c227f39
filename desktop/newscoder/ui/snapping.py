"""Snap a selection to word boundaries: the window's entry point, delegating to core.

The rules (UAX #29-style words, whole numbers such as ``10,000`` or ``12 000``,
abbreviations such as ``U.S.``) live in the Qt-free :mod:`newscoder.core.snapping`;
offsets are code points into the stored text.
"""

from __future__ import annotations

from newscoder.core.snapping import snap_to_words, word_at

__all__ = ["snap_to_words", "word_at"]

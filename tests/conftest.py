"""Shared test set-up: headless Qt, hypothesis profiles; the fixtures live in tests/fixtures.py."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from hypothesis import settings  # noqa: E402


#: ``NEWSCODER_FULL=1`` asks the reliability tests (crash kills, concurrency, fuzzers,
#: stateful undo) for their long counts; see docs/reliability.md.
FULL = os.environ.get("NEWSCODER_FULL", "") not in ("", "0")

# Fuzz tests that do not set max_examples themselves (the CSV, QDPX and offset
# fuzzers) take it from this profile: 100 examples each by default, 2,000 with
# NEWSCODER_FULL=1. No deadline: a loaded CI machine must not turn a slow example
# into a failure.
settings.register_profile("newscoder", deadline=None)
settings.register_profile("newscoder-full", deadline=None, max_examples=2000)
settings.load_profile("newscoder-full" if FULL else "newscoder")

REPO = Path(__file__).resolve().parents[1]
SAMPLE_ARTICLES = REPO / "sample_articles"
#: the REFI-QDA schemas and the sample articles' seed texts, shipped under tests/data (no ../shared needed)
SHARED = REPO / "tests" / "data"

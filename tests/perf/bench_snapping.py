"""Benchmark: snapping a selection to whole words/numbers (issue 13), per selection change.

The window snaps on every selection change (mouse drag, Shift+arrow), so one
call must stay far below a frame. Target: median under 0.2 ms per call (0.2 s per
1,000 calls, the figure reported as ``median_s``) over
random selections in the five sample articles. Reference in the same run: Qt's
C++ word boundary finder (QTextBoundaryFinder) walking from both edges of the
same selections, which knows none of the number and abbreviation rules.

Run: ``.venv/bin/python -m tests.perf.bench_snapping [--small]`` (or ``./dev.sh bench --only snapping``).
"""

from __future__ import annotations

import random
import sys

from tests.perf.common import REPO, median_time, result

from newscoder.core.snapping import snap_to_words

SEED = 13
TARGET_S = 0.0002


def _selections(texts: list[str], n: int) -> list[tuple[str, int, int]]:
    rng = random.Random(SEED)
    out = []
    for _ in range(n):
        text = rng.choice(texts)
        start = rng.randrange(len(text))
        out.append((text, start, min(len(text), start + rng.randrange(1, 60))))
    return out


def _qt_reference(selections: list[tuple[str, int, int]]) -> None:
    from PySide6.QtCore import QTextBoundaryFinder

    finders: dict[str, QTextBoundaryFinder] = {}
    for text, start, end in selections:
        finder = finders.get(text)
        if finder is None:
            finder = finders[text] = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Word, text)
        finder.setPosition(start)
        if not finder.isAtBoundary():
            finder.toPreviousBoundary()
        finder.setPosition(end)
        if not finder.isAtBoundary():
            finder.toNextBoundary()


def run(small: bool = False) -> dict[str, object]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "sample_articles").glob("*.txt"))]
    selections = _selections(texts, 2_000 if small else 20_000)

    def ours() -> None:
        for text, start, end in selections:
            snap_to_words(text, start, end)

    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])  # noqa: F841 - keeps Qt alive
    mine = median_time(ours, repeat=5, warmup=1) / len(selections)
    reference = median_time(lambda: _qt_reference(selections), repeat=5, warmup=1) / len(selections)
    return result("snapping", calls=len(selections), median_s=mine * 1000, target_s=TARGET_S * 1000,
                  per_call_us=round(mine * 1e6, 2), qt_word_finder_per_call_us=round(reference * 1e6, 2),
                  vs_qt=round(mine / reference, 2) if reference else None)


if __name__ == "__main__":
    print(run(small="--small" in sys.argv))

"""UI benchmark: a 200,000-character article with 5,000 segments by 3 coders.

W1 open: switch to the article and paint it (median).
W2 code: select words, press "1" → segment saved and redrawn (median); and undo.
W7 scroll: page-by-page repaint while scrolling the article (95th percentile).
Targets: W1 ≤ 100 ms, W2 ≤ 16 ms, W7 ≤ 16 ms. The project is generated from a fixed seed.

Run: ``.venv/bin/python tests/perf/bench_ui.py [--small]``
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SEED = 20241121
WORDS = ("troops", "border", "officials", "said", "the", "of", "Russia", "North", "Korean", "soldiers",
         "front", "lines", "estimate", "denied", "claims", "about", "8,000", "near", "Kursk", "region")


def _article(rng: random.Random, length: int) -> str:
    parts: list[str] = []
    size = 0
    while size < length:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 22))).capitalize() + "."
        parts.append(sentence + ("\n" if rng.random() < 0.2 else " "))
        size += len(parts[-1])
    return "".join(parts)[:length].rstrip() + "."


def build_project(path: Path, small: bool):  # type: ignore[no-untyped-def]
    from newscoder.core.store import Project
    from newscoder.core.timeutil import now_utc

    rng = random.Random(SEED)
    length, n_segments = (20_000, 500) if small else (200_000, 5_000)
    project = Project.create(path)
    big, _ = project.add_document(_article(rng, length), "Big article", source="Bench")
    small_doc, _ = project.add_document(_article(rng, 2_000), "Another article", source="Bench")
    coders = [project.ensure_coder(n) for n in ("Alice", "Bob", "Carol")]
    codes = project.codes()
    text = project.document_text(big.id)
    now = now_utc()
    rows = []
    for i in range(n_segments):
        start = rng.randrange(0, len(text) - 200)
        end = start + rng.randint(3, 150)
        rows.append((str(uuid.UUID(int=rng.getrandbits(128))), big.id, codes[i % len(codes)].id,
                     coders[i % 3].id, start, end, text[start:end], "", now, now))
    with project.atomic():
        project.conn.executemany(
            'INSERT INTO segments (id, document_id, code_id, coder_id, start, "end", quote, memo, '
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    return project, big.id, small_doc.id


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def run(small: bool) -> dict:
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent, QTextCursor
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["bench"])
    tmp = tempfile.TemporaryDirectory()
    os.environ["NEWSCODER_HOME"] = tmp.name
    from newscoder.ui.actions import ActionId
    from newscoder.ui.main_window import MainWindow

    project, big, other = build_project(Path(tmp.name) / "bench.newscoder", small)
    window = MainWindow(project, "Alice", interactive=False)
    window.resize(1280, 800)
    window.show()
    window.action(ActionId.SHOW_OTHER_CODERS).setChecked(True)
    app.processEvents()
    view = window.view

    opens = []
    for _ in range(5 if small else 9):
        window.select_article(other)
        view.viewport().repaint()
        t0 = time.perf_counter()
        window.select_article(big)
        view.viewport().repaint()
        opens.append(time.perf_counter() - t0)

    rng = random.Random(SEED + 1)
    codes, undos = [], []
    sb = view.verticalScrollBar()
    for _ in range(15 if small else 40):
        sb.setValue(rng.randrange(0, max(1, sb.maximum())))
        app.processEvents()
        block = view.firstVisibleBlock()
        pos = block.position() + rng.randrange(0, max(1, block.length() - 30))
        cur = QTextCursor(view.document())
        cur.setPosition(pos)
        cur.setPosition(pos + 20, QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(cur)
        view.viewport().repaint()
        t0 = time.perf_counter()
        view.keyPressEvent(QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_1, Qt.KeyboardModifier.NoModifier, "1"))
        view.viewport().repaint()
        codes.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        window.undo()
        view.viewport().repaint()
        undos.append(time.perf_counter() - t0)

    scrolls = []
    sb.setValue(0)
    app.processEvents()
    step = max(1, sb.pageStep())
    value = 0
    while value < sb.maximum() and len(scrolls) < (60 if small else 400):
        value += step
        t0 = time.perf_counter()
        sb.setValue(value)
        view.viewport().repaint()
        scrolls.append(time.perf_counter() - t0)

    result = {
        "benchmark": "ui",
        "workload": {
            "article_chars": len(window.text),
            "segments": len(project.segments(document_id=big)),
            "coders": 3,
            "small": small,
        },
        "W1_open_ms_median": _ms(statistics.median(opens)),
        "W2_code_ms_median": _ms(statistics.median(codes)),
        "W2_undo_ms_median": _ms(statistics.median(undos)),
        "W7_scroll_page_ms_p95": _ms(_p95(scrolls)),
        "W7_pages": len(scrolls),
        "target": {"W1_open_ms": 100, "W2_code_ms": 16, "W7_scroll_page_ms": 16},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    result["ratio"] = {
        "W1": round(result["W1_open_ms_median"] / 100, 2),
        "W2": round(result["W2_code_ms_median"] / 16, 2),
        "W7": round(result["W7_scroll_page_ms_p95"] / 16, 2),
    }
    window.close()
    project.close()
    tmp.cleanup()
    return result


if __name__ == "__main__":
    print(json.dumps(run("--small" in sys.argv), indent=2))

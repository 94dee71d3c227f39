"""UI benchmark: a 200,000-character article with 5,000 segments by 3 coders.

W1 open: switch to the article until it is drawn, events processed (median).
W2 code: select words, press "1" → segment saved and redrawn, events processed (median); and undo.
   Also reported: key press + a forced repaint of the whole viewport (the first definition).
W7 scroll: page-by-page scrolling, each page drawn, events processed (95th percentile).
Alongside: CPU time of each figure, and a bare QPlainTextEdit with the same text, size
and font measured in the same run (``reference_ms``, ``vs_ref``): on a loaded machine the
wall figures inflate, the ratios much less.
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


class _Clock:
    """Wall and CPU (process) time of one measured step, kept in two lists."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def __enter__(self) -> _Clock:
        self._w, self._c = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall.append(time.perf_counter() - self._w)
        self.cpu.append(time.process_time() - self._c)

    def median_ms(self) -> float:
        return _ms(statistics.median(self.wall))

    def cpu_median_ms(self) -> float:
        return _ms(statistics.median(self.cpu))

    def p95_ms(self) -> float:
        return _ms(_p95(self.wall))

    def cpu_p95_ms(self) -> float:
        return _ms(_p95(self.cpu))


def _paint_counter(widget):  # type: ignore[no-untyped-def]
    """An event filter counting paint events of ``widget`` (kept alive by the caller)."""
    from PySide6.QtCore import QEvent, QObject

    class Counter(QObject):
        paints = 0

        def eventFilter(self, obj, event):  # type: ignore[no-untyped-def]
            if event.type() == QEvent.Type.Paint:
                self.paints += 1
            return False

    counter = Counter()
    widget.installEventFilter(counter)
    return counter


def run(small: bool) -> dict:
    """Every step is timed until the event loop has drawn it (``processEvents``), wall and CPU.

    ``*_ref_*`` figures come from a bare ``QPlainTextEdit`` of the same size, font and
    text measured in the same run: the floor Qt itself sets, and a gauge of how loaded
    the machine was (``*_vs_ref`` = app / reference).
    """
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent, QTextCursor
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

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
    painted = _paint_counter(view.viewport())

    ref = QPlainTextEdit()
    ref.setReadOnly(True)
    ref.setFont(view.font())
    ref.setWordWrapMode(view.wordWrapMode())
    ref.document().setDocumentMargin(view.document().documentMargin())
    ref.resize(view.viewport().size())
    ref.show()
    big_text = project.document_text(big)
    app.processEvents()

    # W1: open the article until drawn (and the same text in the bare widget)
    opens, ref_opens = _Clock(), _Clock()
    for _ in range(5 if small else 15):
        window.select_article(other)
        app.processEvents()
        before = painted.paints
        with opens:
            window.select_article(big)
            app.processEvents()
        assert painted.paints > before, "the article was not painted"
        ref.setPlainText("x")
        app.processEvents()
        with ref_opens:
            ref.setPlainText(big_text)
            app.processEvents()

    # W2: select words, press "1" -> saved and drawn; undo -> removed and drawn.
    # Also as first measured: key press + a forced repaint of the whole viewport.
    rng = random.Random(SEED + 1)
    codes, undos, codes_full, undos_full, ref_full = _Clock(), _Clock(), _Clock(), _Clock(), _Clock()
    sb = view.verticalScrollBar()
    key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_1, Qt.KeyboardModifier.NoModifier, "1")
    for i in range(20 if small else 60):
        sb.setValue(rng.randrange(0, max(1, sb.maximum())))
        ref.verticalScrollBar().setValue(sb.value())
        app.processEvents()
        block = view.firstVisibleBlock()
        pos = block.position() + rng.randrange(0, max(1, block.length() - 30))
        cur = QTextCursor(view.document())
        cur.setPosition(pos)
        cur.setPosition(pos + 20, QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(cur)
        app.processEvents()
        full = i % 2 == 1
        with codes_full if full else codes:
            view.keyPressEvent(key)
            view.viewport().repaint() if full else app.processEvents()
        app.processEvents()
        with undos_full if full else undos:
            window.undo()
            view.viewport().repaint() if full else app.processEvents()
        app.processEvents()
        with ref_full:
            ref.viewport().repaint()

    # The durable write alone (synchronous=FULL: one fsync per commit), inside W2's figures
    from newscoder.core import edits

    commits = _Clock()
    alice = project.coder_by_name("Alice")
    code_id = project.codes()[0].id
    for n in range(10 if small else 30):
        edit = edits.add_segment(project, big, code_id, alice.id, 100 + n, 140 + n)  # type: ignore[union-attr]
        with commits:
            edits.apply(project, edit)
        with commits:
            edits.apply(project, edit.inverse())

    # W7: page by page from the top to the bottom
    scrolls, ref_scrolls = _Clock(), _Clock()
    for widget, clock in ((view, scrolls), (ref, ref_scrolls)):
        bar = widget.verticalScrollBar()
        bar.setValue(0)
        app.processEvents()
        step = max(1, bar.pageStep())
        value = 0
        while value < bar.maximum() and len(clock.wall) < (60 if small else 400):
            value += step
            with clock:
                bar.setValue(value)
                app.processEvents()

    result = {
        "benchmark": "ui",
        "workload": {
            "article_chars": len(window.text),
            "segments": len(project.segments(document_id=big)),
            "coders": 3,
            "small": small,
        },
        "W1_open_ms_median": opens.median_ms(),
        "W2_code_ms_median": codes.median_ms(),
        "W2_undo_ms_median": undos.median_ms(),
        "W7_scroll_page_ms_p95": scrolls.p95_ms(),
        "W7_pages": len(scrolls.wall),
        "target": {"W1_open_ms": 100, "W2_code_ms": 16, "W7_scroll_page_ms": 16},
        "cpu_ms": {
            "W1_open_median": opens.cpu_median_ms(),
            "W2_code_median": codes.cpu_median_ms(),
            "W2_undo_median": undos.cpu_median_ms(),
            "W7_scroll_page_p95": scrolls.cpu_p95_ms(),
        },
        "W2_commit_ms_median": {"wall": commits.median_ms(), "cpu": commits.cpu_median_ms(),
                                 "synchronous": project.conn.execute("PRAGMA synchronous").fetchone()[0]},
        "W2_forced_full_repaint_ms_median": {"code": codes_full.median_ms(), "undo": undos_full.median_ms(),
                                             "ref_full_repaint": ref_full.median_ms()},
        "reference_ms": {
            "W1_setPlainText_paint_median": ref_opens.median_ms(),
            "W7_scroll_page_p95": ref_scrolls.p95_ms(),
            "cpu_W1_median": ref_opens.cpu_median_ms(),
            "cpu_W7_p95": ref_scrolls.cpu_p95_ms(),
        },
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    result["ratio"] = {
        "W1": round(result["W1_open_ms_median"] / 100, 2),
        "W2": round(result["W2_code_ms_median"] / 16, 2),
        "W2_undo": round(result["W2_undo_ms_median"] / 16, 2),
        "W7": round(result["W7_scroll_page_ms_p95"] / 16, 2),
    }
    result["vs_ref"] = {
        "W1": round(opens.median_ms() / max(ref_opens.median_ms(), 1e-3), 2),
        "W7": round(scrolls.p95_ms() / max(ref_scrolls.p95_ms(), 1e-3), 2),
        "W2_full_repaint": round(codes_full.median_ms() / max(ref_full.median_ms(), 1e-3), 2),
    }
    window.close()
    ref.close()
    project.close()
    tmp.cleanup()
    return result


if __name__ == "__main__":
    print(json.dumps(run("--small" in sys.argv), indent=2))

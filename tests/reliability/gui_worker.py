"""A worker that codes segments through the REAL main window, with real key presses.

    python gui_worker.py PROJECT [--count N] [--coder NAME] [--seed S]

Starts the main window offscreen on PROJECT, then for each segment: picks an
article, sets a selection with a ``QTextCursor`` and presses a code key
(``QTest.keyClick`` on the article view). Once the store confirms the new
segment (``project.segment(id)`` reads it back) its id is printed and flushed,
so a parent that SIGKILLs this process knows which saves were acknowledged.
Runs until killed unless ``--count`` is given. Used by tests/ui/test_gui_crash.py.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QTextCursor  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from newscoder.core.store import Project  # noqa: E402

KEYS = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("project")
    parser.add_argument("--count", type=int, default=0, help="stop after N segments (0: never)")
    parser.add_argument("--coder", default="ana")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from newscoder.ui.main_window import MainWindow

    window = MainWindow(Project.open(Path(args.project)), args.coder, interactive=False)
    window.resize(1000, 700)
    window.show()
    app.processEvents()
    print(f"# ready {window.coder_id}", flush=True)
    seen: set[str] = set()
    done = 0
    while args.count == 0 or done < args.count:
        if rng.random() < 0.2:
            window.next_article() if rng.random() < 0.5 else window.previous_article()
        length = window.view.document().characterCount() - 1
        if length < 2:
            window.next_article()
            continue
        start = rng.randrange(0, length - 1)
        end = rng.randrange(start + 1, min(length, start + 60) + 1)
        cursor = QTextCursor(window.view.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        window.view.setTextCursor(cursor)
        window.select_segment(None)
        QTest.keyClick(window.view, rng.choice(KEYS))
        new_id = window.coding.last_coded  # the segment just coded (no segment stays selected)
        window.coding.last_coded = None
        if new_id and new_id not in seen and window.project.segment(new_id) is not None:
            seen.add(new_id)
            sys.stdout.write(new_id + "\n")
            sys.stdout.flush()
            done += 1
        app.processEvents()
    window.close()
    window.project.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

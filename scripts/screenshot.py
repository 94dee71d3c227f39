"""Save pictures of the coding window: resources/screenshots/coding-window.png and -dark.png.

Opens the sample articles in a fresh project, codes a few segments as two
coders (with overlaps and a memo), turns "Show other coders" on, selects the
segment with the memo and grabs the window; once on the light palette, once
(in a second process) on a dark one, as a dark desktop theme would give.

    xvfb-run -a -s '-screen 0 1280x800x24' .venv/bin/python scripts/screenshot.py [--light | --dark]

To try other sizes without touching the README pictures:
NEWSCODER_SHOT_SIZE=1600x1000 NEWSCODER_SHOT_OUT=/tmp (with a large enough xvfb screen).

Needs (Debian/Ubuntu): xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-image0
libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libxkbcommon-x11-0
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "desktop"))


#: a dark desktop palette (roughly what KDE Breeze Dark or GNOME's dark style give Qt)
DARK = {
    "Window": "#25282E", "WindowText": "#E3E6EA", "Base": "#1C1F24", "AlternateBase": "#23262C",
    "Text": "#E3E6EA", "Button": "#2D3138", "ButtonText": "#E3E6EA", "Highlight": "#3D6FA8",
    "HighlightedText": "#FFFFFF", "ToolTipBase": "#2D3138", "ToolTipText": "#E3E6EA",
    "PlaceholderText": "#8A919C", "Light": "#3A3F47", "Midlight": "#33373E", "Mid": "#2A2E34",
    "Dark": "#15171A", "Shadow": "#0E0F11", "Link": "#7FB2F0", "BrightText": "#FFFFFF",
}


def dark_palette():  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor, QPalette

    pal = QPalette()
    for role, color in DARK.items():
        pal.setColor(getattr(QPalette.ColorRole, role), QColor(color))
    for role in ("WindowText", "Text", "ButtonText"):
        pal.setColor(QPalette.ColorGroup.Disabled, getattr(QPalette.ColorRole, role), QColor("#6B717B"))
    return pal


def main(dark: bool = False) -> int:
    home = tempfile.mkdtemp(prefix="newscoder-shot-")
    os.environ["NEWSCODER_HOME"] = home
    from newscoder.core import edits, settings
    from newscoder.core.importers import import_paths
    from newscoder.core.store import Project
    from newscoder.ui.actions import ActionId
    from newscoder.ui.app import application
    from newscoder.ui.main_window import MainWindow

    settings.put("coding_hint_done", True)  # the first-run hint is not part of the picture
    if dark:
        from PySide6.QtWidgets import QApplication

        qapp = QApplication(sys.argv[:1])
        qapp.setStyle("Fusion")
        qapp.setPalette(dark_palette())
    app = application()  # picks main-dark.qss on a dark palette
    project = Project.create(Path(home) / "sample.newscoder", name="North Korean troops")
    import_paths(project, [REPO / "sample_articles"])
    docs = project.documents()
    doc = next(d for d in docs if d.title.startswith("8,000"))
    text = project.document_text(doc.id)

    def code(coder: str, phrase: str, name: str, memo: str = "") -> None:
        start = text.index(phrase)
        c = project.code_by_name(name)
        assert c is not None
        who = project.ensure_coder(coder)
        edits.apply(project, edits.add_segment(project, doc.id, c.id, who.id, start, start + len(phrase), memo))

    code("Alice", "8,000 of the troops Kim Jong Un sent to support Russia", "claim")
    code("Alice", "as many as 8,000 North Korean soldiers", "estimate", "'as many as': an upper bound")
    code("Alice", "expected to enter combat “in the coming days,”", "estimate")
    code("Alice", "All of that strongly indicates that Russia intends to use these foreign forces", "claim")
    code("Alice", "war of choice against Ukraine", "condemnation")
    code("Bob", "8,000 North Korean soldiers were deployed", "claim")
    code("Bob", "expected to enter combat", "claim")
    code("Bob", "they would make themselves legitimate military targets", "condemnation")
    for other in docs[1:3]:
        edits.apply(project, edits.set_status(project, other.id, project.ensure_coder("Alice").id, "done"))

    window = MainWindow(project, "Alice", interactive=False)
    width, height = (int(x) for x in os.environ.get("NEWSCODER_SHOT_SIZE", "1280x800").split("x"))
    window.resize(width, height)
    window.action(ActionId.SHOW_OTHER_CODERS).setChecked(True)
    window.select_article(doc.id)
    window.show()
    for _ in range(5):
        app.processEvents()
    seg = next(s for s in project.segments(document_id=doc.id, coder_id=window.coder_id) if s.memo)
    window.select_segment(seg.id)
    for _ in range(5):
        app.processEvents()
    out = REPO / "resources" / "screenshots" / ("coding-window-dark.png" if dark else "coding-window.png")
    out = Path(os.environ.get("NEWSCODER_SHOT_OUT", "")) / out.name if os.environ.get("NEWSCODER_SHOT_OUT") else out
    out.parent.mkdir(parents=True, exist_ok=True)
    ok = window.grab().save(str(out))
    print(out if ok else "could not save the picture")
    window.close()
    project.close()
    return 0 if ok else 1


if __name__ == "__main__":
    if "--dark" in sys.argv[1:] or "--light" in sys.argv[1:]:
        raise SystemExit(main(dark="--dark" in sys.argv[1:]))
    codes = [subprocess.call([sys.executable, __file__, flag]) for flag in ("--light", "--dark")]
    raise SystemExit(max(codes))

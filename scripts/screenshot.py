"""Save a picture of the coding window: resources/screenshots/coding-window.png.

Opens the sample articles in a fresh project, codes a few segments as two
coders, turns "Show other coders" on and grabs the window.

    xvfb-run -a -s '-screen 0 1280x800x24' .venv/bin/python scripts/screenshot.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "desktop"))


def main() -> int:
    home = tempfile.mkdtemp(prefix="newscoder-shot-")
    os.environ["NEWSCODER_HOME"] = home
    from newscoder.core import edits, settings
    from newscoder.core.importers import import_paths
    from newscoder.core.store import Project
    from newscoder.ui.actions import ActionId
    from newscoder.ui.app import application
    from newscoder.ui.main_window import MainWindow

    settings.put("coding_hint_done", True)  # the first-run hint is not part of the picture
    app = application()
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
    window.resize(1280, 800)
    window.action(ActionId.SHOW_OTHER_CODERS).setChecked(True)
    window.select_article(doc.id)
    window.show()
    for _ in range(5):
        app.processEvents()
    seg = next(s for s in project.segments(document_id=doc.id, coder_id=window.coder_id) if s.memo)
    window.select_segment(seg.id)
    for _ in range(5):
        app.processEvents()
    out = REPO / "resources" / "screenshots" / "coding-window.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    ok = window.grab().save(str(out))
    print(out if ok else "could not save the picture")
    window.close()
    project.close()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""W-publications (issue 13): the same wire story run by several outlets.

A folder of 10,000 .txt files (small: 600) in which every third text is also run by one or two
other outlets (same body, other title, source and date) holds 6,667 distinct texts. Timed, each
beside a reference in the same run:

* ``import_s``: importing that folder (texts stored once, the other runs added as publications),
  against ``reference_import_s``: importing 10,000 distinct texts of the same size;
* ``list_load_s``: the article list model loading every publication as a row, against
  ``reference_list_load_s``: the same model on a project of as many rows, all distinct texts
  (no publications), and ``same_texts_list_load_s``: on a project of as many texts;
* ``outlets_s``: ``document_outlets`` (the comparison's query), every document's publications.

Target: the list loads in at most 2× the reference, plus 50 ms (it reads one more table).

Run: ``.venv/bin/python -m tests.perf.run_all --only publications [--small]``.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.perf.common import _sentence, result, synthetic_text  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SEED = 20261201
FULL_FILES = 10_000
SMALL_FILES = 600
CHARS = 3_000
OUTLETS = ("TASS", "RIA", "AFP", "Reuters", "Yonhap", "AP")
REPEAT = 3


def write_wire(folder: Path, count: int, *, shared: bool) -> int:
    """``count`` files; with ``shared``, every third text is run again by one or two other outlets.

    Returns how many distinct texts were written.
    """
    rng = random.Random(SEED)
    sentences = [_sentence(rng) for _ in range(400)]
    folder.mkdir(parents=True)
    i = texts = 0
    while i < count:
        body = f"Story {texts}.\n\n" + synthetic_text(rng, CHARS, sentences) + "\n"
        runs = 1 + (texts % 3 == 0) * (1 + texts % 2) if shared else 1
        for r in range(min(runs, count - i)):
            outlet = OUTLETS[(texts + r) % len(OUTLETS)]
            head = f"---\ntitle: Story {texts} ({outlet})\nsource: {outlet}\npublished: 2024-10-{1 + r:02d}\n---\n"
            (folder / f"f{i:05d}.txt").write_text(head + body, encoding="utf-8")
            i += 1
        texts += 1
    return texts


def _timed(fn: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def run(small: bool) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    from newscoder.core.importers import import_paths
    from newscoder.core.store import Project
    from newscoder.core.store_publications import document_outlets
    from newscoder.ui.models.article_list import ArticleListModel

    app = QApplication.instance() or QApplication([])
    count = SMALL_FILES if small else FULL_FILES
    with tempfile.TemporaryDirectory(prefix="bench_pubs_") as tmp:
        where = Path(tmp)
        texts = write_wire(where / "wire", count, shared=True)
        write_wire(where / "plain", count, shared=False)
        write_wire(where / "same_count", texts, shared=False)
        imports, refs, loads, ref_loads, outlets_t, row_loads = [], [], [], [], [], []
        for n in range(REPEAT):
            with Project.create(where / f"w{n}.newscoder") as p:
                t, res = _timed(lambda p=p: import_paths(p, [where / "wire"]))
                assert not res.failed and len(res.imported) == texts, (res.failed[:2], len(res.imported))
                assert len(res.publications) == count - texts and not res.duplicates
                imports.append(t)
                coder = p.ensure_coder("Ana")
                model = ArticleListModel()
                t, _ = _timed(lambda p=p, model=model, c=coder.id: model.load(p, c))
                assert len(model._all) == count  # one row per publication
                loads.append(t)
                t, got = _timed(lambda p=p: document_outlets(p))
                assert sum(len(v) for v in got.values()) == count
                outlets_t.append(t)
            with Project.create(where / f"r{n}.newscoder") as p:
                t, res = _timed(lambda p=p: import_paths(p, [where / "plain"]))
                assert len(res.imported) == count
                refs.append(t)
                coder = p.ensure_coder("Ana")
                model = ArticleListModel()
                t, _ = _timed(lambda p=p, model=model, c=coder.id: model.load(p, c))
                row_loads.append(t)
            with Project.create(where / f"s{n}.newscoder") as p:
                import_paths(p, [where / "same_count"])
                coder = p.ensure_coder("Ana")
                model = ArticleListModel()
                t, _ = _timed(lambda p=p, model=model, c=coder.id: model.load(p, c))
                ref_loads.append(t)
    del app
    load, ref_load = statistics.median(loads), statistics.median(row_loads)
    return result(
        f"publications: {count} files, {texts} texts (every third run by 2-3 outlets)",
        median_s=load,
        target_s=2 * ref_load + 0.05,
        list_load_s=load,
        reference_list_load_s=ref_load,
        same_texts_list_load_s=statistics.median(ref_loads),
        import_s=statistics.median(imports),
        reference_import_s=statistics.median(refs),
        outlets_s=statistics.median(outlets_t),
        files=count,
        texts=texts,
    )


if __name__ == "__main__":
    print(json.dumps(run(small="--small" in sys.argv[1:])))

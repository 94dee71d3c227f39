"""Issue 14 speed: corpus search, regular expressions, autocode, and 100,000 articles.

Workloads (each with a reference timed in the same run, on the same data):

* ``search_word`` / ``search_phrase``: a word (in ~1 % of articles) and a phrase over
  10,000 articles of 3,000 characters (30 M characters), every hit with offsets and KWIC;
  and the first page (100 hits) of a word found in nearly every article. Target ≤ 0.1 s.
  Reference: the bare FTS5 ``MATCH`` count of the same word (SQLite alone).
* ``search_regex``: ``\\b\\d{1,3}(?:,\\d{3})+\\b`` over the whole corpus. Target ≤ 2 s.
  Reference: Python's ``re.finditer`` over the same texts read with one SELECT.
* ``autocode_10k``: building and writing one autocode batch of 10,000 segments (and its
  undo). Target ≤ 1 s. Reference: ``executemany`` of the same 10,000 rows into a scratch table.
* ``articles_100k``: with 100,000 articles (1,000 characters each): building the FTS index
  (reported, with the progress callback), filtering the article list by a variable (target
  ≤ 50 ms; reference: a list comprehension over the same rows), and the window's first
  article painted (target ≤ 1 s; reference: the empty-window floor of ``bench_start``).

Run: ``./dev.sh bench --only search`` (``--small`` for a quick run).
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.perf.common import make_synthetic_project_isolated, median_time, result

RARE = "zeppelin"
PHRASE = '"north korean troops"'


def _seed_rare(path: Path, every: int) -> int:
    """Put the rare word and the phrase into every ``every``-th article (text rewritten, index follows)."""
    from newscoder.core.store import Project

    with Project.open(path, check=False) as project:
        rows = project.conn.execute("SELECT rowid, text FROM documents ORDER BY rowid").fetchall()
        changed = 0
        with project.atomic():
            for n, (rowid, text) in enumerate(rows):
                if n % every == 0:
                    cut = len(text) // 2
                    new = text[:cut] + f" A {RARE} and 8,000 North Korean troops arrived. " + text[cut:]
                    project.conn.execute("UPDATE documents SET text = ?, length = ? WHERE rowid = ?",
                                         (new, len(new), rowid))
                    changed += 1
        from newscoder.core import corpus

        corpus.rebuild_index(project)  # the synthetic rows went in by plain SQL, as no writer of ours does
        project.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return changed


def _search(path: Path, small: bool) -> list[dict[str, Any]]:
    from newscoder.core.search import engine
    from newscoder.core.store import Project

    out = []
    with Project.open(path, check=False) as project:
        chars = int(project.conn.execute("SELECT sum(length) FROM documents").fetchone()[0])
        docs = int(project.conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        ref = median_time(lambda: project.conn.execute(
            "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?", (RARE,)).fetchone(), 7, 1)
        for name, query, limit in (("search_word", RARE, None), ("search_phrase", PHRASE, None),
                                   ("search_word_first_page", "troops", 100)):
            hits = len(engine.search(project, query, limit=limit).hits)
            t = median_time(lambda q=query, n=limit: engine.search(project, q, limit=n), 7, 1)
            out.append(result(name, median_s=t, target_s=0.1, hits=hits, documents=docs, characters=chars,
                              reference="FTS5 MATCH count alone", reference_median_s=ref,
                              ratio_to_reference=round(t / ref, 1) if ref else None))
        t_all = median_time(lambda: engine.search(project, "troops"), 1 if small else 3)
        out.append(result("search_word_every_hit", median_s=t_all, target_s=None,
                          hits=len(engine.search(project, "troops").hits), documents=docs,
                          note="a word in nearly every article, every hit with KWIC (no target: informational)"))
        pattern = r"\b\d{1,3}(?:,\d{3})+\b"
        hits = len(engine.search(project, pattern, regex=True).hits)
        t = median_time(lambda: engine.search(project, pattern, regex=True), 3, 0)

        def plain() -> int:
            rx = re.compile(pattern)
            return sum(1 for (text,) in project.conn.execute("SELECT text FROM documents")
                       for _m in rx.finditer(text))

        ref = median_time(plain, 3, 0)
        out.append(result("search_regex", median_s=t, target_s=2.0, hits=hits, documents=docs, characters=chars,
                          reference="re.finditer over the same texts", reference_median_s=ref,
                          ratio_to_reference=round(t / ref, 2) if ref else None))
    return out


def _autocode(path: Path, n: int) -> dict[str, Any]:
    from newscoder.core import edits
    from newscoder.core.search import autocode
    from newscoder.core.store import Project

    with Project.open(path, check=False) as project:
        coder = project.ensure_coder("bench").id
        code = project.codes()[0].id
        t0 = time.perf_counter()
        plan = autocode.propose(project, [autocode.Search(code, "troops")], coder)
        propose_s = time.perf_counter() - t0
        proposals = plan.proposals[:n]
        t0 = time.perf_counter()
        edit = autocode.batch_edit(project, proposals, coder)
        edits.apply(project, edit)
        code_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        edits.apply(project, edit.inverse())
        undo_s = time.perf_counter() - t0
        rows = [c.after for c in edit.changes if c.table == "segments"]
        project.conn.execute("CREATE TEMP TABLE ref AS SELECT * FROM segments WHERE 0")
        t0 = time.perf_counter()
        with project.atomic():
            project.conn.executemany(
                "INSERT INTO temp.ref (id, document_id, code_id, coder_id, start, \"end\", quote, memo, created_at, "
                "updated_at, deleted_at) VALUES (:id, :document_id, :code_id, :coder_id, :start, :end, :quote, :memo, "
                ":created_at, :updated_at, :deleted_at)", rows)
        ref_s = time.perf_counter() - t0
    return result("autocode_10k", median_s=code_s, target_s=1.0, segments=len(rows), undo_s=undo_s,
                  propose_s=propose_s, proposals=len(plan.proposals),
                  reference="executemany of the same rows", reference_median_s=ref_s,
                  note="median_s: batch_edit + apply (one transaction); propose_s: searching and widening")


def _first_paint(project: Path, small: bool) -> dict[str, Any] | str:
    from tests.perf import bench_start

    with tempfile.TemporaryDirectory(prefix="newscoder-bench-search-") as tmp:
        env = bench_start._env(Path(tmp) / "home")
        repeat = 1 if small else 3
        app = bench_start._series([sys.executable, "-m", "newscoder", "-p", str(project)], env, repeat,
                                  bench_start.PROBE_TIMEOUT_S)
        floor = bench_start._series([sys.executable, "-c", bench_start.FLOOR], env, repeat,
                                    bench_start.PROBE_TIMEOUT_S)
    if isinstance(app, str):
        return app
    return {"median_s": app["median_s"], "floor_median_s": floor["median_s"] if isinstance(floor, dict) else None}


def _big(path: Path, small: bool) -> dict[str, Any]:
    from newscoder.core import corpus
    from newscoder.core.search import engine, filters
    from newscoder.core.store import Project

    with Project.open(path, check=False) as project:
        docs = int(project.conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        with project.atomic():  # a variable on every tenth article
            project.conn.execute("UPDATE documents SET metadata = json_set(metadata, '$.wire', "
                                 "CASE WHEN rowid % 10 = 0 THEN 'AFP' ELSE 'own' END)")
        unindexed = corpus.unindexed_count(project)
        t0 = time.perf_counter()
        found = len(engine.search(project, "zeppelin OR battalion", limit=100).hits)
        unindexed_search_s = time.perf_counter() - t0
        steps: list[int] = []
        t0 = time.perf_counter()
        corpus.rebuild_index(project, lambda done, total, _d: steps.append(done))
        index_s = time.perf_counter() - t0
        rows = corpus.document_rows(project)
        names = filters.variable_names(project, rows)
        t_filter = median_time(lambda: filters.matching_ids(project, ["wire=afp"], rows, names), 5, 1)
        t_ref = median_time(lambda: {r.id for r in rows if r.metadata.get("wire") == "AFP"}, 5, 1)
        t_read = median_time(lambda: filters.variable_names(project, corpus.document_rows(project)),
                             1 if small else 3)
    paint = _first_paint(path, small)
    figures: dict[str, Any] = {
        "documents": docs, "index_build_s": round(index_s, 3), "index_progress_reports": len(steps),
        "search_before_index_s": round(unindexed_search_s, 3), "unindexed_before": unindexed,
        "hits_before_index": found,
        "filter_median_s": t_filter, "filter_target_s": 0.05, "filter_ok": t_filter <= 0.05,
        "filter_reference_s": t_ref, "variables_read_s": t_read,
        "note": "filter: the article list keeps the rows it read (variables_read_s, once); "
                "first paint: bench_start's contract",
    }
    if isinstance(paint, str):
        return result("articles_100k", median_s=None, target_s=1.0, first_paint=paint, **figures)
    return result("articles_100k", median_s=paint["median_s"], target_s=1.0,
                  floor_median_s=paint["floor_median_s"], **figures)


def run(small: bool) -> list[dict[str, Any]]:
    n_docs = 1000 if small else 10_000
    big_docs = 5000 if small else 100_000
    with tempfile.TemporaryDirectory(prefix="newscoder-bench-search-") as tmp:
        root = Path(tmp)
        path = root / "corpus.newscoder"
        make_synthetic_project_isolated(path, n_docs=n_docs, chars=3000, coders=1, segs_per_coder=1, seed=14)
        _seed_rare(path, 100)
        out = _search(path, small)
        work = root / "autocode.newscoder"
        shutil.copy(path, work)
        out.append(_autocode(work, 1000 if small else 10_000))
        big = root / "big.newscoder"
        make_synthetic_project_isolated(big, n_docs=big_docs, chars=1000, coders=1, segs_per_coder=1, seed=15)
        out.append(_big(big, small))
    return out


if __name__ == "__main__":
    for item in run("--small" in sys.argv):
        print(json.dumps(item))
    sqlite3.connect(":memory:").close()

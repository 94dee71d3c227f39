"""Issue 19 speed: private suggestions (rules and the learned neighbours) on this machine.

Workloads (each with a reference timed in the same run, on the same data):

* ``suggest_article``: every suggestion for a 1,000-word article not seen before (rules, candidate
  sentences and clauses, their vectors, nearest neighbours over a coder's 300 confirmed segments).
  Target ≤ 0.2 s. Reference: splitting the same article into sentences (search.extent.sentences),
  the floor of any sentence-level work. ``model_load_s`` reports the one-time model load apart.
* ``suggest_rescore``: after an accepted suggestion (and after a rejection), ``note_changes`` plus
  the article's suggestions again. Target ≤ 50 ms. Reference: writing the accept edit itself (one
  transaction).
* ``suggest_review_10k``: the review list over 10,000 articles of 3,000 characters (300 with
  ``--small``) with a progress callback and a cancel check per article. Target ≤ 30 s. Reference:
  Python's ``re.finditer`` of numbers over the same texts read with one SELECT. ``cancel_s``: how long
  the list takes to stop once cancel() turns true. ``cpu_s``: the process's CPU time for the list (all
  threads), beside the wall-clock ``median_s``, with the machine's ``load_average`` (a shared machine).

Run: ``./dev.sh bench --only suggest`` (``--small`` for a quick run).
"""

from __future__ import annotations

import json
import random
import re
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from tests.perf.common import FIXED_TIME, REPO, make_synthetic_project_isolated, median_time, result

SEED = 19
CONFIRMED = 300


def _article_1000_words() -> str:
    """About 1,000 words of real news sentences (the sample articles, in a fixed shuffled order)."""
    from newscoder.core.search.extent import sentences

    rng = random.Random(SEED)
    pool = []
    for path in sorted((REPO / "sample_articles").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        pool += [text[a:b] for a, b in sentences(text) if len(text[a:b].split()) > 5]
    rng.shuffle(pool)
    out: list[str] = []
    words = 0
    while words < 1000:
        s = pool[len(out) % len(pool)]
        out.append(s)
        words += len(s.split())
    return "\n\n".join(" ".join(out[i:i + 4]) for i in range(0, len(out), 4))


def _confirm(project: Any, coder_id: str, n: int) -> None:
    """``n`` confirmed segments of this coder: sentence spans of the first articles, random codes."""
    from newscoder.core.search.extent import sentences

    rng = random.Random(SEED)
    codes = [c.id for c in project.codes()]
    rows = []
    for doc_id, text in project.conn.execute("SELECT id, text FROM documents ORDER BY rowid LIMIT 200"):
        for a, b in sentences(text)[:3]:
            rows.append((str(uuid.UUID(int=rng.getrandbits(128), version=4)), doc_id, rng.choice(codes), coder_id,
                         a, b, text[a:b], "", FIXED_TIME, FIXED_TIME))
            if len(rows) >= n:
                break
        if len(rows) >= n:
            break
    with project.atomic():
        project.conn.executemany(
            'INSERT INTO segments (id, document_id, code_id, coder_id, start, "end", quote, memo, created_at, '
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def _article(path: Path) -> list[dict[str, Any]]:
    from newscoder.core import edits
    from newscoder.core.search.extent import sentences
    from newscoder.core.store import Project
    from newscoder.core.suggest import SuggestionEngine, embed

    text = _article_1000_words()
    out = []
    with Project.open(path, check=False) as project:
        coder = project.coder_by_name("coder1")
        assert coder is not None
        _confirm(project, coder.id, CONFIRMED)
        variants = []
        for i in range(7):  # seven distinct articles, so nothing is cached between timed calls
            doc, _new = project.add_document(f"{text}\n\nVariant {i}.", f"Thousand words {i}")
            variants.append(doc.id)
        engine = SuggestionEngine(project, coder.id, coder_name="coder1")
        t0 = time.perf_counter()
        engine.memory()  # loads the model and embeds the confirmed segments
        load_s = time.perf_counter() - t0
        model_only = embed.loaded()
        found = engine.for_document(variants[0])
        it = iter(variants[1:])
        t = median_time(lambda: engine.for_document(next(it)), 5, 0)
        ref = median_time(lambda: sentences(text), 5, 1)
        learned = sum(1 for s in found if "neighbours" in s.suggester)
        out.append(result("suggest_article", median_s=t, target_s=0.2, words=len(text.split()),
                          suggestions=len(found), learned=learned, confirmed=CONFIRMED,
                          model_load_s=load_s, model_loaded=model_only,
                          reference="search.extent.sentences on the same article", reference_median_s=ref,
                          ratio_to_reference=round(t / ref, 1) if ref else None))
        # re-scoring after an accept and after a reject
        accept_times, reject_times, write_times = [], [], []
        for _ in range(5):
            s = engine.for_document(variants[0])[0]
            edit = engine.accept(s)
            t0 = time.perf_counter()
            changes = edits.apply(project, edit)
            write_times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            engine.note_changes(changes)
            engine.for_document(variants[0])
            accept_times.append(time.perf_counter() - t0)
            r = engine.for_document(variants[0])[0]
            changes = edits.apply(project, engine.reject(r))
            t0 = time.perf_counter()
            engine.note_changes(changes)
            engine.for_document(variants[0])
            reject_times.append(time.perf_counter() - t0)
        accept_times.sort()
        reject_times.sort()
        write_times.sort()
        out.append(result("suggest_rescore", median_s=max(accept_times[2], reject_times[2]), target_s=0.05,
                          after_accept_s=accept_times[2], after_reject_s=reject_times[2],
                          reference="applying the accept edit (one transaction)", reference_median_s=write_times[2]))
    return out


def _review(path: Path, n_docs: int) -> dict[str, Any]:
    from newscoder.core.store import Project
    from newscoder.core.suggest import SuggestionEngine

    with Project.open(path, check=False) as project:
        coder = project.coder_by_name("coder1")
        assert coder is not None
        ids = [r[0] for r in project.conn.execute("SELECT id FROM documents ORDER BY rowid")]
        engine = SuggestionEngine(project, coder.id)
        engine.memory()
        calls = []
        t0, c0 = time.perf_counter(), time.process_time()
        count = sum(1 for _ in engine.for_corpus(ids, progress=lambda d, t: calls.append(d), cancel=lambda: False))
        total_s, cpu_s = time.perf_counter() - t0, time.process_time() - c0
        # cancel: turn it on after 50 articles; how long until the iterator stops
        fresh = SuggestionEngine(project, coder.id)
        state = {"n": 0, "at": 0.0}

        def progress(done: int, total: int) -> None:
            state["n"] = done
            if done == 50:
                state["at"] = time.perf_counter()

        it = fresh.for_corpus(ids, progress=progress, cancel=lambda: state["n"] >= 50)
        for _ in it:
            pass
        cancel_s = time.perf_counter() - state["at"]

        def plain() -> int:
            rx = re.compile(r"\b\d{1,3}(?:,\d{3})+\b")
            return sum(1 for (text,) in project.conn.execute("SELECT text FROM documents") for _m in rx.finditer(text))

        ref = median_time(plain, 1, 0)
    import os

    return result("suggest_review_10k", median_s=total_s, target_s=30.0, documents=n_docs, suggestions=count,
                  cpu_s=cpu_s, load_average=round(os.getloadavg()[0], 1),
                  progress_calls=len(calls), cancel_s=cancel_s, stopped_after=state["n"],
                  reference="re.finditer of numbers over the same texts", reference_median_s=ref,
                  ratio_to_reference=round(total_s / ref, 1) if ref else None)


def run(small: bool) -> list[dict[str, Any]]:
    n_docs = 300 if small else 10_000
    with tempfile.TemporaryDirectory(prefix="newscoder-bench-suggest-") as tmp:
        path = Path(tmp) / "corpus.newscoder"
        make_synthetic_project_isolated(path, n_docs=n_docs, chars=3000, coders=1, segs_per_coder=0, seed=SEED)
        out = _article(path)
        out.append(_review(path, n_docs))
    return out


if __name__ == "__main__":
    for item in run("--small" in sys.argv):
        print(json.dumps(item))

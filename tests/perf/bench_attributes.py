"""Benchmarks of issue 15: pre-filling an estimate's attributes, and the estimate ledger.

* ``prefill``: coding a span as *estimate* reads value/low/high/hedge with the grammar and
  proposes the source from the sentence (``CodingSession.prefill``), on every estimate of the
  five sample articles inside a long (≈ 200 KB) article with 200 known sources. Target: the
  slowest call ≤ 5 ms. Reference timed in the same run: snapping the same selections to words
  (``core.snapping.snap_to_words``), which already runs per key press.
* ``ledger``: ``export estimates`` of 100,000 estimate segments (1,000 articles, 50 sources) to a
  file. Target ≤ 2 s. Reference in the same run: ``export segments`` of the same rows (the fast
  SQL-formatted CSV writer, whose speed is known).

Run: ``.venv/bin/python -m tests.perf.run_all --only attributes [--small]`` (or ``./dev.sh bench``).
"""

from __future__ import annotations

import json
import random
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from tests.perf.common import FIXED_TIME, REPO, result, times

PREFILL_TARGET_S = 0.005
LEDGER_TARGET_S = 2.0
HEDGES = ("exact", "approximately", "at least", "more than", "up to", "as many as", "fewer than")


def _prefill(small: bool) -> dict[str, Any]:
    from newscoder.core import edits
    from newscoder.core import sources as src
    from newscoder.core.session import CodingSession
    from newscoder.core.snapping import snap_to_words
    from newscoder.core.store import Project

    sample = "\n".join(p.read_text(encoding="utf-8").split("---\n", 2)[-1]
                       for p in sorted((REPO / "sample_articles").glob("*.txt")))
    filler = "Officials met in the capital on Monday to discuss aid and talks. " * (200 if small else 2500)
    text = filler + sample + filler
    phrases = ["some 10,000", "around 11,000", "as high as 12,000", "up to 8,000", "at least 3,000", "1,500",
               "as many as 8,000", "at least 10,000", "about 10,000", "Approximately 8,000", "over half a million"]
    spans = []
    for words in phrases:
        at = text.index(words)
        spans.append((at, at + len(words)))
    with tempfile.TemporaryDirectory(prefix="newscoder-bench-attrs-") as tmp:
        with Project.create(Path(tmp) / "p.newscoder") as project:
            doc, _ = project.add_document(text, "Long article")
            for i in range(200):
                edits.apply(project, src.add_source(project, f"Official Number{i} Person", "person"))
            edits.apply(project, src.add_source(project, "Antony Blinken", "person"))
            session = CodingSession(project, "bench")
            session.open(doc.id)
            code = project.code_by_name("estimate")
            assert code is not None
            repeat = 3 if small else 20
            per_call = []
            for start, end in spans:
                got = session.prefill(code.id, start, end)
                assert "value" in got.values, text[start:end]
                per_call.extend(times(lambda s=start, e=end: session.prefill(code.id, s, e), repeat, warmup=1))
            reference = []
            for start, end in spans:
                reference.extend(times(lambda s=start, e=end: snap_to_words(text, s, e), repeat, warmup=1))
    per_call.sort()
    reference.sort()
    return result("prefill", spans=len(spans), article_chars=len(text), known_sources=201,
                  median_s=per_call[len(per_call) // 2], max_s=per_call[-1], target_s=PREFILL_TARGET_S,
                  ok=per_call[-1] <= PREFILL_TARGET_S, ratio=round(per_call[-1] / PREFILL_TARGET_S, 3),
                  reference_snap_median_s=reference[len(reference) // 2], reference_snap_max_s=reference[-1])


def _ledger(small: bool) -> dict[str, Any]:
    from newscoder.core.exchange.ledger import write_ledger
    from newscoder.core.exchange.segments_csv_export import export_segments_to_path
    from newscoder.core.store import Project, content_hash, document_id_for, name_key

    n = 10_000 if small else 100_000
    n_docs = 1000
    rng = random.Random(15)
    with tempfile.TemporaryDirectory(prefix="newscoder-bench-ledger-") as tmp:
        path = Path(tmp) / "l.newscoder"
        with Project.create(path) as project:
            code = project.code_by_name("estimate")
            assert code is not None
            coder = project.ensure_coder("bench")
            conn = project.conn
            docs = []
            with project.atomic():
                for d in range(n_docs):
                    text = (f"Article {d}. " + "Officials said some 8,000 troops moved near the border. " * 40)
                    sha = content_hash(text)
                    docs.append((document_id_for(sha), len(text)))
                    conn.execute("INSERT INTO documents (id, content_sha256, title, source, author, published, url, "
                                 "text, length, imported_at, metadata) VALUES (?, ?, ?, ?, '', ?, '', ?, ?, ?, '{}')",
                                 (docs[-1][0], sha, f"Article {d}", f"Outlet {d % 7}", "2024-10-31", text, len(text),
                                  FIXED_TIME))
                sources = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(50)]
                conn.executemany("INSERT INTO sources (id, name, name_key, kind, affiliation, created_at, updated_at) "
                                 "VALUES (?, ?, ?, 'person', 'Somewhere', ?, ?)",
                                 [(s, f"Source {i}", name_key(f"Source {i}"), FIXED_TIME, FIXED_TIME)
                                  for i, s in enumerate(sources)])
                rows = []
                for i in range(n):
                    doc_id, _length = docs[i % n_docs]
                    start = rng.randrange(0, 2000)
                    values = {"value": rng.choice((1500, 3000, 8000, 10000, 11000, 12000)),
                              "hedge": rng.choice(HEDGES), "counted": rng.choice(("troops in Russia",
                                                                                  "deployed to Kursk", "casualties")),
                              "source": rng.choice(sources)}
                    rows.append((str(uuid.UUID(int=rng.getrandbits(128))), doc_id, code.id, coder.id, start,
                                 start + 12, "some 8,000 t", FIXED_TIME, FIXED_TIME,
                                 json.dumps(values, sort_keys=True, separators=(",", ":"))))
                conn.executemany('INSERT INTO segments (id, document_id, code_id, coder_id, start, "end", quote, '
                                 "memo, created_at, updated_at, attributes) VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?)",
                                 rows)
            out = Path(tmp) / "ledger.csv"

            def ledger() -> None:
                with out.open("wb") as fh:
                    assert write_ledger(project, fh) == n

            repeat = 1 if small else 5
            ledger_times = times(ledger, repeat, warmup=1)
            ref = Path(tmp) / "segments.csv"
            ref_times = times(lambda: export_segments_to_path(project, ref), repeat, warmup=1)
            size = out.stat().st_size
    ledger_times.sort()
    ref_times.sort()
    return result("ledger", estimates=n, bytes=size, median_s=ledger_times[len(ledger_times) // 2],
                  max_s=ledger_times[-1], target_s=LEDGER_TARGET_S,
                  reference_segments_csv_median_s=ref_times[len(ref_times) // 2])


def run(small: bool) -> list[dict[str, Any]]:
    start = time.perf_counter()
    out = [_prefill(small), _ledger(small)]
    out[-1]["bench_total_s"] = round(time.perf_counter() - start, 2)
    return out


if __name__ == "__main__":
    import sys

    for item in run("--small" in sys.argv):
        print(json.dumps(item))

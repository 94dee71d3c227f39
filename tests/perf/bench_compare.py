"""Issue 18 speed: comparing the outlets over 10,000 articles × 3 coders × 30 segments each.

Workloads (references timed in the same run, on the same data):

* ``compare_load``: reading the project into plain records (``load_input``, attribute values
  included). Target ≤ 3 s. Reference: one plain ``fetchall`` of the documents and live segments
  (the floor of any reading of them). ``structured_load_s``: the attribute values (sources,
  estimates) read again on their own.
* ``compare_view_<name>``: each view (outlet × code, estimates by outlet, sources by outlet,
  present/missing with sources and claims, timeline, co-occurrence, reliability strip) computed
  from those records. Target ≤ 1 s each. Reference: one numpy
  ``bincount`` of the 900,000 segments by outlet × code (the floor of any per-cell count).
* ``compare_quotes``: shared sentences and altered quotations by MinHash/LSH over every
  sentence and quotation of the 10,000 articles. Target ≤ 5 s. Reference: tokenising the same
  texts into words with one regular expression (a floor for reading every word once).
* ``compare_html``: writing the self-contained HTML report (tables and its four SVG charts)
  from the computed views, as File ▸ Export comparison… does. Target ≤ 3 s. Reference: the same
  report as JSON. Computing every view once and the from-scratch total are reported too.

The articles are ``make_synthetic_project`` text (sentences drawn from a pool of 3,000, so
every sentence recurs: a wire-heavy corpus), spread over 8 outlets, each with one quotation
drawn from 400 quotes, a fifth of them reworded, and a publication date in October or November
2024. Every segment carries structured coding (the worst case): each estimate (a quarter of the
900,000) a number, hedge, what is counted and one of 12 sources; every other segment a source
and a target.

Run: ``./dev.sh bench --only compare`` (``--small``: 1,000 articles).
"""

from __future__ import annotations

import random
import re
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from tests.perf.common import FIXED_TIME, make_synthetic_project_isolated, median_time, result

OUTLETS = ("AFP", "AP", "Reuters", "VOA", "BBC", "CNN", "Yonhap", "Kyiv Independent")


SOURCES = ("Antony Blinken", "Lloyd Austin", "Pentagon", "Kremlin", "NIS", "Ukrainian army", "John Kirby",
           "Volodymyr Zelensky", "Cho Tae-yul", "Yonhap sources", "NATO", "UN")
FIGURES = (1_500, 3_000, 8_000, 10_000, 11_000, 12_000)
COUNTED = ("troops in Russia", "troops deployed to Kursk", "casualties")


def _attributes(project: Any) -> None:
    """Structured coding on every segment, as the default codebook asks: each estimate its number, hedge,
    what is counted and source; each claim, denial and condemnation its source and target."""
    import json
    import uuid

    from newscoder.core.hedge import HEDGES

    rng = random.Random(11)
    ids = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in SOURCES]
    project.conn.executemany(
        "INSERT INTO sources (id, name, name_key, kind, affiliation, merged_into, created_at, updated_at) "
        "VALUES (?, ?, ?, 'person', '', NULL, ?, ?)",
        [(i, n, n.casefold(), FIXED_TIME, FIXED_TIME) for i, n in zip(ids, SOURCES, strict=True)])
    codes = {name: cid for cid, name in project.conn.execute("SELECT id, name FROM codes")}
    rows = project.conn.execute("SELECT rowid, code_id FROM segments").fetchall()
    updates = []
    for rowid, code_id in rows:
        if code_id == codes["estimate"]:
            value = rng.choice(FIGURES)
            values: dict[str, object] = {"value": value, "hedge": rng.choice(HEDGES[:7]),
                                         "counted": rng.choice(COUNTED), "source": rng.choice(ids)}
        else:
            values = {"source": rng.choice(ids), "target": rng.choice(("the deployment", "North Korea", ""))}
        updates.append((json.dumps({k: v for k, v in values.items() if v != ""}, sort_keys=True,
                                   separators=(",", ":")), rowid))
    project.conn.executemany("UPDATE segments SET attributes = ? WHERE rowid = ?", updates)


def _spread(path: Path) -> None:
    """Give each article an outlet and a publication date, append one quotation (some reworded), and code
    every segment's attributes."""
    from newscoder.core.store import Project

    rng = random.Random(7)
    words = "troops forces combat border coming days expect seen deploy engage fight front line soldiers".split()
    quotes = [" ".join(rng.choice(words) for _ in range(12)) for _ in range(400)]
    with Project.open(path, check=False) as project:
        rows = project.conn.execute("SELECT rowid, text FROM documents ORDER BY rowid").fetchall()
        with project.atomic():
            for n, (rowid, text) in enumerate(rows):
                q = quotes[n % len(quotes)].split()
                if n % 5 == 0:
                    q[rng.randrange(len(q))] = "reportedly"
                new = text + f"\n\n“{' '.join(q).capitalize()},” an official said."
                project.conn.execute(
                    "UPDATE documents SET text = ?, length = ?, source = ?, published = ? WHERE rowid = ?",
                    (new, len(new), OUTLETS[n % len(OUTLETS)], f"2024-{10 + n % 2}-{1 + n % 28:02d}", rowid))
            _attributes(project)
        project.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _cpu(fn: Any) -> float:
    """This process's CPU seconds for one call (the machine may be shared: wall time then says less)."""
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def run(small: bool = False) -> list[dict[str, Any]]:
    from newscoder.core.compare import (
        cited,
        cooccurrence,
        estimates,
        matrix,
        presence,
        quotes,
        reliability,
        render,
        report,
        structured,
    )
    from newscoder.core.compare.model import load_input
    from newscoder.core.store import Project

    n_docs = 1000 if small else 10_000
    out = []
    with tempfile.TemporaryDirectory(prefix="nc-bench-compare-") as tmp:
        path = Path(tmp) / "compare.newscoder"
        made = make_synthetic_project_isolated(path, n_docs=n_docs, chars=3000, coders=3, segs_per_coder=30)
        _spread(path)
        with Project.open(path, check=False) as project:
            t0 = time.perf_counter()
            inp = load_input(project)
            t_load = time.perf_counter() - t0
            t0 = time.perf_counter()
            reliability.prepare(project, inp)
            t_study = time.perf_counter() - t0
            t0 = time.perf_counter()
            st = structured.load(project, inp)  # again, alone (reading the attribute values on their own)
            t_struct = time.perf_counter() - t0
            t_load_median = median_time(lambda: load_input(project), 3, 0)

            def fetch_all() -> None:  # the floor: one plain read of the rows the load needs, nothing made of them
                project.conn.execute("SELECT id, title, source, published, author, url, metadata, text "
                                     "FROM documents").fetchall()
                project.conn.execute('SELECT id, document_id, code_id, coder_id, start, "end", attributes '
                                     "FROM segments WHERE deleted_at IS NULL").fetchall()

            with structured.no_cycle_collection():
                ref_load = median_time(fetch_all, 3, 0)
            out.append(result("compare_load", median_s=round(t_load_median, 3), target_s=3.0,
                              first_s=round(t_load, 3), documents=n_docs,
                              segments=inp.n_segments, coders=made["coders"], outlets=len(inp.outlets),
                              reference="one plain fetchall of the documents and segments rows",
                              reference_median_s=round(ref_load, 3), cpu_s=round(_cpu(lambda: load_input(project)), 3),
                              agreement_study_load_s=round(t_study, 3), structured_load_s=round(t_struct, 3),
                              estimates=st.n_estimates, citations=int(st.cite_seg.size)))
            cell = inp.doc_outlet[inp.seg_doc] * len(inp.codes) + inp.seg_code
            ref = median_time(lambda: np.bincount(cell, minlength=len(inp.outlets) * len(inp.codes)), 5, 1)
            cooccurrence.sentence_starts(inp)  # sentences are split once per input (cached), timed apart
            views = {
                "matrix": lambda: matrix.outlet_code_matrix(inp),
                "presence": lambda: presence.present_missing(inp),
                "cooccurrence": lambda: cooccurrence.cooccurrence(inp),
                "reliability": lambda: reliability.reliability_strip(None, inp),
                "estimates": lambda: estimates.estimates_by_outlet(inp),
                "sources": lambda: cited.sources_by_outlet(inp),
                "timeline": lambda: estimates.timeline(inp),
            }
            t0 = time.perf_counter()
            inp.extra.pop("sentence_starts")
            cooccurrence.sentence_starts(inp)
            t_split = time.perf_counter() - t0
            for name, fn in views.items():
                t = median_time(fn, 3, 1)
                extra = {"sentence_split_once_s": round(t_split, 3)} if name == "cooccurrence" else {}
                out.append(result(f"compare_view_{name}", median_s=round(t, 4), target_s=1.0, documents=n_docs,
                                  segments=inp.n_segments, reference="numpy bincount of the segments",
                                  reference_median_s=ref, cpu_s=round(_cpu(fn), 4), **extra))
            word = re.compile(r"\w+")
            ref_q = median_time(lambda: sum(len(word.findall(d.text)) for d in inp.docs), 3, 0)
            t_q = median_time(lambda: quotes.shared_and_altered(inp), 3, 0)
            cpu_q = _cpu(lambda: quotes.shared_and_altered(inp))
            qv = quotes.shared_and_altered(inp)
            out.append(result("compare_quotes", median_s=round(t_q, 3), target_s=5.0, documents=n_docs,
                              sentences=qv.sentences, quotations=qv.quotations, shared_groups=len(qv.shared),
                              altered_quotes=len(qv.altered), reference="regex word tokenising of the texts",
                              reference_median_s=round(ref_q, 3), ratio_to_reference=round(t_q / ref_q, 1),
                              cpu_s=round(cpu_q, 3)))
            html_out = Path(tmp) / "report.html"
            t0 = time.perf_counter()
            rep = report.compute(None, inp)
            t_all = time.perf_counter() - t0

            def write(fmt: str) -> None:
                (Path(tmp) / f"report.{fmt}").write_bytes(render.render(rep, fmt))

            t_html = median_time(lambda: write("html"), 3, 1)
            cpu_html = _cpu(lambda: write("html"))
            t_json = median_time(lambda: write("json"), 3, 0)
            out.append(result("compare_html", median_s=round(t_html, 3), target_s=3.0, documents=n_docs,
                              bytes=html_out.stat().st_size, every_view_computed_once_s=round(t_all, 3),
                              from_scratch_s=round(t_all + t_html, 3),
                              reference="the same report as JSON", reference_median_s=round(t_json, 3),
                              cpu_s=round(cpu_html, 3)))
    return out

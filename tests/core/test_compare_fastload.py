"""The comparison's fast reading (one set-based query, each distinct attribute text parsed once, columns
mapped through their distinct values) gives exactly the records of a straightforward reading: the
documents one by one, each document's segments with its own query, every attribute cell parsed on its
own and the tables built row by row (``build_input`` and ``build_structured``).

The project: the hand-built outlets of test_compare_structured (sources, estimates, hedges), a third
coder, a gold layer with attribute values, a merged source, a deleted segment, two codes on one span
and damaged cells (not JSON, NaN, a list, a boolean, an array, ``{ }``, a span past the text's end).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from newscoder.core import attribute_edits, edits, gold_store, sources
from newscoder.core.compare import estimates, structured
from newscoder.core.compare.model import GOLD_ID, CompareInput, build_input, load_input, make_doc, resolve_coders
from newscoder.core.gold import decide
from newscoder.core.store import Project
from tests.core.test_compare_structured import TEXT_A, TEXT_C, _code, build


def _plain_value(value: Any) -> Any:
    return value.tolist() if isinstance(value, np.ndarray) else value


def _records(inp: CompareInput) -> dict[str, Any]:
    """Every field of the input and of its structured tables, arrays as lists."""
    st = structured.structured(inp)
    rec = {f.name: _plain_value(getattr(inp, f.name)) for f in dataclasses.fields(inp) if f.name != "extra"}
    rec.update({"st." + f.name: _plain_value(getattr(st, f.name)) for f in dataclasses.fields(st)})
    return rec


def _valid_object_text(text: str) -> bool:
    """What SQLite's json_valid lets through (strict JSON: no NaN), less the empty object."""
    if text == "{}":
        return False
    try:
        json.loads(text, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
    except ValueError:
        return False
    return True


def straightforward(project: Project, coders: list[str]) -> CompareInput:
    """The reference reading: per-document queries, per-row JSON parsing, row-by-row tables."""
    conn = project.conn
    chosen = resolve_coders(project, coders)
    docs, segs, values = [], [], {}
    doc_ids = [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY title COLLATE NOCASE, title, id")]
    for doc_id in doc_ids:
        title, source, published, text = conn.execute(
            "SELECT title, source, published, text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        docs.append(make_doc(doc_id, title, source.strip(), published, text))
    for doc_id in sorted(doc_ids):  # segments by document id, coder id, start, end (ties: as stored)
        rows = conn.execute('SELECT id, document_id, code_id, coder_id, start, "end", attributes, rowid '
                            "FROM segments WHERE document_id = ? AND deleted_at IS NULL", (doc_id,)).fetchall()
        for r in sorted(rows, key=lambda r: (r[3], r[4], r[5], r[7])):
            segs.append(tuple(r[:6]))
            if _valid_object_text(r[6]):
                values[r[0]] = r[6]
    if any(c == GOLD_ID for c, _ in chosen):
        for g in gold_store.gold_rows(project):
            if g.decision != "none" and g.end > g.start:
                segs.append((g.id, g.document_id, g.code_id, GOLD_ID, g.start, g.end))
                if g.attributes != "{}":
                    values[g.id] = g.attributes
    codes = [(c.id, c.name) for c in project.codes(include_archived=True)]
    inp = build_input("source", docs, codes, chosen, segs, pooled=not coders)
    definitions = attribute_edits.all_definitions(project)
    source_rows = list(conn.execute("SELECT id, name, kind, affiliation, merged_into FROM sources"))
    inp.extra["structured"] = structured.build_structured(inp, values, definitions, source_rows)
    return inp


@pytest.fixture
def project(tmp_path: Path) -> Project:
    project, ids = build(tmp_path / "fast.newscoder")
    a, c = ids["doc_a"], ids["doc_c"]
    edits.apply(project, sources.add_source(project, "A. Blinken", "person"))
    dup = sources.source_by_name(project, "A. Blinken")
    assert dup is not None
    project.conn.execute("UPDATE sources SET merged_into = ? WHERE id = ?", (ids["blinken"], dup.id))
    _code(project, c, TEXT_C, "estimate", "Cy", "10,000 troops",
          {"counted": "troops in Kursk", "source": dup.id, "value": 10000, "hedge": "approximately"})
    _code(project, c, TEXT_C, "claim", "Cy", "10,000 troops", {"source": ids["blinken"], "target": "Kursk"})
    _code(project, a, TEXT_A, "claim", "Cy", "Blinken said", {"source": dup.id})
    _code(project, a, TEXT_A, "denial", "Cy", "Blinken said", {})  # two codes on one span
    gone = _code(project, a, TEXT_A, "claim", "Ben", "The Kremlin", {"source": ids["blinken"]})
    project.conn.execute("UPDATE segments SET deleted_at = '2024-11-02T00:00:00Z' WHERE id = ?", (gone,))
    damaged = {
        "not json": "{value: 9000",
        "nan": '{"value": NaN, "hedge": "about"}',
        "list": '{"source": ["x"], "value": [1], "counted": ["a"]}',
        "boolean": '{"value": true, "hedge": false, "source": true}',
        "array": "[1, 2]",
        "spaced": "{ }",
        "nested": '{"counted": {"a": 1}, "target": 5, "value": 1e400}',
    }
    for n, text in enumerate(damaged.values()):
        seg = _code(project, c if n % 2 else a, TEXT_C if n % 2 else TEXT_A, "estimate" if n % 3 else "claim",
                    "Ben", "Blinken said", {})
        project.conn.execute("UPDATE segments SET attributes = ? WHERE id = ?", (text, seg))
    past = _code(project, c, TEXT_C, "claim", "Ann", "A new front", {"source": ids["blinken"]})
    project.conn.execute('UPDATE segments SET "end" = 10000 WHERE id = ?', (past,))
    seg = project.segment(ids["b"])
    assert seg is not None
    edits.apply(project, decide.add_gold(project, ids["doc_b"], seg.code_id, seg.start, seg.end, "Chris"))
    (gold,) = gold_store.gold_rows(project)
    project.conn.execute("UPDATE gold_segments SET attributes = ? WHERE id = ?", (json.dumps(
        {"value": 8000, "hedge": "up to", "counted": "troops in Kursk", "source": ids["blinken"]}), gold.id))
    return project


@pytest.mark.parametrize("coders", [[], ["Ann"], ["Ann", "gold"], ["gold"], ["Ben", "Cy"], ["Cy", "Ben", "Ann"]])
def test_fast_load_reads_exactly_what_a_straightforward_reading_does(project: Project, coders: list[str]) -> None:
    fast = load_input(project, coders=coders)
    ref = straightforward(project, coders)
    assert fast.n_segments > 0
    assert _records(fast) == _records(ref)
    # reading the attribute values on their own gives the same tables as reading them with the segments
    again = structured.load(project, fast)
    assert {k: v for k, v in _records(fast).items() if k.startswith("st.")} == {
        "st." + f.name: _plain_value(getattr(again, f.name)) for f in dataclasses.fields(again)}


def test_damaged_cells_read_as_no_values_and_merged_sources_as_the_kept_one(project: Project) -> None:
    inp = load_input(project)
    st = structured.structured(inp)
    assert [s.name for s in st.sources] == ["Antony Blinken", "Kremlin", "Ukrainian army"]  # no "(unknown source)"
    rows = estimates.estimates_by_outlet(inp).rows
    assert ("troops in Kursk", "Antony Blinken") in [(r.counted, r.source) for r in rows]
    numbers = {f.number_label() for f in st.figures}
    assert "1" not in numbers and "no number" in numbers  # true is no number; the damaged cells have none

"""Reading the comparison's attribute values: each segment's attribute JSON, parsed once per distinct text,
as the keyed tables :func:`structured.build_columns` maps (see :func:`structured.load`).

A coder's damaged cell (not JSON, NaN) is no row, as SQLite's ``json_valid`` leaves it out; a gold row's
damaged cell is a row with no values, as the gold layer reads it. A value that is not a number or text
(a list, an object, true/false) is no value.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np

from newscoder.core import attributes as attrs
from newscoder.core.compare.model import CompareInput
from newscoder.core.compare.structured import KeyedTable, _plain, fields_for
from newscoder.core.store import Project


class GoldText(NamedTuple):
    """A gold row's attribute JSON: read as the gold layer reads it (a damaged cell is a row with no values),
    where a coder's damaged cell is no row at all (as SQLite's ``json_valid`` leaves it out)."""

    text: str


def _no_constant(name: str) -> Any:
    raise ValueError(name)  # NaN and Infinity are not JSON (SQLite's json_valid refuses them too)


def _values_of(text: Any) -> dict[str, Any] | None:
    """A segment's values as a row of the tables: None for no row (no values, or a coder's damaged cell)."""
    if isinstance(text, GoldText):
        return None if text.text == "{}" else attrs.parse_values(text.text)
    if not isinstance(text, str) or text == "{}":
        return None
    try:
        got = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        return None
    return got if isinstance(got, dict) else {}


def attribute_tables(inp: CompareInput, attributes: Sequence[Any], codes: Iterable[int],
                     source_attr: Mapping[int, tuple[str, ...]], estimate_code: int) -> dict[int, KeyedTable]:
    """Each code's rows (segment index and the value of each field), keyed by distinct JSON text, from every
    segment's attribute JSON (``attributes``, parallel to the segments), in segment order. Each distinct
    text is parsed once."""
    key_of: dict[Any, int] = dict.fromkeys(attributes, 0)
    parsed = []
    for k, text in enumerate(key_of):
        key_of[text] = k
        parsed.append(_values_of(text))
    keys = np.fromiter(map(key_of.__getitem__, attributes), dtype=np.int64, count=len(attributes))
    has_row = np.array([p is not None for p in parsed], dtype=bool)
    tables: dict[int, KeyedTable] = {}
    for code in codes:
        fields = fields_for(code, source_attr, estimate_code)
        at = np.flatnonzero((inp.seg_code == code) & has_row[keys]) if keys.size else keys
        rows: list[tuple[Any, ...] | None] = [None] * len(parsed)
        for k in np.unique(keys[at]).tolist():
            got = parsed[k] or {}
            rows[k] = tuple(_plain(got.get(f)) for f in fields)
        tables[code] = KeyedTable(at, keys[at], rows)
    return tables


def read_attributes(project: Project, inp: CompareInput) -> list[Any]:
    """Every selected segment's attribute JSON, parallel to the segments (``"{}"``: none), read on its own."""
    from newscoder.core import compare_queries as q
    from newscoder.core import gold_store
    from newscoder.core.compare.model import GOLD_ID

    position = {seg_id: i for i, seg_id in enumerate(inp.seg_id)}
    out: list[Any] = ["{}"] * len(inp.seg_id)
    coder_ids = [c for c, _ in inp.coders if c != GOLD_ID]
    if coder_ids:
        for seg_id, text in q.compare_segment_attributes(project, [] if inp.pooled else coder_ids):
            if (i := position.get(seg_id)) is not None:
                out[i] = text
    if any(c == GOLD_ID for c, _ in inp.coders):
        for g in gold_store.gold_rows(project):
            if (i := position.get(g.id)) is not None:
                out[i] = GoldText(g.attributes)
    return out

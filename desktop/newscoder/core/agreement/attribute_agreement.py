"""Agreement on attribute values of matched segments (``newscoder agreement --attributes``).

Units. Within one document and code, the segments of every two coders are matched as
the F1 overlap match does (Jaccard ≥ 0.5, one-to-one, highest Jaccard first); matched
segments are joined across coders into units (connected components). A unit in which one
coder has two segments is ambiguous and left out (counted in the note).

Per attribute: Krippendorff's α over the units' values with the metric of the type —
interval for integer, number, integer range (its midpoint) and date (its day number);
nominal for choice, text and source — plus the percent agreement and the number of
matched segment pairs where both values are given. An undefined α says why.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newscoder.core import attributes as attrs
from newscoder.core import store_agreement
from newscoder.core.agreement.matching import OVERLAP_THRESHOLD
from newscoder.core.attribute_edits import all_definitions
from newscoder.core.errors import UserError
from newscoder.core.store import Project

INTERVAL_TYPES = frozenset({"integer", "number", "integer range", "date"})
HEADER = ("code", "attribute", "metric", "value", "percent_agreement", "pairs", "units", "note")


@dataclass(frozen=True)
class AttributeRow:
    code: str
    attribute: str
    metric: str  # alpha_interval or alpha_nominal
    value: float | None
    percent: float | None
    pairs: int
    units: int
    note: str = ""

    def cells(self) -> list[str]:
        def fmt(x: float | None) -> str:
            return "" if x is None else f"{x:.4f}"

        return [self.code, self.attribute, self.metric, fmt(self.value), fmt(self.percent), str(self.pairs),
                str(self.units), self.note]


def alpha(units: Sequence[Sequence[Any]], interval: bool) -> tuple[float | None, str]:
    """Krippendorff's α from each unit's values (units with fewer than two values do not count)."""
    pairable = [list(u) for u in units if len(u) >= 2]
    values = [v for u in pairable for v in u]
    n = len(values)
    if not pairable:
        return None, "no unit has values from two coders"

    def delta(a: Any, b: Any) -> float:
        return float((a - b) ** 2) if interval else float(a != b)

    observed = sum(sum(delta(a, b) for a, b in itertools.permutations(u, 2)) / (len(u) - 1) for u in pairable) / n
    if interval:  # Σ_{i≠j} (x_i − x_j)² = 2n·Σx² − 2(Σx)²
        total, squares = sum(values), sum(v * v for v in values)
        expected = (2 * n * squares - 2 * total * total) / (n * (n - 1))
    else:
        counts: dict[Any, int] = {}
        for v in values:
            counts[v] = counts.get(v, 0) + 1
        expected = (n * n - sum(c * c for c in counts.values())) / (n * (n - 1))
    if expected == 0:
        return None, "no variation: every value is the same (expected disagreement is 0)"
    return 1.0 - observed / expected, ""


def _comparable(defn: attrs.AttributeDef, value: Any) -> Any:
    if attrs.is_empty(value):
        return None
    if defn.type == "integer range" and isinstance(value, list) and len(value) == 2:
        return (value[0] + value[1]) / 2
    if defn.type == "date":
        try:
            return dt.date.fromisoformat(str(value)).toordinal()
        except ValueError:
            return None
    if defn.type in ("integer", "number"):
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    return value


def _match(a: list[tuple[Any, ...]], b: list[tuple[Any, ...]]) -> list[tuple[str, str]]:
    """One-to-one greedy overlap matches (segment ids) between two coders' segments of one document and code."""
    candidates = []
    for sa in a:
        for sb in b:
            inter = min(sa[2], sb[2]) - max(sa[1], sb[1])
            if inter <= 0:
                continue
            jaccard = inter / (max(sa[2], sb[2]) - min(sa[1], sb[1]))
            if jaccard >= OVERLAP_THRESHOLD:
                candidates.append((-jaccard, sa[1], sb[1], sa[0], sb[0]))
    used_a: set[str] = set()
    used_b: set[str] = set()
    out = []
    for _j, _pa, _pb, ida, idb in sorted(candidates):
        if ida not in used_a and idb not in used_b:
            used_a.add(ida)
            used_b.add(idb)
            out.append((ida, idb))
    return out


def _components(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Segments joined by matches (union-find), by representative."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        parent[find(a)] = find(b)
    out: dict[str, list[str]] = {}
    for sid in parent:
        out.setdefault(find(sid), []).append(sid)
    return out


def attribute_agreement(project: Project, coders: Sequence[str] = (), codes: Sequence[str] = (),
                        documents: Sequence[str] = ()) -> list[AttributeRow]:
    """One row per attribute of every selected code that defines attributes."""
    by_name = {c.name.casefold(): c for c in project.coders()}
    chosen = [by_name.get(n.casefold()) for n in coders] if coders else list(by_name.values())
    if any(c is None for c in chosen):
        raise UserError(f"no coder named {next(n for n in coders if n.casefold() not in by_name)!r}")
    coder_ids = {c.id for c in chosen if c is not None}
    if len(coder_ids) < 2:
        raise UserError("agreement needs at least two coders")
    defs = all_definitions(project)
    code_list = [c for c in project.codes() if defs.get(c.id)]
    if codes:
        wanted = {n.casefold() for n in codes}
        code_list = [c for c in code_list if c.name.casefold() in wanted]
    docs = set(documents)
    rows: list[AttributeRow] = []
    for code in code_list:
        segs: dict[tuple[str, str], list[tuple[Any, ...]]] = {}
        values: dict[str, dict[str, Any]] = {}
        coder_of: dict[str, str] = {}
        for sid, doc, coder, start, end, text in store_agreement.code_segment_attributes(project, code.id):
            if coder in coder_ids and (not docs or doc in docs):
                segs.setdefault((doc, coder), []).append((sid, start, end))
                values[sid] = attrs.parse_values(text)
                coder_of[sid] = coder
        pairs: list[tuple[str, str]] = []
        for doc in sorted({d for d, _c in segs}):
            for ca, cb in itertools.combinations(sorted(coder_ids), 2):
                pairs.extend(_match(segs.get((doc, ca), []), segs.get((doc, cb), [])))
        components = _components(pairs)
        units = [m for m in components.values() if len({coder_of[s] for s in m}) == len(m)]
        ambiguous = len(components) - len(units)
        for d in defs[code.id]:
            interval = d.type in INTERVAL_TYPES
            unit_values = [[v for v in (_comparable(d, values[s].get(d.name)) for s in sorted(m)) if v is not None]
                           for m in units]
            value, note = alpha(unit_values, interval)
            both = [(_comparable(d, values[a].get(d.name)), _comparable(d, values[b].get(d.name))) for a, b in pairs]
            both = [(x, y) for x, y in both if x is not None and y is not None]
            percent = sum(x == y for x, y in both) / len(both) if both else None
            if ambiguous:
                note = (note + "; " if note else "") + f"{ambiguous} unit(s) left out: one coder has two segments there"
            rows.append(AttributeRow(code.name, d.name, "alpha_interval" if interval else "alpha_nominal", value,
                                     percent, len(both), sum(len(u) >= 2 for u in unit_values), note))
    return rows


def render_table(rows: list[AttributeRow]) -> str:
    if not rows:
        return "No selected code defines attributes.\n"
    lines = ["Attribute agreement (matched segments: F1 overlap match)",
             f"{'code.attribute':<28} {'metric':<15} {'alpha':>7} {'% agree':>8} {'pairs':>6} {'units':>6}  note"]
    for r in rows:
        alpha_text = "undefined" if r.value is None else f"{r.value:.3f}"
        pct = "" if r.percent is None else f"{100 * r.percent:.1f}"
        lines.append(f"{r.code + '.' + r.attribute:<28} {r.metric:<15} {alpha_text:>7} {pct:>8} {r.pairs:>6} "
                     f"{r.units:>6}  {r.note}")
    return "\n".join(lines) + "\n"

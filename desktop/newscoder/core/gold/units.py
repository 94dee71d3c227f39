"""Units of adjudication: the coders' segments grouped by the agreement core's overlap match.

Per document and code, each coder's overlapping or touching segments are first merged
(as for α_u and F1). Between every pair of coders, merged spans are matched one-to-one
by the agreement core's greedy overlap match (Jaccard ≥ 0.5, best overlap first,
:func:`newscoder.core.agreement.matching.greedy_matches`). A unit is a connected group
of matched spans; a span no other coder matched is a unit of its own (a singleton).

:func:`load_units` builds them for the whole project at once in numpy
(:mod:`.grouping`, the agreement core's interval steps); :func:`group_units` is the plain-Python
specification it is tested against.

A unit is *agreed* when every selected coder has exactly one span in it and all the
spans are identical (the F1 exact match); every other unit is a *disagreement*.

Only documents that count for two or more of the selected coders take part (a coder
counts for a document if they marked it done or have a segment in it), as in the
agreement study.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from newscoder.core import gold_store
from newscoder.core.agreement.matching import OVERLAP_THRESHOLD, greedy_matches
from newscoder.core.errors import UserError
from newscoder.core.store import Project


@dataclass(frozen=True)
class Version:
    """One coder's version of a unit: merged spans and the raw segment ids behind them."""

    coder: int  # index into the selected coders
    spans: tuple[tuple[int, int], ...]
    segment_ids: tuple[str, ...]


@dataclass(frozen=True)
class Unit:
    document_id: str
    code_id: str
    versions: tuple[Version, ...]  # sorted by coder index; coders with nothing are absent
    n_coders: int
    #: the coders' segment ids in the unit, version by version (derived; given only by fast builders)
    segment_ids: tuple[str, ...] = field(default=(), compare=False)
    start: int = field(default=-1, compare=False)
    end: int = field(default=-1, compare=False)
    agreed: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        if self.start >= 0:
            return  # derived fields given by the builder
        versions = self.versions
        first = versions[0].spans
        agreed = len(versions) == self.n_coders and len(first) == 1 and all(v.spans == first for v in versions)
        if len(versions) == 1:
            ids, start, end = versions[0].segment_ids, first[0][0], max(e for _s, e in first)
        else:
            ids = tuple(s for v in versions for s in v.segment_ids)
            start = min(v.spans[0][0] for v in versions)
            end = max(e for v in versions for _s, e in v.spans)
        setattr_ = object.__setattr__
        setattr_(self, "segment_ids", ids)
        setattr_(self, "start", start)
        setattr_(self, "end", end)
        setattr_(self, "agreed", agreed)

    @property
    def key(self) -> str:
        """Stable identity: the sorted ids of the coders' segments in the unit."""
        return "|".join(sorted(self.segment_ids))

    def version_of(self, coder: int) -> Version | None:
        return next((v for v in self.versions if v.coder == coder), None)


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, list[str]]]:
    """Overlapping or touching spans merged into their union, with the ids merged."""
    out: list[tuple[int, int, list[str]]] = []
    for start, end, sid in sorted(spans):
        if out and start <= out[-1][1]:
            last = out[-1]
            out[-1] = (last[0], max(last[1], end), last[2] + [sid])
        else:
            out.append((start, end, [sid]))
    return out


def _pair_matches(a: list[tuple[int, int, list[str]]], b: list[tuple[int, int, list[str]]]) -> list[tuple[int, int]]:
    """The overlap matches between two coders' merged spans (indices into ``a`` and ``b``)."""
    cand_a, cand_b, jac, pos_a, pos_b = [], [], [], [], []
    j0 = 0
    for i, (sa, ea, _ids) in enumerate(a):
        while j0 < len(b) and b[j0][1] <= sa:
            j0 += 1
        j = j0
        while j < len(b) and b[j][0] < ea:
            sb, eb = b[j][0], b[j][1]
            inter = min(ea, eb) - max(sa, sb)
            union = max(ea, eb) - min(sa, sb)
            if inter > 0 and inter / union >= OVERLAP_THRESHOLD:
                cand_a.append(i)
                cand_b.append(j)
                jac.append(inter / union)
                pos_a.append(sa)
                pos_b.append(sb)
            j += 1
    if not cand_a:
        return []
    if len(cand_a) > SMALL:
        keep = greedy_matches(np.array(jac), np.array(cand_a), np.array(cand_b), np.array(pos_a), np.array(pos_b))
        return [(cand_a[k], cand_b[k]) for k in np.flatnonzero(keep)]
    return greedy_small(jac, cand_a, cand_b, pos_a, pos_b)


#: up to this many candidate pairs, :func:`greedy_small` (plain Python) replaces numpy's call overhead
SMALL = 64


def greedy_small(jac: list[float], a: list[int], b: list[int], pos_a: list[int], pos_b: list[int]
                 ) -> list[tuple[int, int]]:
    """The agreement core's greedy one-to-one matching (:func:`greedy_matches`), for a few candidates.

    The same order: highest Jaccard first, then ``a``'s position, then ``b``'s (a test
    checks both give the same pairs).
    """
    order = sorted(range(len(a)), key=lambda k: (-jac[k], pos_a[k], pos_b[k]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    out = []
    for k in order:
        if a[k] not in used_a and b[k] not in used_b:
            used_a.add(a[k])
            used_b.add(b[k])
            out.append((a[k], b[k]))
    return sorted(out)


def group_units(document_id: str, code_id: str, per_coder: dict[int, list[tuple[int, int, str]]],
                n_coders: int) -> list[Unit]:
    """The units of one document and code from each coder's raw ``(start, end, id)`` spans."""
    coders = sorted(c for c, spans in per_coder.items() if spans)
    merged = {c: _merge(per_coder[c]) for c in coders}
    # node numbers: coder by coder, span by span (so a coder's spans stay in order within a unit)
    offset: dict[int, int] = {}
    nodes: list[tuple[int, tuple[int, int, list[str]]]] = []
    for c in coders:
        offset[c] = len(nodes)
        nodes.extend((c, span) for span in merged[c])
    parent = list(range(len(nodes)))

    def find(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for ca, cb in itertools.combinations(coders, 2):
        for i, j in _pair_matches(merged[ca], merged[cb]):
            ra, rb = find(offset[ca] + i), find(offset[cb] + j)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for n in range(len(nodes)):
        groups.setdefault(find(n), []).append(n)
    units = []
    for members in groups.values():
        versions = []
        current: int | None = None
        spans: list[tuple[int, int]] = []
        ids: list[str] = []
        for n in members:  # ascending: grouped by coder, spans in order
            c, (s, e, sids) = nodes[n]
            if c != current:
                if current is not None:
                    versions.append(Version(current, tuple(spans), tuple(ids)))
                current, spans, ids = c, [], []
            spans.append((s, e))
            ids.extend(sids)
        assert current is not None
        versions.append(Version(current, tuple(spans), tuple(ids)))
        units.append(Unit(document_id, code_id, tuple(versions), n_coders))
    units.sort(key=lambda u: (u.start, u.end, u.segment_ids))
    return units


def resolve_coders(project: Project, names: Sequence[str]) -> list[tuple[str, str]]:
    """``(id, name)`` of the named coders, in the order given; two or more, each known and distinct."""
    chosen: list[tuple[str, str]] = []
    for name in names:
        if not name.strip():
            continue
        coder = project.coder_by_name(name)
        if coder is None:
            have = ", ".join(sorted(c.name for c in project.coders())) or "none"
            raise UserError(f"no coder named {name!r} (the project has: {have})")
        if coder.id in (c for c, _ in chosen):
            raise UserError(f"coder {coder.name!r} is named twice")
        chosen.append((coder.id, coder.name))
    if len(chosen) < 2:
        raise UserError(f"adjudication needs two or more coders; {len(chosen)} given")
    return chosen


def load_units(project: Project, coder_ids: Sequence[str]) -> list[Unit]:
    """Every unit of the selected coders, by document, code, then position."""
    index = {c: i for i, c in enumerate(coder_ids)}
    rows = gold_store.coder_spans(project, coder_ids)
    counting: dict[str, set[str]] = {}
    for doc, coder in gold_store.done_pairs(project):
        if coder in index:
            counting.setdefault(doc, set()).add(coder)
    for _sid, doc, _code, coder, _s, _e in rows:
        counting.setdefault(doc, set()).add(coder)
    rows = [r for r in rows if len(counting.get(r[1], ())) >= 2]
    return units_from_rows(rows, coder_ids)


def units_from_rows(rows: Sequence[tuple[str, str, str, str, int, int]], coder_ids: Sequence[str]) -> list[Unit]:
    """Units from raw ``(id, document_id, code_id, coder_id, start, end)`` rows (numpy, all groups at once).

    The same units, in the same order, as :func:`group_units` per document and code.
    """
    from newscoder.core.gold import grouping

    if not rows:
        return []
    n = len(coder_ids)
    coder_index = {c: i for i, c in enumerate(coder_ids)}
    ids, docs, codes, coders, starts, ends = zip(*rows, strict=True)
    bands = sorted(set(zip(docs, codes, strict=True)))
    band_index = {b: i for i, b in enumerate(bands)}
    group = np.fromiter((band_index[b] for b in zip(docs, codes, strict=True)), dtype=np.int64, count=len(rows))
    coder = np.fromiter((coder_index[c] for c in coders), dtype=np.int64, count=len(rows))
    start = np.asarray(starts, dtype=np.int64)
    end = np.asarray(ends, dtype=np.int64)
    rank = np.argsort(np.argsort(np.asarray(ids, dtype=str), kind="stable"), kind="stable")
    order, run_of, run_group, run_coder, run_start, run_end = grouping.runs(group, coder, start, end, n, rank)
    label = grouping.unit_labels(run_group, run_coder, run_start, run_end, n)
    # raw ids per run, in (start, end, id) order as the sort left them
    sorted_ids = [ids[i] for i in order.tolist()]
    bounds = np.flatnonzero(np.r_[True, run_of[1:] != run_of[:-1]]).tolist() + [len(sorted_ids)]
    run_ids = [tuple(sorted_ids[bounds[k]:bounds[k + 1]]) for k in range(len(bounds) - 1)]
    # runs of a unit together, by coder then start; unit and version boundaries in that order
    bu = np.lexsort((run_start, run_coder, label))
    lab, cod = label[bu], run_coder[bu]
    new_unit = np.r_[True, lab[1:] != lab[:-1]]
    unit_first = np.flatnonzero(new_unit)
    ver_first = np.flatnonzero(new_unit | np.r_[True, cod[1:] != cod[:-1]])
    s_sorted, e_sorted = run_start[bu], run_end[bu]
    lo = np.minimum.reduceat(s_sorted, unit_first)
    hi = np.maximum.reduceat(e_sorted, unit_first)
    runs_in = np.diff(np.r_[unit_first, bu.size])
    vers_in = np.diff(np.r_[np.searchsorted(ver_first, unit_first), ver_first.size])
    same = (np.maximum.reduceat(s_sorted, unit_first) == lo) & (np.minimum.reduceat(e_sorted, unit_first) == hi)
    agreed = ((runs_in == n) & (vers_in == n) & same).tolist()
    bul, cl, sl, el = bu.tolist(), cod.tolist(), s_sorted.tolist(), e_sorted.tolist()
    ver_bounds = ver_first.tolist() + [bu.size]
    versions: list[Version] = []
    for v in range(len(ver_bounds) - 1):
        a, b = ver_bounds[v], ver_bounds[v + 1]
        if b == a + 1:
            versions.append(Version(cl[a], ((sl[a], el[a]),), run_ids[bul[a]]))
        else:
            vids = tuple(i for k in range(a, b) for i in run_ids[bul[k]])
            versions.append(Version(cl[a], tuple((sl[k], el[k]) for k in range(a, b)), vids))
    unit_vers = np.r_[np.searchsorted(ver_first, unit_first), ver_first.size].tolist()
    rg, lol, hil = run_group.tolist(), lo.tolist(), hi.tolist()
    uf = unit_first.tolist()
    units: list[Unit] = []
    for u in range(len(uf)):
        vs = tuple(versions[unit_vers[u]:unit_vers[u + 1]])
        ids_u = vs[0].segment_ids if len(vs) == 1 else tuple(i for v in vs for i in v.segment_ids)
        doc, code = bands[rg[bul[uf[u]]]]
        units.append(Unit(doc, code, vs, n, ids_u, lol[u], hil[u], agreed[u]))
    units.sort(key=lambda u: (u.document_id, u.code_id, u.start, u.end, u.segment_ids))
    return units


def units_reference(rows: Sequence[tuple[str, str, str, str, int, int]], coder_ids: Sequence[str]) -> list[Unit]:
    """The plain-Python units (per document and code, :func:`group_units`): the specification."""
    index = {c: i for i, c in enumerate(coder_ids)}
    groups: dict[tuple[str, str], dict[int, list[tuple[int, int, str]]]] = {}
    for sid, doc, code, coder, start, end in rows:
        groups.setdefault((doc, code), {}).setdefault(index[coder], []).append((int(start), int(end), sid))
    units: list[Unit] = []
    for (doc, code), per_coder in sorted(groups.items()):
        units.extend(group_units(doc, code, per_coder, len(coder_ids)))
    return units

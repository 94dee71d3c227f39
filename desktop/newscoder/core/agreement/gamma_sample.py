"""γ's chance continua: pygamma-agreement's default ("statistical") sampler.

The statistics of the observed continua (Mathet et al. 2015, §5.2; pygamma-agreement's
``StatisticalContinuumSampler``, its default):

- the number of units per coder and continuum (mean and standard deviation over the
  coder × continuum pairs, coders with no unit included);
- the gap before each unit: from the end of the same coder's previous unit in the
  continuum (negative when they overlap), or from the continuum's start for a coder's
  first unit when that is after 0; the list starts with one 0, as pygamma's does;
- the units' lengths (mean and standard deviation);
- the categories' frequencies.

A sampled continuum gives each coder ``|int(N(units))|`` units (at least one for the first
coder who gets any, so no sample is empty), laid one after the other at gaps drawn from
``N(gap)``, with lengths ``|N(length)|`` and categories drawn by frequency. Standard
deviations are population ones (``numpy.std``), as in pygamma.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from newscoder.core.agreement.gamma_align import Continua

#: pyannote's SEGMENT_PRECISION: a sampled length below this is drawn again
MIN_LENGTH = 1e-12


@dataclass(frozen=True)
class SamplerStats:
    n_coders: int
    units_mean: float
    units_std: float
    gap_mean: float
    gap_std: float
    length_mean: float
    length_std: float
    categories: tuple[int, ...]
    weights: tuple[float, ...]


def reference_stats(c: Continua, counted: np.ndarray | None = None) -> SamplerStats:
    """The sampler's statistics of these continua.

    ``counted[coder, group]`` says which coder × continuum pairs take part in the unit counts
    (default: all of them).
    """
    if counted is None:
        counted = np.ones((c.n_coders, c.n_groups), dtype=bool)
    per = np.zeros((c.n_coders, c.n_groups))
    np.add.at(per, (c.coder, c.group), 1)
    per_counted = per[counted]
    order = np.lexsort((c.end, c.start, c.group, c.coder))
    coder, group, start, end = c.coder[order], c.group[order], c.start[order], c.end[order]
    same = (coder[1:] == coder[:-1]) & (group[1:] == group[:-1])
    inner = (start[1:] - end[:-1])[same]
    head = np.ones(order.size, dtype=bool)
    head[1:] = ~same
    first = start[head]
    gaps = np.concatenate([[0.0], inner, first[first > 0]])
    lengths = end - start
    cats, freq = np.unique(c.category, return_counts=True)
    return SamplerStats(
        n_coders=c.n_coders,
        units_mean=float(per_counted.mean()) if per_counted.size else 0.0,
        units_std=float(per_counted.std()) if per_counted.size else 0.0,
        gap_mean=float(gaps.mean()),
        gap_std=float(gaps.std()),
        length_mean=float(lengths.mean()) if lengths.size else 0.0,
        length_std=float(lengths.std()) if lengths.size else 0.0,
        categories=tuple(int(x) for x in cats),
        weights=tuple(float(x) for x in freq / max(freq.sum(), 1)),
    )


def sample_continua(stats: SamplerStats, n_samples: int, rng: np.random.Generator) -> Continua:
    """``n_samples`` sampled continua (group = sample number), every coder in each."""
    n = stats.n_coders
    counts = np.abs(np.trunc(rng.normal(stats.units_mean, stats.units_std, size=(n_samples, n)))).astype(np.int64)
    # as in pygamma, the first coder's units are drawn while the sample is empty: at least one
    counts[:, 0] = np.maximum(counts[:, 0], 1)
    flat = counts.ravel()
    total = int(flat.sum())
    seq = np.repeat(np.arange(flat.size), flat)  # which (sample, coder) sequence
    gaps = rng.normal(stats.gap_mean, stats.gap_std, size=total)
    lengths = np.abs(rng.normal(stats.length_mean, stats.length_std, size=total))
    while True:
        short = lengths < MIN_LENGTH
        if not short.any():
            break
        lengths[short] = np.abs(rng.normal(stats.length_mean, stats.length_std, size=int(short.sum())))
    cats = rng.choice(np.array(stats.categories, dtype=np.int64), size=total, p=np.array(stats.weights))
    # start_i = sum of gaps up to i + sum of lengths before i, within each sequence
    steps = np.cumsum(gaps + lengths)
    seq_start = np.concatenate([[0], np.cumsum(flat)[:-1]])
    before = np.where(seq_start[seq] > 0, steps[seq_start[seq] - 1], 0.0)
    end = steps - before
    start = end - lengths
    return Continua(
        group=seq // n,
        coder=seq % n,
        start=start,
        end=end,
        category=cats,
        n_groups=n_samples,
        n_coders=n,
    )


def _cut(segments: list[tuple[float, float]], pivot: float, dist: float) -> list[tuple[float, float]]:
    """pygamma's ``_remove_pivot_segment``, as it behaves: what stays available for pivots."""
    out: list[tuple[float, float]] = []
    for start, end in reversed(segments):
        if start >= pivot - dist:
            if end > pivot + dist:
                out.append((pivot + dist, end))
        else:
            out.append((start, pivot - dist))
            if end > pivot + dist:
                out.append((pivot + dist, end))
    return out


def shuffle_continuum(c: Continua, group: int, rng: np.random.Generator) -> Continua:
    """Mathet et al.'s shuffling sampler (pygamma's ``ShuffleContinuumSampler``, integer pivots).

    Each of the n sampled coders is a copy of a randomly chosen coder's units, shifted by a
    pivot drawn away from the other pivots, wrapping around the continuum's bounds.
    """
    mask = c.group == group
    coder, start, end, cat = c.coder[mask], c.start[mask], c.end[mask], c.category[mask]
    low, high = min(0.0, float(start.min())), max(0.0, float(end.max()))
    dist = float((end - start).mean()) / 2
    parts: list[tuple[np.ndarray, ...]] = []
    while not parts:
        available = [(low, high)]
        for k in range(c.n_coders):
            if available:
                weights = np.array([e - s for s, e in available])
                if weights.sum() > 0:
                    s, e = available[int(rng.choice(len(available), p=weights / weights.sum()))]
                    pivot = float(int(rng.uniform(s, e)))
                else:
                    pivot = 1.0
                available = _cut(available, pivot, dist)
            else:
                pivot = float(rng.uniform(low, high))
            mine = coder == int(rng.integers(c.n_coders))
            shift = np.where(start[mine] + pivot > high, pivot + low - high, pivot)
            if mine.any():
                parts.append((np.full(int(mine.sum()), k), start[mine] + shift, end[mine] + shift, cat[mine]))
    coders, starts, ends, cats = (np.concatenate(x) for x in zip(*parts, strict=True))
    return Continua(np.zeros(coders.size, np.int64), coders, starts, ends, cats, 1, c.n_coders)

"""Bootstrap confidence intervals: resample the documents (the sampling units).

Hayes and Krippendorff (2007): draw the documents with replacement, recompute
the figure on every resample, and report the percentile interval and the
share of resamples falling below the required minimum, P(α < 0.667) and
P(α < 0.800).

A *measure* is a function of a resampled document list. Resamples come as a
``(b, D)`` matrix of draw counts (how often each of the study's D documents
was drawn in each of b resamples); a measure returns the b values, NaN where
the figure is undefined on that resample. The built-in measures
(:mod:`newscoder.core.agreement.resampled`) are linear algebra on per-document
sufficient statistics, so 1,000 resamples cost a few matrix products. Another
measure plugs in with :func:`register_measures` (γ does), or is wrapped with
:func:`per_resample` when it can only be computed on an explicit list of
document indices.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from newscoder.core.agreement.study import Study
from newscoder.core.errors import UserError

#: (b, D) draw counts -> (b,) values (NaN: undefined on that resample)
Measure = Callable[[np.ndarray], np.ndarray]
#: study -> [(code, metric, measure)] for the whole selection of coders
MeasureFactory = Callable[[Study], list[tuple[str, str, Measure]]]

DEFAULT_RESAMPLES = 1000
DEFAULT_SEED = 20070101
DEFAULT_LEVEL = 0.95
DEFAULT_THRESHOLDS = (0.667, 0.800)
#: resamples evaluated at once (bounds memory; the draws do not depend on it)
CHUNK = 32

_EXTRA_FACTORIES: list[MeasureFactory] = []


class BootstrapCancelled(Exception):
    """The user cancelled the bootstrap."""


@dataclass(frozen=True)
class BootstrapSettings:
    resamples: int = DEFAULT_RESAMPLES
    seed: int = DEFAULT_SEED
    level: float = DEFAULT_LEVEL
    thresholds: tuple[float, ...] = DEFAULT_THRESHOLDS

    def check(self) -> None:
        """Refuse settings that make no sense, with a message naming the setting."""
        if not 1 <= self.resamples <= 1_000_000:
            raise UserError(f"resamples must be between 1 and 1,000,000 (got {self.resamples})")
        if not 0.5 <= self.level < 1.0:
            raise UserError(f"the interval level must be at least 0.5 and below 1 (got {self.level})")
        for t in self.thresholds:
            if not -1.0 <= t <= 1.0:
                raise UserError(f"a threshold must lie between -1 and 1 (got {t})")


@dataclass(frozen=True)
class Interval:
    """A bootstrap percentile interval and the risk of falling below each threshold."""

    low: float | None
    high: float | None
    level: float
    p_below: tuple[tuple[float, float | None], ...]  # (threshold, share of defined resamples below it)
    resamples: int
    defined: int  # resamples on which the figure was defined
    seed: int


def register_measures(factory: MeasureFactory) -> None:
    """Add measures (e.g. γ) that every bootstrap then resamples too."""
    if factory not in _EXTRA_FACTORIES:
        _EXTRA_FACTORIES.append(factory)


def extra_factories() -> tuple[MeasureFactory, ...]:
    return tuple(_EXTRA_FACTORIES)


def per_resample(fn: Callable[[np.ndarray], float | None]) -> Measure:
    """Wrap ``fn(document_indices) -> value`` (indices with repeats) as a :data:`Measure`."""

    def measure(draws: np.ndarray) -> np.ndarray:
        out = np.full(draws.shape[0], np.nan)
        docs = np.arange(draws.shape[1])
        for i, row in enumerate(draws):
            value = fn(np.repeat(docs, row.astype(np.int64)))
            if value is not None:
                out[i] = value
        return out

    return measure


def draw_chunks(n_docs: int, resamples: int, seed: int, chunk: int = CHUNK) -> Iterator[np.ndarray]:
    """The resamples as (b, D) draw-count matrices: the same seed gives the same draws."""
    rng = np.random.default_rng(seed)
    done = 0
    while done < resamples:
        b = min(chunk, resamples - done)
        picks = rng.integers(0, n_docs, size=(b, n_docs)) if n_docs else np.zeros((b, 0), dtype=np.int64)
        rows = (picks + (np.arange(b) * n_docs)[:, None]).ravel()
        yield np.bincount(rows, minlength=b * n_docs).reshape(b, n_docs).astype(np.float64)
        done += b


def interval(values: np.ndarray, settings: BootstrapSettings) -> Interval:
    """Percentile interval and P(value < threshold) over the defined resamples."""
    ok = values[np.isfinite(values)]
    tail = (1.0 - settings.level) / 2.0
    if ok.size == 0:
        return Interval(None, None, settings.level, tuple((t, None) for t in settings.thresholds),
                        int(values.size), 0, settings.seed)
    low, high = np.quantile(ok, [tail, 1.0 - tail])
    below = tuple((t, float(np.mean(ok < t))) for t in settings.thresholds)
    return Interval(float(low), float(high), settings.level, below, int(values.size), int(ok.size), settings.seed)


def run_bootstrap(
    n_docs: int,
    measures: Sequence[tuple[str, str, Measure]],
    settings: BootstrapSettings,
    *,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> dict[tuple[str, str], Interval]:
    """Evaluate every measure on the same resamples; (code, metric) -> interval."""
    settings.check()
    values = {key[:2]: np.empty(0) for key in measures}
    parts: dict[tuple[str, str], list[np.ndarray]] = {k: [] for k in values}
    done = 0
    for draws in draw_chunks(n_docs, settings.resamples, settings.seed):
        if cancelled is not None and cancelled():
            raise BootstrapCancelled()
        for code, metric, measure in measures:
            parts[(code, metric)].append(np.asarray(measure(draws), dtype=np.float64))
        done += draws.shape[0]
        if progress is not None:
            progress(done, settings.resamples, "resamples")
    out: dict[tuple[str, str], Interval] = {}
    for key, chunks in parts.items():
        out[key] = interval(np.concatenate(chunks) if chunks else np.empty(0), settings)
    return out

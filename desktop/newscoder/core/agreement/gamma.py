"""γ and γ-cat (Mathet, Widlöcher & Métivier 2015), as pygamma-agreement defines them.

γ = 1 − observed disorder / expected disorder. The observed disorder is the disorder of
the best alignment of the coders' segments (see :mod:`gamma_align`), divided by the mean
number of units per coder. Each document is its own continuum (no unit is aligned across
a document boundary); pooled over documents, the disorders and the units are summed
before dividing. The expected disorder is the mean disorder of ``n_samples`` continua
drawn by pygamma's default sampler (see :mod:`gamma_sample`) from the statistics of the
same documents, with a fixed seed; its standard error is reported. γ-cat is computed on
the same best alignments (pygamma's ``gamma_cat``): the categorical disagreement of
aligned units, each pair weighted by how well it is placed.

Typical use::

    result = gamma_for_documents(study, documents=range(len(study.documents)), coders=(0, 1, 2))
    result.gamma, result.gamma_cat, result.expected_se
"""

from __future__ import annotations

import math
import weakref
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from newscoder.core.agreement.gamma_align import (
    AlignmentSums,
    Continua,
    Dissimilarity,
    TooManyAlignments,
    best_alignments,
)
from newscoder.core.agreement.gamma_sample import reference_stats, sample_continua, shuffle_continuum
from newscoder.core.agreement.study import Study

#: document or coder indices: a list, or a numpy array of them
Indices = Sequence[int] | np.ndarray

DEFAULT_SEED = 20150901  # Computational Linguistics 41(3), September 2015
NO_UNITS = "no segments in these documents"
NO_PAIRED = "the best alignment pairs no two coders' segments, so gamma-cat is undefined"
NO_COMMON = "no document counts for every one of these coders"
NO_CHANCE = "expected (chance) disorder is zero, so it is undefined"


@dataclass(frozen=True)
class GammaOptions:
    """pygamma-agreement's defaults: alpha = beta = delta_empty = 1, 30 samples, no precision level."""

    dissimilarity: Dissimilarity = field(default_factory=Dissimilarity)
    n_samples: int = 30
    seed: int = DEFAULT_SEED
    #: pygamma's precision level (e.g. 0.02): draw more samples until the chance disorder's
    #: coefficient of variation × 1.96 / sqrt(n) is at most this; None: exactly ``n_samples``
    precision_level: float | None = None
    #: in a per-document report, γ for each document too (each needs its own samples: slow)
    per_document: bool = False
    #: "statistical" (pygamma's default) or "shuffle" (Mathet et al.'s original: every sample
    #: shifts each document's coders' units by random pivots; slower, one alignment per document)
    sampler: str = "statistical"


@dataclass(frozen=True)
class GammaResult:
    gamma: float | None
    gamma_cat: float | None
    gamma_note: str  # why gamma is undefined, or ""
    gamma_cat_note: str
    observed: float  # observed disorder
    expected: float  # expected (chance) disorder: mean over the samples
    expected_se: float  # its standard error
    observed_cat: float
    expected_cat: float
    expected_cat_se: float
    n_samples: int
    seed: int
    documents: int
    units: int
    unitary_alignments: int
    sampler: str = "statistical"

    def chance_note(self, cat: bool = False) -> str:
        """The sampling behind the value, in words (for a report row)."""
        value, se = (self.expected_cat, self.expected_cat_se) if cat else (self.expected, self.expected_se)
        how = "sampled" if self.sampler == "statistical" else "shuffled"
        return f"chance disorder {value:.4f} (SE {se:.4f}) from {self.n_samples} {how} continua, seed {self.seed}"


def study_continua(study: Study, documents: Indices, coders: Indices) -> Continua:
    """The coders' segments in the listed documents (indices into ``study.documents``).

    A document listed twice is two continua (as in a bootstrap resample); group ``k`` is the
    ``k``-th listed document, coder ``i`` is ``coders[i]``.
    """
    seg = study.segments if study.segments is not None else study.units
    docs = np.asarray(documents, dtype=np.int64).ravel()
    remap = np.full(len(study.coders), -1, dtype=np.int64)
    remap[np.asarray(coders, dtype=np.int64)] = np.arange(len(coders))
    mine = remap[seg.coder] >= 0
    # the listed positions of each document (CSR by document)
    order = np.argsort(docs, kind="stable")
    first = np.searchsorted(docs[order], np.arange(len(study.documents) + 1))
    seg_doc = seg.doc[mine]
    times = first[seg_doc + 1] - first[seg_doc]
    pick = np.repeat(np.flatnonzero(mine), times)
    within = np.arange(int(times.sum())) - np.repeat(np.cumsum(times) - times, times)
    group = order[np.repeat(first[seg_doc], times) + within]
    return Continua(
        group=group,
        coder=remap[seg.coder[pick]],
        start=seg.start[pick].astype(np.float64),
        end=seg.end[pick].astype(np.float64),
        category=seg.code[pick],
        n_groups=int(docs.size),
        n_coders=len(coders),
    )


def _cat_disorder(sums: AlignmentSums) -> np.ndarray:
    """pygamma's γ-cat disorder of each alignment (0 when no two units are paired)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(sums.cat_disorder == 0, 0.0, sums.cat_disorder / sums.cat_weight)
    return np.where(sums.cat_pairs > 0, ratio, 0.0)


def _chance(continua: Continua, counted: np.ndarray, options: GammaOptions, rng: np.random.Generator) -> AlignmentSums:
    """The best alignments of the chance samples (one entry per sample)."""
    stats = reference_stats(continua, counted)

    def draw(k: int) -> AlignmentSums:
        if options.sampler == "statistical":
            return best_alignments(sample_continua(stats, k, rng), options.dissimilarity)
        return _shuffled(continua, k, rng, options.dissimilarity)

    sums = draw(options.n_samples)
    if options.precision_level is not None:
        disorder = sums.disorder / (sums.units / continua.n_coders)
        mean = float(disorder.mean())
        cv = float(disorder.std()) / mean if mean > 0 else 0.0
        required = math.ceil((cv * 1.96 / options.precision_level) ** 2)
        if required > options.n_samples:
            more = draw(required - options.n_samples)
            sums = AlignmentSums(*(np.concatenate([getattr(sums, f), getattr(more, f)]) for f in _FIELDS))
    return sums


def _shuffled_continua(continua: Continua, k: int, rng: np.random.Generator) -> Continua:
    """``k`` samples, each every document shuffled (Mathet et al.'s sampler): group ``s * G + i``
    is sample ``s`` of the ``i``-th document that has units."""
    groups = np.unique(continua.group)
    parts = []
    for s in range(k):
        for i, g in enumerate(groups):
            one = shuffle_continuum(continua, int(g), rng)
            parts.append((one.group + s * groups.size + i, one.coder, one.start, one.end, one.category))
    group, coder, start, end, category = (np.concatenate(x) for x in zip(*parts, strict=True))
    return Continua(group, coder, start, end, category, k * groups.size, continua.n_coders)


def _shuffled(continua: Continua, k: int, rng: np.random.Generator, dis: Dissimilarity) -> AlignmentSums:
    """The shuffled samples' best alignments (each document its own continuum), summed per sample."""
    n_docs = np.unique(continua.group).size
    sums = best_alignments(_shuffled_continua(continua, k, rng), dis)
    return AlignmentSums(*(getattr(sums, f).reshape(k, n_docs).sum(axis=1) for f in _FIELDS))


_FIELDS = ("disorder", "units", "unitary", "cat_disorder", "cat_weight", "cat_pairs")


def _mean_se(values: np.ndarray) -> tuple[float, float]:
    if values.size == 0:
        return math.nan, math.nan
    se = float(values.std(ddof=1) / math.sqrt(values.size)) if values.size > 1 else math.nan
    return float(values.mean()), se


def _result(observed: AlignmentSums, chance: AlignmentSums, n_coders: int, options: GammaOptions) -> GammaResult:
    units = float(observed.units.sum())
    per_coder = units / n_coders
    chance_disorder = chance.disorder / (chance.units / n_coders)
    expected, expected_se = _mean_se(chance_disorder)
    expected_cat, expected_cat_se = _mean_se(_cat_disorder(chance))
    if units == 0:
        observed_d = observed_cat = math.nan
    else:
        observed_d = float(observed.disorder.sum()) / per_coder
        cat_w = float(observed.cat_weight.sum())
        observed_cat = float(observed.cat_disorder.sum()) / cat_w if cat_w > 0 else 0.0
    gamma: float | None = None
    gamma_cat: float | None = None
    note = cat_note = ""
    if units == 0:
        note = cat_note = NO_UNITS
    else:
        if observed_d == 0:
            gamma = 1.0
        elif expected > 0:
            gamma = 1.0 - observed_d / expected
        else:
            note = NO_CHANCE
        if observed.cat_pairs.sum() == 0:
            cat_note = NO_PAIRED
        elif observed_cat == 0:
            gamma_cat = 1.0
        elif expected_cat > 0:
            gamma_cat = 1.0 - observed_cat / expected_cat
        else:
            cat_note = NO_CHANCE
    return GammaResult(
        gamma=gamma,
        gamma_cat=gamma_cat,
        gamma_note=note,
        gamma_cat_note=cat_note,
        observed=observed_d,
        expected=expected,
        expected_se=expected_se,
        observed_cat=observed_cat,
        expected_cat=expected_cat,
        expected_cat_se=expected_cat_se,
        n_samples=int(chance.disorder.size),
        seed=options.seed,
        documents=int(observed.units.size),
        units=int(units),
        unitary_alignments=int(observed.unitary.sum()),
        sampler=options.sampler,
    )


def _undefined(reason: str, documents: int, options: GammaOptions) -> GammaResult:
    nan = math.nan
    return GammaResult(None, None, reason, reason, nan, nan, nan, nan, nan, nan, 0, options.seed, documents, 0, 0)


def _empty_result(documents: int, options: GammaOptions) -> GammaResult:
    return _undefined(NO_UNITS, documents, options)


def gamma_for_documents(
    study: Study,
    documents: Indices,
    coders: Indices,
    options: GammaOptions | None = None,
) -> GammaResult:
    """Pooled γ and γ-cat of ``coders`` (indices into ``study.coders``) over ``documents``.

    ``documents`` are indices into ``study.documents``; repeats are allowed (a bootstrap
    resample counts a document as often as it is drawn). Every listed coder is a coder of
    every listed document (one who coded nothing there has no units in it).
    """
    return gamma_parts(study, documents, coders, options).result


@dataclass(frozen=True, eq=False)
class GammaParts:
    """A pooled γ with its per-document observed sums (what a bootstrap resamples)."""

    result: GammaResult
    documents: np.ndarray  # the distinct documents (indices into study.documents)
    observed: AlignmentSums  # their best alignments, one entry per document above


#: the pooled γ of the whole selection, by study, as last computed for a report
_REMEMBERED: weakref.WeakKeyDictionary[Study, GammaParts] = weakref.WeakKeyDictionary()


def remembered_parts(study: Study) -> GammaParts | None:
    """The whole selection's pooled γ last computed for a report on ``study`` (None: none)."""
    return _REMEMBERED.get(study)


def _canonical_coders(study: Study, coders: Indices) -> list[int]:
    """The coders by name, so that γ's chance samples do not depend on the study's coder order."""
    return sorted((int(c) for c in coders), key=lambda i: (study.coders[i].casefold(), study.coders[i]))


def gamma_parts(
    study: Study, documents: Indices, coders: Indices, options: GammaOptions | None = None
) -> GammaParts:
    """:func:`gamma_for_documents`, keeping each document's observed sums."""
    options = options or GammaOptions()
    if len(coders) < 2:
        raise ValueError("gamma needs two or more coders")
    coders = _canonical_coders(study, coders)
    listed = np.asarray(documents, dtype=np.int64).ravel()
    # chance samples must not depend on the order coders or documents are listed in
    listed = listed[np.argsort(np.array([study.documents[int(d)].id for d in listed], dtype=object), kind="stable")]
    unique, inverse = np.unique(listed, return_inverse=True)
    continua = study_continua(study, listed, coders)
    if continua.group.size == 0:
        empty = AlignmentSums(*(np.zeros(unique.size) for _ in _FIELDS))
        return GammaParts(_empty_result(continua.n_groups, options), unique, empty)
    aligned = best_alignments(study_continua(study, unique, coders), options.dissimilarity)
    observed = AlignmentSums(*(getattr(aligned, f)[inverse] for f in _FIELDS))
    counted = np.ones((len(coders), continua.n_groups), dtype=bool)
    chance = _chance(continua, counted, options, np.random.default_rng(options.seed))
    return GammaParts(_result(observed, chance, len(coders), options), unique, aligned)


def gamma_per_document(
    study: Study,
    documents: Indices,
    coders: Indices,
    options: GammaOptions | None = None,
) -> list[GammaResult]:
    """γ and γ-cat of each listed document on its own (its own chance samples).

    The samples of document ``d`` come from ``numpy.random.default_rng([seed, crc32(id of d)])``, so a
    document's value does not depend on which other documents are listed.
    """
    options = options or GammaOptions()
    docs = [int(d) for d in documents]
    if not docs:
        return []
    coders = _canonical_coders(study, coders)
    continua = study_continua(study, docs, coders)
    observed = best_alignments(continua, options.dissimilarity)
    n = len(coders)
    parts: list[Continua] = []
    for k, d in enumerate(docs):
        mask = continua.group == k
        if not mask.any():
            continue
        own = Continua(continua.group[mask] * 0, continua.coder[mask], continua.start[mask], continua.end[mask],
                       continua.category[mask], 1, n)
        rng = np.random.default_rng([options.seed, zlib.crc32(study.documents[d].id.encode())])
        if options.sampler == "statistical":
            sample = sample_continua(reference_stats(own), options.n_samples, rng)
        else:
            sample = _shuffled_continua(own, options.n_samples, rng)
        parts.append(Continua(sample.group + k * options.n_samples, sample.coder, sample.start, sample.end,
                              sample.category, 0, n))
    results: list[GammaResult] = []
    if parts:
        group, coder, start, end, category = (np.concatenate([getattr(p, f) for p in parts]) for f in
                                              ("group", "coder", "start", "end", "category"))
        joined = Continua(group, coder, start, end, category, len(docs) * options.n_samples, n)
        chance = best_alignments(joined, options.dissimilarity)
    for k in range(len(docs)):
        if observed.units[k] == 0:
            results.append(_empty_result(1, options))
            continue
        one = AlignmentSums(*(getattr(observed, f)[k : k + 1] for f in _FIELDS))
        sl = slice(k * options.n_samples, (k + 1) * options.n_samples)
        own_chance = AlignmentSums(*(getattr(chance, f)[sl] for f in _FIELDS))
        results.append(_result(one, own_chance, n, options))
    return results


#: (code, metric, value, coders, documents, units, note, document_id, document_title): an AgreementRow's fields
RowFields = tuple[str, str, float | None, tuple[str, ...], int, int, str, str | None, str | None]


def _rows(result: GammaResult, names: tuple[str, ...], doc_id: str | None, title: str | None) -> list[RowFields]:
    out: list[RowFields] = []
    for metric, value, note in (
        ("gamma", result.gamma, result.gamma_note),
        ("gamma_cat", result.gamma_cat, result.gamma_cat_note),
    ):
        if value is not None:
            note = result.chance_note(cat=metric == "gamma_cat")
        out.append(("(all)", metric, value, names, result.documents, result.units, note, doc_id, title))
    return out


def _names(study: Study, who: Sequence[int]) -> tuple[str, ...]:
    return tuple(sorted((study.coders[i] for i in who), key=lambda n: (n.casefold(), n)))


def gamma_rows(
    study: Study, subset: Sequence[int], by_document: bool, options: GammaOptions
) -> dict[int, list[RowFields]]:
    """The γ and γ-cat rows of these coders: pooled (key 0) or per document (key = document index).

    Pooled, over the documents that count for every one of the coders (as α_u); per
    document, over the coders who count for it.
    """
    counts = study.counts[np.asarray(subset, dtype=np.int64)]
    if not by_document:
        docs = np.flatnonzero(counts.all(axis=0))
        if docs.size == 0:
            return {0: _rows(_undefined(NO_COMMON, 0, options), _names(study, subset), None, None)}
        try:
            parts = gamma_parts(study, docs, subset, options)
        except TooManyAlignments as exc:
            return {0: _rows(_undefined(str(exc), int(docs.size), options), _names(study, subset), None, None)}
        if len(subset) == len(study.coders):
            _REMEMBERED[study] = parts  # for the bootstrap (gamma_boot)
        return {0: _rows(parts.result, _names(study, subset), None, None)}
    out: dict[int, list[RowFields]] = {}
    who_of: dict[tuple[int, ...], list[int]] = {}
    for d in np.flatnonzero(counts.sum(axis=0) >= 2):
        who = tuple(int(subset[int(i)]) for i in np.flatnonzero(counts[:, d]))
        who_of.setdefault(who, []).append(int(d))
    for who, listed in who_of.items():
        try:
            results = gamma_per_document(study, listed, who, options)
        except TooManyAlignments as exc:
            results = [_undefined(str(exc), 1, options)] * len(listed)
        for n, result in zip(listed, results, strict=True):
            doc = study.documents[n]
            out[n] = _rows(result, _names(study, who), doc.id, doc.title)
    return out

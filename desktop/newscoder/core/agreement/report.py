"""Assembling the agreement report: one row per (document,) coders, code and metric.

Rows come in two groups: first the whole selection of coders, for every metric
defined on it (``cohen_kappa`` and the F1 rows only when exactly two coders are
selected); then, with three or more coders, the same metrics for each pair.
An undefined value is ``None`` with the reason in ``note``; never 0, 1 or NaN.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from newscoder.core.agreement import charlevel
from newscoder.core.agreement import gamma_boot as _gamma_boot  # noqa: F401 (registers γ with the bootstrap)
from newscoder.core.agreement.bootstrap import BootstrapSettings, Interval, run_bootstrap
from newscoder.core.agreement.diagnostics import Diagnostics
from newscoder.core.agreement.gamma import GammaOptions, gamma_rows
from newscoder.core.agreement.matching import match_counts
from newscoder.core.agreement.study import SCOPE_STUDY, ExcludedDocument, Study
from newscoder.core.agreement.unitizing import unitizing_disagreements

ALL = "(all)"
METRICS = (
    "alpha_u",
    "alpha_nominal",
    "cohen_kappa",
    "fleiss_kappa",
    "gwet_ac1",
    "brennan_prediger",
    "percent_agreement",
    "f1_exact",
    "f1_overlap",
    "gamma",
    "gamma_cat",
)
DEFAULT_GAMMA = GammaOptions()
PAIRABLE_METRICS = ("alpha_nominal", "percent_agreement", "gwet_ac1", "brennan_prediger")
NO_DOCUMENTS = "no document counts for two or more of these coders"
NO_COMMON_DOCUMENTS = "no document counts for every one of these coders"
NO_SEGMENTS_CODE = "no segments of this code"
NO_SEGMENTS = "no segments"
NO_EXPECTED = "expected disagreement is zero (no variation), so it is undefined"
NO_F1_CODE = "neither coder has a segment of this code"
NO_F1 = "neither coder has any segment"


@dataclass(frozen=True)
class AgreementRow:
    """One figure. ``value`` is None when undefined, and ``note`` says why."""

    code: str  # a code's name, or ALL
    metric: str  # one of METRICS
    value: float | None
    coders: tuple[str, ...]  # sorted by name
    documents: int
    units: int
    note: str = ""
    document_id: str | None = None
    document_title: str | None = None
    concern: str = ""  # what in the data behind the value calls for care (diagnostics.py)
    interval: Interval | None = None  # bootstrap interval (whole selection, pooled, when asked)


@dataclass(frozen=True)
class AgreementReport:
    coders: tuple[str, ...]
    codes: tuple[str, ...]
    documents: int  # documents in the study (counting for two or more coders)
    units: int  # characters of those documents that are units
    ignore_whitespace: bool
    by_document: bool
    rows: tuple[AgreementRow, ...]
    excluded: tuple[ExcludedDocument, ...]
    bootstrap: BootstrapSettings | None = None
    done_only: bool = False


def _value(x: float, note: str) -> tuple[float | None, str]:
    if note or not math.isfinite(x):
        return None, note or "undefined"
    return float(x), ""


def _ratio_value(observed: float, expected: float, units: int, length: int, code: bool) -> tuple[float | None, str]:
    if length == 0:
        return None, NO_COMMON_DOCUMENTS
    if units == 0:
        return None, NO_SEGMENTS_CODE if code else NO_SEGMENTS
    if expected <= 0:
        return None, NO_EXPECTED
    return float(1.0 - observed / expected), ""


def _f1(matched: int, segments: int, code: bool) -> tuple[float | None, str]:
    if segments == 0:
        return None, NO_F1_CODE if code else NO_F1
    return float(2.0 * matched / segments), ""


class _Builder:
    def __init__(self, study: Study, by_document: bool) -> None:
        self.study = study
        self.by_document = by_document
        self.doc_length = study.doc_length
        self.n_docs = len(study.documents)
        self.n_codes = len(study.codes)
        self.table = charlevel.study_patterns(study, by_document)
        self.diagnostics = Diagnostics(study)
        if study.keep is not None:
            doc_of_char = np.repeat(np.arange(self.n_docs), self.doc_length)
            self.doc_units = np.bincount(doc_of_char[study.keep], minlength=self.n_docs)
        else:
            self.doc_units = self.doc_length

    def subset_rows(self, subset: tuple[int, ...]) -> dict[int, list[AgreementRow]]:
        """Rows per group (group = document index, or 0 when pooled) for these coders."""
        study, n_docs, n_codes = self.study, self.n_docs, self.n_codes
        rows_idx = np.array(subset, dtype=np.int64)
        counts = study.counts[rows_idx]
        n_count = counts.sum(axis=0)
        if self.by_document:
            n_groups = n_docs
            doc_group = np.where(n_count >= 2, np.arange(n_docs), -1)
            au_group = doc_group
            required = n_count
        else:
            n_groups = 1
            doc_group = np.where(n_count >= 2, 0, -1)
            au_group = np.where(n_count == len(subset), 0, -1)
            required = np.array([len(subset)])
        remap = np.full(len(study.coders), -1, dtype=np.int64)
        remap[rows_idx] = np.arange(len(subset))
        u = study.units
        units = u.where(remap[u.coder] >= 0)
        units = type(units)(remap[units.coder], units.code, units.doc, units.start, units.end)

        au = unitizing_disagreements(self.doc_length, counts, units, n_codes, au_group, n_groups)
        pair = len(subset) == 2
        t = self.table
        args = (t.group, t.weight, n_groups)
        char = {ALL: charlevel.coding_metrics(t.values[:, rows_idx], *args, t.n_values, required, pair)}
        for k, code in enumerate(study.codes):
            char[code] = charlevel.coding_metrics(t.code_values(k)[:, rows_idx], *args, 2, required, pair)
        has_units = self.doc_units > 0
        docs_pairable = np.bincount(doc_group[has_units & (doc_group >= 0)], minlength=n_groups)
        full_docs = has_units & (doc_group >= 0) & (n_count == required[np.maximum(doc_group, 0)])
        docs_full = np.bincount(doc_group[full_docs], minlength=n_groups)
        match = match_counts(units, 0, 1, n_codes, doc_group, n_groups, self.doc_length) if pair else None

        def with_all(a: np.ndarray) -> list[list[float]]:
            """(G, 1 + C) as nested lists: column 0 the sum over codes (the overall figure)."""
            a = np.asarray(a, dtype=np.float64)
            return np.concatenate([a.sum(axis=1, keepdims=True), a], axis=1).tolist()

        au_obs, au_exp, au_units = with_all(au.observed), with_all(au.expected), with_all(au.units)
        au_len, au_docs = au.length.tolist(), au.documents.tolist()
        if match is not None:
            f1_tables = {"f1_exact": with_all(match.exact), "f1_overlap": with_all(match.overlap)}
            f1_segs, f1_docs = with_all(match.segments), match.documents.tolist()
        char_lists = {
            code: {m: (r.value.tolist(), r.reason, r.units.tolist()) for m, r in res.items()}
            for code, res in char.items()
        }
        docs_lists = {"pairable": docs_pairable.tolist(), "full": docs_full.tolist()}
        code_names = (ALL, *study.codes)

        out: dict[int, list[AgreementRow]] = {}
        groups = np.flatnonzero(doc_group >= 0).tolist() if self.by_document else [0]
        concerns = self.diagnostics.table(tuple(int(i) for i in subset), self.by_document)
        for g in groups:
            who = rows_idx[counts[:, g] > 0] if self.by_document else rows_idx
            names = tuple(sorted((study.coders[i] for i in who), key=lambda n: (n.casefold(), n)))
            doc_id = study.documents[g].id if self.by_document else None
            title = study.documents[g].title if self.by_document else None
            rows: list[AgreementRow] = []
            for k, code in enumerate(code_names):
                is_code = k > 0
                for metric in METRICS:
                    if metric == "alpha_u":
                        value, note = _ratio_value(
                            au_obs[g][k], au_exp[g][k], int(au_units[g][k]), int(au_len[g]), is_code
                        )
                        units_n, docs_n = int(au_len[g]), int(au_docs[g])
                    elif metric.startswith("f1_"):
                        if match is None:
                            continue
                        segs = int(f1_segs[g][k])
                        value, note = _f1(int(f1_tables[metric][g][k]), segs, is_code)
                        units_n, docs_n = segs, int(f1_docs[g])
                    else:
                        res = char_lists[code].get(metric)
                        if res is None:
                            continue
                        value, note = _value(res[0][g], res[1][g])
                        docs = docs_lists["pairable" if metric in PAIRABLE_METRICS else "full"]
                        units_n, docs_n = int(res[2][g]), int(docs[g])
                    concern = concerns[g][k] if value is not None else ""
                    rows.append(AgreementRow(code, metric, value, names, docs_n, units_n, note, doc_id, title, concern))
            out[g] = rows
        return out


def coder_subsets(n_coders: int) -> list[tuple[int, ...]]:
    """The whole selection, then (with three or more coders) every pair."""
    subsets = [tuple(range(n_coders))]
    if n_coders >= 3:
        subsets += list(itertools.combinations(range(n_coders), 2))
    return subsets


def compute_report(
    study: Study,
    *,
    by_document: bool = False,
    bootstrap: BootstrapSettings | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    gamma: GammaOptions | None = DEFAULT_GAMMA,
) -> AgreementReport:
    """Every agreement figure for the study, pooled or per document, each with its concerns.

    With ``bootstrap`` (pooled only), the whole selection's α_u, nominal α and κ
    rows (and any registered measure's) get a bootstrap interval; ``progress``
    and ``cancelled`` are passed on to it. γ rows come with ``gamma`` options (None:
    no γ rows); per document only when ``gamma.per_document`` is set, as every
    document then needs its own chance samples.
    """
    builder = _Builder(study, by_document)
    per_subset = [builder.subset_rows(s) for s in coder_subsets(len(study.coders))]
    if gamma is not None and (gamma.per_document or not by_document):
        for part, subset in zip(per_subset, coder_subsets(len(study.coders)), strict=True):
            for g, extra in gamma_rows(study, subset, by_document, gamma).items():
                part.setdefault(g, []).extend(AgreementRow(*r) for r in extra)
    rows: list[AgreementRow] = []
    keys = range(len(study.documents)) if by_document else [0]
    for g in keys:
        for part in per_subset:
            rows.extend(part.get(g, []))
    if bootstrap is not None and not by_document:
        from newscoder.core.agreement.resampled import study_measures

        intervals = run_bootstrap(len(study.documents), study_measures(study), bootstrap,
                                  progress=progress, cancelled=cancelled)
        n = len(study.coders)
        rows = [
            replace(r, interval=intervals[(r.code, r.metric)])
            if len(r.coders) == n and (r.code, r.metric) in intervals else r
            for r in rows
        ]
    units = int(study.keep.sum()) if study.keep is not None else int(study.doc_length.sum())
    return AgreementReport(
        coders=study.coders,
        codes=study.codes,
        documents=len(study.documents),
        units=units,
        ignore_whitespace=study.ignore_whitespace,
        by_document=by_document,
        rows=tuple(rows),
        excluded=study.excluded,
        bootstrap=bootstrap if not by_document else None,
        done_only=study.done_only,
    )


def excluded_from_study(report: AgreementReport) -> list[ExcludedDocument]:
    return [e for e in report.excluded if e.scope == SCOPE_STUDY]

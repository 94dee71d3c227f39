"""The learned suggester ``neighbours/1``: nearest neighbours over one coder's own coding.

Memory: the unit vectors of the coder's confirmed segments (every live segment of theirs)
per code, and of their rejected suggestions per code. No training step: a new segment or
rejection is one more row (:meth:`Memory.add_positive`, :meth:`Memory.add_negative`).

A candidate span (sentence or clause, :mod:`~newscoder.core.suggest.candidates`) scores for a
code by its cosine similarity to the nearest confirmed spans of that code (half the best, half
the mean of the best :data:`TOP_K`), minus how much closer it is to a rejected suggestion of that
code than to the nearest confirmed one. Similarities map to 0..1 between :data:`FLOOR` and
:data:`CEILING` (mean-pooled static vectors of two news sentences rarely fall below 0.5). An
optional ``background`` vector (unused by default) centres all vectors; measured on the sample
project it did not separate better (README, "Suggestions").
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from newscoder.core.suggest.embed import DocumentVectors, Embedder

NAME = "neighbours/1"
TOP_K = 3
#: cosine at which a score starts (0) and where it is full (1)
FLOOR = 0.55
CEILING = 0.85
#: how strongly a near rejected suggestion pulls a score down
NEGATIVE_WEIGHT = 1.0
#: at most this many examples per code and kind are compared (the most recent): scoring stays fast
MAX_EXAMPLES = 2000


_blas: Any = None  # None: not looked up yet; False: no threadpoolctl; else its ThreadpoolController
_blas_lock = threading.Lock()
_blas_inside = 0  # how many threads are inside one_blas_thread (the first sets the limit, the last restores it)
_blas_limiter: Any = None


@contextlib.contextmanager
def one_blas_thread() -> Iterator[None]:
    """While inside: numpy's BLAS uses one thread (restored after; nothing changes at import).

    The products here are small (a batch of candidates × a coder's examples): a second BLAS thread
    saves nothing, and on a busy two-core machine its spinning costs the scoring a third of its CPU
    (measured: README, "Suggestions"). Several threads may be inside at once: the setting is restored
    when the last one leaves. Used by the batch paths only (the review list, More like this), which
    the window runs in worker threads: measured with OpenBLAS 0.3.23, once the main thread has set
    and restored a limit, a limit set in another thread no longer takes. Without ``threadpoolctl``
    the setting is left alone.
    """
    global _blas, _blas_inside, _blas_limiter
    with _blas_lock:
        if _blas is None:
            try:
                from threadpoolctl import ThreadpoolController
            except ImportError:  # pragma: no cover - a dependency; a bundle without it still works
                _blas = False
            else:
                _blas = ThreadpoolController()
        if _blas is not False:
            if _blas_inside == 0:
                _blas_limiter = _blas.limit(limits=1, user_api="blas")
            _blas_inside += 1
    try:
        yield
    finally:
        with _blas_lock:
            if _blas is not False:
                _blas_inside -= 1
                if _blas_inside == 0:
                    _blas_limiter.restore_original_limits()
                    _blas_limiter = None


def _unit(v: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    return np.divide(v, n, out=np.zeros_like(v), where=n > 0)


@dataclass
class Memory:
    """One coder's examples: vectors by id, grouped by code (matrices rebuilt lazily)."""

    embedder: Embedder
    background: np.ndarray | None = None
    positives: dict[str, tuple[str, np.ndarray]] = field(default_factory=dict)  # segment id → (code, vector)
    documents: dict[str, str] = field(default_factory=dict)  # segment id → its article
    negatives: dict[str, tuple[str, np.ndarray]] = field(default_factory=dict)  # rejection key → (code, vector)
    _matrices: dict[tuple[str, bool], np.ndarray] | None = None
    _rows: dict[bool, dict[str, tuple[int, int]]] = field(default_factory=dict)

    def center(self, vectors: np.ndarray) -> np.ndarray:
        if self.background is None:
            return vectors
        return _unit(vectors - self.background)

    def _vector(self, text: str) -> np.ndarray:
        return self.center(self.embedder.embed([text]))[0]

    def add_positive(self, segment_id: str, code_id: str, text: str, document_id: str = "") -> None:
        self.positives[segment_id] = (code_id, self._vector(text))
        self.documents[segment_id] = document_id
        self._matrices = None

    def remove_positive(self, segment_id: str) -> None:
        self.documents.pop(segment_id, None)
        if self.positives.pop(segment_id, None) is not None:
            self._matrices = None

    def without(self, document_id: str) -> Memory:
        """The same memory without the confirmed spans of one article (an evaluation holds it out)."""
        kept = {k: v for k, v in self.positives.items() if self.documents.get(k) != document_id}
        return Memory(self.embedder, self.background, kept, {k: self.documents[k] for k in kept},
                      dict(self.negatives))

    def add_negative(self, key: str, code_id: str, text: str) -> None:
        self.negatives[key] = (code_id, self._vector(text))
        self._matrices = None

    def remove_negative(self, key: str) -> None:
        if self.negatives.pop(key, None) is not None:
            self._matrices = None

    def matrix(self, code_id: str, negative: bool = False) -> np.ndarray:
        if self._matrices is None:
            grouped: dict[tuple[str, bool], list[np.ndarray]] = {}
            for neg, store in ((False, self.positives), (True, self.negatives)):
                for code, vec in store.values():
                    grouped.setdefault((code, neg), []).append(vec)
            self._matrices = {k: np.vstack(v[-MAX_EXAMPLES:]) for k, v in grouped.items()}
        return self._matrices.get((code_id, negative), np.zeros((0, self.embedder.dim), dtype=np.float32))

    def stacked(self, negative: bool = False) -> tuple[np.ndarray, dict[str, tuple[int, int]]]:
        """Every code's examples in one matrix, and each code's rows ``[lo, hi)``: one product per article."""
        key = ("", negative)
        if self._matrices is None or key not in self._matrices:
            self.matrix("")  # builds the per-code matrices
            assert self._matrices is not None
            parts = [(code, m) for (code, neg), m in sorted(self._matrices.items()) if neg == negative and code]
            rows: dict[str, tuple[int, int]] = {}
            at = 0
            for code, m in parts:
                rows[code] = (at, at + m.shape[0])
                at += m.shape[0]
            whole = np.vstack([m for _c, m in parts]) if parts else np.zeros((0, self.embedder.dim), np.float32)
            self._matrices[key] = whole
            self._rows[negative] = rows
        return self._matrices[key], self._rows[negative]

    def codes(self) -> list[str]:
        return sorted({code for code, _v in self.positives.values()})

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for code, _v in self.positives.values():
            out[code] = out.get(code, 0) + 1
        return out


def to_score(similarity: np.ndarray) -> np.ndarray:
    """Cosine → 0..1 (linear between :data:`FLOOR` and :data:`CEILING`)."""
    return np.clip((similarity - FLOOR) / (CEILING - FLOOR), 0.0, 1.0)


@dataclass(frozen=True)
class Scored:
    start: int
    end: int
    code_id: str
    score: float
    similar: int  # how many confirmed spans are near (for the reason)


def score_matrix(memory: Memory, vectors: np.ndarray) -> tuple[list[str], np.ndarray, np.ndarray]:
    """``(codes, scores, near)`` of candidate vectors (any number of articles, stacked): one column per
    code the coder used; ``near`` counts the confirmed spans of that code close to each candidate."""
    codes = memory.codes()
    n = vectors.shape[0]
    scores = np.zeros((n, len(codes)), dtype=np.float64)
    near = np.zeros((n, len(codes)), dtype=np.int64)
    if not n or not codes:
        return codes, scores, near
    centred = memory.center(vectors)
    # one matrix product for every code (one BLAS call for many articles, not one per code and article)
    pos_all, pos_rows = memory.stacked()
    neg_all, neg_rows = memory.stacked(negative=True)
    sims_all = centred @ pos_all.T
    neg_sims_all = centred @ neg_all.T if neg_all.shape[0] else None
    for j, code in enumerate(codes):
        lo, hi = pos_rows[code]
        sims = sims_all[:, lo:hi]  # candidates × this code's confirmed spans
        k = min(TOP_K, hi - lo)
        top = -np.sort(-sims, axis=1)[:, :k] if hi - lo > k else -np.sort(-sims, axis=1)
        # one example close is evidence; the mean of the best k rewards several
        sim = 0.5 * top[:, 0] + 0.5 * top.mean(axis=1)
        if neg_sims_all is not None and code in neg_rows:
            nlo, nhi = neg_rows[code]
            nearest_neg = neg_sims_all[:, nlo:nhi].max(axis=1)
            sim = sim - NEGATIVE_WEIGHT * np.maximum(0.0, nearest_neg - top[:, 0] + 0.05)
        scores[:, j] = to_score(sim)
        near[:, j] = (sims >= FLOOR + 0.5 * (CEILING - FLOOR)).sum(axis=1)
    return codes, scores, near


def pick(codes: list[str], scores: np.ndarray, near: np.ndarray, spans: list[tuple[int, int]],
         min_score: float) -> list[Scored]:
    """Per code, the best candidates of one article scoring at least ``min_score``, none overlapping."""
    out: list[Scored] = []
    for j, code in enumerate(codes):
        column = scores[:, j]
        above = np.flatnonzero(column >= min_score)
        if not above.size:
            continue
        taken: list[tuple[int, int]] = []
        for i in above[np.argsort(-column[above], kind="stable")]:
            a, b = spans[int(i)]
            if any(a < tb and ta < b for ta, tb in taken):
                continue
            taken.append((a, b))
            out.append(Scored(a, b, code, float(column[i]), max(1, int(near[i, j]))))
    return out


def score_candidates(memory: Memory, vectors: np.ndarray, spans: list[tuple[int, int]],
                     min_score: float) -> list[Scored]:
    """For each code the coder used, the candidates of one article scoring at least ``min_score``."""
    if not spans or not memory.positives:
        return []
    codes, scores, near = score_matrix(memory, vectors)
    return pick(codes, scores, near, spans, min_score)


def document_vectors(embedder: Embedder, text: str, spans: list[tuple[int, int]]) -> np.ndarray:
    """Unit vectors of the candidate spans of one article."""
    doc: DocumentVectors = embedder.document(text)
    return doc.spans(spans).astype(np.float32)

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

from dataclasses import dataclass, field

import numpy as np

from newscoder.core.suggest.embed import DocumentVectors, Embedder

NAME = "neighbours/1"
TOP_K = 3
#: cosine at which a score starts (0) and where it is full (1)
FLOOR = 0.55
CEILING = 0.85
#: how strongly a near rejected suggestion pulls a score down
NEGATIVE_WEIGHT = 1.0


def _unit(v: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    return np.divide(v, n, out=np.zeros_like(v), where=n > 0)


@dataclass
class Memory:
    """One coder's examples: vectors by id, grouped by code (matrices rebuilt lazily)."""

    embedder: Embedder
    background: np.ndarray | None = None
    positives: dict[str, tuple[str, np.ndarray]] = field(default_factory=dict)  # segment id → (code, vector)
    negatives: dict[str, tuple[str, np.ndarray]] = field(default_factory=dict)  # rejection key → (code, vector)
    _matrices: dict[tuple[str, bool], np.ndarray] | None = None

    def center(self, vectors: np.ndarray) -> np.ndarray:
        if self.background is None:
            return vectors
        return _unit(vectors - self.background)

    def _vector(self, text: str) -> np.ndarray:
        return self.center(self.embedder.embed([text]))[0]

    def add_positive(self, segment_id: str, code_id: str, text: str) -> None:
        self.positives[segment_id] = (code_id, self._vector(text))
        self._matrices = None

    def remove_positive(self, segment_id: str) -> None:
        if self.positives.pop(segment_id, None) is not None:
            self._matrices = None

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
            self._matrices = {k: np.vstack(v) for k, v in grouped.items()}
        return self._matrices.get((code_id, negative), np.zeros((0, self.embedder.dim), dtype=np.float32))

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


def score_candidates(memory: Memory, vectors: np.ndarray, spans: list[tuple[int, int]],
                     min_score: float) -> list[Scored]:
    """For each code the coder used, the candidates scoring at least ``min_score`` (no overlaps per code)."""
    if not spans or not memory.positives:
        return []
    centred = memory.center(vectors)
    out: list[Scored] = []
    for code in memory.codes():
        pos = memory.matrix(code)
        sims = centred @ pos.T  # candidates × positives
        k = min(TOP_K, pos.shape[0])
        top = -np.sort(-sims, axis=1)[:, :k]
        # one example close is evidence; the mean of the best k rewards several
        sim = 0.5 * top[:, 0] + 0.5 * top.mean(axis=1)
        neg = memory.matrix(code, negative=True)
        if neg.shape[0]:
            nearest_neg = (centred @ neg.T).max(axis=1)
            sim = sim - NEGATIVE_WEIGHT * np.maximum(0.0, nearest_neg - top[:, 0] + 0.05)
        scores = to_score(sim)
        near = (sims >= FLOOR + 0.5 * (CEILING - FLOOR)).sum(axis=1)
        order = np.argsort(-scores, kind="stable")
        taken: list[tuple[int, int]] = []
        for i in order:
            s = float(scores[i])
            if s < min_score:
                break
            a, b = spans[int(i)]
            if any(a < tb and ta < b for ta, tb in taken):
                continue
            taken.append((a, b))
            out.append(Scored(a, b, code, s, max(1, int(near[i]))))
    return out


def document_vectors(embedder: Embedder, text: str, spans: list[tuple[int, int]]) -> np.ndarray:
    """Unit vectors of the candidate spans of one article."""
    doc: DocumentVectors = embedder.document(text)
    return doc.spans(spans).astype(np.float32)

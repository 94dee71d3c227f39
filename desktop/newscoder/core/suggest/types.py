"""The one record every suggester returns (re-exported by :mod:`newscoder.core.suggest`)."""

from __future__ import annotations

from dataclasses import dataclass


def suggestion_key(document_id: str, start: int, end: int, code_id: str) -> str:
    """The stable identity of a suggestion: which span of which article, with which code.

    The suggester and score are not part of it: a span rejected for a code is never
    suggested for that code again, whichever suggester finds it.
    """
    return f"{document_id}:{start}:{end}:{code_id}"


@dataclass(frozen=True)
class Suggestion:
    """A proposed segment: not saved, not a segment, never anyone's work until accepted.

    ``start``/``end`` are code points, half-open, into the stored text; ``score`` is in 0..1;
    ``suggester`` names the suggester and its version (``"rules.hedge/1"``, ``"neighbours/1"``);
    ``reason`` is one line for the user; ``key`` is :func:`suggestion_key`.
    """

    document_id: str
    code_id: str
    start: int
    end: int
    score: float
    suggester: str
    reason: str
    key: str
    #: the model file's SHA-256 for a learned suggestion ("" for rules); recorded on accept
    model_sha256: str = ""

    @classmethod
    def make(cls, document_id: str, code_id: str, start: int, end: int, score: float, suggester: str,
             reason: str, model_sha256: str = "") -> Suggestion:
        score = min(1.0, max(0.0, float(score)))
        return cls(document_id, code_id, start, end, round(score, 4), suggester, " ".join(reason.split()),
                   suggestion_key(document_id, start, end, code_id), model_sha256)

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end

"""The review list's fast path (``for_corpus``: batches, one matrix product, one BLAS thread, the clause
pre-scan) gives the very suggestions of the straightforward path (``for_document`` article by article)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscoder.core import edits
from newscoder.core.search.extent import sentences
from newscoder.core.suggest import Suggestion, SuggestionEngine
from newscoder.core.suggest import candidates as cand
from newscoder.core.suggest import learned
from tests.fixtures import add_segment, make_project

REPO = Path(__file__).resolve().parents[2]

HAND = [
    "Officials said up to 8,000 North Korean troops had arrived near the border. The Kremlin has dismissed "
    "the reports as “fake news.” Japan strongly condemned the deployment, calling it a dangerous escalation.",
    "“We will not accept this provocation,” he said, adding that the move was illegal. Seoul estimated that "
    "between 10,000 and 12,000 soldiers were sent; Moscow denied it.",
    "According to the ministry, about 1,500 civilians fled — most of them children. The report was baseless, "
    "said a spokesman for the army, who declined to confirm the figures.",
    "Nothing here: a recipe needs two cups of flour. Bake it for an hour until golden.",
    "Kim rejected the claims,” and the council denounced the attack. Thousands of refugees crossed; "
    "dozens of workers were wounded: officials condemned it.",
    "The president told reporters on Thursday that the troops — some 3,000 men — would stay, "
    "but Kyiv said the number was closer to 11,000.",
]


def _texts() -> dict[str, str]:
    out = {f"Hand {i}": t for i, t in enumerate(HAND)}
    for path in sorted((REPO / "sample_articles").glob("*.txt")):
        out[path.stem] = path.read_text(encoding="utf-8")
    # more articles than one batch (32), so a batch boundary falls inside the corpus
    for i in range(40):
        out[f"Mix {i}"] = f"{HAND[i % len(HAND)]}\n\n{HAND[(i * 7 + 3) % len(HAND)]} Variant {i}."
    return out


def _same(fast: list[Suggestion], slow: list[Suggestion]) -> None:
    assert len(fast) == len(slow)
    for f, s in zip(fast, slow, strict=True):
        # a score may differ in its last rounded digit (float32 sums in another order), nothing else
        assert (f.document_id, f.code_id, f.start, f.end, f.suggester, f.reason, f.key, f.model_sha256) == (
            s.document_id, s.code_id, s.start, s.end, s.suggester, s.reason, s.key, s.model_sha256)
        assert f.score == pytest.approx(s.score, abs=2e-4)


def test_for_corpus_equals_for_document_article_by_article(tmp_path: Path) -> None:
    texts = _texts()
    with make_project(tmp_path / "c.newscoder", texts) as project:
        ids = {d.title: d.id for d in project.documents()}
        hand0 = texts["Hand 0"]
        add_segment(project, ids["Hand 0"], "denial", "Ann", hand0.index("The Kremlin"), hand0.index(" Japan") - 1)
        add_segment(project, ids["Hand 1"], "condemnation", "Ann", 1, HAND[1].index(",”"))
        add_segment(project, ids["Hand 2"], "estimate", "Ann", HAND[2].index("about"), HAND[2].index(" fled"))
        for title in ("Mix 0", "Mix 6", "Mix 12"):  # the same sentence confirmed in other articles: learned
            text = texts[title]
            add_segment(project, ids[title], "denial", "Ann", text.index("The Kremlin"), text.index(" Japan") - 1)
        ann = project.coder_by_name("Ann")
        assert ann is not None
        probe = SuggestionEngine(project, ann.id)
        rejected = probe.for_document(ids["Mix 3"])[0]
        edits.apply(project, probe.reject(rejected))

        order = [d.id for d in project.documents()]
        fast = list(SuggestionEngine(project, ann.id).for_corpus(order))
        slow_engine = SuggestionEngine(project, ann.id)
        slow = [s for doc in order for s in slow_engine.for_document(doc)]
        assert any(learned.NAME in s.suggester for s in slow), "the learned suggester must take part"
        assert any(s.suggester.startswith("rules.") for s in slow)
        assert rejected.key not in {s.key for s in fast}
        _same(fast, slow)


def _candidates_without_prescan(text: str) -> list[tuple[int, int]]:
    found: set[tuple[int, int]] = set()
    for a, b in cand.sentence_spans(text):
        sa, sb = cand._strip(text, a, b)
        if sa < sb:
            found.add((sa, sb))
        found.update(cand.clauses(text, sa, sb))
    return sorted(found)


def test_clause_prescan_changes_no_candidate() -> None:
    tricky = ["He left,” and she stayed, and they said it was over.", "A: b c d e; f g h i — j k l m, but n o p q.",
              "No breaks in this sentence at all. Then one, though it is short, and another one here."]
    for text in [*tricky, *_texts().values()]:
        assert cand.candidate_spans(text) == _candidates_without_prescan(text)
        assert cand.candidate_spans(text, cand.sentence_spans(text)) == _candidates_without_prescan(text)
        assert sentences(text)  # every text has sentences: the comparison is not vacuous


def test_one_blas_thread_is_scoped() -> None:
    threadpoolctl = pytest.importorskip("threadpoolctl")

    def blas() -> list[int]:  # numpy's BLAS (SciPy, loaded later in this process, may bring its own)
        found = [i for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"]
        return [i["num_threads"] for i in found if "numpy" in i["filepath"]] or [i["num_threads"] for i in found]

    before = blas()
    with learned.one_blas_thread():
        inside = blas()
    after = blas()
    assert after == before
    assert all(n == 1 for n in inside) and len(inside) == len(before)


class _RecordingController:
    """Stands in for threadpoolctl's controller (a third-party library, not our code): records calls.

    Whether a BLAS limit set in one thread is visible from another depends on how the BLAS was built
    (OpenMP keeps it per thread; under load OpenBLAS's pthreads pool showed 2 from the second thread),
    so the counting is checked here and the real limit in ``test_one_blas_thread_is_scoped``."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def limit(self, *, limits: int, user_api: str) -> _RecordingController:
        assert (limits, user_api) == (1, "blas")
        self.calls.append("limit")
        return self

    def restore_original_limits(self) -> None:
        self.calls.append("restore")


def test_one_blas_thread_in_overlapping_worker_threads_restores_once_all_left(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    rec = _RecordingController()
    monkeypatch.setattr(learned, "_blas", rec)
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, list[str]] = {}

    def first() -> None:  # enters first, leaves while the second is still inside
        with learned.one_blas_thread():
            seen["first"] = list(rec.calls)
            a_in.set()
            assert b_in.wait(60)
        a_out.set()

    def second() -> None:
        assert a_in.wait(60)
        with learned.one_blas_thread():
            b_in.set()
            assert a_out.wait(60)
            seen["second"] = list(rec.calls)  # the first has left: the limit still holds

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert seen == {"first": ["limit"], "second": ["limit"]}
    assert rec.calls == ["limit", "restore"] and learned._blas_inside == 0

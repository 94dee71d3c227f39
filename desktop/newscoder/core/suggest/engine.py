"""The suggestion engine: one per (project, coder); rules at once, the model only when needed.

See the package docstring (:mod:`newscoder.core.suggest`) for the API and its guarantees.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from newscoder.core import attribute_edits, store_suggest
from newscoder.core import attributes as attrs
from newscoder.core import sources as sources_mod
from newscoder.core.changes import Changes
from newscoder.core.edits import Edit
from newscoder.core.errors import EditError
from newscoder.core.prefill import prefill
from newscoder.core.store import Project, name_key
from newscoder.core.suggest import lexicons, rules
from newscoder.core.suggest import edits as suggest_edits
from newscoder.core.suggest.candidates import candidate_spans, sentence_spans
from newscoder.core.suggest.types import Suggestion

if TYPE_CHECKING:  # numpy and the model load on the first learned need, never at start-up
    import numpy as np

    from newscoder.core.suggest import embed
    from newscoder.core.suggest import learned as neighbours

#: learned suggestions below this score are not shown (rules have their own fixed scores)
LEARNED_MIN_SCORE = 0.45
#: how many articles' candidate vectors and rule results are kept
CACHE_DOCUMENTS = 64
#: the review list reads and scores this many articles at a time
CORPUS_BATCH = 32

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


class SuggestionEngine:
    """Suggestions for one coder in one project (see :mod:`newscoder.core.suggest`)."""

    def __init__(self, project: Project, coder_id: str, *, learned: bool = True, coder_name: str = "",
                 codes: Iterable[str] | None = None, learn_from: Iterable[str] | None = None) -> None:
        self.project = project
        #: learn only from the coder's segments in these articles (``None``: all; an evaluation holds some out)
        self.learn_from = set(learn_from) if learn_from is not None else None
        #: an article whose own segments are not learned from while suggesting (leave-one-out evaluations)
        self.hold_out: str | None = None
        self.coder_id = coder_id
        self.coder_name = coder_name
        self.learned = learned
        #: only suggest these code ids (``None``: every code a suggester knows)
        self.only_codes = set(codes) if codes is not None else None
        self._docs: OrderedDict[str, tuple[str, list[tuple[int, int]], list[Suggestion]]] = OrderedDict()
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._memory: neighbours.Memory | None = None
        self._reload()

    # -- state --------------------------------------------------------------------------
    def _reload(self) -> None:
        self._docs.clear()
        self._vectors.clear()
        self._memory = None
        live = {name_key(c.name): c for c in self.project.codes(include_archived=False)}
        self._code_names = {c.id: c.name for c in live.values()}
        self._estimate = live.get("estimate")
        self._claim = live.get("claim")
        self._lexicons = []
        for key, phrases in lexicons.by_code_key(lexicons.load(self.project)).items():
            code = live.get(key)
            pat = lexicons.pattern(phrases)
            if code is not None and pat is not None:
                self._lexicons.append((code, pat))
        self._rejected = store_suggest.rejection_keys(self.project, self.coder_id)

    def _wanted(self, code_id: str) -> bool:
        return self.only_codes is None or code_id in self.only_codes

    def memory(self) -> neighbours.Memory | None:
        """The coder's examples, embedded (the model is loaded here, on first need); ``None`` if none."""
        if not self.learned:
            return None
        if self._memory is None:
            confirmed = store_suggest.confirmed_spans(self.project, self.coder_id)
            if self.learn_from is not None:
                confirmed = [row for row in confirmed if row[1] in self.learn_from]
            if not confirmed:
                return None
            from newscoder.core.suggest import embed
            from newscoder.core.suggest import learned as neighbours

            memory = neighbours.Memory(embed.shared())
            for seg_id, doc_id, code_id, _a, _b, quote in confirmed:
                memory.add_positive(seg_id, code_id, quote, doc_id)
            for doc_id, code_id, a, b, text in store_suggest.rejected_spans(self.project, self.coder_id):
                memory.add_negative(f"{doc_id}:{a}:{b}:{code_id}", code_id, text)
            self._memory = memory
        return self._memory

    def examples(self) -> neighbours.Memory | None:
        """The coder's embedded examples if they are built (``None``: not yet, or no examples)."""
        return self._memory

    def adopt_examples(self, memory: neighbours.Memory | None) -> None:
        """Use examples another engine of this project and coder built (a worker thread's, on its own
        connection: see :meth:`memory`), so this engine's thread need not embed them. Kept only if this
        engine has none yet; later changes reach them through :meth:`note_changes` as usual."""
        if self.learned and memory is not None and self._memory is None:
            self._memory = memory

    def prepared(self, document_id: str) -> tuple[object, np.ndarray | None] | None:
        """What this engine computed for one article (its rule suggestions, candidate spans and their
        vectors), to hand to another engine of the project with :meth:`adopt_prepared`; ``None``: nothing yet."""
        entry = self._docs.get(document_id)
        return None if entry is None else (entry, self._vectors.get(document_id))

    def adopt_prepared(self, document_id: str, prepared: tuple[object, np.ndarray | None] | None) -> None:
        """Take another engine's :meth:`prepared` work for one article (a worker thread's, for a long
        article), so :meth:`for_document` here only scores and filters."""
        if prepared is None:
            return
        entry, vectors = prepared
        self._docs[document_id] = entry  # type: ignore[assignment]
        while len(self._docs) > CACHE_DOCUMENTS:
            self._docs.popitem(last=False)
        if vectors is not None:
            self._vectors[document_id] = vectors
            while len(self._vectors) > CACHE_DOCUMENTS:
                self._vectors.popitem(last=False)

    def _document(self, document_id: str, text: str | None = None
                  ) -> tuple[str, list[tuple[int, int]], list[Suggestion]]:
        """(text, candidate spans, rule suggestions) of one article, cached."""
        hit = self._docs.get(document_id)
        if hit is not None:
            self._docs.move_to_end(document_id)
            return hit
        if text is None:
            text = self.project.document_text(document_id)
        sentences = sentence_spans(text)
        spans = candidate_spans(text, sentences)
        found: list[Suggestion] = []
        if self._estimate is not None:
            found += rules.estimates(text, document_id, self._estimate.id, sentences)
        for code, pat in self._lexicons:
            found += rules.lexicon(text, document_id, code.id, code.name, pat, spans)
        if self._claim is not None:
            found += rules.attributions(text, document_id, self._claim.id, sentences)
        entry = (text, spans, found)
        self._docs[document_id] = entry
        while len(self._docs) > CACHE_DOCUMENTS:
            self._docs.popitem(last=False)
        return entry

    def _candidate_vectors(self, model: embed.Embedder, document_id: str, text: str,
                           spans: list[tuple[int, int]]) -> np.ndarray:
        hit = self._vectors.get(document_id)
        if hit is None:
            from newscoder.core.suggest import learned as neighbours

            hit = neighbours.document_vectors(model, text, spans)
            self._vectors[document_id] = hit
            while len(self._vectors) > CACHE_DOCUMENTS:
                self._vectors.popitem(last=False)
        return hit

    # -- suggesting ------------------------------------------------------------------------
    def _learned(self, document_id: str, text: str, spans: list[tuple[int, int]]) -> list[Suggestion]:
        return self._learned_many([(document_id, text, spans)]).get(document_id, [])

    def _learned_many(self, docs: list[tuple[str, str, list[tuple[int, int]]]]) -> dict[str, list[Suggestion]]:
        """Learned suggestions of several articles: their candidates scored in one matrix product."""
        memory = self.memory()
        if memory is None or not docs:
            return {}
        import numpy as np

        from newscoder.core.suggest import learned as neighbours

        if self.hold_out is not None:
            memory = memory.without(self.hold_out)
        blocks = [self._candidate_vectors(memory.embedder, doc_id, text, spans) for doc_id, text, spans in docs]
        codes, scores, near = neighbours.score_matrix(memory, np.vstack(blocks))
        out: dict[str, list[Suggestion]] = {}
        at = 0
        for (doc_id, _text, spans), block in zip(docs, blocks, strict=True):
            rows = slice(at, at + block.shape[0])
            at += block.shape[0]
            found = out.setdefault(doc_id, [])
            for sc in neighbours.pick(codes, scores[rows], near[rows], spans, LEARNED_MIN_SCORE):
                name = self._code_names.get(sc.code_id)
                if name is None:
                    continue
                many = f"{sc.similar} confirmed {name} segment{'s' if sc.similar != 1 else ''}"
                found.append(Suggestion.make(doc_id, sc.code_id, sc.start, sc.end, sc.score, neighbours.NAME,
                                             f"like {many}", memory.embedder.sha256))
        return out

    def _learned_batch(self, docs: list[tuple[str, str, list[tuple[int, int]]]]) -> dict[str, list[Suggestion]]:
        """:meth:`_learned_many` with one BLAS thread (many products in a row: a second thread only spins)."""
        from newscoder.core.suggest import learned as neighbours

        with neighbours.one_blas_thread():
            return self._learned_many(docs)

    def _combine(self, found: list[Suggestion], learned_found: list[Suggestion]) -> list[Suggestion]:
        """Rule spans win; a learned suggestion overlapping a rule's of the same code strengthens it."""
        merged = list(found)
        for ls in learned_found:
            for i, rs in enumerate(merged):
                if rs.code_id == ls.code_id and rs.overlaps(ls.start, ls.end) and "/" in rs.suggester \
                        and rs.suggester.startswith("rules."):
                    merged[i] = replace(rs, score=round(max(rs.score, min(1.0, 0.5 * (rs.score + ls.score) + 0.2)), 4),
                                        suggester=f"{rs.suggester}+{ls.suggester}",
                                        reason=f"{rs.reason}; {ls.reason}", model_sha256=ls.model_sha256)
                    break
            else:
                merged.append(ls)
        return merged

    def for_document(self, document_id: str, *, exclude_coded: bool = True) -> list[Suggestion]:
        """This article's suggestions, sorted by start: without spans the coder already coded with
        that code (any overlap; not with ``exclude_coded=False``, as an evaluation needs), without
        rejected ones, at most one per span and code."""
        text, spans, found = self._document(document_id)
        learned = self._learned(document_id, text, spans) if self.learned else []
        return self._finish(document_id, found, learned, exclude_coded)

    def _finish(self, document_id: str, found: list[Suggestion], learned: list[Suggestion],
                exclude_coded: bool = True) -> list[Suggestion]:
        every = self._combine(found, learned)
        coded = store_suggest.coded_spans(self.project, self.coder_id, document_id) if exclude_coded else []
        out: dict[str, Suggestion] = {}
        for s in every:
            if not self._wanted(s.code_id) or s.key in self._rejected:
                continue
            if any(code == s.code_id and a < s.end and s.start < b for code, a, b in coded):
                continue
            if s.key not in out or out[s.key].score < s.score:
                out[s.key] = s
        return sorted(out.values(), key=lambda s: (s.start, s.end, -s.score, s.code_id))

    def for_corpus(self, document_ids: Iterable[str], progress: Progress | None = None,
                   cancel: Cancel | None = None) -> Iterator[Suggestion]:
        """Suggestions over many articles (the review list), article by article, in the order given.

        Articles are read and scored in batches of :data:`CORPUS_BATCH` (one matrix product per batch);
        ``progress(done, total)`` after each article, and ``cancel()`` is asked before each one.
        """
        ids = list(document_ids)
        total = len(ids)
        done = 0
        for first in range(0, total, CORPUS_BATCH):
            batch = []
            for doc_id, _title, text in store_suggest.document_texts(self.project, ids[first:first + CORPUS_BATCH]):
                if cancel is not None and cancel():
                    return
                entry = self._document(doc_id, text)
                batch.append((doc_id, entry[0], entry[1], entry[2]))
            learned = self._learned_batch([(d, t, sp) for d, t, sp, _f in batch]) if self.learned else {}
            for doc_id, _text, _spans, found in batch:
                if cancel is not None and cancel():
                    return
                yield from self._finish(doc_id, found, learned.get(doc_id, []))
                done += 1
                if progress is not None:
                    progress(done, total)

    def more_like_this(self, segment_id: str, limit: int = 50, progress: Progress | None = None,
                       cancel: Cancel | None = None) -> list[Suggestion]:
        """Passages across the corpus most like one segment (its code), best first."""
        seg = self.project.segment(segment_id)
        if seg is None or seg.deleted_at is not None:
            raise EditError("that segment no longer exists")
        import numpy as np

        from newscoder.core.suggest import embed
        from newscoder.core.suggest import learned as neighbours

        model = embed.shared()
        memory = self.memory() or neighbours.Memory(model)
        query = memory.center(model.embed([seg.quote]))[0]
        ids = store_suggest.document_ids(self.project)
        best: list[Suggestion] = []
        for n, (doc_id, _title, text) in enumerate(store_suggest.document_texts(self.project, ids), start=1):
            if cancel is not None and cancel():
                break
            cached = self._docs.get(doc_id)
            spans = cached[1] if cached is not None else candidate_spans(text)  # no rules needed here
            if spans:
                sims = memory.center(self._candidate_vectors(model, doc_id, text, spans)) @ query
                coded = store_suggest.coded_spans(self.project, self.coder_id, doc_id)
                for i in np.argsort(-sims)[:limit]:
                    a, b = spans[int(i)]
                    if doc_id == seg.document_id and a < seg.end and seg.start < b:
                        continue
                    if any(c == seg.code_id and ca < b and a < cb for c, ca, cb in coded):
                        continue
                    s = Suggestion.make(doc_id, seg.code_id, a, b, float(neighbours.to_score(sims[i])), neighbours.NAME,
                                        f"like the selected segment ({float(sims[i]):.2f})", model.sha256)
                    if s.score > 0 and s.key not in self._rejected:
                        best.append(s)
            if progress is not None:
                progress(n, len(ids))
        best.sort(key=lambda s: (-s.score, s.document_id, s.start))
        return best[:limit]

    # -- the coder's answers ------------------------------------------------------------------
    def accept(self, s: Suggestion, code_id: str | None = None) -> Edit:
        """An edit adding ``s`` as a normal segment (of ``code_id`` if given), with its provenance."""
        code = code_id or s.code_id
        defs = attribute_edits.all_definitions(self.project).get(code, [])
        values = {}
        if defs:
            text = self._document(s.document_id)[0]
            known = [(src.id, src.name) for src in sources_mod.list_sources(self.project)]
            values = prefill(defs, text, s.start, s.end, known).values
        return suggest_edits.accept(self.project, s, self.coder_id, code_id=code, coder_name=self.coder_name,
                                    attributes=attrs.canonical(values))

    def reject(self, s: Suggestion) -> Edit:
        """An invertible edit remembering the rejection (never suggested again to this coder)."""
        return suggest_edits.reject(self.project, s, self.coder_id, coder_name=self.coder_name)

    def note_changes(self, changes: Changes) -> None:
        """Bring the engine up to date after an applied edit, an undo, or another program's change."""
        if changes.external or changes.codebook_changed:
            self._reload()
            return
        if changes.coders_changed and self.coder_name:
            me = self.project.coder_by_name(self.coder_name)
            if me is not None and me.id != self.coder_id:
                self.coder_id = me.id
                self._reload()
                return
        if changes.suggestion_documents:
            for doc_id in changes.suggestion_documents:
                keys = store_suggest.rejection_keys(self.project, self.coder_id, doc_id)
                self._rejected = {k for k in self._rejected if not k.startswith(doc_id + ":")} | keys
            if self._memory is not None:
                self._refresh_negatives()
        if self._memory is not None:
            for seg_id, seg in changes.segments.items():
                if seg is None or seg.deleted_at is not None or seg.coder_id != self.coder_id or (
                        self.learn_from is not None and seg.document_id not in self.learn_from):
                    self._memory.remove_positive(seg_id)
                else:
                    self._memory.add_positive(seg_id, seg.code_id, seg.quote, seg.document_id)
        elif self.learned and any(s is not None and s.coder_id == self.coder_id for s in changes.segments.values()):
            self._memory = None  # the first example: built on next need

    def _refresh_negatives(self) -> None:
        assert self._memory is not None
        current = {f"{d}:{a}:{b}:{c}": (c, text) for d, c, a, b, text in
                   store_suggest.rejected_spans(self.project, self.coder_id)}
        for key in list(self._memory.negatives):
            if key not in current:
                self._memory.remove_negative(key)
        for key, (code, text) in current.items():
            if key not in self._memory.negatives:
                self._memory.add_negative(key, code, text)

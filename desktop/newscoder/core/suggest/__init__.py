"""Private suggestions that learn from the coder's own coding (issue 19). Qt-free; nothing leaves the machine.

API (stable; extended, never renamed)::

    @dataclass(frozen=True)
    class Suggestion:
        document_id: str; code_id: str; start: int; end: int   # code points, half-open, into the stored text
        score: float            # 0..1
        suggester: str          # name/version: "rules.hedge/1", "rules.lexicon/1", "rules.attribution/1",
                                # "neighbours/1", or a rule strengthened by the learner "rules.hedge/1+neighbours/1"
        reason: str             # one line: "number with hedge: up to 8,000", "like 3 confirmed denial segments"
        key: str                # stable identity "document:start:end:code" (rejections are remembered by it)
        model_sha256: str = ""  # the model file's hash for learned suggestions (recorded on accept)

    class SuggestionEngine:     # one per (project, coder)
        def __init__(self, project: Project, coder_id: str, *, learned: bool = True,
                     coder_name: str = "", codes: Iterable[str] | None = None,
                     learn_from: Iterable[str] | None = None) -> None
        def for_document(self, document_id: str, *, exclude_coded: bool = True) -> list[Suggestion]
        def accept(self, s: Suggestion, code_id: str | None = None) -> Edit
        def reject(self, s: Suggestion) -> Edit
        def note_changes(self, changes: Changes) -> None
        def more_like_this(self, segment_id: str, limit: int = 50, progress=None, cancel=None) -> list[Suggestion]
        def for_corpus(self, document_ids, progress=None, cancel=None) -> Iterator[Suggestion]

- ``for_document`` is sorted by start; it leaves out spans the coder already coded with that code
  (any overlap) and suggestions the coder rejected. Rules run at once; the model loads on the
  first learned need (never at start-up) and only if the coder has coded something.
- ``accept`` returns an :class:`~newscoder.core.edits.Edit` adding a normal segment (the code's
  attributes pre-filled as a code key would) plus a ``segment_provenance`` row (suggester,
  model SHA-256, score). ``reject`` returns an edit adding a ``suggestion_rejections`` row.
  Both are applied by the caller (``edits.apply`` / the session / the undo stack); their
  inverses undo them. ``coder_name`` registers a coder who has not coded yet (as
  :func:`~newscoder.core.edits.add_segment` does).
- After applying an edit (or its undo) call ``note_changes(changes)``: it updates the coder's
  examples in place (≤ 50 ms); ``Changes.suggestion_documents`` names articles whose
  rejections changed. ``Changes.everything()`` (another program) reloads.
- ``for_corpus`` and ``more_like_this`` read article by article, call ``progress(done, total)``
  and stop when ``cancel()`` returns true (``for_corpus`` scores 32 articles per matrix product
  and yields in the order given). The engine uses its project's connection: in a worker thread,
  give it its own engine on its own connection.
- ``codes`` limits the suggestions to those code ids; ``learn_from`` (article ids) and the
  ``hold_out`` attribute (one article id) keep articles' segments out of the learning, as the
  leave-one-article-out evaluations do (``evaluate``, ``agreement``); ``exclude_coded=False``
  keeps suggestions the coder already coded (an evaluation compares them with that coding).
- :mod:`.lexicons` reads and writes the project's lexicons (``load``/``save``; project meta
  ``suggest_lexicons``); :class:`~.embed.ModelError` (a :class:`UserError`) says the model files
  are missing or damaged.
- Suggestions are never segments: nothing is written without ``accept``/``reject`` applied,
  and they never count as a coder's work (agreement counts them only with ``--with-suggester``).

Modules: :mod:`.types` (the record), :mod:`.rules` (rule suggesters), :mod:`.lexicons` (editable
word lists, per project), :mod:`.candidates` (sentences and clauses), :mod:`.embed` (the shipped
model, read locally), :mod:`.learned` (nearest neighbours), :mod:`.edits` (accept/reject),
:mod:`.engine` (the engine).
"""

from __future__ import annotations

from newscoder.core.suggest.engine import SuggestionEngine
from newscoder.core.suggest.types import Suggestion, suggestion_key

__all__ = ["Suggestion", "SuggestionEngine", "suggestion_key"]

"""The window's suggestion engine for one session: made on first use, its heavy work in worker threads.

Loading the model and embedding the coder's examples (about a second on a large project), and
preparing an article longer than :data:`SYNC_CHARS`, run off the UI thread through
:func:`newscoder.ui.background.run_with_progress` (the workers are in
:mod:`newscoder.ui.suggestion_support`); an ordinary article's suggestions take some 20–40 ms.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from newscoder.core.changes import Changes
from newscoder.core.errors import UserError
from newscoder.core.session import CodingSession
from newscoder.core.store import Project
from newscoder.ui import suggestion_support as support
from newscoder.ui.background import run_with_progress
from newscoder.ui.suggestion_support import one_line, tr

#: longer articles (about 1,300 words: some 50 ms of suggesting here) are prepared in a worker thread
SYNC_CHARS = 8_000


class EngineHost:
    """The engine of the window's session (``None`` until first needed)."""

    def __init__(self, window: Callable[[], QWidget], say: Callable[[str, int], None],
                 factory: Callable[[Project, str, str], Any] | None = None) -> None:
        self._window, self._say = window, say
        self._engine_factory = factory or support.suggestion_engine
        self.session: CodingSession | None = None
        self.engine: Any = None
        #: a worker is under way (its progress loop may deliver events meanwhile)
        self.busy = False
        self._warmed = False
        self.last_compute_s = 0.0

    def set_session(self, session: CodingSession | None) -> None:
        self.session = session
        self.engine = None
        self._warmed = False

    def note_changes(self, changes: Changes) -> None:
        if self.engine is None:
            return
        self.engine.note_changes(changes)
        if changes.external or changes.codebook_changed:
            self._warmed = False  # the engine re-reads everything: its examples are built again off the UI thread

    def engine_now(self) -> Any:
        """The engine of this project and coder, made (and its model loaded) on first use."""
        if self.engine is None and self.session is not None:
            self.engine = self._engine_factory(self.session.project, self.session.coder_id, self.session.coder.name)
        return self.engine

    def warm(self) -> None:
        """Once per engine: load the model and embed the coder's examples in a worker thread, on its own
        connection (about a second on a large project), and hand the examples to the engine."""
        engine = self.engine_now()
        if engine is None or self._warmed or self.session is None:
            return
        from newscoder.core.suggest.embed import ModelError

        session = self.session
        self.busy = True
        try:
            memory = run_with_progress(self._window(), tr("Loading suggestions…"), support.warm_worker,
                                       Path(session.project.path), session.coder_id, session.coder.name)
        except (UserError, ModelError) as exc:
            self._say(tr("No learned suggestions: %1").replace("%1", one_line(str(exc))), 8000)
            memory = None
        finally:
            self.busy = False
        if self.session is session and self.engine is engine:
            engine.adopt_examples(memory)
            self._warmed = True

    def compute(self, document_id: str) -> list[Any]:
        """The article's suggestions; a long article's are prepared in a worker thread first."""
        engine = self.engine_now()
        if engine is None or self.session is None:
            return []
        from newscoder.core.suggest.embed import ModelError

        started = time.perf_counter()
        try:
            if engine.prepared(document_id) is None and len(self.session.text) > SYNC_CHARS:
                self.prepare_in_worker(engine, document_id)
            found = list(engine.for_document(document_id))  # only scoring once prepared
        except (UserError, ModelError) as exc:
            self._say(tr("No suggestions: %1").replace("%1", one_line(str(exc))), 8000)
            return []
        self.last_compute_s = time.perf_counter() - started
        return found

    def prepare_in_worker(self, engine: Any, document_id: str) -> None:
        """A long article: its rules, candidates and their vectors computed off the UI thread (on a connection
        and an engine of the worker's own, with a copy of the coder's examples), then handed to the engine."""
        assert self.session is not None
        session = self.session
        examples = engine.examples()
        if examples is not None:  # a copy (the model shared): the UI thread may learn from an edit meanwhile
            examples = copy.deepcopy(examples, {id(examples.embedder): examples.embedder})
        self.busy = True
        try:
            prepared = run_with_progress(self._window(), tr("Finding suggestions…"), support.prepare_worker,
                                         Path(session.project.path), session.coder_id, session.coder.name,
                                         document_id, examples)
        finally:
            self.busy = False
        if self.engine is engine:
            engine.adopt_prepared(document_id, prepared)

"""View ▸ Suggestions' parts that need no window: the workers (off the UI thread) and small helpers.

SQLite connections belong to one thread, so each worker opens the project on a connection of
its own and makes its own :class:`~newscoder.core.suggest.SuggestionEngine`; the window's engine
then takes the result (``adopt_examples``, ``adopt_prepared``). ``newscoder.core.suggest`` is
imported inside the functions: nothing of it (nor numpy) loads until suggestions are used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from newscoder.core.store import Project


def tr(text: str) -> str:
    return QCoreApplication.translate("Suggestions", text)


def one_line(text: str, limit: int = 160) -> str:
    """``text`` on one line (newlines and tabs as spaces), cut with an ellipsis past ``limit`` characters."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def warm_worker(path: Path, coder_id: str, coder_name: str) -> Any:
    """Worker thread: the model loaded (once per process) and the coder's examples embedded, on a
    connection of its own; the examples (``None``: the coder has coded nothing yet)."""
    from newscoder.core.suggest import SuggestionEngine, embed

    embed.shared()
    with Project.open(path, check=False) as project:
        return SuggestionEngine(project, coder_id, coder_name=coder_name).memory()


def prepare_worker(path: Path, coder_id: str, coder_name: str, document_id: str, examples: Any) -> Any:
    """Worker thread: one article's suggestions prepared (rules, candidates, vectors) for the window's engine."""
    from newscoder.core.suggest import SuggestionEngine

    with Project.open(path, check=False) as project:
        engine = SuggestionEngine(project, coder_id, coder_name=coder_name)
        engine.adopt_examples(examples)
        engine.for_document(document_id)
        return engine.prepared(document_id)


def suggestion_engine(project: Project, coder_id: str, coder_name: str = "") -> Any:
    """The core engine for one project and coder (imported here: nothing loads until suggestions are used)."""
    from newscoder.core.suggest import SuggestionEngine

    return SuggestionEngine(project, coder_id, coder_name=coder_name)

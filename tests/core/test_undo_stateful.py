"""Random sequences of edits, undos and redos keep the store equal to a pure-Python model.

A hypothesis state machine adds, deletes, re-codes and annotates segments and
sets statuses through core :mod:`~newscoder.core.edits`, with a plain-Python
undo/redo stack of edits. After every step the store must equal the model; at
the end, undoing everything must restore the starting state exactly (ignoring
``updated_at``). Default: 200 examples of up to 20 steps; ``NEWSCODER_FULL=1``: 2000 of up to 40.
"""

from __future__ import annotations

import copy
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from tests.reliability.harness import full_run, make_project, snapshot

from newscoder.core import edits  # noqa: E402
from newscoder.core.edits import Edit  # noqa: E402
from newscoder.core.records import Status  # noqa: E402
from newscoder.core.store import Project  # noqa: E402

settings.register_profile(
    "newscoder-undo",
    max_examples=200,
    stateful_step_count=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.register_profile(
    "newscoder-undo-full", settings.get_profile("newscoder-undo"), max_examples=2000, stateful_step_count=40
)
PROFILE = "newscoder-undo-full" if full_run() else "newscoder-undo"

_TEMPLATE: Path | None = None
MEMOS = st.sampled_from(["", "note", "é ✓ «quoted»", "a\nb", "x" * 40, "'; DROP TABLE segments; --"])


def _template() -> Path:
    global _TEMPLATE
    if _TEMPLATE is None:
        folder = Path(tempfile.mkdtemp(prefix="newscoder-undo-template-"))
        _TEMPLATE = folder / "template.newscoder"
        make_project(_TEMPLATE, n_docs=2, coders=("ana",)).close()
    return _TEMPLATE


@dataclass
class ModelSegment:
    document_id: str
    code_id: str
    start: int
    end: int
    memo: str
    deleted: bool = False


class Model:
    """What the store should contain, in plain Python."""

    def __init__(self) -> None:
        self.segments: dict[str, ModelSegment] = {}
        self.status: dict[str, str] = {}

    def live(self) -> list[str]:
        return sorted(i for i, s in self.segments.items() if not s.deleted)


class UndoMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="newscoder-undo-"))
        path = self.folder / "p.newscoder"
        shutil.copyfile(_template(), path)
        self.project = Project.open(path, check=False)
        # Durability is tested elsewhere (test_crash); here only the logic counts.
        self.project.conn.execute("PRAGMA synchronous = OFF")
        self.docs = [(d.id, d.length) for d in self.project.documents()]
        self.texts = {d: self.project.document_text(d) for d, _ in self.docs}
        self.codes = [c.id for c in self.project.codes()]
        self.coder = self.project.coder_by_name("ana").id
        self.model = Model()
        self.start_state = snapshot(self.project)
        self.done: list[tuple[Edit, Model]] = []  # edit, model before it
        self.undone: list[tuple[Edit, Model]] = []  # edit, model after it
        self.counter = 0

    # -- doing -----------------------------------------------------------------
    def _do(self, edit: Edit, change_model: Any) -> None:
        if not edit.changes:
            return
        edits.apply(self.project, edit)
        before = copy.deepcopy(self.model)
        change_model()
        self.done.append((edit, before))
        self.undone.clear()

    @rule(doc=st.integers(0, 1), code=st.integers(0, 3), where=st.integers(0, 999), size=st.integers(1, 60),
          memo=MEMOS)
    def add(self, doc: int, code: int, where: int, size: int, memo: str) -> None:
        doc_id, length = self.docs[doc]
        start = where * (length - 1) // 1000
        end = min(length, start + size)
        self.counter += 1
        seg_id = f"s{self.counter:04d}"
        edit = edits.add_segment(self.project, doc_id, self.codes[code], self.coder, start, end, memo, seg_id)

        def change() -> None:
            self.model.segments[seg_id] = ModelSegment(doc_id, self.codes[code], start, end, memo)
            if self.model.status.get(doc_id, "not_started") == "not_started":
                self.model.status[doc_id] = "in_progress"

        self._do(edit, change)

    @precondition(lambda self: self.model.live())
    @rule(pick=st.integers(0, 10_000))
    def delete(self, pick: int) -> None:
        live = self.model.live()
        seg_id = live[pick % len(live)]
        self._do(edits.delete_segment(self.project, seg_id),
                 lambda: setattr(self.model.segments[seg_id], "deleted", True))

    @precondition(lambda self: self.model.live())
    @rule(pick=st.integers(0, 10_000), code=st.integers(0, 3))
    def change_code(self, pick: int, code: int) -> None:
        live = self.model.live()
        seg_id = live[pick % len(live)]
        self._do(edits.change_segment_code(self.project, seg_id, self.codes[code]),
                 lambda: setattr(self.model.segments[seg_id], "code_id", self.codes[code]))

    @precondition(lambda self: self.model.live())
    @rule(pick=st.integers(0, 10_000), memo=MEMOS)
    def memo(self, pick: int, memo: str) -> None:
        live = self.model.live()
        seg_id = live[pick % len(live)]
        self._do(edits.set_segment_memo(self.project, seg_id, memo),
                 lambda: setattr(self.model.segments[seg_id], "memo", memo))

    @rule(doc=st.integers(0, 1), status=st.sampled_from(list(Status)))
    def status(self, doc: int, status: Status) -> None:
        doc_id = self.docs[doc][0]
        self._do(edits.set_status(self.project, doc_id, self.coder, status),
                 lambda: self.model.status.__setitem__(doc_id, status.value))

    # -- undoing -----------------------------------------------------------------
    @precondition(lambda self: self.done)
    @rule()
    def undo(self) -> None:
        edit, before = self.done.pop()
        edits.apply(self.project, edit.inverse())
        self.undone.append((edit, self.model))
        self.model = before

    @precondition(lambda self: self.undone)
    @rule()
    def redo(self) -> None:
        edit, after = self.undone.pop()
        edits.apply(self.project, edit)
        self.done.append((edit, self.model))
        self.model = after

    # -- checking ----------------------------------------------------------------
    @invariant()
    def store_equals_model(self) -> None:
        stored = {s.id: s for s in self.project.segments(include_deleted=True)}
        assert set(stored) == set(self.model.segments)
        for seg_id, expected in self.model.segments.items():
            got = stored[seg_id]
            assert (got.document_id, got.code_id, got.start, got.end, got.memo, got.deleted_at is not None) == (
                expected.document_id, expected.code_id, expected.start, expected.end, expected.memo, expected.deleted
            ), seg_id
            assert got.quote == self.texts[got.document_id][got.start : got.end]
            assert got.coder_id == self.coder
        statuses = {d: s.value for d, s in self.project.statuses(self.coder).items()}
        for doc_id, _ in self.docs:
            assert statuses.get(doc_id, "not_started") == self.model.status.get(doc_id, "not_started")
        assert not self.project.conn.in_transaction

    def teardown(self) -> None:
        try:
            while self.done:
                self.undo()
            assert snapshot(self.project) == self.start_state
        finally:
            self.project.close()
            shutil.rmtree(self.folder, ignore_errors=True)


UndoMachine.TestCase.settings = settings(settings.get_profile(PROFILE))
TestUndoRedo = UndoMachine.TestCase


def test_the_model_catches_a_wrong_inverse(tmp_path: Path) -> None:
    """Sanity: an inverse that forgets a change is noticed by the final comparison."""
    project = make_project(tmp_path / "p.newscoder", n_docs=1)
    try:
        start = snapshot(project)
        doc = project.documents()[0].id
        edit = edits.add_segment(project, doc, project.codes()[0].id, project.coders()[0].id, 0, 4)
        edits.apply(project, edit)
        broken = Edit("broken", edit.inverse().changes[1:])  # forgets to remove the segment
        edits.apply(project, broken)
        assert snapshot(project) != start
    finally:
        project.close()


@pytest.fixture(autouse=True, scope="module")
def _cleanup_template() -> Any:
    yield
    if _TEMPLATE is not None:
        shutil.rmtree(_TEMPLATE.parent, ignore_errors=True)

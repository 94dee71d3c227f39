"""Coder copies: `newscoder export copy`."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from newscoder.cli import main
from newscoder.core.edits import add_segment, apply, set_status
from newscoder.core.errors import UserError
from newscoder.core.exchange.copy import export_copy, intended_coder
from newscoder.core.records import Status
from newscoder.core.store import Project


def _project(path: Path, n: int = 6) -> Project:
    project = Project.create(path)
    for i in range(n):
        project.add_document(
            f"Article {i}: troops reported near the border, officials said.\nMore text {i}.",
            f"Art {i}",
            source=f"Outlet {i % 2}",
        )
    return project


@pytest.fixture
def lead(tmp_path: Path) -> Project:
    project = _project(tmp_path / "lead.newscoder")
    yield project
    project.close()


def test_copy_holds_articles_and_codebook_with_same_uuids(lead: Project, tmp_path: Path) -> None:
    out = tmp_path / "ana.newscoder"
    report = export_copy(lead, out, "Ana")
    with Project.open(out) as copy:
        assert [d.id for d in copy.documents()] == [d.id for d in lead.documents()]
        assert [(c.id, c.name, c.color, c.shortcut) for c in copy.codes()] == [
            (c.id, c.name, c.color, c.shortcut) for c in lead.codes()
        ]
        assert copy.uuid != lead.uuid
        assert copy.meta("source_project") == lead.uuid
        assert intended_coder(copy) == "Ana"
        assert [c.name for c in copy.coders()] == ["Ana"]
        assert copy.coders()[0].id == report.coder_id
    assert report.documents == 6 and report.segments == 0


def test_copy_is_blind_but_carries_the_coders_own_work(lead: Project, tmp_path: Path) -> None:
    ana = lead.ensure_coder("Ana")
    ben = lead.ensure_coder("Ben")
    doc = lead.documents()[0].id
    code = lead.codes()[0].id
    apply(lead, add_segment(lead, doc, code, ana.id, 0, 7, memo="mine"))
    apply(lead, add_segment(lead, doc, code, ben.id, 2, 9))
    apply(lead, set_status(lead, doc, ana.id, Status.DONE))
    out = tmp_path / "ana.newscoder"
    report = export_copy(lead, out, "ana")
    with Project.open(out) as copy:
        assert [c.id for c in copy.coders()] == [ana.id]
        segs = copy.segments()
        assert [(s.coder_id, s.memo) for s in segs] == [(ana.id, "mine")]
        assert copy.status(doc, ana.id) == Status.DONE
        assert copy.statuses(ben.id) == {}
    assert (report.segments, report.statuses) == (1, 1)


@pytest.mark.parametrize("n,seed", [(1, 0), (3, 7), (6, 42)])
def test_sample_is_reproducible(lead: Project, tmp_path: Path, n: int, seed: int) -> None:
    expected = sorted(random.Random(seed).sample(sorted(d.id for d in lead.documents()), n))
    for name in ("a", "b"):
        export_copy(lead, tmp_path / f"{name}.newscoder", "Ana", sample=n, seed=seed)
        with Project.open(tmp_path / f"{name}.newscoder") as copy:
            assert sorted(d.id for d in copy.documents()) == expected


def test_document_choice(lead: Project, tmp_path: Path) -> None:
    ids = [d.id for d in lead.documents()][:2]
    export_copy(lead, tmp_path / "c.newscoder", "Ana", document_ids=ids)
    with Project.open(tmp_path / "c.newscoder") as copy:
        assert sorted(d.id for d in copy.documents()) == sorted(ids)


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"document_ids": ["nope"]}, "no such article"),
        ({"sample": 3}, "needs --seed"),
        ({"sample": 99, "seed": 1}, "cannot sample"),
        ({"seed": 1}, "only goes with --sample"),
    ],
)
def test_bad_choices_refused_and_nothing_written(lead: Project, tmp_path: Path, kwargs: dict, message: str) -> None:
    out = tmp_path / "x.newscoder"
    with pytest.raises(UserError, match=message):
        export_copy(lead, out, "Ana", **kwargs)
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("lead.")] == []
    assert not out.exists()


def test_refuses_to_overwrite(lead: Project, tmp_path: Path) -> None:
    out = tmp_path / "taken.newscoder"
    out.write_bytes(b"precious")
    with pytest.raises(UserError, match="already exists"):
        export_copy(lead, out, "Ana")
    assert out.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("lead.")) == ["taken.newscoder"]


def test_cli_export_copy(lead: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli.newscoder"
    assert main(["export", "copy", "-p", str(lead.path), "--coder", "Ana", "--sample", "2", "--seed", "3",
                 "-o", str(out)]) == 0
    assert "2 articles" in capsys.readouterr().out
    assert main(["export", "copy", "-p", str(lead.path), "--coder", "Ana", "-o", str(out)]) == 1
    assert "already exists" in capsys.readouterr().err
